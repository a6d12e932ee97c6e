"""The open data files and the machine-readable metadata, in memory: the Danish spreadsheet file against
hostile and awkward values, the JSON-LD's escaping, the DCAT description without a site address, and the
open-data page's date taken from the edition, never the clock."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from catalogue.build import render_all
from catalogue.records.model import Catalogue
from catalogue.settings import Publisher, Site
from catalogue.site.exports import EXCEL_CELL_LIMIT, columns, interventions_csv, interventions_excel_csv
from catalogue.site.linked_data import dcat, record_jsonld, script_json

from .conftest import checked, load_project

PROJECT = load_project()
SCHEMA = PROJECT.schema


@pytest.fixture
def catalogue(records_dir: Path) -> Catalogue:
    return checked(records_dir, records_dir.parent).valid


def excel_rows(catalogue: Catalogue) -> list[dict[str, str]]:
    text = interventions_excel_csv(catalogue, SCHEMA)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))


def test_hostile_and_awkward_values_stay_in_their_cell_and_never_run(catalogue: Catalogue) -> None:
    entry = catalogue.by_id["eksempel"]
    entry.data["name"] = '=HYPERLINK("https://evil.example";"klik")'
    entry.data["summary"] = '@SUM(1;2); "citat"\nny linje æøå ÆØÅ'
    entry.data["target_group"] = "-2+3"
    entry.data["danish_context"] = "+45 12 34 56 78"
    entry.data["outcomes"] = ["=1+1", "Bedre trivsel; færre konflikter"]
    rows = excel_rows(catalogue)
    assert len(rows) == 2 and list(rows[0]) == [c.heading for c in columns(SCHEMA)]
    row = next(r for r in rows if r["Id"] == "eksempel")
    assert row["Navn"] == '\'=HYPERLINK("https://evil.example";"klik")'
    assert row["Kort beskrivelse"] == '\'@SUM(1;2); "citat" ny linje æøå ÆØÅ'
    assert row["Målgruppe"] == "'-2+3" and row["Brug i Danmark"] == "'+45 12 34 56 78"
    # Only a cell's start makes a formula: the list's first item gets the apostrophe, the cell stays whole.
    assert row["Mål"] == "'=1+1; Bedre trivsel; færre konflikter"


def test_numbers_are_written_the_danish_way(catalogue: Catalogue) -> None:
    entry = catalogue.by_id["eksempel"]
    entry.data["target_age"] = {"min": 6, "max": 30, "unit": "maaneder"}
    entry.data["implementation"]["costs"] = [
        {"item": "Uddannelse", "amount": 45000, "per": "medarbejder", "year": 2024, "source": "kilde-1"}
    ]
    row = next(r for r in excel_rows(catalogue) if r["Id"] == "eksempel")
    assert (row["Alder fra"], row["Alder til (med)"], row["Aldersenhed"]) == ("6", "30", "måneder")
    assert row["Udgifter"].startswith("Uddannelse: 45.000 kr. pr. medarbejder (prisår 2024)")


def test_a_cell_longer_than_excel_keeps_is_cut_with_a_note(catalogue: Catalogue) -> None:
    catalogue.by_id["eksempel"].data["danish_context"] = "æ" * (EXCEL_CELL_LIMIT + 10)
    cell = next(r for r in excel_rows(catalogue) if r["Id"] == "eksempel")["Brug i Danmark"]
    assert len(cell) == EXCEL_CELL_LIMIT and cell.endswith("(forkortet; hele teksten står i interventions.json)")


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "<!-- x", "a & b", "linje\u2028skift"])
def test_json_for_a_script_cannot_end_it_and_is_still_the_same_json(text: str) -> None:
    out = str(script_json({"name": text}))
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out
    assert json.loads(out) == {"name": text}


def test_record_metadata_without_a_site_address_has_no_url(catalogue: Catalogue) -> None:
    entry = catalogue.by_id["eksempel"]
    data = record_jsonld(entry, None, Publisher(name="Redaktionen"), Site("Kataloget"))
    assert "url" not in data and "license" not in data
    assert data["publisher"] == {"@type": "Organization", "name": "Redaktionen"}
    assert data["audience"]["suggestedMinAge"] == 1 and data["audience"]["suggestedMaxAge"] == 3
    entry.data["target_age"] = {"min": 6, "max": 30, "unit": "maaneder"}
    data = record_jsonld(entry, None, Publisher(name="Redaktionen"), Site("Kataloget"))
    assert (data["audience"]["suggestedMinAge"], data["audience"]["suggestedMaxAge"]) == (0.5, 2.5)


def test_dcat_without_a_site_address_points_next_to_itself(catalogue: Catalogue) -> None:
    project = dataclasses.replace(
        load_project(edition=dt.date(2026, 1, 2)),
        publisher=Publisher(name="Redaktionen"),
        site=Site("Kataloget", "Om kataloget."),
    )
    graph = dcat(project, catalogue)
    catalog, data = graph["@graph"]
    assert catalog["dcat:dataset"] == {"@id": "dcat.jsonld#datasaet"} == {"@id": data["@id"]}
    assert "foaf:homepage" not in catalog
    assert data["dct:modified"]["@value"] == "2026-01-02"
    assert data["dct:description"]["@value"] == "Om kataloget. 2 indsatser."
    assert [d["dcat:downloadURL"]["@id"] for d in data["dcat:distribution"]] == [
        "indsatser-excel.csv",
        "interventions.json",
        "interventions.csv",
    ]
    assert "dcat:landingPage" not in data and "vcard:hasEmail" not in data["dcat:contactPoint"]


def test_open_data_page_and_dcat_carry_the_edition_date_and_are_reproducible(catalogue: Catalogue) -> None:
    project = load_project(edition=dt.date(2025, 2, 3))
    first = render_all(project, catalogue)
    assert "**Senest opdateret:** 3. februar 2025" in first["aabne-data.md"].decode()
    assert json.loads(first["data/dcat.jsonld"])["@graph"][1]["dct:modified"]["@value"] == "2025-02-03"
    assert render_all(project, catalogue) == first


def _cells(text: str, delimiter: str) -> list[str]:
    """Every cell as a spreadsheet splitting on `delimiter` reads the file (Python's csv reads quotes as Excel)."""
    return [
        cell
        for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=delimiter)
        for cell in row
    ]


