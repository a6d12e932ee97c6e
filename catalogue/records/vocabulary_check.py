"""The vocabulary file's own check: vocabulary/vocabulary.yaml against schema/vocabulary.schema.json, and what a
schema cannot say (an id twice in a list, a filter or an evidence level naming what the file does not have).

The vocabulary drives code (filters, labels, order, the evidence rule, the thesaurus), so a mistake in it must be
a Danish message with file, line and field, never a traceback somewhere later: `vocabulary_problems` reads the
file on its own, before anything else does, and works on a file `load_vocabulary` would fail on.
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
import yaml

from catalogue import paths
from catalogue.problems import Problem, did_you_mean
from catalogue.records import thesaurus
from catalogue.records.load import FieldPath, SourceRecord, display_path, dotted, read_record
from catalogue.records.validate import check_schema
from catalogue.records.vocabulary import LISTS, TITLES

# Beside the records' schema: it describes what the code reads, so it goes where the code's schemas are.
SCHEMA = paths.VOCABULARY_SCHEMA
_SEE = "se schema/vocabulary.schema.json"

# The record reader's words for what it refuses, said of the vocabulary file instead (most specific first).
_SAID_OF_A_RECORD = (
    ("en fil er én indsats", "ordlisten skal være ét dokument"),
    ("en indsats har højst 5", "ordlisten har højst 6"),
    ("en indsats", "ordlisten"),
)


def vocabulary_problems(path: Path, schema_path: Path = SCHEMA) -> list[Problem]:
    """Everything wrong with the vocabulary file, in Danish, each with the file, line and field; [] when it is
    right. The thesaurus's groups are checked by catalogue/records/thesaurus.py, whose messages are included."""
    shown = display_path(path, paths.ROOT)
    read = _read(path, shown)
    if isinstance(read, Problem):
        return [read]
    problems = list(read.problems)  # a key written twice
    # The thesaurus's own check says what is wrong with a group; its schema errors would say it twice.
    problems += [p for p in _schema_problems(read, schema_path) if not p.field.startswith(thesaurus.KEY)]
    problems += [
        Problem(shown, read.line_of(where), dotted(where), message)
        for check in _CROSS_CHECKS
        for where, message in check(read.data)
    ]
    if all(isinstance(read.data.get(name, []), list) for name in thesaurus.LISTS):
        problems += thesaurus.problems(path)
    return sorted(set(problems))


def _read(path: Path, shown: str) -> SourceRecord | Problem:
    """The file's data and the line of every field (the records' reader), or why it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        text = None  # the reader says why, with the line of a byte that is not UTF-8
    if text is not None and all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return Problem(shown, 1, "", f"filen er tom; ordlisten skal have listerne {', '.join(LISTS[:3])} osv. ({_SEE})")
    read = read_record(path, shown)
    if isinstance(read, SourceRecord):
        return read
    try:
        root = yaml.compose(text or "")
    except yaml.YAMLError:
        root = None
    if root is not None and not isinstance(root, yaml.MappingNode):
        kind = "en liste" if isinstance(root, yaml.SequenceNode) else "en enkelt værdi"
        return Problem(
            shown,
            root.start_mark.line + 1,
            "",
            f"filen indeholder {kind}; ordlisten skal være lister under navne som 'kinds:' og 'facets:' ({_SEE})",
        )
    message = read.message
    for said, instead in _SAID_OF_A_RECORD:
        message = message.replace(said, instead)
    return Problem(read.path, read.line, read.field, message)


def _schema_problems(read: SourceRecord, schema_path: Path) -> list[Problem]:
    """The schema's verdict in the records' Danish messages. The fast validator answers for a right file; the
    full one (slower to import) only runs to say what is wrong."""
    text = schema_path.read_text(encoding="utf-8")
    try:
        _fast_validator(text)(read.data)
        return []
    except fastjsonschema.JsonSchemaException:
        from jsonschema import Draft7Validator

        return check_schema(read, Draft7Validator(json.loads(text)))


@cache
def _fast_validator(schema_text: str) -> Callable[[Any], Any]:
    """Compiled once per schema text (compiling costs more than checking; the preview checks on every save)."""
    return fastjsonschema.compile(json.loads(schema_text))


def _items(data: dict[str, Any], name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """The items of a list that are mappings (the schema reports the rest)."""
    items = data.get(name)
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield index, item


Found = Iterator[tuple[FieldPath, str]]  # (field path, Danish message)


def _duplicate_ids(data: dict[str, Any]) -> Found:
    """A term's id names it in records, addresses and filters: a second one would silently replace the first."""
    for name in LISTS:
        seen: dict[Any, int] = {}
        for index, item in _items(data, name):
            term = item.get("id")
            if not isinstance(term, (str, int)) or isinstance(term, bool):
                continue
            if term in seen:
                message = f"id'et '{term}' står også i {name}[{seen[term]}]; et id må kun stå én gang i en liste"
                yield (name, index, "id"), message
            seen.setdefault(term, index)


