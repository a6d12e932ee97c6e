"""The edition's date: one timestamp for everything a build stamps, so two builds of one commit are
byte-identical. Taken from SOURCE_DATE_EPOCH when set (the reproducible-builds convention), else from the
last commit, else from the newest review date among the records."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

from catalogue import paths
from catalogue.records.model import Catalogue


def given_epoch() -> int | None:
    """SOURCE_DATE_EPOCH, else the last commit's time; None when neither is known (no git, no repository)."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given.isdigit():
        return int(given)
    try:
        result = subprocess.run(
            ["git", "-C", str(paths.ROOT), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
        if result.returncode == 0 and result.stdout.strip().isdigit():
            return int(result.stdout.strip())
    except (OSError, subprocess.TimeoutExpired):
        pass
    return None


def newest_review(catalogue: Catalogue) -> int:
    """The edition's time when nothing else gives it: the newest review date among the records."""
    newest = max((e.data["last_reviewed"] for e in catalogue.entries), default="2026-01-01")
    return int(dt.datetime.fromisoformat(newest).replace(tzinfo=dt.UTC).timestamp())


def edition_date(epoch: int) -> dt.date:
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date()


@contextmanager
def pinned(epoch: int) -> Iterator[None]:
    """Every tool the process runs meanwhile (the site engine, the PDF's workers and their font subsetting)
    sees the edition's time as SOURCE_DATE_EPOCH, so no timestamp depends on the clock or on which optional
    system libraries are installed."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
