"""Open data: the validated records as JSON, as CSV for programs and for Danish spreadsheets, the schema,
and a DCAT-AP-DK description of the dataset, for the site's data/ folder."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from catalogue.project import Project
from catalogue.records.citations import GROUP, KEY, numbering
from catalogue.records.model import Catalogue, Entry
from catalogue.records.schema import schema_text
from catalogue.render_cache import NoCache, RenderCache
from catalogue.site import layout
from catalogue.text import danish_number

# Spreadsheets run cells that start with these as formulas; a leading apostrophe keeps them text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = " | "

# Fields for the editors only: not published.
PRIVATE = ("editor_notes",)


def _public(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in PRIVATE}


def _json_row(entry: Entry) -> str:
    return json.dumps(_public(entry.data), ensure_ascii=False)


def interventions_json(catalogue: Catalogue, cache: RenderCache | None = None) -> str:
    """A JSON array, one record per line: readable in a diff, and written by the C encoder (an indented
    dump goes through the pure-Python one, which dominated the export at thousands of records)."""
    cache = cache or NoCache()
    rows = (cache.get(("json", e.digest), partial(_json_row, e)) for e in catalogue.entries)
    return "[\n" + ",\n".join(rows) + "\n]\n"


# A spreadsheet that splits a line on another separator than the file's (Danish Excel splits on ";", others on
# ",") makes a cell of what follows a separator inside a cell, quoted or not: "tekst;=1+1;slut" gives a cell
# "=1+1". So a formula start after either separator is neutralised too: an apostrophe before it, or, inside a web
# address, the separator percent-encoded (%2C, %3B), which is the same address to a browser.
_AFTER_SEPARATOR = re.compile(r"([;,])(\s*)(?=[=+\-@])")
_ENCODED = {",": "%2C", ";": "%3B"}


def _neutralised(text: str) -> str:
    def fix(match: re.Match[str]) -> str:
        separator, space = match.group(1), match.group(2)
        word = text[: match.start()].rsplit(" ", 1)[-1]
        if not space and word.startswith(("http://", "https://")):
            return _ENCODED[separator]
        return f"{separator}{space}'"

    return _AFTER_SEPARATOR.sub(fix, text)


def _cell(value: Any) -> str:
    text = _neutralised("" if value is None else " ".join(str(value).split()))
    return "'" + text if text.startswith(_FORMULA_START) else text


def _numbers(entry: Entry, schema: dict[str, Any]) -> dict[str, int]:
    """The record's citation numbers, as its page and the book print them (citations.numbering)."""
    return numbering(entry.data, schema)


def _numbered(text: Any, numbers: dict[str, int]) -> Any:
    """A text's citations as the reader sees them on the page: `bredt [@a; @b].` → `bredt [1, 2].`, each
    number that of the source in the Kilder column."""
    if not isinstance(text, str):
        return text

    def group(match: Any) -> str:
        cited = sorted({numbers[key] for key in KEY.findall(match.group(1)) if key in numbers})
        return " [" + ", ".join(map(str, cited)) + "]"

    return GROUP.sub(group, text).replace("  [", " [")


def _source_list(entry: Entry, numbers: dict[str, int], separator: str) -> str:
    """The record's studies and sources in the order of their numbers: `1. Title https://…`."""
    d = entry.data
    items = [(numbers[s["key"]], s["citation"], s.get("url")) for s in d["evidence"].get("studies", [])] + [
        (numbers[s["key"]], s["title"], s["url"]) for s in d["sources"]
    ]
    return separator.join(
        " ".join(filter(None, (f"{n}.", " ".join(str(title).split()), url))) for n, title, url in sorted(items)
    )


def _joined(items: Iterable[Any]) -> str:
    return LIST_SEPARATOR.join(" ".join(str(i).split()) for i in items)


# Texts both spreadsheets write the same way.
def _provider(impl: dict[str, Any]) -> str:
    provider = impl.get("provider", {})
    return " ".join(filter(None, (provider.get("name"), provider.get("url"))))


def _laws(d: dict[str, Any]) -> Iterator[str]:
    return (law["reference"] + (f" {law['url']}" if law.get("url") else "") for law in d["legal_basis"])


def _row(entry: Entry, numbers: dict[str, int]) -> dict[str, str]:
    """One CSV row; citations as the numbers the page shows, and `sources` lists the studies and sources with
    their numbers (the keys are in interventions.json)."""
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
            f"{numbers[s['key']]}. {s['citation']} ({s['design']}, {s['country']}, {s['year']}): {s['finding']}"
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
        "provider": _provider(impl),
        "costs": _joined(
            f"{c['item']}: {c['amount']} kr. {c['per']} ({c['year']}) [@{c['source']}]" for c in impl.get("costs", [])
        ),
        "cost_note": impl["cost_note"],
        "danish_context": d["danish_context"],
        "legal_basis": _joined(_laws(d)),
        "related": _joined(d.get("related", [])),
        "sources": _source_list(entry, numbers, LIST_SEPARATOR),
        "last_reviewed": d["last_reviewed"],
    }
    return {key: _cell(_numbered(value, numbers)) for key, value in row.items()}


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


