"""Open data: the validated records as JSON, as CSV for programs and for Danish spreadsheets, the schema,
and a DCAT-AP-DK description of the dataset, for the site's data/ folder."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from catalogue.project import Project
from catalogue.records.citations import GROUP, KEY, numbering
from catalogue.records.model import Catalogue, Entry
from catalogue.records.schema import schema_text
from catalogue.records.vocabulary import Vocabulary
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


def _numbered(text: Any, numbers: dict[str, int]) -> Any:
    """A text's citations as the reader sees them on the page: `bredt [@a; @b].` → `bredt [1, 2].`, each
    number that of the source in the Kilder column."""
    if not isinstance(text, str):
        return text

    def group(match: Any) -> str:
        cited = sorted({numbers[key] for key in KEY.findall(match.group(1)) if key in numbers})
        return " [" + ", ".join(map(str, cited)) + "]"

    return GROUP.sub(group, text).replace("  [", " [")


def _source_list(entry: Entry, value: Any, numbers: Numbers) -> list[str]:
    """The record's studies and sources in the order of their numbers: `1. Title https://…`."""
    d = entry.data
    items = [(numbers[s["key"]], s["citation"], s.get("url")) for s in d["evidence"].get("studies", [])] + [
        (numbers[s["key"]], s["title"], s["url"]) for s in d["sources"]
    ]
    return [" ".join(filter(None, (f"{n}.", " ".join(str(title).split()), url))) for n, title, url in sorted(items)]


# The spreadsheets' columns come from the schema: every field in the schema's order, the fields of an object at
# the top (target_age, evidence, delivery, implementation) each a column of its own, anything deeper (a list, the
# provider) one cell. So a field added to the schema is a column of both files with no edit here, unless it is
# named below. tests/test_spreadsheet_columns.py holds both files to this.
#
# The schema's fields that are no column of either spreadsheet, each with why:
NOT_COLUMNS: dict[str, str] = {
    "editor_notes": "the editors' own notes: private, never published (PRIVATE)",
}
# The machine file names a column by its field's path (target_age_min, evidence_level), except the fields of
# implementation, which it has always named alone (training, not implementation_training).
_UNPREFIXED = ("implementation",)


@dataclass(frozen=True)
class Column:
    """One column of both spreadsheets: a field of the schema, or a value derived from a record."""

    key: str  # the field's path, `target_age.min`; a derived column's own name, `@age_bands`
    name: str  # the heading in the machine file: `target_age_min`
    heading: str  # the heading in the Danish file: the schema's title of the field
    node: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # the field's schema

    @property
    def path(self) -> tuple[str, ...]:
        return () if self.key.startswith("@") else tuple(self.key.split("."))


# Columns that are no field of the schema, each after the field it is derived from: the age bands the record's
# target age overlaps (catalogue/records/ages.py), and the day of the record's newest change.
_DERIVED = {
    "target_age": (Column("@age_bands", "age_bands", "Aldersgrupper"),),
    "last_reviewed": (Column("@last_changed", "last_changed", "Senest ændret"),),
}


def columns(schema: dict[str, Any]) -> tuple[Column, ...]:
    """Both spreadsheets' columns, in the schema's order."""
    found: list[Column] = []
    for key, node in schema["properties"].items():
        if key in NOT_COLUMNS:
            continue
        if node.get("type") == "object" and "properties" in node:
            prefix = "" if key in _UNPREFIXED else f"{key}_"
            for child, sub in node["properties"].items():
                if f"{key}.{child}" not in NOT_COLUMNS:
                    found.append(Column(f"{key}.{child}", prefix + child, sub.get("title") or child, sub))
        else:
            found.append(Column(key, key, node.get("title") or key, node))
        found += _DERIVED.get(key, ())
    return tuple(found)


