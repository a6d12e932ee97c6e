"""One build at a time in a checkout: the commands that write docs/ and the site take a lock first.

Two builds started at once on one checkout used to collide (one removed a file the other was writing, and no
site was left). A second build now waits for the first (a build takes seconds to minutes); a build started
while the preview runs stops at once with a Danish message, since the preview holds the lock until it is
stopped. The lock is an advisory `flock` on a small file beside the site's configuration; the system releases
it when the process ends, however it ends, so a crashed build never leaves a stale lock.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".katalog-bygger.lock"
# How long a build waits for another build; CATALOGUE_LOCK_WAIT (seconds) overrides it (the tests use 1).
WAIT_SECONDS = 900.0
PREVIEW = "serve"


class Busy(Exception):
    """Another build or the preview holds the checkout: a Danish sentence saying which and what to do."""


def _holder(handle: object) -> tuple[str, str]:
    try:
        handle.seek(0)  # type: ignore[attr-defined]
        command, _, pid = handle.read().strip().partition(" ")  # type: ignore[attr-defined]
    except OSError:
        return "", ""
    return command, pid


def _what(command: str, pid: str) -> str:
    who = "forhåndsvisningen (build.py serve)" if command == PREVIEW else f"en anden bygning (build.py {command})"
    return f"{who}{f', proces {pid}' if pid else ''}"


@contextmanager
def exclusive(folder: Path, command: str) -> Iterator[None]:
    """Hold the checkout's build lock while the body runs. Waits for another build; stops with Busy when the
    preview holds it, or when the wait runs out."""
    wait = float(os.environ.get("CATALOGUE_LOCK_WAIT", WAIT_SECONDS))
    path = folder / LOCK_NAME
    with path.open("a+", encoding="utf-8") as handle:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder, pid = _holder(handle)
                if holder == PREVIEW or time.monotonic() >= deadline:
                    raise Busy(
                        f"{_what(holder, pid)} arbejder allerede i {folder}; to bygninger på én gang ville "
                        "skrive i de samme filer. Vent, til den er færdig (stop forhåndsvisningen med Ctrl-C), "
                        "og prøv igen."
                    ) from None
                if not told:
                    print(f"Venter på, at {_what(holder, pid)} bliver færdig …", file=sys.stderr, flush=True)
                    told = True
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{command} {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