def _facet_lists(data: dict[str, Any]) -> Found:
    lists = [name for name in LISTS if name != "facets" and name in data]
    for index, facet in _items(data, "facets"):
        named = facet.get("vocabulary")
        if isinstance(named, str) and named not in lists:
            yield (
                ("facets", index, "vocabulary"),
                f"ordlisten '{named}' findes ikke i filen{did_you_mean(named, lists)} (ordlisterne: {', '.join(lists)})",
            )


def _term_titles(data: dict[str, Any]) -> Found:
    """A list's way of naming its terms names a list of the file and uses only {id} and {label}."""
    titles = data.get(TITLES)
    if not isinstance(titles, dict):
        return
    lists = [name for name in LISTS if name in data]
    for name, form in titles.items():
        if name not in lists:
            yield (TITLES, name), f"ordlisten '{name}' findes ikke i filen{did_you_mean(name, lists)}"
        elif isinstance(form, str):
            try:
                named = {field for _, field, _, _ in string.Formatter().parse(form) if field is not None}
            except ValueError:
                yield (TITLES, name), "en { uden } (eller omvendt); {id} og {label} skal stå i krøllede parenteser"
                continue
            if named - {"id", "label"}:
                unknown = ", ".join(sorted(f"{{{n}}}" for n in named - {"id", "label"}))
                yield (TITLES, name), f"kun {{id}} og {{label}} kan stå i navnet, ikke {unknown}"


def _included_levels(data: dict[str, Any]) -> Found:
    levels = [item.get("id") for _, item in _items(data, "evidence_levels")]
    for index, level in _items(data, "evidence_levels"):
        includes = level.get("includes")
        for position, included in enumerate(includes if isinstance(includes, list) else []):
            where = ("evidence_levels", index, "includes", position)
            if included not in levels:
                yield (
                    where,
                    f"evidensniveauet '{included}' findes ikke i evidence_levels{did_you_mean(included, levels)}",
                )
            elif included == level.get("id"):
                yield where, "et niveau kan ikke omfatte sig selv"


def _level_orders(data: dict[str, Any]) -> Found:
    """Readers see the levels sorted by `order`: two in one place would have no order between them."""
    orders: dict[int, Any] = {}
    for index, level in _items(data, "evidence_levels"):
        order = level.get("order")
        if not isinstance(order, int) or isinstance(order, bool):
            continue
        if order in orders:
            message = f"rækkefølgen {order} har '{orders[order]}' også; hvert niveau skal have sin egen plads"
            yield ("evidence_levels", index, "order"), message
        orders.setdefault(order, level.get("id"))


def _band_ranges(data: dict[str, Any]) -> Found:
    for index, band in _items(data, "age_bands"):
        low, high = band.get("min"), band.get("max")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            yield ("age_bands", index, "min"), f"'min' ({low}) er større end 'max' ({high}); byt om på dem"


# What the schema cannot say, each a function of the file's data that skips what the schema refuses.
_CROSS_CHECKS: tuple[Callable[[dict[str, Any]], Found], ...] = (
    _duplicate_ids,
    _facet_lists,
    _term_titles,
    _included_levels,
    _level_orders,
    _band_ranges,
)