def _field(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _generic(value: Any, node: dict[str, Any], vocabulary: Vocabulary | None) -> Any:
    """A field no formatter below is written for: text and numbers as they are, a list item by item, an object as
    `key: value` pairs. In the Danish file (`vocabulary` given) a vocabulary id is its label, a field's name its
    title, and true/false ja/nej."""
    if isinstance(value, list):
        return [_generic(item, node.get("items", {}), vocabulary) for item in value]
    if isinstance(value, dict):
        fields = node.get("properties", {})
        pairs = []
        for key, item in value.items():
            sub = fields.get(key, {})
            shown = _generic(item, sub, vocabulary)
            name = sub.get("title", key) if vocabulary else key
            pairs.append(f"{name}: {', '.join(map(str, shown)) if isinstance(shown, list) else shown}")
        return ", ".join(pairs)
    if isinstance(value, bool):
        return ("ja" if value else "nej") if vocabulary else ("true" if value else "false")
    terms = vocabulary.lists.get(node.get("x-vocabulary", ""), {}) if vocabulary else {}
    return terms[value].label if value in terms else value


Numbers = dict[str, int]  # the record's citation numbers, as its page prints them (citations.numbering)
Formatter = Callable[[Entry, Any, Numbers], Any]  # (the record, the field's value, its numbers) → a cell or items


# Formatters both files share.
def _provider(entry: Entry, provider: Any, numbers: Numbers) -> str:
    return " ".join(filter(None, ((provider or {}).get("name"), (provider or {}).get("url"))))


def _laws(entry: Entry, laws: Any, numbers: Numbers) -> list[str]:
    return [law["reference"] + (f" {law['url']}" if law.get("url") else "") for law in laws or []]


def _changes(entry: Entry, changes: Any, numbers: Numbers) -> list[str]:
    """Newest first, as the record's page lists them."""
    return [f"{change['date']}: {change['description']}" for change in entry.changes]


def _last_changed(entry: Entry, value: Any, numbers: Numbers) -> str | None:
    return entry.changes[0]["date"] if entry.changes else None


_SHARED: dict[str, Formatter] = {
    "implementation.provider": _provider,
    "legal_basis": _laws,
    "sources": _source_list,
    "changes": _changes,
    "@last_changed": _last_changed,
}


# The machine file: ids as the records write them.
def _studies(entry: Entry, studies: Any, numbers: Numbers) -> list[str]:
    return [
        f"{numbers[s['key']]}. {s['citation']} ({s['design']}, {s['country']}, {s['year']}): {s['finding']}"
        for s in studies or []
    ]


def _ratings(entry: Entry, ratings: Any, numbers: Numbers) -> list[str]:
    return [
        f"{r['clearinghouse']}: {r['rating']} (vurderet {r.get('rated', 'ukendt')}; set {r['accessed']}) {r['url']}"
        for r in ratings or []
    ]


def _costs(entry: Entry, costs: Any, numbers: Numbers) -> list[str]:
    return [f"{c['item']}: {c['amount']} kr. {c['per']} ({c['year']}) [@{c['source']}]" for c in costs or []]


MACHINE_FORMATTERS: dict[str, Formatter] = {
    **_SHARED,
    "@age_bands": lambda entry, _, _numbers: [band.id for band in entry.bands],
    "target_age.unit": lambda entry, unit, _numbers: unit or "aar",
    "problem_areas": lambda entry, areas, _numbers: [f"{p['area']} ({p['finding']}): {p['note']}" for p in areas or []],
    "mechanisms": lambda entry, mechanisms, _numbers: [f"{m['term']}: {m['explanation']}" for m in mechanisms or []],
    "evidence.studies": _studies,
    "evidence.external_ratings": _ratings,
    "implementation.costs": _costs,
}


# The Danish file: vocabulary labels instead of ids.
def _kroner(amount: float) -> str:
    """45000 → '45.000': Danish thousands separator."""
    return str(danish_number(amount))


def _danish_studies(entry: Entry, studies: Any, numbers: Numbers) -> list[str]:
    designs = entry.vocabulary.study_designs
    return [
        f"{numbers[s['key']]}. {s['citation']} ({designs[s['design']].label}, {s['country']}, {s['year']}): "
        f"{s['finding']}"
        for s in studies or []
    ]


def _danish_ratings(entry: Entry, ratings: Any, numbers: Numbers) -> list[str]:
    clearinghouses = entry.vocabulary.clearinghouses
    return [f"{clearinghouses[r['clearinghouse']].label}: {r['rating']} {r['url']}" for r in ratings or []]


def _danish_costs(entry: Entry, costs: Any, numbers: Numbers) -> list[str]:
    units = entry.vocabulary.cost_units
    return [
        f"{c['item']}: {_kroner(c['amount'])} kr. {units[c['per']].label} (prisår {c['year']}) [@{c['source']}]"
        for c in costs or []
    ]


DANISH_FORMATTERS: dict[str, Formatter] = {
    **_SHARED,
    "@age_bands": lambda entry, _, _numbers: [band.label for band in entry.bands],
    "target_age.unit": lambda entry, unit, _numbers: entry.vocabulary.age_units[unit or "aar"].label,
    "problem_areas": lambda entry, _, _numbers: [
        f"{a.label} ({f.label.lower()}): {note}" for a, f, note in entry.problem_areas
    ],
    "mechanisms": lambda entry, _, _numbers: [f"{term.label}: {text}" for term, text in entry.mechanisms],
    "evidence.studies": _danish_studies,
    "evidence.external_ratings": _danish_ratings,
    "staircase_step": lambda entry, _, _numbers: entry.step.title if entry.step else None,
    "implementation.costs": _danish_costs,
}


def _cells(
    entry: Entry,
    numbers: Numbers,
    found: tuple[Column, ...],
    formatters: dict[str, Formatter],
    separator: str,
    danish: bool,
) -> Iterator[str]:
    """The record's cells; citations as the numbers the page shows (the keys are in interventions.json)."""
    vocabulary = entry.vocabulary if danish else None
    for column in found:
        value = _field(entry.data, column.path)
        formatter = formatters.get(column.key)
        shown = formatter(entry, value, numbers) if formatter else _generic(value, column.node, vocabulary)
        if isinstance(shown, list):
            shown = separator.join(" ".join(str(item).split()) for item in shown)
        yield _numbered(shown, numbers)


def _numbers(entry: Entry, schema: dict[str, Any], cache: RenderCache) -> Numbers:
    """The record's citation numbers, worked out once for both spreadsheets."""
    return cache.shared(("numbers", entry.digest), partial(numbering, entry.data, schema))


def _csv_line(cells: Iterable[Any], delimiter: str = ",") -> str:
    """One line with every cell quoted: a spreadsheet that splits the line on another separator than the
    file's (Danish Excel reads ";", some setups ",") keeps a quoted cell whole, so no part of a cell such as
    `tekst;=1+1;slut` becomes a cell of its own, and a formula."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerow(cells)
    return buffer.getvalue()


def interventions_csv(catalogue: Catalogue, schema: dict[str, Any], cache: RenderCache | None = None) -> str:
    """One row per record, the fields' names as headings; lists joined with ' | '. Starts with a BOM so
    spreadsheets read it as UTF-8."""
    found = columns(schema)
    header = _csv_line(c.name for c in found)
    cache = cache or NoCache()
    rows = (
        cache.get(("csv", e.digest), partial(_csv_record, e, _numbers(e, schema, cache), found))
        for e in catalogue.entries
    )
    return "\ufeff" + header + "".join(rows)


def _csv_record(entry: Entry, numbers: Numbers, found: tuple[Column, ...]) -> str:
    return _csv_line(map(_cell, _cells(entry, numbers, found, MACHINE_FORMATTERS, LIST_SEPARATOR, danish=False)))


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


def _excel_record(entry: Entry, numbers: Numbers, found: tuple[Column, ...]) -> str:
    cells = _cells(entry, numbers, found, DANISH_FORMATTERS, EXCEL_LIST_SEPARATOR, danish=True)
    return _csv_line(map(_excel_cell, cells), EXCEL_SEPARATOR)


def interventions_excel_csv(catalogue: Catalogue, schema: dict[str, Any], cache: RenderCache | None = None) -> str:
    """The records for Danish spreadsheets: BOM, ';' between cells, CRLF, the schema's Danish titles as
    headings and vocabulary labels for ids, one row per record, formulas neutralised like the machine CSV."""
    found = columns(schema)
    header = _csv_line((c.heading for c in found), EXCEL_SEPARATOR)
    cache = cache or NoCache()
    rows = (
        cache.get(("excel", e.digest), partial(_excel_record, e, _numbers(e, schema, cache), found))
        for e in catalogue.entries
    )
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
        "Én række pr. indsats med de samme felter som JSON-filen, JSON-skemaets danske titler som "
        "kolonneoverskrifter og ordlisternes betegnelser i stedet for id'er. Semikolon mellem cellerne og UTF-8 "
        "med BOM, så dansk Excel åbner filen korrekt med et dobbeltklik. Lister er samlet i én celle, adskilt "
        "med semikolon.",
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
        "Én række pr. indsats med de samme felter som JSON-filen, UTF-8, komma mellem cellerne og feltnavnene "
        "fra kildefilerne som kolonneoverskrifter. Lister er samlet i én celle og adskilt med lodret streg.",
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
