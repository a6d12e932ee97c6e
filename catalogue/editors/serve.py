"""`python build.py serve`: live preview on localhost while editing records.

The engine's own server runs as a child process in its "dirty" mode: it watches docs/, rebuilds only the
pages whose Markdown changed and reloads the browser. This process polls the records, templates, vocabulary
and schema; on a change it checks and regenerates, keeping what it read and rendered for unchanged records
(`Preview`), so a save costs the changed record, the lists that show it and the catalogue's data files, not
the whole catalogue. The writer rewrites only files whose content changed: exactly the pages the engine must
rebuild. A broken record is reported and the preview keeps the last good pages.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from catalogue import paths
from catalogue.build import check, generate
from catalogue.output.publish import engine_environment, engine_name, serve_command
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


def rebuild(records: Path, config: Path, say: Callable[[str], None], preview: Preview | None = None) -> bool:
    """Check and regenerate; print problems instead of raising. Returns whether the pages are current."""
    if preview is None:
        preview = Preview()
        preview.forget()
    try:
        result = check(records, Path.cwd(), preview.files)
        if result.problems:
            say(
                format_problems(result.problems).replace(
                    "Intet er skrevet.", "Forhåndsvisningen viser de sidste gyldige sider."
                )
            )
            return False
        report = generate(result.valid, config, records, memo=preview.pages)
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
    server = subprocess.Popen(serve_command(config, host, port), env=engine_environment())
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
                rebuild(records, config, say, preview)
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
