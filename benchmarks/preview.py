"""How long an editor waits: save a record → the browser shows the changed page, in `build.py serve`.

    python benchmarks/preview.py --counts 1000 10000 --saves 5

For each N: synthetic records (benchmarks/synthetic.py), `build.py serve` started once as a child process on
localhost, the record's page opened in Debian's Chromium (the preview's own live reload refreshes it). Two kinds
of save, one after the other in the same preview: `summary` edits the record's summary (the everyday edit: its own page, its catalogue card and data
change), `name` renames it (the worst single edit: its title is also on the A–Å list, every list of its age
bands, mechanisms, themes and problem areas, and the pages of records that relate to it), and `burst` renames it
again and again, each save 3 s after the last one showed, without waiting for the lists (an editor fixing a
name in a few goes: issue 29 measured 2.4, 10.9 and 10.1 s, the later saves waiting for the engine's rebuild of
the lists). The figure is the
time from the write of the YAML file until the page in the browser shows the new text. After each save it
also waits until the pages depending on the record agree (the A–Å list for a name, the catalogue's index data)
and reports that time too: the preview writes the record's page first and the lists and data after it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import write_records  # noqa: E402
from catalogue.site import layout  # noqa: E402
from tests.browser.chromium import ARGS, CHROMIUM  # noqa: E402
from tests.conftest import copy_site_skeleton  # noqa: E402


def _shows(page, name: str) -> None:  # noqa: ANN001
    """Wait until the page in the browser shows `name` (the preview's live reload refreshes it)."""
    page.wait_for_function(
        "name => document.querySelector('article') && document.querySelector('article').textContent.includes(name)",
        arg=name,
        timeout=120_000,
        polling=20,
    )


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait(condition, timeout: float, interval: float = 0.02) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


def _agrees(base: str, edit: str, name: str) -> bool:
    """Whether the lists and the catalogue's index data show the edit: the A–Å list and the index's titles
    for a rename, the index's summaries for a summary."""
    try:
        index = json.loads(_fetch(f"{base}/{layout.CATALOGUE_INDEX}") or "{}")
    except ValueError:  # being rewritten
        return False
    column = index.get("c", {}).get("title" if edit == "name" else "summary", [])
    if not any(name in text for text in column):
        return False
    return edit != "name" or name in _fetch(f"{base}/{layout.url(layout.index_page(layout.RECORDS_DIR))}")


def measure(
    count: int, saves: int, work: Path, edits: tuple[str, ...] = ("summary", "name")
) -> dict[str, dict[str, float]]:
    """One preview of `count` records; for each kind of edit, `saves` saves of one record (restored after)."""
    records = work / "records"
    write_records(count, records)
    config = copy_site_skeleton(work / "project")
    target = sorted(records.glob("*.yaml"))[count // 2]
    record_id = target.stem
    port = _port()
    base = f"http://127.0.0.1:{port}"
    log = (work / "serve.log").open("w", encoding="utf-8")
    started = time.monotonic()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--records", str(records), "--config", str(config)]
        + ["--port", str(port)],
        cwd=work,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,
    )
    found: dict[str, dict[str, float]] = {}
    try:
        if not _wait(lambda: _fetch(f"{base}/{layout.record_url(record_id)}") or server.poll() is not None, 1800, 0.5):
            raise RuntimeError("the preview did not start")
        if server.poll() is not None:
            raise RuntimeError((work / "serve.log").read_text())
        start = time.monotonic() - started
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(f"{base}/{layout.record_url(record_id)}")
            original = target.read_text(encoding="utf-8")
            for edit in edits:
                measured = _burst if edit == "burst" else _saves
                found[edit] = {"start_s": start, **measured(page, base, target, original, edit, saves)}
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
        shutil.copy(work / "serve.log", Path(tempfile.gettempdir()) / f"preview-{count}.log")
    return found


def _saves(page, base: str, target: Path, original: str, edit: str, saves: int) -> dict[str, float]:  # noqa: ANN001
    """Save → the page shows it, and save → every page that depends on the record agrees, `saves` times."""
    latencies: list[float] = []
    settled: list[float] = []
    try:
        for save in range(1, saves + 1):
            name = f"Ændret {edit} {save}"
            text = original.replace(f"\n{edit}: ", f"\n{edit}: {name} ", 1)
            assert text != original
            time.sleep(1.5)  # the preview polls; saves are apart as an editor's are
            saved = time.monotonic()
            target.write_text(text, encoding="utf-8")
            _shows(page, name)
            latencies.append(time.monotonic() - saved)
            # Every page that shows the record agrees afterwards (the preview writes the record's page first
            # and the lists and data after it): the time until they all do.
            if not _wait(lambda name=name: _agrees(base, edit, name), 120):
                raise RuntimeError(f"the pages that depend on the record did not show '{name}' within 120 s")
            settled.append(time.monotonic() - saved)
    finally:
        target.write_text(original, encoding="utf-8")
    # The restored record settles before the next kind of edit.
    _wait(lambda: not _agrees(base, edit, f"Ændret {edit} {saves}"), 120)
    return {
        "save_to_browser_s_median": statistics.median(latencies),
        "save_to_browser_s_max": max(latencies),
        "all_pages_agree_s_median": statistics.median(settled),
        "all_pages_agree_s_max": max(settled),
    }


# In a burst, each save comes this long after the page showed the last one.
BURST_GAP = 3.0


def _burst(page, base: str, target: Path, original: str, edit: str, saves: int) -> dict[str, float]:  # noqa: ANN001
    """`saves` renames in quick succession, each BURST_GAP after the page showed the last: save → the page
    shows it each time, and after the last, until every list agrees."""
    latencies: list[float] = []
    name = ""
    try:
        time.sleep(1.5)
        for save in range(1, saves + 1):
            name = f"Hurtigt navn {save}"
            target.write_text(original.replace("\nname: ", f"\nname: {name} ", 1), encoding="utf-8")
            saved = time.monotonic()
            _shows(page, name)
            latencies.append(time.monotonic() - saved)
            time.sleep(BURST_GAP)
        last = time.monotonic()
        if not _wait(lambda: _agrees(base, "name", name), 180):
            raise RuntimeError(f"the lists did not show '{name}' within 180 s")
        settled = time.monotonic() - last + BURST_GAP
    finally:
        target.write_text(original, encoding="utf-8")
    _wait(lambda: not _agrees(base, "name", name), 180)
    return {
        "save_to_browser_s_median": statistics.median(latencies),
        "save_to_browser_s_max": max(latencies),
        "save_to_browser_s_each": latencies,  # type: ignore[dict-item]
        "lists_agree_after_last_shown_s": settled,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Save → browser latency of build.py serve.")
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--edit", choices=["summary", "name", "burst"], nargs="+", default=["summary", "name", "burst"])
    args = parser.parse_args(argv)
    for count in args.counts:
        with tempfile.TemporaryDirectory(prefix=f"preview-{count}-") as work:
            found = measure(count, args.saves, Path(work), tuple(args.edit))
        for edit, figures in found.items():
            rounded = {k: [round(x, 2) for x in v] if isinstance(v, list) else round(v, 2) for k, v in figures.items()}
            print(json.dumps({"records": count, "edit": edit, **rounded}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
