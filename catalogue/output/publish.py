"""Stage 6: turn the generated pages into the site with the static-site engine (ProperDocs, the maintained
continuation of MkDocs 1.x, reading mkdocs.yml).

The engine is called as a command, not a library, and named in one place: `[tool.catalogue] engine` in
pyproject.toml (see ENGINES). The site is built into a temporary folder beside the output and swapped in
only when the build succeeded: a failed build leaves the old site.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from catalogue.settings import default_settings


class PublishError(Exception):
    pass


def docs_dir(config: Path) -> Path:
    """The docs folder named in mkdocs.yml, relative to the config file."""
    loader: Any = type("ConfigLoader", (yaml.SafeLoader,), {})
    # mkdocs.yml may hold tags such as !ENV; their values do not matter here.
    loader.add_multi_constructor("", lambda loader, suffix, node: None)
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=loader) or {}
    return (config.parent / data.get("docs_dir", "docs")).resolve()


# Engines that read mkdocs.yml and take MkDocs 1.x's command line; the module each runs as.
ENGINES = {"properdocs": "ProperDocs", "mkdocs": "MkDocs"}
# Material's notice that it reaches end of life is news for the maintainers (README, BENCHMARKS.md), not
# for an editor building the site; real warnings still fail the strict build and are shown.
QUIET_NOTICES = {"NO_MKDOCS_2_WARNING": "1"}


def engine() -> str:
    return default_settings().engine


def engine_name() -> str:
    return ENGINES[engine()]


def engine_command(config: Path, site_dir: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        engine(),
        "build",
        "--strict",  # never with --quiet: it hides the warnings that --strict counts
        "--config-file",  # always named, so the engine prints no notice about which file it fell back to
        str(config),
        "--site-dir",
        str(site_dir),
    ]


def serve_command(config: Path, host: str, port: int) -> list[str]:
    return [sys.executable, "-m", engine(), "serve", "--config-file", str(config), "--dev-addr", f"{host}:{port}"]


def engine_environment(epoch: int | None = None) -> dict[str, str]:
    env = dict(os.environ, **QUIET_NOTICES)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    return env


def swap_in(staging: Path, out: Path) -> None:
    """Replace `out` with `staging` with two renames, so readers never see a half-written site."""
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    staging.rename(out)
    if old.exists():
        shutil.rmtree(old)


def build_site(config: Path, out: Path, epoch: int | None = None) -> None:
    """Build the site into `out`. `epoch` fixes the engine's build date (SOURCE_DATE_EPOCH)."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.new-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    result = subprocess.run(
        engine_command(config, staging), capture_output=True, text=True, check=False, env=engine_environment(epoch)
    )
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublishError((result.stderr or result.stdout).strip())
    swap_in(staging, out)
