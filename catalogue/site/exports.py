"""Open data: the validated records as JSON and CSV, and the schema, for the site's data/ folder."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from catalogue.records.model import Catalogue
from catalogue.records.schema import schema_text

# Spreadsheets run cells that start with these as formulas; a leading apostrophe keeps them text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = " | "

# Fields for the editors only: not published.
PRIVATE = ("editor_notes",)


def _public(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in PRIVATE}


def interventions_json(catalogue: Catalogue) -> str:
    """A JSON array, one record per line: readable in a diff, and written by the C encoder (an indented
    dump goes through the pure-Python one, which dominated the export at thousands of records)."""
    rows = (json.dumps(_public(e.data), ensure_ascii=False) for e in catalogue.entries)
    return "[\n" + ",\n".join(rows) + "\n]\n"


def _cell(value: Any) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return "'" + text if text.startswith(_FORMULA_START) else text


def _joined(items: Iterable[Any]) -> str:
    return LIST_SEPARATOR.join(" ".join(str(i).split()) for i in items)


def _row(entry: Any) -> dict[str, str]:
    """One CSV row; text keeps its [@key] citations, and `sources` lists each key with its source."""
    d = entry.data
    evidence, delivery, impl = d["evidence"], d["delivery"], d["implementation"]
    row = {
        "id": d["id"],
        "name": d["name"],
        "short_name": d.get("short_name"),
        "kind": d["kind"],
        "summary": d["summary"],
        "target_group": d["target_group"],
        "target_age_min": d["target_age"]["min"],
        "target_age_max": d["target_age"]["max"],
        "target_age_unit": d["target_age"].get("unit", "aar"),
        "age_bands": _joined([b.id for b in entry.bands]),
        "problem_areas": _joined(f"{p['area']} ({p['finding']}): {p['note']}" for p in d.get("problem_areas", [])),
        "outcomes": _joined(d["outcomes"]),
        "activities": _joined(d["activities"]),
        "mechanisms": _joined(f"{m['term']}: {m['explanation']}" for m in d["mechanisms"]),
        "evidence_level": evidence["level"],
        "evidence_summary": evidence["summary"],
        "evidence_studies": _joined(
            f"[{s['key']}] {s['citation']} ({s['design']}, {s['country']}, {s['year']}): {s['finding']}"
            for s in evidence.get("studies", [])
        ),
        "evidence_external_ratings": _joined(
            f"{r['clearinghouse']}: {r['rating']} (vurderet {r.get('rated', 'ukendt')}; set {r['accessed']}) {r['url']}"
            for r in evidence.get("external_ratings", [])
        ),
        "themes": _joined(d["themes"]),
        "staircase_step": d.get("staircase_step"),
        "settings": _joined(d["settings"]),
        "delivery_format": delivery["format"],
        "delivery_sessions": delivery.get("sessions"),
        "delivery_duration": delivery.get("duration"),
        "delivered_by": impl["delivered_by"],
        "training": impl["training"],
        "supervision": impl.get("supervision"),
        "certification": impl.get("certification"),
        "provider": " ".join(filter(None, (impl.get("provider", {}).get("name"), impl.get("provider", {}).get("url")))),
        "costs": _joined(
            f"{c['item']}: {c['amount']} kr. {c['per']} ({c['year']}) [@{c['source']}]" for c in impl.get("costs", [])
        ),
        "cost_note": impl["cost_note"],
        "danish_context": d["danish_context"],
        "legal_basis": _joined(l["reference"] + (f" {l['url']}" if l.get("url") else "") for l in d["legal_basis"]),
        "related": _joined(d.get("related", [])),
        "sources": _joined(f"[{s['key']}] {s['title']} {s['url']}" for s in d["sources"]),
        "last_reviewed": d["last_reviewed"],
    }
    return {key: _cell(value) for key, value in row.items()}


CSV_COLUMNS = (
    "id",
    "name",
    "short_name",
    "kind",
    "summary",
    "target_group",
    "target_age_min",
    "target_age_max",
    "target_age_unit",
    "age_bands",
    "problem_areas",
    "outcomes",
    "activities",
    "mechanisms",
    "evidence_level",
    "evidence_summary",
    "evidence_studies",
    "evidence_external_ratings",
    "themes",
    "staircase_step",
    "settings",
    "delivery_format",
    "delivery_sessions",
    "delivery_duration",
    "delivered_by",
    "training",
    "supervision",
    "certification",
    "provider",
    "costs",
    "cost_note",
    "danish_context",
    "legal_basis",
    "related",
    "sources",
    "last_reviewed",
)


def interventions_csv(catalogue: Catalogue) -> str:
    """One row per record; lists joined with ' | '. Starts with a BOM so spreadsheets read it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for entry in catalogue.entries:
        writer.writerow(_row(entry))
    return "\ufeff" + buffer.getvalue()


def render_exports(catalogue: Catalogue, schema: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        ("data/interventions.json", interventions_json(catalogue)),
        ("data/interventions.csv", interventions_csv(catalogue)),
        ("data/schema.json", schema_text(schema)),
    ]
