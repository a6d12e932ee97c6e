"""Placeholders that `python build.py new` writes: a value "UDFYLD: <hint>" is a field not filled in yet.

The validation stage reports each as its own problem, naming the field, and leaves out the schema's
complaints about the same field (a placeholder in a number field is not also "not a number").
"""

from __future__ import annotations

from typing import Any

from catalogue.problems import Problem
from catalogue.records.load import FieldPath, SourceRecord, dotted

MARKER = "UDFYLD"


def placeholder_hint(value: Any) -> str | None:
    """The hint of a placeholder value, or None when the value is not a placeholder."""
    if not isinstance(value, str) or not value.lstrip().startswith(MARKER):
        return None
    return value.lstrip()[len(MARKER) :].lstrip(" :").strip() or "udfyld feltet"


def _walk(value: Any, path: FieldPath) -> list[tuple[FieldPath, str]]:
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _walk(item, path + (key,))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in _walk(item, path + (index,))]
    hint = placeholder_hint(value)
    return [(path, hint)] if hint is not None else []


def check_placeholders(record: SourceRecord) -> list[Problem]:
    return [
        Problem(record.display, record.line_of(path), dotted(path), f"feltet er ikke udfyldt endnu: {hint}")
        for path, hint in _walk(record.data, ())
    ]


def covered(problem: Problem, placeholders: list[Problem]) -> bool:
    """Whether a schema problem is about a field that is still a placeholder (or inside one)."""
    return any(
        problem.field == p.field or problem.field.startswith((p.field + ".", p.field + "[")) for p in placeholders
    )