def test_no_separator_a_spreadsheet_may_split_on_can_start_a_formula(catalogue: Catalogue) -> None:
    """Danish Excel opens the comma file splitting on ";", and another Excel the semicolon file on ",": what
    follows a separator inside a cell becomes a cell of its own, so it must not start a formula either."""
    entry = catalogue.by_id["eksempel"]
    entry.data["summary"] = "tekst;=1+1;slut"
    entry.data["target_group"] = "tekst,=1+1,slut; @SUM(1), -2+3+cmd|' /C calc'!A0"
    entry.data["sources"][0]["url"] = "https://example.org/boern,-unge;=x"
    files = {
        "interventions.csv": interventions_csv(catalogue, SCHEMA),
        "indsatser-excel.csv": interventions_excel_csv(catalogue, SCHEMA),
    }
    for name, text in files.items():
        assert "tekst;=1+1;slut" not in text, name  # as it was: a formula in a spreadsheet that splits on ";"
        for delimiter in ";,":
            starts = [cell for cell in _cells(text, delimiter) if cell.lstrip().startswith(("=", "+", "-", "@"))]
            assert starts == [], (name, delimiter, starts)
    # Read with the file's own separator, the cell says what the record says, and the address is the same one.
    rows = csv.DictReader(io.StringIO(files["interventions.csv"].removeprefix("\ufeff"), newline=""))
    row = next(r for r in rows if r["id"] == "eksempel")
    assert row["summary"] == "tekst;'=1+1;slut"
    assert row["target_group"] == "tekst,'=1+1,slut; '@SUM(1), '-2+3+cmd|' /C calc'!A0"
    assert "https://example.org/boern%2C-unge%3B=x" in row["sources"]


def test_citations_are_the_numbers_and_sources_the_page_shows(catalogue: Catalogue) -> None:
    """No raw citation key ([@kilde-1]) in either spreadsheet: each citation is the number the record's page
    gives it, and the sources column lists studies and sources by those numbers, titles and addresses."""
    from catalogue.records.citations import numbering

    entry = catalogue.by_id["eksempel"]
    numbers = numbering(entry.data, SCHEMA)
    machine = next(
        r
        for r in csv.DictReader(io.StringIO(interventions_csv(catalogue, SCHEMA).removeprefix("\ufeff")))
        if r["id"] == "eksempel"
    )
    excel = next(r for r in excel_rows(catalogue) if r["Id"] == "eksempel")
    for text in (interventions_csv(catalogue, SCHEMA), interventions_excel_csv(catalogue, SCHEMA)):
        assert "[@" not in text and "@kilde" not in text
    assert machine["summary"].endswith(f"generatoren [{numbers['kilde-1']}].")
    assert excel["Kort beskrivelse"] == machine["summary"]
    expected = sorted(
        [
            (numbers[s["key"]], " ".join(filter(None, (s["citation"], s.get("url")))))
            for s in entry.data["evidence"]["studies"]
        ]
        + [(numbers[s["key"]], f"{s['title']} {s['url']}") for s in entry.data["sources"]]
    )
    assert excel["Kilder"] == "; ".join(f"{n}. {text}" for n, text in expected)
    assert machine["sources"] == " | ".join(f"{n}. {text}" for n, text in expected)
    assert excel["Vigtige studier"].startswith(f"{numbers['forfatter2020']}. Forfatter, A. (2020)")