def _csv_line(row: dict[str, str], columns: tuple[str, ...], delimiter: str = ",") -> str:
    """One line with every cell quoted: a spreadsheet that splits the line on another separator than the
    file's (Danish Excel reads ";", some setups ",") keeps a quoted cell whole, so no part of a cell such as
    `tekst;=1+1;slut` becomes a cell of its own, and a formula."""
    buffer = io.StringIO()
    csv.DictWriter(
        buffer, fieldnames=columns, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_ALL
    ).writerow(row)
    return buffer.getvalue()


def interventions_csv(catalogue: Catalogue, schema: dict[str, Any], cache: RenderCache | None = None) -> str:
    """One row per record; lists joined with ' | '. Starts with a BOM so spreadsheets read it as UTF-8."""
    header = _csv_line({c: c for c in CSV_COLUMNS}, CSV_COLUMNS)
    cache = cache or NoCache()
    rows = (cache.get(("csv", e.digest), partial(_csv_record, e, schema)) for e in catalogue.entries)
    return "\ufeff" + header + "".join(rows)


def _csv_record(entry: Entry, schema: dict[str, Any]) -> str:
    return _csv_line(_row(entry, _numbers(entry, schema)), CSV_COLUMNS)


# The Danish spreadsheet file: what a double-click in Danish Excel opens correctly. Excel reads a CSV with the
# system's list separator (";" where the decimal mark is ","), as UTF-8 only when it starts with a BOM, and
# keeps at most 32,767 characters in a cell.
EXCEL_SEPARATOR = ";"
EXCEL_LIST_SEPARATOR = "; "
EXCEL_CELL_LIMIT = 32_767
_CUT = " … (forkortet; hele teksten står i interventions.json)"


def _excel_cell(value: Any) -> str:
    text = _cell(value)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(_CUT)] + _CUT
    return text


def _kroner(amount: float) -> str:
    """45000 → '45.000': Danish thousands separator."""
    return str(danish_number(amount))


def _excel_row(entry: Entry, numbers: dict[str, int]) -> dict[str, Any]:
    """One spreadsheet row in Danish: vocabulary labels instead of ids, lists joined with '; '."""
    d = entry.data
    v = entry.vocabulary
    evidence, delivery, impl = d["evidence"], d["delivery"], d["implementation"]
    age = d["target_age"]

    def joined(items: Iterable[Any]) -> str:
        return EXCEL_LIST_SEPARATOR.join(" ".join(str(i).split()) for i in items)

    return {
        "Id": d["id"],
        "Navn": d["name"],
        "Kort navn": d.get("short_name"),
        "Type": entry.kind.label,
        "Kort beskrivelse": d["summary"],
        "Målgruppe": d["target_group"],
        "Alder fra": danish_number(age["min"]),
        "Alder til (med)": danish_number(age["max"]),
        "Aldersenhed": v.age_units[age.get("unit", "aar")].label,
        "Aldersgrupper": joined(b.label for b in entry.bands),
        "Hjælper med": joined(f"{a.label} ({f.label.lower()}): {note}" for a, f, note in entry.problem_areas),
        "Mål": joined(d["outcomes"]),
        "Aktiviteter": joined(d["activities"]),
        "Virksomme mekanismer": joined(f"{term.label}: {text}" for term, text in entry.mechanisms),
        "Evidensniveau": entry.evidence.label,
        "Evidens": evidence["summary"],
        "Vigtige studier": joined(
            f"{numbers[s['key']]}. {s['citation']} ({v.study_designs[s['design']].label}, {s['country']}, "
            f"{s['year']}): "
            f"{s['finding']}"
            for s in evidence.get("studies", [])
        ),
        "Vurderinger i evidensdatabaser": joined(
            f"{v.clearinghouses[r['clearinghouse']].label}: {r['rating']} {r['url']}"
            for r in evidence.get("external_ratings", [])
        ),
        "Temaer": joined(t.label for t in entry.themes),
        "Trin på indsatstrappen": entry.step.title if entry.step else None,
        "Arenaer": joined(s.label for s in entry.settings),
        "Form": entry.format.label,
        "Omfang": delivery.get("sessions"),
        "Varighed": delivery.get("duration"),
        "Udføres af": impl["delivered_by"],
        "Uddannelse": impl["training"],
        "Supervision": impl.get("supervision"),
        "Certificering og licens": impl.get("certification"),
        "Udbyder i Danmark": _provider(impl),
        "Udgifter": joined(
            f"{c['item']}: {_kroner(c['amount'])} kr. {v.cost_units[c['per']].label} "
            f"(prisår {c['year']}) [@{c['source']}]"
            for c in impl.get("costs", [])
        ),
        "Om udgifterne": impl["cost_note"],
        "Brug i Danmark": d["danish_context"],
        "Lovgrundlag": joined(_laws(d)),
        "Relaterede indsatser": joined(d.get("related", [])),
        "Kilder": _source_list(entry, numbers, EXCEL_LIST_SEPARATOR),
        "Senest gennemgået": d["last_reviewed"],
        "Senest ændret": entry.changes[0]["date"] if entry.changes else None,
    }


