"""Stage 2: check records against the schema and against each other. Problems are data, in Danish.

The message text is part of the interface (editors read it, tests pin it): each says what is wrong,
where, what was expected and, where it helps, what to do.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import fastjsonschema
from jsonschema import Draft7Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from catalogue.problems import Problem
from catalogue.records.load import FieldPath, SourceRecord, dotted
from catalogue.records.placeholders import check_placeholders, covered
from catalogue.records.schema import default_schema

_TYPE_NAMES = {
    "string": "tekst",
    "number": "et tal",
    "integer": "et helt tal",
    "array": "en liste (punkter, der begynder med '- ')",
    "object": "felter på formen 'navn: værdi'",
    "boolean": "ja/nej (true/false)",
}
_REQUIRED = re.compile(r"^'(.+)' is a required property")


def _describe(value: Any) -> str:
    if value is None:
        return "tom"
    if isinstance(value, bool):
        return f"{value!r} (ja/nej)"
    if isinstance(value, (int, float)):
        return f"tallet {value}"
    if isinstance(value, str):
        return f"teksten '{_short(value)}'"
    if isinstance(value, list):
        return "en liste"
    return "en samling af felter"


def _short(value: Any, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _guess(value: str, options: Iterable[Any]) -> str:
    match = difflib.get_close_matches(str(value), [str(o) for o in options], n=1, cutoff=0.6)
    return f"; mente du '{match[0]}'?" if match else ""


def _schema_problems(record: SourceRecord, error: ValidationError) -> Iterable[tuple[FieldPath, int, str]]:
    """Danish (path, line, message) for one jsonschema error."""
    path: FieldPath = tuple(error.absolute_path)
    keyword, expected, value = error.validator, error.validator_value, error.instance
    schema = error.schema

    if keyword == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for key in sorted(k for k in value if k not in allowed):
            where = path + (key,)
            yield (
                where,
                record.line_of(where),
                (f"ukendt felt '{key}'{_guess(key, allowed)} (tilladte felter her: {', '.join(allowed)})"),
            )
        return
    if keyword == "required":
        found = _REQUIRED.match(error.message)
        key = found.group(1) if found else "?"
        yield path + (key,), record.line_of(path), "feltet mangler; det er påkrævet"
        return

    line = record.line_of(path)
    if keyword == "type":
        names = [expected] if isinstance(expected, str) else expected
        message = f"skal være {' eller '.join(_TYPE_NAMES.get(n, n) for n in names)}, men er {_describe(value)}"
    elif keyword == "enum":
        vocabulary = schema.get("x-vocabulary")
        source = f" fra ordlisten '{vocabulary}'" if vocabulary else ""
        options = ", ".join(str(o) for o in expected)
        message = f"'{_short(value)}' er ikke en gyldig værdi{source} (tilladt: {options}){_guess(value, expected)}"
    elif keyword == "format" and expected == "date":
        message = (
            f"'{_short(value)}' er ikke en gyldig dato; skriv en dato, der findes, på formen ÅÅÅÅ-MM-DD, fx 2026-11-22"
        )
    elif keyword == "pattern" and path and path[-1] == "url":
        message = f"'{_short(value)}' er ikke et gyldigt link; kun fulde https-adresser er tilladt, fx 'https://www.retsinformation.dk/…'"
    elif keyword == "pattern":
        message = f"'{_short(value)}' må kun indeholde små bogstaver a-z, tal og bindestreger (æ→ae, ø→oe, å→aa)"
    elif keyword == "minLength":
        message = "må ikke være tom"
    elif keyword == "maxLength":
        message = f"er {len(value)} tegn lang; højst {expected} tegn er tilladt"
    elif keyword == "minimum":
        message = f"skal være mindst {expected}, men er {value}"
    elif keyword == "maximum":
        message = f"må højst være {expected}, men er {value}"
    elif keyword == "minItems":
        message = f"skal have mindst {expected} {'punkt' if expected == 1 else 'punkter'}, men har {len(value)}"
    elif keyword == "uniqueItems":
        counts = Counter(repr(v) for v in value)
        dupes = sorted(text for text, n in counts.items() if n > 1)
        message = f"{', '.join(dupes)} står mere end én gang; fjern gentagelsen"
    else:  # a keyword the schema gained later: still report it, in jsonschema's words
        message = error.message
    yield path, line, message


def check_schema(record: SourceRecord, validator: Draft7Validator) -> list[Problem]:
    problems = set()
    for error in validator.iter_errors(record.data):
        for path, line, message in _schema_problems(record, error):
            problems.add(Problem(record.display, line, dotted(path), message))
    return sorted(problems)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")


def _strings(value: Any, path: FieldPath = ()) -> Iterable[tuple[FieldPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, path + (index,))


def check_record(record: SourceRecord) -> list[Problem]:
    """Checks within one record that the schema cannot express."""
    data, problems = record.data, []

    def add(path: FieldPath, message: str) -> None:
        problems.append(Problem(record.display, record.line_of(path), dotted(path), message))

    for path, text in _strings(data):
        found = _CONTROL.search(text)
        if found:
            add(path, f"indeholder et usynligt styretegn (U+{ord(found.group()):04X}); slet det")

    if data.get("id") != record.stem:
        add(
            ("id",),
            f"id'et '{data.get('id')}' skal være det samme som filnavnet ('{record.stem}'); ret id'et eller omdøb filen",
        )
    age = data["target_age"]
    if age["min"] > age["max"]:
        add(("target_age", "min"), f"'min' ({age['min']}) er større end 'max' ({age['max']}); byt om på dem")
    return problems


def check_catalogue(records: list[SourceRecord], valid: list[SourceRecord]) -> list[Problem]:
    """Checks across records: unique ids, and `related` ids that exist.

    Ids come from every record that has one, so a typo in one file does not also produce a
    "does not exist" message in every file that links to it.
    """
    problems: list[Problem] = []
    first: dict[str, SourceRecord] = {}
    for record in records:
        record_id = record.data.get("id")
        if not isinstance(record_id, str):
            continue
        if record_id in first:
            problems.append(
                Problem(
                    record.display,
                    record.line_of(("id",)),
                    "id",
                    f"id'et '{record_id}' bruges også i {first[record_id].display}; hver indsats skal have sit eget id",
                )
            )
        else:
            first[record_id] = record
    for record in valid:
        for index, related in enumerate(record.data.get("related", [])):
            path = ("related", index)
            if related == record.data["id"]:
                message = "en indsats kan ikke være relateret til sig selv"
            elif related not in first:
                message = f"'{related}' findes ikke som indsats i kataloget{_guess(related, first)}"
            else:
                continue
            problems.append(Problem(record.display, record.line_of(path), dotted(path), message))
    return problems


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _is_date(value: str) -> bool:
    """The same rule as jsonschema's date format: YYYY-MM-DD, and a day that exists."""
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@functools.cache
def _fast_validator(schema_json: str) -> Callable[[Any], Any]:
    return fastjsonschema.compile(json.loads(schema_json), formats={"date": _is_date})


def validate(
    records: list[SourceRecord], schema: dict[str, Any] | None = None
) -> tuple[list[SourceRecord], list[Problem]]:
    """Return the records that are valid on their own, and every problem found.

    A compiled validator answers "valid?" about ten times faster than jsonschema; only records it
    rejects go through jsonschema, which collects every error with its path for the messages.
    """
    schema = schema or default_schema()
    fast = _fast_validator(json.dumps(schema, sort_keys=True))
    validator = Draft7Validator(schema, format_checker=FormatChecker())
    valid: list[SourceRecord] = []
    problems: list[Problem] = []
    for record in records:
        unfilled = check_placeholders(record)
        try:
            fast(record.data)
            schema_problems: list[Problem] = []
        except fastjsonschema.JsonSchemaException:
            schema_problems = check_schema(record, validator)
        found = sorted(unfilled + [p for p in schema_problems if not covered(p, unfilled)])
        if not found:
            found = check_record(record)
        problems.extend(found)
        if not found:
            valid.append(record)
    problems.extend(check_catalogue(records, valid))
    return valid, problems
