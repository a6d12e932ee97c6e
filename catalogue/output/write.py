"""Stage 5: the one writer. Every generated file goes through `write_outputs`.

It writes UTF-8, refuses a path outside its root or a second write to the same path (two records with one
slug), leaves a file alone when its content is unchanged (so a no-op build touches nothing and live reload
stays quiet) and removes files in the folders it owns that the build no longer produces.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


class WriteError(Exception):
    """A generated path that must not be written; a bug in rendering, not in a record."""


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    # What each changed path held before and its modification time (None: it did not exist), so a later
    # failure can undo the write exactly.
    previous: dict[str, tuple[bytes, int] | None] = field(default_factory=dict, repr=False)

    def summary(self) -> str:
        return f"{len(self.written)} skrevet, {self.unchanged} uændret, {len(self.removed)} fjernet"

    def rollback(self, root: Path) -> None:
        """Put every file this write changed back as it was."""
        for name, before in self.previous.items():
            target = root / name
            if before is None:
                target.unlink(missing_ok=True)
            else:
                content, mtime_ns = before
                _replace(target, content)
                os.utime(target, ns=(mtime_ns, mtime_ns))


def plan_outputs(outputs: Iterable[tuple[str, str | bytes]], owned: Iterable[str]) -> dict[str, bytes]:
    """Check every path before anything is written: relative, inside an owned folder, written once."""
    owned = tuple(owned)
    folders = frozenset(owned)
    planned: dict[str, bytes] = {}
    for name, content in outputs:
        parts = name.split("/")
        # (PurePosixPath's reading of each name, in plain string operations: thousands of names a save.)
        if not name or name.startswith("/") or ".." in parts or parts[0] not in folders:
            raise WriteError(f"'{name}' ligger uden for det, generatoren ejer ({', '.join(owned)})")
        if name in planned:
            raise WriteError(f"'{name}' blev genereret to gange; to indsatser har samme adresse")
        planned[name] = content.encode("utf-8") if isinstance(content, str) else content
    return planned


def write_file_atomically(target: Path, content: bytes) -> None:
    """Write one file so that a reader (or an interruption) sees the old or the new content, never half."""
    _replace(target, content)


def _replace(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _Staging:
    """Changed files are written to a hidden folder beside `root` first and then renamed into place, all
    renames in a row: a reader (the live preview's engine, which rebuilds when it sees a change under `root`)
    meets the new files within a moment of each other, and sees no half-written or temporary file, not even
    while the open data (megabytes) are being written. The folder is this writer's own and is removed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.staged: dict[str, Path] = {}

    def __enter__(self) -> _Staging:
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            self.folder = Path(tempfile.mkdtemp(dir=self.root.parent, prefix=f".{self.root.name}.skrives-"))
        except OSError:  # the folder above cannot be written: a hidden folder inside, which the engine skips
            self.folder = Path(tempfile.mkdtemp(dir=self.root, prefix=".skrives-"))
        return self

    def add(self, name: str, content: bytes) -> None:
        staged = self.folder / str(len(self.staged))
        staged.write_bytes(content)
        (self.root / name).parent.mkdir(parents=True, exist_ok=True)
        self.staged[name] = staged

    def publish(self, name: str) -> None:
        try:
            os.replace(self.staged[name], self.root / name)
        except OSError as error:
            if error.errno != errno.EXDEV:
                raise
            _replace(self.root / name, self.staged[name].read_bytes())  # `root` is a mount of its own

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def write_outputs(root: Path, planned: dict[str, bytes], owned: Iterable[str], keep: Iterable[str] = ()) -> WriteReport:
    """Write what changed and remove what is stale, except the files named in `keep` (the preview leaves a
    built book alone); on any error, undo what was done and re-raise."""
    report = WriteReport()
    try:
        _write(root, planned, owned, report, frozenset(keep))
    except BaseException:
        report.rollback(root)
        raise
    return report


def _write(
    root: Path, planned: dict[str, bytes], owned: Iterable[str], report: WriteReport, keep: frozenset[str] = frozenset()
) -> None:
    changed = []
    for name, content in planned.items():
        target = root / name
        try:
            old: bytes | None = target.read_bytes()
        except FileNotFoundError:
            old = None
        if old == content:
            report.unchanged += 1
            continue
        report.previous[name] = None if old is None else (old, target.stat().st_mtime_ns)
        changed.append(name)
    if changed:
        with _Staging(root) as staging:
            for name in changed:
                staging.add(name, planned[name])
            for name in changed:
                staging.publish(name)
                report.written.append(name)
    for folder in owned:
        base = root / folder
        files: list[str]
        folders: list[str]
        if base.is_file():
            files, folders = [folder], []
        elif base.is_dir():
            files, folders = _walk(root, folder)
        else:
            continue
        for name in files:
            if name not in planned and name not in keep:
                existing = root / name
                report.previous[name] = (existing.read_bytes(), existing.stat().st_mtime_ns)
                existing.unlink()
                report.removed.append(name)
        for folder_name in reversed(folders):  # deepest first
            folder_path = root / folder_name
            if not any(folder_path.iterdir()):
                folder_path.rmdir()


def _walk(root: Path, folder: str) -> tuple[list[str], list[str]]:
    """Files and sub-folders below root/folder as names relative to root, with os.scandir: at ten thousand
    records pathlib's rglob was a third of a no-change regeneration."""
    files: list[str] = []
    folders: list[str] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        with os.scandir(root / current) as entries:
            for entry in entries:
                name = f"{current}/{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    folders.append(name)
                    pending.append(name)
                else:
                    files.append(name)
    return sorted(files), sorted(folders)
