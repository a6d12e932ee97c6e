"""`python build.py serve`: a real live preview. Saving a record regenerates its page and the served page
changes within seconds; a broken record is reported and the preview keeps running."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from catalogue import paths

from .browser.chromium import ARGS, CHROMIUM

# A record save must show in the preview within this time (poll 0.5 s + check + generate + MkDocs rebuild).
# Measured here: about 1.5-2.5 s; the margin is for a busy two-core CI machine.
RELOAD_SECONDS = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(condition, timeout: float, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    return None


@dataclass
class Preview:
    process: subprocess.Popen
    log: Path
    base: str
    records: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def page(self, record_id: str) -> str | None:
        return fetch(f"{self.base}/indsatser/{record_id}/")

    def edit(self, record_id: str, old: str, new: str) -> None:
        record = self.records / f"{record_id}.yaml"
        text = record.read_text(encoding="utf-8")
        assert old in text
        record.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def preview(records_dir: Path, skeleton: Path, tmp_path: Path) -> Iterator[Preview]:
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("GITHUB_ACTIONS", None)
    with log.open("w", encoding="utf-8") as stream:
        process = subprocess.Popen(
            [sys.executable, str(paths.ROOT / "build.py"), "serve", "--records", str(records_dir)]
            + ["--config", str(skeleton), "--port", str(port)],
            cwd=tmp_path,
            stdout=stream,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    server = Preview(process, log, f"http://127.0.0.1:{port}", records_dir)
    try:
        if not wait_for(lambda: server.page("eksempel"), timeout=60, interval=0.25):
            pytest.fail(f"forhåndsvisningen startede ikke:\n{server.output()}")
        yield server
    finally:
        if process.poll() is None:
            process.terminate()  # serve stops its MkDocs child on SIGTERM
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def test_saving_a_record_updates_the_served_page(preview: Preview) -> None:
    assert "Livekontrol" not in preview.page("eksempel")
    started = time.monotonic()
    preview.edit("eksempel", "summary: Et fiktivt forældrekursus", "summary: Livekontrol af et fiktivt forældrekursus")
    changed = wait_for(lambda: "Livekontrol" in (preview.page("eksempel") or ""), timeout=RELOAD_SECONDS)
    elapsed = time.monotonic() - started
    assert changed, f"siden blev ikke opdateret inden for {RELOAD_SECONDS} s:\n{preview.output()}"
    print(f"serve: side opdateret {elapsed:.1f} s efter at indsatsen blev gemt")
    # Only the pages whose content changed are rewritten.
    assert "Ændret: eksempel.yaml" in preview.output()


def test_a_broken_record_is_reported_and_the_preview_keeps_running(preview: Preview) -> None:
    preview.edit("eksempel", "staircase_step: 3", "staircase_step: 8")
    reported = wait_for(lambda: "interventions/eksempel.yaml:43: staircase_step:" in preview.output(), timeout=10)
    assert reported, preview.output()
    assert "Forhåndsvisningen viser de sidste gyldige sider." in preview.output()
    assert "Traceback" not in preview.output()
    assert preview.process.poll() is None
    assert "Eksempel på en indsats" in preview.page("eksempel")  # the last good page is still served

    preview.edit("eksempel", "staircase_step: 8", "staircase_step: 3")
    preview.edit("eksempel", "summary: Et fiktivt", "summary: Rettet og fiktivt")
    assert wait_for(lambda: "Rettet og fiktivt" in (preview.page("eksempel") or ""), timeout=RELOAD_SECONDS)


# Run in its own process: another test module may hold a session-wide Playwright, and two sync Playwright
# instances cannot share one process.
BROWSER_CHECK = """
import json, sys, time
from pathlib import Path
from playwright.sync_api import sync_playwright