EXCEL_COLUMNS = (
    "Id",
    "Navn",
    "Kort navn",
    "Type",
    "Kort beskrivelse",
    "Målgruppe",
    "Alder fra",
    "Alder til (med)",
    "Aldersenhed",
    "Aldersgrupper",
    "Hjælper med",
    "Mål",
    "Aktiviteter",
    "Virksomme mekanismer",
    "Evidensniveau",
    "Evidens",
    "Vigtige studier",
    "Vurderinger i evidensdatabaser",
    "Temaer",
    "Trin på indsatstrappen",
    "Arenaer",
    "Form",
    "Omfang",
    "Varighed",
    "Udføres af",
    "Uddannelse",
    "Supervision",
    "Certificering og licens",
    "Udbyder i Danmark",
    "Udgifter",
    "Om udgifterne",
    "Brug i Danmark",
    "Lovgrundlag",
    "Relaterede indsatser",
    "Kilder",
    "Senest gennemgået",
    "Senest ændret",
)


def _excel_record(entry: Entry, schema: dict[str, Any]) -> str:
    numbers = _numbers(entry, schema)
    cells = {key: _excel_cell(_numbered(value, numbers)) for key, value in _excel_row(entry, numbers).items()}
    return _csv_line(cells, EXCEL_COLUMNS, EXCEL_SEPARATOR)


def interventions_excel_csv(catalogue: Catalogue, schema: dict[str, Any], cache: RenderCache | None = None) -> str:
    """The records for Danish spreadsheets: BOM, ';' between cells, CRLF, Danish headings and labels,
    one row per record, formulas neutralised like the machine CSV."""
    header = _csv_line({c: c for c in EXCEL_COLUMNS}, EXCEL_COLUMNS, EXCEL_SEPARATOR)
    cache = cache or NoCache()
    rows = (cache.get(("excel", e.digest), partial(_excel_record, e, schema)) for e in catalogue.entries)
    return "\ufeff" + header + "".join(rows)


@dataclass(frozen=True)
class DataFile:
    """One published file: the open-data page lists it and the DCAT description makes it a distribution."""

    path: str  # under docs/
    title: str
    description: str
    media_type: str  # IANA media type
    file_type: str  # code in the EU's file-type authority table
    distribution: bool = True  # a form of the records (else: about them)


DATA_FILES = (
    DataFile(
        layout.EXCEL,
        "Regneark (Excel)",
        "Én række pr. indsats med danske kolonneoverskrifter og betegnelser. Semikolon mellem cellerne og "
        "UTF-8 med BOM, så dansk Excel åbner filen korrekt med et dobbeltklik. Lister er samlet i én celle, "
        "adskilt med semikolon.",
        "text/csv",
        "CSV",
    ),
    DataFile(
        layout.JSON,
        "JSON",
        "Alle indsatser som en JSON-liste. Felterne hedder det samme som i kildefilerne og er beskrevet i "
        "JSON-skemaet.",
        "application/json",
        "JSON",
    ),
    DataFile(
        layout.CSV,
        "CSV til programmer",
        "Én række pr. indsats, UTF-8, komma mellem cellerne og feltnavnene fra kildefilerne som "
        "kolonneoverskrifter. Lister er samlet i én celle og adskilt med lodret streg.",
        "text/csv",
        "CSV",
    ),
    DataFile(
        layout.SCHEMA,
        "JSON-skema",
        "JSON-skemaet (draft-07), der definerer en gyldig indsats, med danske beskrivelser af hvert felt.",
        "application/schema+json",
        "JSON",
        distribution=False,
    ),
    DataFile(
        layout.DCAT,
        "Beskrivelse til datakataloger (DCAT-AP-DK)",
        "Metadata om datasættet efter den danske anvendelsesprofil DCAT-AP-DK, som JSON-LD, til fx det "
        "fællesoffentlige datakatalog.",
        "application/ld+json",
        "JSON_LD",
        distribution=False,
    ),
)


def render_exports(project: Project, catalogue: Catalogue, cache: RenderCache | None = None) -> list[tuple[str, str]]:
    schema = project.schema
    return [
        (layout.JSON, interventions_json(catalogue, cache)),
        (layout.CSV, interventions_csv(catalogue, schema, cache)),
        (layout.EXCEL, interventions_excel_csv(catalogue, schema, cache)),
        (layout.SCHEMA, schema_text(schema)),
    ]
