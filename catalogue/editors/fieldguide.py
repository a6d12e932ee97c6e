"""The editors' field guide, generated from the schema's Danish titles and descriptions and the vocabulary.

`python build.py fieldguide` writes it between the markers in CONTRIBUTING.md; a test fails when a field
of the schema is missing from it or when the file is stale.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from catalogue import paths
from catalogue.records.vocabulary import Vocabulary

CONTRIBUTING = paths.ROOT / "CONTRIBUTING.md"
START = "<!-- feltguide:start (genereret af `python build.py fieldguide` fra skemaet; ret ikke her) -->"
END = "<!-- feltguide:end -->"

_TYPES = {"string": "tekst", "number": "tal", "integer": "helt tal", "array": "liste", "object": "felter"}
_PLURAL = {"string": "tekster", "number": "tal", "integer": "hele tal"}


class GuideError(Exception):
    pass


def schema_fields(schema: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, dict[str, Any], bool]]:
    """Every field of the schema as (path, its schema, required), in the schema's order.

    Paths read like the check's messages: `evidence.studies[].year`.
    """
    required = set(schema.get("required", []))
    for key, sub in schema.get("properties", {}).items():
        path = f"{prefix}{key}"
        yield path, sub, key in required
        if sub.get("type") == "object":
            yield from schema_fields(sub, f"{path}.")
        items = sub.get("items", {})
        if sub.get("type") == "array" and items.get("type") == "object":
            yield from schema_fields(items, f"{path}[].")


def _kind(sub: dict[str, Any]) -> str:
    if sub.get("format") == "date":
        return "dato på formen ÅÅÅÅ-MM-DD"
    if str(sub.get("pattern", "")).startswith("^https://"):
        return "fuldt https-link"
    if sub.get("type") == "array":
        items = sub.get("items", {})
        if items.get("type") == "object":
            return "liste af punkter med felterne nedenfor"
        return f"liste af {_PLURAL.get(str(items.get('type')), 'værdier')}"
    return _TYPES.get(str(sub.get("type")), str(sub.get("type")))


def _limits(sub: dict[str, Any]) -> list[str]:
    limits = []
    if "maxLength" in sub:
        limits.append(f"højst {sub['maxLength']} tegn")
    if "minimum" in sub and "maximum" in sub:
        limits.append(f"fra {sub['minimum']} til {sub['maximum']}")
    if sub.get("minItems"):
        limits.append(f"mindst {sub['minItems']} {'punkt' if sub['minItems'] == 1 else 'punkter'}")
    if sub.get("uniqueItems"):
        limits.append("hvert punkt kun én gang")
    return limits


def _one_line(text: Any) -> str:
    return " ".join(str(text).split())


def _terms(list_name: str, vocabulary: Vocabulary) -> list[str]:
    lines = [f"Tilladte værdier (ordlisten `{list_name}` i `vocabulary/vocabulary.yaml`):", ""]
    for term in vocabulary.lists[list_name].values():
        line = f"- `{term.id}`: {_one_line(term.label)}"
        if term.description:
            line += f". {_one_line(term.description)}"
        lines.append(line)
        for criterion in term.data.get("criteria", []):
            lines.append(f"    - Kriterium: {_one_line(criterion)}")
    lines.append("")
    return lines


def field_guide(schema: dict[str, Any], vocabulary: Vocabulary) -> str:
    out = [
        f"Genereret fra `schema/intervention.schema.json` og ordlisten. Felterne står i den rækkefølge, som en "
        f"indsats har dem. {_one_line(schema.get('description', ''))}",
        "",
    ]
    for path, sub, required in schema_fields(schema):
        out += [f"### `{path}`: {_one_line(sub.get('title', path))}", ""]
        facts = ["påkrævet" if required else "valgfrit", _kind(sub), *_limits(sub)]
        out += [f"*{', '.join(facts).capitalize()}.*", ""]
        out += [_one_line(sub.get("description", "")), ""]
        items = sub.get("items", {})
        list_name = sub.get("x-vocabulary") or items.get("x-vocabulary")
        if list_name:
            out += _terms(list_name, vocabulary)
    return "\n".join(out).rstrip() + "\n"


def _section(text: str, where: Path) -> tuple[int, int]:
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise GuideError(f"{where.name}: markeringerne for feltguiden mangler ({START} … {END})")
    return start + len(START), end


def current_guide(path: Path = CONTRIBUTING) -> str:
    text = path.read_text(encoding="utf-8")
    start, end = _section(text, path)
    return text[start:end].strip("\n") + "\n"


def update_guide(guide: str, path: Path = CONTRIBUTING) -> bool:
    """Write the guide between the markers. Returns whether the file changed."""
    text = path.read_text(encoding="utf-8")
    start, end = _section(text, path)
    updated = text[:start] + "\n\n" + guide + "\n" + text[end:]
    if updated == text:
        return False
    path.write_text(updated, encoding="utf-8")
    return True
