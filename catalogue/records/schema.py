"""The JSON Schema of a record: the schema file's structure with enums filled from the vocabulary.

The file in schema/ carries `x-vocabulary: <list>` where a value must be a vocabulary term; the enums
are filled from vocabulary/vocabulary.yaml so that adding a term is an edit to data only.
`python build.py schema` writes the filled schema back, for editors' YAML tooling.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from catalogue.records.vocabulary import Vocabulary


def _fill(node: Any, vocabulary: Vocabulary) -> Any:
    if isinstance(node, dict):
        filled = {key: _fill(value, vocabulary) for key, value in node.items()}
        if "x-vocabulary" in filled:
            filled["enum"] = vocabulary.ids(filled["x-vocabulary"])
        return filled
    if isinstance(node, list):
        return [_fill(item, vocabulary) for item in node]
    return node


def load_schema(path: Path, vocabulary: Vocabulary) -> dict[str, Any]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return _fill(raw, vocabulary)


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def walk(
    schema: dict[str, Any], value: Any, path: tuple[Any, ...] = ()
) -> Iterator[tuple[dict[str, Any], Any, tuple[Any, ...]]]:
    """Every value of a record with the schema node that describes it (the schema has no references or
    alternatives, so each value has exactly one node). Values the schema does not describe are skipped."""
    yield schema, value, path
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key, child in value.items():
            if key in properties:
                yield from walk(properties[key], child, path + (key,))
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, child in enumerate(value):
            yield from walk(schema["items"], child, path + (index,))
