"""Stage 5: the one writer. Every generated file goes through `write_outputs`.

It writes UTF-8, refuses a path outside its root or a second write to the same path (two records with one
slug), leaves a file alone when its content is unchanged (so a no-op build touches nothing and live reload
stays quiet) and removes files in the folders it owns that the build no longer produces.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath


class WriteError(Exception):
    """A generated path that must not be written; a bug in rendering, not in a record."""


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.written)} skrevet, {self.unchanged} uændret, {len(self.removed)} fjernet"


def plan_outputs(outputs: Iterable[tuple[str, str | bytes]], owned: Iterable[str]) -> dict[str, bytes]:
    """Check every path before anything is written: relative, inside an owned folder, written once."""
    owned = tuple(owned)
    planned: dict[str, bytes] = {}
    for name, content in outputs:
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or not path.parts or path.parts[0] not in owned:
            raise WriteError(f"'{name}' ligger uden for det, generatoren ejer ({', '.join(owned)})")
        if name in planned:
            raise WriteError(f"'{name}' blev genereret to gange; to indsatser har samme adresse")
        planned[name] = content.encode("utf-8") if isinstance(content, str) else content
    return planned


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


def write_outputs(root: Path, planned: dict[str, bytes], owned: Iterable[str]) -> WriteReport:
    report = WriteReport()
    for name, content in planned.items():
        target = root / name
        try:
            if target.read_bytes() == content:
                report.unchanged += 1
                continue
        except FileNotFoundError:
            pass
        _replace(target, content)
        report.written.append(name)
    for folder in owned:
        base = root / folder
        if base.is_file() and folder not in planned:
            base.unlink()
            report.removed.append(folder)
        if not base.is_dir():
            continue
        for existing in sorted(base.rglob("*"), reverse=True):
            name = existing.relative_to(root).as_posix()
            if existing.is_file() and name not in planned:
                existing.unlink()
                report.removed.append(name)
            elif existing.is_dir() and not any(existing.iterdir()):
                existing.rmdir()
    return report
