"""Shared fixtures: a copy of the project's site skeleton to build into, and records to break."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from catalogue import paths
from catalogue.build import CheckResult, check
from catalogue.cli import main
from catalogue.project import Project
from catalogue.settings import Publisher, read_config
from catalogue.site.layout import GENERATED

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


def with_publisher(config: Path, publisher: Publisher, site_name: str | None = None) -> Path:
    """Give a copy of mkdocs.yml (`config`, rewritten in place) another publisher, and another site name."""
    data = read_config(config)
    given = data["extra"]["publisher"]
    text = config.read_text(encoding="utf-8")
    for key in given:
        value = getattr(publisher, key)
        text = re.sub(rf"(\n    {key}: ).*", lambda m, v=value: m.group(1) + json.dumps(v), text, count=1)
    if site_name is not None:
        text = re.sub(r"^site_name: .*", lambda m: f"site_name: {json.dumps(site_name)}", text, count=1, flags=re.M)
    config.write_text(text, encoding="utf-8")
    return config


@dataclass(frozen=True)
class BuiltSite:
    out: Path
    config: Path
    result: subprocess.CompletedProcess[str]


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real catalogue, built once per test session with `build.py site`, for the tests that only read it.
    Tests must not change it: build your own (the `skeleton` fixture) to build something else."""
    base = tmp_path_factory.mktemp("real-site")
    config = copy_site_skeleton(base / "project")
    out = base / "site"
    result = run_cli("site", "--config", config, "--out", out)
    assert result.returncode == 0, result.stderr
    return BuiltSite(out, config, result)


@pytest.fixture(scope="session")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real catalogue built once per session as `make site` builds it (`build.py`: the site with
    katalog.pdf), with the project's publisher, whose addresses are placeholders. For the tests that only
    read what would be published: the outside checkers and the search for placeholders."""
    base = tmp_path_factory.mktemp("published-site")
    config = copy_site_skeleton(base / "project")
    out = base / "site"
    result = run_cli("--config", config, "--out", out)
    assert result.returncode == 0, result.stderr
    return BuiltSite(out, config, result)


def load_project(
    records: Path = paths.RECORDS,
    config: Path = paths.MKDOCS_CONFIG,
    edition: dt.date | None = None,
    **files: Path,
) -> Project:
    """The project as the command line makes it (`Project.load`), for tests that call the library;
    `edition` dates it (else SOURCE_DATE_EPOCH, the last commit or the records do)."""
    project = Project.load(records, config, **files)  # type: ignore[arg-type]
    if edition is not None:
        epoch = int(dt.datetime.combine(edition, dt.time(), tzinfo=dt.UTC).timestamp())
        project = dataclasses.replace(project, epoch=epoch)
    return project


def checked(
    records: Path = paths.RECORDS, base: Path | None = None, edition: dt.date | None = None, **options: Any
) -> CheckResult:
    """`build.check` on a records folder, as `build.py check --records` runs it; `.dated` is its project."""
    return check(load_project(records, edition=edition, **options), base)


@pytest.fixture(scope="session")
def project() -> Project:
    """The real project: the repository's records, vocabulary, schema and mkdocs.yml."""
    return load_project()


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


def _plain_env() -> dict[str, str]:
    # Plain output even when the suite itself runs in GitHub Actions (no annotations, no job summary).
    return {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}


def run_process(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run build.py as a real process, as an editor would, from `cwd` (so paths print relative to it). For
    what only a process shows: interpreter start, exit codes through the shell, signals, crashes."""
    return subprocess.run(
        [sys.executable, str(paths.ROOT / "build.py"), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or paths.ROOT,
        check=False,
        env=_plain_env() if env is None else env,
    )


def run_cli(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a build.py command in this process (`main([...])`, the same code the script calls), from `cwd`
    and with `env` as the process environment meanwhile. Much faster than a process; `run_process` is
    there for what needs one."""
    argv = [str(a) for a in args]
    stdout, stderr = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), Path.cwd()
    os.environ.clear()
    os.environ.update(_plain_env() if env is None else env)
    try:
        os.chdir(cwd or paths.ROOT)
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main(argv)
            except SystemExit as stop:  # argparse's --help and usage errors
                code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["build.py", *argv], code, stdout.getvalue(), stderr.getvalue())
