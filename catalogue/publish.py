"""Stage 6: turn the generated pages into the site with the static-site engine (MkDocs today).

The engine is called as a command, not a library, so switching engines (Zensical reads the same
mkdocs.yml) is an edit here and in mkdocs.yml, nothing else. The site is built into a temporary folder
beside the output and swapped in only when the build succeeded: a failed build leaves the old site.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml


class PublishError(Exception):
    pass


def docs_dir(config: Path) -> Path:
    """The docs folder named in mkdocs.yml, relative to the config file."""
    loader = type("ConfigLoader", (yaml.SafeLoader,), {})
    # mkdocs.yml may hold tags such as !ENV; their values do not matter here.
    loader.add_multi_constructor("", lambda loader, suffix, node: None)
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=loader) or {}
    return (config.parent / data.get("docs_dir", "docs")).resolve()


def engine_command(config: Path, site_dir: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",  # never with --quiet: it hides the warnings that --strict counts
        "--config-file",
        str(config),
        "--site-dir",
        str(site_dir),
    ]


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
    env = dict(os.environ)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    result = subprocess.run(engine_command(config, staging), capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublishError((result.stderr or result.stdout).strip())
    swap_in(staging, out)
