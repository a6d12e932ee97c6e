"""`python build.py serve`: live preview on localhost while editing records.

MkDocs' own server runs as a child process: it watches docs/ and reloads the browser. This process polls
the records, templates, vocabulary and schema; on a change it checks and regenerates. The writer rewrites
only pages whose content changed, so MkDocs reloads for real changes only. A broken record is reported
and the preview keeps the last good pages.
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
from catalogue.records.schema import default_schema
from catalogue.records.vocabulary import default_vocabulary
from catalogue.settings import default_settings
from catalogue.site.pages import environment

Snapshot = dict[str, tuple[int, int]]


def snapshot(folders: Iterable[Path]) -> Snapshot:
    """(mtime, size) of every file below the watched folders: cheap enough to take twice a second."""
    state: Snapshot = {}
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


def rebuild(records: Path, config: Path, say: Callable[[str], None]) -> bool:
    """Check and regenerate; print problems instead of raising. Returns whether the pages are current."""
    for cached in (default_vocabulary, default_schema, environment, default_settings):
        cached.cache_clear()  # the vocabulary, schema or templates may be what changed
    try:
        result = check(records, Path.cwd())
        if result.problems:
            say(
                format_problems(result.problems).replace(
                    "Intet er skrevet.", "Forhåndsvisningen viser de sidste gyldige sider."
                )
            )
            return False
        report = generate(result.valid, config, records)
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
    interval: float = 0.5,
) -> int:
    def say(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)

    watched = [records, paths.TEMPLATES, paths.VOCABULARY.parent, paths.SCHEMA.parent]
    state = snapshot(watched)
    rebuild(records, config, say)
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
                rebuild(records, config, say)
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
