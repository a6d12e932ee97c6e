"""A reminder, not an error: records changed since the main branch whose change history (`changes:`) has
no new entry. A typo fix needs none, so `check` prints these without failing.

One `git diff` names the changed records; `git show` reads the base version of each of them only. Outside a
clone, or without the base branch (a shallow checkout in CI), there is nothing to compare and no reminder.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import yaml

from catalogue.problems import Problem
from catalogue.records.load import SourceRecord

BASE = "main"


def _git(records_dir: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=records_dir,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):  # no git on this machine
        return None
    return result.stdout if result.returncode == 0 else None


def _history(data: Any) -> list[tuple[str, str]]:
    changes = data.get("changes") if isinstance(data, dict) else None
    if not isinstance(changes, list):
        return []
    return [(str(c.get("date")), str(c.get("description"))) for c in changes if isinstance(c, dict)]


def unrecorded_changes(sources: list[SourceRecord], records_dir: Path, base: str = BASE) -> list[Problem]:
    """Records that differ from `base` (committed or not) while their change history is as on `base`."""
    changed = _git(records_dir, "diff", "--name-only", "--relative", base, "--", ".")
    if not changed:
        return []
    names = {name for name in changed.splitlines() if name.endswith(".yaml") and "/" not in name}
    reminders = []
    for record in sources:
        name = f"{record.stem}.yaml"
        if name not in names:
            continue
        before = _git(records_dir, "show", f"{base}:./{name}")
        if before is None:  # new since the base branch: its history starts with "Oprettet" (the scaffold's)
            continue
        try:
            old = yaml.safe_load(before)
        except yaml.YAMLError:
            continue
        if _history(old) == _history(record.data):
            field = ("changes",) if "changes" in record.data else ()
            reminders.append(
                Problem(
                    record.display,
                    record.line_of(field),
                    "changes",
                    f"filen er ændret i forhold til {base}, men ændringshistorikken har ikke fået et nyt punkt; "
                    "skriv øverst i changes, hvad der er ændret, med dagens dato (rettelser af stavefejl skal ikke med)",
                )
            )
    return sorted(reminders)
