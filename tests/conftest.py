"""Shared fixtures: a copy of the project's site skeleton to build into, and records to break."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from catalogue import paths
from catalogue.site.pages import GENERATED

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden/*/expected from the current output"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def copy_site_skeleton(target: Path) -> Path:
    """mkdocs.yml, the hand-written docs and the theme overrides, without generated folders."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(paths.MKDOCS_CONFIG, target / "mkdocs.yml")
    shutil.copytree(paths.ROOT / "overrides", target / "overrides")
    ignore = shutil.ignore_patterns(*GENERATED)
    shutil.copytree(paths.ROOT / "docs", target / "docs", ignore=ignore)
    return target / "mkdocs.yml"


@pytest.fixture
def skeleton(tmp_path: Path) -> Path:
    """Path of a mkdocs.yml in a temporary copy of the site skeleton."""
    return copy_site_skeleton(tmp_path / "project")


@pytest.fixture
def fixture_record() -> dict:
    return yaml.safe_load((FIXTURES / "eksempel.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def records_dir(tmp_path: Path) -> Path:
    """A records folder holding the two valid fixture records."""
    folder = tmp_path / "interventions"
    folder.mkdir()
    for file in FIXTURES.glob("*.yaml"):
        shutil.copy(file, folder / file.name)
    return folder


def edit(text: str, *replacements: tuple[str, str]) -> str:
    """A record's text with each (old, new) replaced once, as an editor would; old must be there."""
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def run_cli(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run build.py as an editor would, from `cwd` (so paths print relative to it)."""
    if env is None:
        # Plain output even when the suite itself runs in GitHub Actions (no annotations, no job summary).
        env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    return subprocess.run(
        [sys.executable, str(paths.ROOT / "build.py"), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or paths.ROOT,
        check=False,
        env=env,
    )
