"""Both spreadsheets' columns come from the schema: every field is a column of the machine file (named by the
field) and of the Danish file (headed by the schema's title), unless the one exclusion list names it; a field
added to the schema becomes a column of both without an edit to the exports."""

from __future__ import annotations

import copy
import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from catalogue import paths
from catalogue.records.citations import numbering
from catalogue.records.load import SourceRecord, read_record
from catalogue.records.model import Catalogue, Entry
from catalogue.records.schema import load_schema
from catalogue.records.vocabulary import load_vocabulary
from catalogue.site.exports import NOT_COLUMNS, PRIVATE, columns, interventions_csv, interventions_excel_csv

from .conftest import checked

VOCABULARY = load_vocabulary(paths.VOCABULARY)
SCHEMA = load_schema(paths.SCHEMA, VOCABULARY)
# The machine file's headings before the columns came from the schema: a public interface, every one kept.
PUBLISHED_NAMES = [
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
]


@pytest.fixture
def catalogue(records_dir: Path) -> Catalogue:
    return checked(records_dir, records_dir.parent).valid


def fields(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every field as the spreadsheets spread them, read from the schema here (not by the code under test):
    the fields at the top, and for an object at the top its own fields instead."""
    for key, node in schema["properties"].items():
        if node.get("type") == "object":
            for child, sub in node["properties"].items():
                yield f"{key}.{child}", sub
        else:
            yield key, node


def machine_name(path: str) -> str:
    return path.removeprefix("implementation.").replace(".", "_")


def sheets(catalogue: Catalogue, schema: dict[str, Any]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Both files' rows, read as a spreadsheet reads them (BOM, the file's own separator)."""
    read = []
    for text, delimiter in (
        (interventions_csv(catalogue, schema), ","),
        (interventions_excel_csv(catalogue, schema), ";"),
    ):
        assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=delimiter))
        assert len(set(rows[0])) == len(rows[0]), rows[0]  # no heading twice
        read.append([dict(zip(rows[0], row, strict=True)) for row in rows[1:]])
    return read[0], read[1]


def headings(catalogue: Catalogue, schema: dict[str, Any]) -> tuple[list[str], list[str]]:
    machine, danish = sheets(catalogue, schema)
    return list(machine[0]), list(danish[0])


def test_every_field_of_the_schema_is_a_column_of_both_files_or_excluded_by_name(catalogue: Catalogue) -> None:
    machine, danish = headings(catalogue, SCHEMA)
    assert len(machine) == len(danish)
    for path, node in fields(SCHEMA):
        if path in NOT_COLUMNS:
            assert machine_name(path) not in machine and node["title"] not in danish, path
            continue
        assert machine_name(path) in machine, path
        assert node["title"] in danish, path
        # The same column in both files: the machine name and the Danish title stand at the same place.
        assert machine.index(machine_name(path)) == danish.index(node["title"]), path
    # The exclusions are explicit: each is a field of the schema, says why, and adding one is a decision taken
    # here too. The editors' notes are never published.
    assert NOT_COLUMNS.keys() <= dict(fields(SCHEMA)).keys()
    assert all(why.strip() for why in NOT_COLUMNS.values())
    assert set(NOT_COLUMNS) == {"editor_notes"} and set(PRIVATE) <= set(NOT_COLUMNS)


def test_the_machine_file_keeps_every_column_name_it_has_published(catalogue: Catalogue) -> None:
    machine, _ = headings(catalogue, SCHEMA)
    assert set(PUBLISHED_NAMES) <= set(machine)
    # In the order they had, but problem_areas, which stands where the schema has it (after mechanisms).
    kept = [name for name in machine if name in PUBLISHED_NAMES and name != "problem_areas"]
    assert kept == [name for name in PUBLISHED_NAMES if name != "problem_areas"]
    assert machine.index("problem_areas") == machine.index("mechanisms") + 1


def test_the_danish_headings_are_the_schemas_titles(catalogue: Catalogue) -> None:
    found = columns(SCHEMA)
    for column in found:
        if not column.key.startswith("@"):  # a column derived from a field (age bands) has a heading of its own
            assert column.heading == column.node["title"], column.key
    # A title changed in the schema is the heading: nothing else holds a copy of it.
    schema = copy.deepcopy(SCHEMA)
    schema["properties"]["evidence"]["properties"]["summary"]["title"] = "Hvad forskningen viser"
    schema["properties"]["name"]["title"] = "Indsatsens navn"
    _, danish = headings(catalogue, schema)
    assert danish[:2] == ["Id", "Indsatsens navn"] and "Hvad forskningen viser" in danish
    assert "Sammenfatning af evidensen" not in danish


