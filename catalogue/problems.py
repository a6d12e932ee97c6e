"""Problems found in records: collected as data, printed all at once, then the build stops."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Characters that would break a terminal line or cannot be printed at all (lone surrogates).
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def did_you_mean(value: str, options: Iterable[Any]) -> str:
    """'; mente du 'x'?' for the closest option, or nothing."""
    match = difflib.get_close_matches(str(value), [str(o) for o in options], n=1, cutoff=0.6)
    return f"; mente du '{match[0]}'?" if match else ""


def printable(text: str) -> str:
    """Text as it can be shown on one line of a terminal or log: control characters as escapes."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one record. `path` is as the editor sees it (relative to the repository)."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return printable(text)


# What follows the count of problems, by what the command was about to do.
WRITES_NOTHING = "Intet er skrevet."
CHECK_AGAIN = "Ret fejlene, og kør check igen."


def format_problems(problems: list[Problem], closing: str = WRITES_NOTHING) -> str:
    """Every problem on its own line in file and line order, then the count and `closing`: for a command
    that would have written, that nothing was; for `check`, what to do next."""
    lines = [str(p) for p in sorted(problems)]
    files = len({p.path for p in problems})
    lines.append(f"{len(problems)} fejl i {files} {'fil' if files == 1 else 'filer'}. {closing}")
    return "\n".join(lines)
