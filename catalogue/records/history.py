"""Each record's change history from git, read with ONE `git log` for the whole records folder.

Outside a git clone (or without git) there is simply no history. The output depends only on the
commits, so it is the same for every build of a given commit.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

# Separators that cannot occur in a commit subject line or a file name git prints.
_COMMIT = "\x1e"
_FIELD = "\x1f"


@dataclass(frozen=True)
class Change:
    date: str  # ISO date (the author date)
    subject: str
    commit: str


def parse_log(output: str) -> dict[str, list[Change]]:
    """Parse `git log --format=<RS>%H<US>%as<US>%s --name-only`: file name → changes, newest first."""
    history: dict[str, list[Change]] = {}
    for block in output.split(_COMMIT):
        if not block.strip():
            continue
        header, _, names = block.partition("\n")
        commit, date, subject = header.split(_FIELD, 2)
        change = Change(date, subject, commit)
        for name in names.splitlines():
            if name.strip():
                history.setdefault(name, []).append(change)
    return history


def record_history(records_dir: Path) -> dict[str, list[Change]]:
    """Record id (file name without .yaml) → its commits, newest first. Empty outside a git clone."""
    if not records_dir.is_dir():
        return {}
    try:
        result = subprocess.run(
            [
                "git",
                "-c",
                "core.quotePath=false",
                "log",
                f"--format={_COMMIT}%H{_FIELD}%as{_FIELD}%s",
                "--name-only",
                "--relative",
                "--no-renames",
                "--",
                ".",
            ],
            cwd=records_dir,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except OSError:  # no git on this machine
        return {}
    if result.returncode != 0:  # not a clone (or no commits yet)
        return {}
    return {
        name.removesuffix(".yaml"): changes
        for name, changes in parse_log(result.stdout).items()
        if name.endswith(".yaml") and "/" not in name
    }