def test_a_field_added_to_the_schema_is_a_column_of_both_files(catalogue: Catalogue) -> None:
    schema = copy.deepcopy(SCHEMA)
    described = {"description": "Til testen."}
    schema["properties"]["funding"] = {"title": "Finansiering", "type": "string", **described}
    schema["properties"]["partners"] = {
        "title": "Samarbejdspartnere",
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "name": {"title": "Navn", "type": "string"},
                "setting": {"title": "Arena", "type": "string", "x-vocabulary": "settings"},
            },
        },
        **described,
    }
    schema["properties"]["implementation"]["properties"]["waiting_list"] = {"title": "Venteliste", "type": "boolean"}
    schema["properties"]["contact"] = {
        "title": "Kontakt",
        "type": "object",
        "properties": {"email": {"title": "E-mail", "type": "string"}},
    }
    entry = catalogue.by_id["eksempel"]
    entry.data["funding"] = "Kommunen betaler [@kilde-2]."
    entry.data["partners"] = [{"name": "Skolen", "setting": "skole"}, {"name": "PPR", "setting": "myndighed"}]
    entry.data["implementation"]["waiting_list"] = True
    entry.data["contact"] = {"email": "=evil@example.org"}
    machine_rows, danish_rows = sheets(catalogue, schema)
    machine = next(r for r in machine_rows if r["id"] == "eksempel")
    danish = next(r for r in danish_rows if r["Id"] == "eksempel")
    number = numbering(entry.data, schema)["kilde-2"]
    assert machine["funding"] == danish["Finansiering"] == f"Kommunen betaler [{number}]."
    assert machine["partners"] == "name: Skolen, setting: skole | name: PPR, setting: myndighed"
    assert danish["Samarbejdspartnere"] == "Navn: Skolen, Arena: Skole; Navn: PPR, Arena: Myndighed og sagsbehandling"
    assert (machine["waiting_list"], danish["Venteliste"]) == ("true", "ja")
    # A new object at the top is spread over columns of its own, and its cells are neutralised like every cell.
    assert machine["contact_email"] == danish["E-mail"] == "'=evil@example.org"
    # A record without the new fields has empty cells.
    other = next(r for r in machine_rows if r["id"] == "andet-eksempel")
    assert other["funding"] == other["partners"] == other["waiting_list"] == ""


def _real_record() -> SourceRecord:
    """The first real record that has all four fields the spreadsheets had lost."""
    for file in sorted(paths.RECORDS.glob("*.yaml")):
        text = file.read_text(encoding="utf-8")
        if all(
            re.search(rf"^ *{name}:", text, re.MULTILINE) for name in ("materials", "caseload", "som_url", "changes")
        ):
            found = read_record(file, f"interventions/{file.name}")
            assert isinstance(found, SourceRecord)
            return found
    raise AssertionError("ingen indsats har materials, caseload, som_url og changes")


def _numbered(text: str, numbers: dict[str, int]) -> str:
    """`tekst [@a; @b].` → `tekst [1, 2].`, on one line (the cells' form)."""
    cited = re.sub(
        r"\s*\[([^\]]*@[^\]]*)\]",
        lambda m: (
            " ["
            + ", ".join(str(numbers[k]) for k in sorted(re.findall(r"@([\w-]+)", m.group(1)), key=numbers.get))
            + "]"
        ),
        text,
    )
    return " ".join(cited.split())


def test_the_fields_the_spreadsheets_had_lost_are_there_with_a_real_records_values() -> None:
    """materials, caseload, som_url and changes were in no spreadsheet before the columns came from the schema."""
    source = _real_record()
    vocabulary = VOCABULARY
    entry = Entry(source.data, source.display, vocabulary)
    machine_rows, danish_rows = sheets(Catalogue([entry], vocabulary), SCHEMA)
    (machine,), (danish,) = machine_rows, danish_rows
    implementation, numbers = source.data["implementation"], numbering(source.data, SCHEMA)
    for key, title in (("materials", "Materialer"), ("caseload", "Sagstal og gruppestørrelse")):
        assert machine[key] == danish[title] == _numbered(implementation[key], numbers), key
        assert machine[key] and "[@" not in machine[key]
    assert machine["som_url"] == danish["Indsatsen i SØM"] == implementation["som_url"]
    changes = sorted(source.data["changes"], key=lambda c: c["date"], reverse=True)
    written = [f"{c['date']}: {' '.join(c['description'].split())}" for c in changes]
    assert machine["changes"] == " | ".join(written)
    assert danish["Ændringshistorik"] == "; ".join(written)
    assert machine["last_changed"] == danish["Senest ændret"] == changes[0]["date"]
