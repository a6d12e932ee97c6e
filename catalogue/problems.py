"""Problems found in records: collected as data, printed all at once, then the build stops."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one record. `path` is as the editor sees it (relative to the repository)."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


def format_problems(problems: list[Problem]) -> str:
    lines = [str(p) for p in sorted(problems)]
    count = len(problems)
    noun = "fejl" if count == 1 else "fejl"
    files = len({p.path for p in problems})
    lines.append(f"{count} {noun} i {files} {'fil' if files == 1 else 'filer'}. Intet er skrevet.")
    return "\n".join(lines)