url, record, old, new, expect = sys.argv[1], Path(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
limit = float(sys.argv[6])
chromium, args = json.loads(sys.argv[7])
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=chromium, args=args)
    page = browser.new_page()
    page.goto(url)
    page.evaluate("window.notReloaded = true")
    started = time.monotonic()
    record.write_text(record.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    try:
        page.wait_for_function(f"document.body && document.body.innerText.includes({json.dumps(expect)})",
                               timeout=limit * 1000)
        shown = True
    except Exception:
        shown = False
    elapsed = time.monotonic() - started
    reloaded = page.evaluate("window.notReloaded === undefined")
    browser.close()
print(json.dumps({"shown": shown, "reloaded": reloaded, "seconds": round(elapsed, 1)}))
"""


def test_the_browser_reloads_by_itself(preview: Preview) -> None:
    pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/install-system-packages.sh)")
    result = subprocess.run(
        [sys.executable, "-c", BROWSER_CHECK, f"{preview.base}/indsatser/eksempel/"]
        + [str(preview.records / "eksempel.yaml"), "summary: Et fiktivt", "summary: Browserkontrol af et fiktivt"]
        + ["Browserkontrol af et fiktivt", str(RELOAD_SECONDS), json.dumps([CHROMIUM, ARGS])],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.splitlines()[-1])
    assert outcome["shown"], f"browseren viste ikke ændringen inden for {RELOAD_SECONDS} s:\n{preview.output()}"
    # The text came with a reload of the page (MkDocs' live reload), not with anything the test did.
    assert outcome["reloaded"]
    print(f"serve: browseren genindlæste siden {outcome['seconds']} s efter gemning")


def test_a_rename_shows_on_the_page_first_and_on_every_list_after_it(preview: Preview) -> None:
    """The preview writes the changed record pages first and the lists and data once the engine has rebuilt
    those: each save ends with every page agreeing, and the engine never reads a page while it is written
    (its dirty mode fails on a page that changes between reading and building it)."""
    for save in range(1, 3):
        name = f"Omdøbt indsats {save}"
        preview.edit("eksempel", "name: ", f"name: {name} ")
        assert wait_for(lambda name=name: name in (preview.page("eksempel") or ""), timeout=RELOAD_SECONDS)
        everywhere = wait_for(
            lambda name=name: (
                name in (fetch(f"{preview.base}/indsatser/") or "")
                and name in (fetch(f"{preview.base}/katalog/indeks.json") or "")
            ),
            timeout=RELOAD_SECONDS,
        )
        assert everywhere, f"listerne viste ikke '{name}':\n{preview.output()}"
        preview.edit("eksempel", f"name: {name} ", "name: ")
        gone = wait_for(lambda name=name: name not in (fetch(f"{preview.base}/indsatser/") or ""), RELOAD_SECONDS)
        assert gone, f"'{name}' stod stadig på listen:\n{preview.output()}"
    assert "Traceback" not in preview.output()
    assert "An error happened" not in preview.output()


def test_the_preview_follows_the_engines_builds_from_its_log() -> None:
    """Busy from "Detected file changes" or "Building documentation" to the build's last line ("Serving on" after the first build,
    "Reloading browsers" or the error after a rebuild); every line is passed on."""
    import io

    from catalogue.editors.serve import EngineLog

    read, write = os.pipe()
    passed = io.StringIO()
    with os.fdopen(read, encoding="utf-8") as stream, os.fdopen(write, "w", encoding="utf-8") as engine:
        log = EngineLog(stream, passed)

        def say(line: str) -> None:
            engine.write(line + "\n")
            engine.flush()

        say("INFO    -  Building documentation...")
        assert wait_for(lambda: log.busy, 5)
        say("INFO    -  Documentation built in 0.30 seconds")
        time.sleep(0.2)
        assert log.busy  # the engine may drop this line (it repeats an earlier one): not the end
        say("INFO    -  [17:49:05] Serving on http://127.0.0.1:8000/")
        assert wait_for(lambda: log.finished > 0, 5)
        assert (log.busy, log.finished) == (False, 1)
        assert log.last_rebuild == 0  # the first build is no rebuild after a save
        say("INFO    -  [17:49:08] Detected file changes")  # it waits a moment for more, then builds
        assert wait_for(lambda: log.busy, 5)
        time.sleep(0.3)
        say("INFO    -  Building documentation...")
        say("ERROR   -  [17:49:09] An error happened during the rebuild. The server will appear stuck …")
        assert wait_for(lambda: log.finished > 1, 5)
        assert (log.busy, log.finished) == (False, 2)
        assert 0.3 <= log.last_rebuild < 5  # from the first line of the rebuild to its end
    assert wait_for(lambda: log.ended, 5)
    log.idle(timeout=5)  # the engine stopped: nothing waits for it any longer
    assert "Serving on" in passed.getvalue() and passed.getvalue().count("\n") == 6


def test_an_engine_whose_log_the_preview_does_not_know_is_not_waited_for() -> None:
    import io

    from catalogue.editors.serve import EngineLog

    read, write = os.pipe()
    with os.fdopen(read, encoding="utf-8") as stream, os.fdopen(write, "w", encoding="utf-8") as engine:
        log = EngineLog(stream, io.StringIO())
        engine.write("Site built. Listening on port 8000\n")
        engine.flush()
        time.sleep(0.2)
        started = time.monotonic()
        log.idle(timeout=5)
        assert time.monotonic() - started < 1
