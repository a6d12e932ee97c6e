"""`python build.py serve`: live preview on localhost while editing records.

The engine's own server runs as a child process in its "dirty" mode: it watches docs/, rebuilds only the
pages whose Markdown changed and reloads the browser. This process polls the records, templates, vocabulary
and schema; on a change it checks and regenerates, keeping what it read and rendered for unchanged records
(`Preview`), so a save costs the changed record, the lists that show it and the catalogue's data files, not
the whole catalogue. The changed record pages are written first, the rest after: the engine shows the edited
page while the lists and data are generated, then rebuilds those. The writer rewrites only files whose content
changed: exactly the pages the engine must rebuild. A broken record is reported and the preview keeps the last
good pages.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, TextIO

from catalogue import paths
from catalogue.build import check, generate, write_record_pages
from catalogue.output.publish import REBUILD_BEGINS, REBUILD_ENDS, engine_environment, engine_name, serve_command
from catalogue.problems import format_problems
from catalogue.records.load import ReadCache
from catalogue.records.schema import default_schema
from catalogue.records.vocabulary import default_vocabulary
from catalogue.settings import default_settings
from catalogue.site.pages import environment

Snapshot = dict[str, tuple[int, int]]


def snapshot(folders: Iterable[Path]) -> Snapshot:
    """(mtime, size) of every watched file and every file below the watched folders: cheap enough to take twice a second."""
    state: Snapshot = {}
    for file in folders:
        if file.is_file():
            info = file.stat()
            state[str(file)] = (info.st_mtime_ns, info.st_size)
    pending = [f for f in folders if f.is_dir()]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):  # editors' swap and temporary files
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                elif entry.is_file():
                    info = entry.stat()
                    state[entry.path] = (info.st_mtime_ns, info.st_size)
    return state


# How long the preview waits for the engine before it writes anyway (a first build at 10,000 records takes
# minutes; a rebuild after a save, seconds).
ENGINE_WAIT = 120.0


class EngineLog:
    """Follows the engine server's log and passes every line on: whether the engine is rebuilding, and how
    many rebuilds it has finished. The preview writes nothing while the engine reads the pages."""

    def __init__(self, stream: IO[str], out: TextIO) -> None:
        self._changed = threading.Condition()
        self.busy = False
        self.finished = 0
        self.ended = False
        # Whether the log has shown one of the lines this class knows: an engine that logs otherwise is not
        # waited for (its first build ends before the preview's first save can come).
        self.understood = False
        threading.Thread(target=self._follow, args=(stream, out), daemon=True).start()

    def _follow(self, stream: IO[str], out: TextIO) -> None:
        for line in stream:
            out.write(line)
            out.flush()
            with self._changed:
                if any(mark in line for mark in REBUILD_BEGINS):
                    self.busy = self.understood = True
                elif any(mark in line for mark in REBUILD_ENDS):
                    self.busy, self.finished, self.understood = False, self.finished + 1, True
                self._changed.notify_all()
        with self._changed:
            self.busy, self.ended = False, True
            self._changed.notify_all()

    def idle(self, timeout: float = ENGINE_WAIT) -> None:
        with self._changed:
            self._changed.wait_for(lambda: not self.busy, timeout)

    def rebuilt_since(self, finished: int, timeout: float = ENGINE_WAIT) -> None:
        """Wait until the engine has finished a rebuild after the `finished`-th."""
        with self._changed:
            self._changed.wait_for(lambda: self.finished > finished or self.ended or not self.understood, timeout)


class Preview:
    """What the preview keeps between saves: the records as read and checked, and the rendered record pages."""

    def __init__(self) -> None:
        self.files = ReadCache()
        self.pages: dict[tuple[str, ...], str] = {}

    def forget(self) -> None:
        """After a change to the vocabulary, schema, templates or settings, every record is read again."""
        for cached in (default_vocabulary, default_schema, environment, default_settings):
            cached.cache_clear()
        self.files, self.pages = ReadCache(), {}


def rebuild(
    records: Path,
    config: Path,
    say: Callable[[str], None],
    preview: Preview | None = None,
    engine: EngineLog | None = None,
) -> bool:
    """Check and regenerate; print problems instead of raising. Returns whether the pages are current.
    With the `engine`'s server running: the changed record pages first, then, once the engine has rebuilt
    them, the rest."""
    if preview is None:
        preview = Preview()
        preview.forget()
    try:
        result = check(records, Path.cwd(), preview.files)
        if result.problems:
            say(format_problems(result.problems, "Forhåndsvisningen viser de sidste gyldige sider."))
            return False
        settle = None
        if engine:
            # The edited record's page first: the engine rebuilds and shows it while the lists, the catalogue's
            # data and the open data are generated (at 10,000 records, seconds). They are written when the
            # engine is done with the first pages. (Before the engine runs, everything is written at once.)
            engine.idle()
            first = write_record_pages(result.valid, config, memo=preview.pages)
            finished = engine.finished

            def settle() -> None:
                if first.written:
                    engine.rebuilt_since(finished)
                engine.idle()

        report = generate(result.valid, config, records, memo=preview.pages, before_writing=settle, keep_pdf=True)
    except Exception as error:  # noqa: BLE001 - a preview must survive anything an edit can cause
        say(f"Siderne kunne ikke genereres: {type(error).__name__}: {error}")
        return False
    say(f"Alle {result.count} indsatser er gyldige. Sider: {report.summary()}.")
    return True


def serve(
    records: Path = paths.RECORDS,
    config: Path = paths.MKDOCS_CONFIG,
    port: int = 8000,
    host: str = "127.0.0.1",
    interval: float = 0.25,
) -> int:
    def say(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)

    watched = [records, paths.TEMPLATES, paths.VOCABULARY.parent, paths.SCHEMA.parent, paths.ROOT / "pyproject.toml"]
    state = snapshot(watched)
    preview = Preview()
    preview.forget()
    rebuild(records, config, say, preview)
    # SIGTERM ends the preview like Ctrl-C does, so the MkDocs child is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = subprocess.Popen(
        serve_command(config, host, port),
        env=engine_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    assert server.stdout is not None
    engine = EngineLog(server.stdout, sys.stderr)
    say(f"Forhåndsvisning på http://{host}:{port}/ - gem en indsats, så opdateres siden. Stop med Ctrl-C.")
    try:
        while server.poll() is None:
            time.sleep(interval)
            current = snapshot(watched)
            if current != state:
                changed = sorted(set(current.items()) ^ set(state.items()))
                state = current
                names = sorted({Path(name).name for name, _ in changed})
                say(f"Ændret: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}")
                if any(not Path(name).is_relative_to(records) for name, _ in changed):
                    preview.forget()
                rebuild(records, config, say, preview, engine)
        say(f"{engine_name()}s server stoppede.")
        return server.returncode or 1
    except KeyboardInterrupt:
        return 0
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
