"""`python build.py serve`: live preview on localhost while editing records.

The engine's own server runs as a child process in its "dirty" mode: it watches docs/, rebuilds only the
pages whose Markdown changed and reloads the browser. This process polls the records, templates, vocabulary,
schema and configuration. On a save it checks the records (its read cache and `Checked` keep unchanged files
as they were) and writes at once the record pages its render cache does not hold: the edited record's and
those that show its name, so the engine shows the edited page in a moment. The lists, overviews, the
catalogue's data and the open data follow in the first pause in the saving that is as long as the engine's
rebuilds take: an editor saving again and again never waits for the engine to rebuild lists in between. The
writer rewrites only files whose content changed: exactly the pages the engine must rebuild. A broken record
is reported and the preview keeps the last good pages; a change to a project file makes the project again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TextIO

from catalogue.build import check, prepare, write_record_pages
from catalogue.output.publish import REBUILD_BEGINS, REBUILD_ENDS, engine_environment, engine_name, serve_command
from catalogue.problems import format_problems
from catalogue.project import Project, ProjectError
from catalogue.records.load import ReadCache
from catalogue.records.model import Catalogue
from catalogue.records.validate import Checked
from catalogue.render_cache import RenderCache

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
        # How long the last rebuild after the first build took.
        self.last_rebuild = 0.0
        self._began = 0.0
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
                    if not self.busy:
                        self._began = time.monotonic()
                    self.busy = self.understood = True
                elif any(mark in line for mark in REBUILD_ENDS):
                    if self.busy and self.finished:
                        self.last_rebuild = time.monotonic() - self._began
                    self.busy, self.finished, self.understood = False, self.finished + 1, True
                self._changed.notify_all()
        with self._changed:
            self.busy, self.ended = False, True
            self._changed.notify_all()

    def idle(self, timeout: float = ENGINE_WAIT) -> None:
        with self._changed:
            self._changed.wait_for(lambda: not self.busy, timeout)


class Preview:
    """What the preview keeps between saves: the project, the records as read and checked, and what it
    rendered (by what each piece shows). Records stay plain data; the preview owns its caches."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.files = ReadCache()
        self.checked = Checked()
        self.pages = RenderCache()

    def reload(self, say: Callable[[str], None]) -> None:
        """After a change to the vocabulary, schema, templates or settings: the project is read again, and
        every record is read, checked and rendered again. A project file with a mistake keeps the last one."""
        try:
            self.project = Project.load(self.project.records, self.project.config)
        except ProjectError as error:
            say(format_problems(error.problems, "Forhåndsvisningen bruger den sidste gyldige ordliste."))
            return
        self.files, self.checked, self.pages = ReadCache(), Checked(), RenderCache()


@dataclass(frozen=True)
class Saved:
    """A save's valid records, waiting for the lists and data to be generated (`finish`)."""

    project: Project
    catalogue: Catalogue
    count: int


def rebuild(preview: Preview, say: Callable[[str], None], engine: EngineLog | None = None) -> Saved | None:
    """Check the records; print problems instead of raising. With the `engine`'s server running, the
    changed record pages are written at once (the engine shows the edited page), and the rest waits for
    `finish`; without it, everything is written now. None: the records have problems, and the last good pages
    stay."""
    try:
        result = check(preview.project, Path.cwd(), preview.files, preview.checked)
        if result.problems:
            say(format_problems(result.problems, "Forhåndsvisningen viser de sidste gyldige sider."))
            return None
        valid = Saved(result.dated, result.valid, result.count)
        if engine is None:  # the first generation: what a whole build left may still be current
            finish(preview, valid, say, fingerprinted=True)
            return None
        engine.idle()
        first = write_record_pages(valid.project, valid.catalogue, preview.pages)
        if first.written:
            say(f"Indsatsens side er skrevet; listerne følger ({first.summary()}).")
    except Exception as error:  # noqa: BLE001 - a preview must survive anything an edit can cause
        say(f"Siderne kunne ikke genereres: {type(error).__name__}: {error}")
        return None
    return valid


def finish(preview: Preview, valid: Saved, say: Callable[[str], None], fingerprinted: bool = False) -> bool:
    """Generate and write everything else: the lists, the overviews, the catalogue's data and the open data."""
    try:
        generation = prepare(
            valid.project, valid.catalogue, cache=preview.pages, preview=True, fingerprinted=fingerprinted
        )
        report = generation.write()
    except Exception as error:  # noqa: BLE001 - a preview must survive anything an edit can cause
        say(f"Siderne kunne ikke genereres: {type(error).__name__}: {error}")
        return False
    say(f"Alle {valid.count} indsatser er gyldige. Sider: {report.summary()}.")
    return True


# After a save, the lists and data wait for a pause in the saving at least this long, and at least as long as
# the engine took over them last time: an editor saving again and again sees each save's page at once (the engine is not
# busy with lists then), and the lists follow in the first pause long enough to rebuild them.
LISTS_AFTER = 1.5


def serve(project: Project, port: int = 8000, host: str = "127.0.0.1", interval: float = 0.25) -> int:
    def say(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)

    records = project.records
    watched = [
        records,
        project.templates,
        project.vocabulary_file.parent,
        project.schema_file.parent,
        project.pyproject,
        project.config,
    ]
    state = snapshot(watched)
    preview = Preview(project)
    rebuild(preview, say)
    # SIGTERM ends the preview like Ctrl-C does, so the MkDocs child is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    engine_id = project.settings.engine
    server = subprocess.Popen(
        serve_command(engine_id, project.config, host, port),
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
    pending: Saved | None = None
    last_save = 0.0
    lists_took = 0.0  # how long the engine took over the lists the last time they were written
    lists_mark: int | None = None
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
                    preview.reload(say)
                pending, last_save = rebuild(preview, say, engine), time.monotonic()
            elif pending is not None and time.monotonic() - last_save >= max(LISTS_AFTER, lists_took):
                engine.idle()
                finish(preview, pending, say)
                pending, lists_mark = None, engine.finished
            elif lists_mark is not None and engine.finished > lists_mark and not engine.busy:
                lists_took, lists_mark = engine.last_rebuild, None
        say(f"{engine_name(engine_id)}s server stoppede.")
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
