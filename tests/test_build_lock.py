"""One build at a time in a checkout (catalogue/output/lock.py): a build started while the preview runs stops
with a Danish message and writes nothing; a second build waits for the first; two real builds started at once
both finish and leave a whole site."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from catalogue import paths
from catalogue.output.lock import exclusive
from catalogue.settings import load_publisher

from .conftest import run_cli


def test_a_build_while_the_preview_runs_stops_and_writes_nothing(records_dir: Path, skeleton: Path) -> None:
    docs = skeleton.parent / "docs"
    before = sorted(p.relative_to(docs) for p in docs.rglob("*"))
    with exclusive(skeleton.parent, "serve"):
        result = run_cli("generate", "--records", records_dir, "--config", skeleton, cwd=skeleton.parent)
    assert result.returncode == 1
    # The records were checked first, so the warning that the catalogue has no publisher yet may come before it.
    stopped = result.stderr.removeprefix(f"{load_publisher().warning()}\n")
    assert stopped.startswith(f"build.py: forhåndsvisningen (build.py serve), proces {os.getpid()} arbejder")
    assert "Vent, til den er færdig (stop forhåndsvisningen med Ctrl-C), og prøv igen." in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(docs) for p in docs.rglob("*")) == before


def test_a_second_build_waits_for_the_first(records_dir: Path, skeleton: Path) -> None:
    released = threading.Event()

    def first_build() -> None:
        with exclusive(skeleton.parent, "site"):
            time.sleep(1.0)
        released.set()

    holder = threading.Thread(target=first_build)
    holder.start()
    time.sleep(0.2)
    result = run_cli("generate", "--records", records_dir, "--config", skeleton, cwd=skeleton.parent)
    holder.join()
    assert released.is_set()
    assert result.returncode == 0, result.stderr
    assert "Venter på, at en anden bygning (build.py site)" in result.stderr
    assert (skeleton.parent / "docs" / "indsatser" / "eksempel.md").is_file()


def test_a_build_that_waits_too_long_stops_with_a_message(records_dir: Path, skeleton: Path) -> None:
    env = {**os.environ, "CATALOGUE_LOCK_WAIT": "0.5"}
    with exclusive(skeleton.parent, "pdf"):
        result = run_cli("generate", "--records", records_dir, "--config", skeleton, cwd=skeleton.parent, env=env)
    assert result.returncode == 1
    assert "en anden bygning (build.py pdf)" in result.stderr and "prøv igen" in result.stderr


def test_two_builds_started_at_once_both_finish_with_a_whole_site(records_dir: Path, skeleton: Path) -> None:
    command = [sys.executable, str(paths.ROOT / "build.py"), "site", "--records", str(records_dir)]
    command += ["--config", str(skeleton), "--out", str(skeleton.parent / "site")]
    builds = [
        subprocess.Popen(command, cwd=skeleton.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [(b.wait(timeout=300), b.stderr.read()) for b in builds]
    assert [code for code, _ in results] == [0, 0], results
    assert (skeleton.parent / "site" / "indsatser" / "eksempel" / "index.html").is_file()
    assert (skeleton.parent / "docs" / "indsatser" / "eksempel.md").is_file()
