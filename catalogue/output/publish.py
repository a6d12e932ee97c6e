"""Stage 6: turn the generated pages into the site with the static-site engine (ProperDocs, the maintained
continuation of MkDocs 1.x, reading mkdocs.yml).

The engine is called as a command, not a library, and named in one place: `[tool.catalogue] engine` in
pyproject.toml (see ENGINES). The site is built into a temporary folder beside the output and swapped in
only when the build succeeded: a failed build leaves the old site.
"""

from __future__ import annotations

import contextlib
import ctypes
import glob
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from catalogue.output.safety import MARKER, MARKER_TEXT, is_own_site
from catalogue.project import Project
from catalogue.settings import read_config


class PublishError(Exception):
    pass


def docs_dir(config: Path) -> Path:
    """The docs folder named in mkdocs.yml, relative to the config file."""
    data = read_config(config)
    return (config.parent / data.get("docs_dir", "docs")).resolve()


# Engines that read mkdocs.yml and take MkDocs 1.x's command line; the module each runs as.
ENGINES = {"properdocs": "ProperDocs", "mkdocs": "MkDocs"}
# Material's notice that it reaches end of life is news for the maintainers (README, BENCHMARKS.md), not
# for an editor building the site; real warnings still fail the strict build and are shown.
QUIET_NOTICES = {"NO_MKDOCS_2_WARNING": "1"}


def engine_name(engine: str) -> str:
    return ENGINES[engine]


def engine_command(engine: str, config: Path, site_dir: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        engine,
        "build",
        "--strict",  # never with --quiet: it hides the warnings that --strict counts
        "--config-file",  # always named, so the engine prints no notice about which file it fell back to
        str(config),
        "--site-dir",
        str(site_dir),
    ]


# What the engines' server (MkDocs 1.x's, which ProperDocs keeps) logs as a build begins and ends: a rebuild
# begins when it has seen a change (it then waits a moment for more), the first build ends with "Serving on",
# each rebuild with "Reloading browsers" or its error. ("Documentation built in"
# is not one: the engine drops a log line it has logged before, and two builds can take equally long.) The
# preview reads them so it never writes files while the engine is reading the pages (its dirty mode fails on
# a page that changes between reading and building it).
REBUILD_BEGINS = ("Detected file changes", "Building documentation")
REBUILD_ENDS = ("Reloading browsers", "An error happened during the rebuild", "Serving on")


def serve_command(engine: str, config: Path, host: str, port: int) -> list[str]:
    """The engine's server in its dirty mode: after a save it rebuilds the pages whose Markdown the generator
    rewrote, not the whole site (the generator writes only changed files, so those are exactly the pages
    that show the change)."""
    return [
        *[sys.executable, "-m", engine, "serve", "--dirty"],
        *["--config-file", str(config), "--dev-addr", f"{host}:{port}"],
    ]


def engine_environment(epoch: int | None = None) -> dict[str, str]:
    env = dict(os.environ, **QUIET_NOTICES)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    return env


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 with RENAME_EXCHANGE), so an interruption at any
    moment leaves either the old or the new site in place. False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_in(staging: Path, out: Path) -> None:
    """Replace `out` with `staging`, so readers never see a half-written site: one atomic exchange where
    the system has it, else two renames. The old site, now in `staging`'s place, is then removed."""
    if out.exists() and _exchange(staging, out):
        shutil.rmtree(staging)
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    staging.rename(out)
    if old.exists():
        shutil.rmtree(old)


def _leftovers(out: Path) -> list[Path]:
    """Staging and old folders that an interrupted build left beside `out`: ours, by name and marker."""
    found = []
    for prefix in (f".{out.name}.new-", f".{out.name}.old-"):
        for path in out.parent.glob(f"{glob.escape(prefix)}*"):
            # Ours by its marker; or empty (killed before the marker was written)
            # (or holding nothing but a marker being written), so nothing is lost.
            if path.is_dir() and not path.is_symlink() and (is_own_site(path) or set(os.listdir(path)) <= {MARKER}):
                found.append(path)
    return found


def _dies_with(parent: int) -> Callable[[], None]:
    """Linux: the engine is killed when the build is, so it cannot write into a folder the next build clears.
    Runs in the child between fork and exec; a build killed before the child asked for that has already
    gone (the child's parent is no longer `parent`), so the child stops at once."""

    def arrange() -> None:
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:
            os._exit(1)

    return arrange


def build_site(project: Project, out: Path) -> None:
    """Build the site into `out`, which check_site_out has approved, with the project's engine; the edition's
    time is the engine's build date (SOURCE_DATE_EPOCH). A failed or interrupted build leaves the old site."""
    out = out.parent.resolve() / out.name
    out.parent.mkdir(parents=True, exist_ok=True)
    for leftover in _leftovers(out):
        shutil.rmtree(leftover, ignore_errors=True)
    staging = out.with_name(f".{out.name}.new-{os.getpid()}")
    try:
        # Marked as ours from the start, so a build killed half-way is recognised and cleared next time
        # (the engine's cleaning keeps hidden files).
        staging.mkdir()
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        result = subprocess.run(
            engine_command(project.settings.engine, project.config, staging),
            capture_output=True,
            text=True,
            check=False,
            env=engine_environment(project.epoch),
            preexec_fn=_dies_with(os.getpid()) if sys.platform == "linux" else None,
        )
        if result.returncode != 0:
            raise PublishError((result.stderr or result.stdout).strip())
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        swap_in(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
