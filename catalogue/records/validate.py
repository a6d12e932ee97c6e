"""Stage 2: check records against the schema and against each other. Problems are data, in Danish.

The message text is part of the interface (editors read it, tests pin it): each says what is wrong,
where, what was expected and, where it helps, what to do.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import fastjsonschema

from catalogue.problems import Problem, did_you_mean
from catalogue.records.citations import check_citations
from catalogue.records.citations import strip as strip_citations
from catalogue.records.evidence import check_evidence
from catalogue.records.load import FieldPath, SourceRecord, dotted
from catalogue.records.model import Entry
from catalogue.records.placeholders import check_placeholders, covered, placeholder_hint
from catalogue.records.schema import walk
from catalogue.records.vocabulary import Vocabulary
from catalogue.text import danish_number

if TYPE_CHECKING:
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import ValidationError


@dataclass(frozen=True)
class Rules:
    """What a record is checked against: the schema, the vocabulary, and the day (a change dated tomorrow is
    valid tomorrow). `key` stands for all three: a record's problems hold while it is the same."""

    schema: dict[str, Any]
    vocabulary: Vocabulary
    today: dt.date = field(default_factory=dt.date.today)
    schema_key: str = field(init=False, repr=False)
    key: str = field(init=False, repr=False)
    phrases: Phrases = field(init=False, repr=False)

    def __post_init__(self) -> None:
        schema_key = json.dumps(self.schema, sort_keys=True)
        digest = hashlib.blake2b(schema_key.encode(), digest_size=16).hexdigest()
        object.__setattr__(self, "schema_key", schema_key)
        object.__setattr__(self, "key", f"{digest}|{self.today.isoformat()}")
        object.__setattr__(self, "phrases", Phrases.of(self.vocabulary))


class Checked:
    """Each record's problems on its own, by the rules that found them, and the Entry of each valid one. The
    preview keeps one between saves (its read cache hands back the same record for an unchanged file), so a
    save re-checks the changed file only and keeps the others' entries (with what they worked out once); a
    second process's results are put in one."""

    def __init__(self) -> None:
        self._found: dict[int, tuple[SourceRecord, str, list[Problem]]] = {}
        self._entries: dict[int, tuple[SourceRecord, Entry]] = {}

    def entry(self, record: SourceRecord, vocabulary: Vocabulary) -> Entry:
        """The record's Entry: the one made before for this very record and vocabulary, or a new one."""
        kept = self._entries.get(id(record))
        if kept is None or kept[0] is not record or kept[1].vocabulary is not vocabulary:
            kept = self._entries[id(record)] = (record, Entry(record.data, record.display, vocabulary))
        return kept[1]

    def get(self, record: SourceRecord, rules: Rules) -> list[Problem] | None:
        kept = self._found.get(id(record))
        return kept[2] if kept is not None and kept[0] is record and kept[1] == rules.key else None

    def put(self, record: SourceRecord, rules: Rules, problems: list[Problem]) -> None:
        self._found[id(record)] = (record, rules.key, problems)

    def update(self, other: Checked) -> None:
        """Take another's results (keyed again here: one from a second process holds copies of the records)."""
        self._found.update((id(kept[0]), kept) for kept in other._found.values())

    def retain(self, records: Iterable[SourceRecord]) -> None:
        """Forget every record but these (the files of the last check)."""
        keep = {id(record) for record in records}
        self._found = {key: value for key, value in self._found.items() if key in keep}
        self._entries = {key: value for key, value in self._entries.items() if key in keep}


_TYPE_NAMES = {
    "string": "tekst",
    "number": "et tal",
    "integer": "et helt tal",
    "array": "en liste (punkter, der begynder med '- ')",
    "object": "felter på formen 'navn: værdi'",
    "boolean": "ja/nej (true/false)",
}
_REQUIRED = re.compile(r"^'(.+)' is a required property")
# Record pages are indsatser/<id>.md; these names are pages the catalogue makes itself in that folder.
RESERVED_IDS = frozenset({"index"})


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


def _type(expected: Any, value: Any, schema: dict[str, Any]) -> str:
    names = [expected] if isinstance(expected, str) else expected
    found = f"skal være {' eller '.join(_TYPE_NAMES.get(n, n) for n in names)}, men er {_describe(value)}"
    if "string" in names and isinstance(value, dict) and len(value) == 1:
        # "- Forældre: ti møder" is read as a field named "Forældre": the colon, not the editor's intent.
        found += "; står der et kolon efterfulgt af mellemrum inde i teksten? Så sæt hele teksten i anførselstegn"
    return found


def _enum(expected: Any, value: Any, schema: dict[str, Any], vocabulary: Vocabulary | None) -> str:
    list_name = schema.get("x-vocabulary")
    source = f" fra ordlisten '{list_name}'" if list_name else ""
    options = ", ".join(str(o) for o in expected)
    terms = vocabulary.lists.get(list_name, {}) if vocabulary and list_name else None
    suggestion = _suggest(value, expected, terms)
    return f"'{_short(value)}' er ikke en gyldig værdi{source} (tilladt: {options}){suggestion}"


def _suggest(value: Any, expected: list[Any], terms: dict[Any, Any] | None) -> str:
    """'; mente du …?' for the closest id, or for the id of the closest Danish label (an editor who writes
    "Lovende praksis" means 'lovende')."""
    close = did_you_mean(value, expected)
    if close or not terms or not isinstance(value, str):
        return close
    by_label = {str(term.label).casefold(): term.id for term in terms.values()}
    found = difflib.get_close_matches(value.casefold(), list(by_label), n=1, cutoff=0.6)
    return f"; mente du '{by_label[found[0]]}' ({terms[by_label[found[0]]].label})?" if found else ""


def _format(expected: Any, value: Any, schema: dict[str, Any]) -> str:
    if expected != "date":
        return f"'{_short(value)}' har ikke formatet {expected}"
    within = "" if not _ISO_DATE.fullmatch(str(value)) or not _exists(str(value)) else " (mellem 1900 og 2100)"
    return f"'{_short(value)}' er ikke en gyldig dato; skriv en dato, der findes, på formen ÅÅÅÅ-MM-DD, fx 2026-11-22{within}"


def _pattern(expected: Any, value: Any, schema: dict[str, Any]) -> str:
    """The schema says in Danish what each pattern asks for (`x-message` beside `pattern`)."""
    return f"'{_short(value)}' {schema.get('x-message', f'passer ikke til mønsteret {expected}')}"


def _unique(expected: Any, value: Any, schema: dict[str, Any]) -> str:
    counts = Counter(repr(v) for v in value)
    return f"{', '.join(sorted(text for text, n in counts.items() if n > 1))} står mere end én gang; fjern gentagelsen"


def _items(count: int) -> str:
    return f"{count} {'punkt' if count == 1 else 'punkter'}"


# Danish messages by JSON Schema keyword: (the keyword's value in the schema, the value found, the schema) → text.
# `required` and `additionalProperties` are handled apart: they point at a field other than the one checked;
# `enum` too: its message suggests a term of the vocabulary.
_MESSAGES: dict[str, Callable[[Any, Any, dict[str, Any]], str]] = {
    "type": _type,
    "format": _format,
    "pattern": _pattern,
    "minLength": lambda expected, value, schema: (
        "må ikke være tom" if expected == 1 else f"er {len(value)} tegn lang; mindst {expected} tegn kræves"
    ),
    "maxLength": lambda expected, value, schema: f"er {len(value)} tegn lang; højst {expected} tegn er tilladt",
    "minimum": lambda expected, value, schema: f"skal være mindst {expected}, men er {value}",
    "maximum": lambda expected, value, schema: f"må højst være {expected}, men er {value}",
    "minItems": lambda expected, value, schema: f"skal have mindst {_items(expected)}, men har {len(value)}",
    "maxItems": lambda expected, value, schema: f"må højst have {_items(expected)}, men har {len(value)}",
    "uniqueItems": _unique,
}


def _schema_problems(
    record: SourceRecord, error: ValidationError, vocabulary: Vocabulary | None
) -> Iterable[tuple[FieldPath, int, str]]:
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
                (f"ukendt felt '{key}'{did_you_mean(key, allowed)} (tilladte felter her: {', '.join(allowed)})"),
            )
        return
    if keyword == "required":
        found = _REQUIRED.match(error.message)
        key = found.group(1) if found else "?"
        yield path + (key,), record.line_of(path), "feltet mangler; det er påkrævet"
        return

    explain = functools.partial(_enum, vocabulary=vocabulary) if keyword == "enum" else _MESSAGES.get(keyword)
    # A keyword the schema gained later without a Danish message is still reported, in jsonschema's words.
    message = explain(expected, value, schema) if explain else error.message
    line = record.line_of(path)
    yield path, line, message


def check_schema(
    record: SourceRecord, validator: Draft7Validator, vocabulary: Vocabulary | None = None
) -> list[Problem]:
    """The schema's errors in Danish; with the `vocabulary`, a wrong term gets a "mente du" of its labels."""
    problems = set()
    for error in validator.iter_errors(record.data):
        for path, line, message in _schema_problems(record, error, vocabulary):
            problems.add(Problem(record.display, line, dotted(path), message))
    return sorted(problems)


# Characters no record text needs, each invisible or unsafe: C0 and C1 controls, line/paragraph separators,
# bidirectional overrides and isolates (they reorder what a reader sees), Unicode noncharacters and lone
# surrogates (which cannot be written as UTF-8).
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]"
    "|[\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0010fffe\U0010ffff]"
)
# Blank or invisible: whitespace, no-break and zero-width spaces, word joiners, the BOM.
_INVISIBLE = re.compile("[\\s\u00a0\u180e\u200b-\u200f\u2060-\u2064\u3000\ufeff]+")


def _strings(value: Any, path: FieldPath = ()) -> Iterable[tuple[FieldPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, path + (index,))


def _under(field: str, prefix: str) -> bool:
    """`evidence.studies[0].key` is under `evidence.studies` and under `evidence`."""
    return field == prefix or field.startswith((prefix + ".", prefix + "["))


def check_record(record: SourceRecord, rules: Rules, reported: frozenset[str] = frozenset()) -> list[Problem]:
    """Checks within one record that the schema cannot express. The rules' day bounds the dates of the change
    history: an editor writes the day of a change, never a day to come. `reported`: the fields the schema
    already found mistakes in."""
    data, problems = record.data, []

    def add(path: FieldPath, message: str) -> None:
        problems.append(Problem(record.display, record.line_of(path), dotted(path), message))

    for path, text in _strings(data):
        found = _CONTROL.search(text)
        if found:
            char = found.group()
            what = (
                "et tegn til retningsstyring"
                if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069"
                else "et ugyldigt tegn"
                if "\ud800" <= char <= "\udfff" or "\ufdd0" <= char <= "\ufdef" or (ord(char) & 0xFFFE) == 0xFFFE
                else "et usynligt styretegn"
            )
            add(path, f"indeholder {what} (U+{ord(char):04X}); slet det")
        elif text and not _INVISIBLE.sub("", text):
            add(path, "er tom: den indeholder kun mellemrum eller usynlige tegn")

    for node, value, path in walk(rules.schema, data):
        # JSON Schema counts 2018.0 as an integer; a record should say 2018.
        if node.get("type") == "integer" and isinstance(value, float):
            add(path, f"skal være et helt tal, men er {_describe(value)}; skriv {int(value)}")
    for reads, part in _RECORD_CHECKS:
        if any(reads.match(field) for field in reported):
            continue
        try:
            for path, message in part(record, data, rules):
                add(path, message)
        # A part that cannot read its input (a list where text belongs, a date that is no date) leaves that
        # input to the schema's message, which says what is wrong; the other parts still run.
        except (TypeError, KeyError, AttributeError, ValueError, IndexError):
            continue
    return problems


Found = Iterable[tuple[FieldPath, str]]


def _required_for_interventions(record: SourceRecord, data: dict[str, Any], rules: Rules) -> Found:
    if data.get("kind") == "indsats":
        for required, what in (("staircase_step", "trin på indsatstrappen"), ("problem_areas", "problemområder")):
            if not data.get(required):
                yield (
                    (required,),
                    f"feltet mangler; en indsats (kind: indsats) skal have {what}; kun organisatoriske tiltag kan udelade det",
                )


def _problem_areas_once(record: SourceRecord, data: dict[str, Any], rules: Rules) -> Found:
    areas = [p.get("area") for p in data.get("problem_areas", [])]
    for index, area in enumerate(areas):
        if area in areas[:index]:
            yield ("problem_areas", index, "area"), f"'{area}' står mere end én gang; saml fundene i ét punkt"


def _citations(record: SourceRecord, data: dict[str, Any], rules: Rules) -> Found:
    return [(problem.path, problem.message) for problem in check_citations(rules.schema, data)]


def _evidence(record: SourceRecord, data: dict[str, Any], rules: Rules) -> Found:
    return check_evidence(data, rules.vocabulary)


def _public_text(record: SourceRecord, data: dict[str, Any], rules: Rules) -> Found:
    return check_public_text(data, rules.phrases)


def _id(record: SourceRecord, data: dict[str, Any], rules: Rules) -> Found:
    if data.get("id") in RESERVED_IDS:
        yield ("id",), f"id'et '{data['id']}' er reserveret til en side, som kataloget selv laver; vælg et andet id"
    if data.get("id") != record.stem:
        yield (
            ("id",),
            f"id'et '{data.get('id')}' skal være det samme som filnavnet ('{record.stem}'); ret id'et eller omdøb filen",
        )


def _history(record: SourceRecord, data: dict[str, Any], rules: Rules) -> Found:
    for index, change in enumerate(data.get("changes", [])):
        if _is_date(change["date"]) and dt.date.fromisoformat(change["date"]) > rules.today:
            yield (
                ("changes", index, "date"),
                f"'{change['date']}' ligger i fremtiden; skriv den dag, ændringen blev lavet",
            )


def _ages(record: SourceRecord, data: dict[str, Any], rules: Rules) -> Found:
    """Ages within the catalogue's own range (vocabulary.yaml: age_units, each unit's `max`), youngest first."""
    age = data["target_age"]
    unit = rules.vocabulary.age_units.get(age.get("unit", "aar"))
    for end in ("min", "max"):
        value = age.get(end)
        if unit is not None and isinstance(value, (int, float)) and value > unit.max:
            yield (
                ("target_age", end),
                f"{value} {unit.label} ligger uden for katalogets aldersspænd (højst {unit.max} {unit.label}); "
                "kataloget handler om børn og unge",
            )
    if age["min"] > age["max"]:
        yield ("target_age", "min"), f"'min' ({age['min']}) er større end 'max' ({age['max']}); byt om på dem"


# The checks within one record that the schema cannot express, each a small function of the record, with the
# fields it reads (a pattern matched at the start of a field's path): when the schema already found a mistake
# there, the check waits for it to be fixed (a source key the schema refused would otherwise be reported again
# by every text that cites it).
_RECORD_CHECKS: tuple[tuple[re.Pattern[str], Callable[[SourceRecord, dict[str, Any], Rules], Found]], ...] = (
    (re.compile(r"kind|staircase_step|problem_areas"), _required_for_interventions),
    (re.compile(r"problem_areas"), _problem_areas_once),
    (re.compile(r"(sources|evidence\.studies)(\[\d+\]\.key)?$"), _citations),
    (re.compile(r"evidence"), _evidence),
    (re.compile(r"(?!)"), _public_text),
    (re.compile(r"id$"), _id),
    (re.compile(r"changes"), _history),
    (re.compile(r"target_age"), _ages),
)


# Fields whose text is not the catalogue's own words: editors' notes, and titles of others' works.
_NOT_PUBLIC_PROSE = frozenset({"editor_notes", "sources", "citation", "url", "key"})


@dataclass(frozen=True)
class Phrases:
    """The vocabulary's `public_text_phrases` as two patterns (those matched in any case, those only as
    written), each the phrases longest first, so "i de læste kilder" is found whole, not as "de læste kilder"."""

    patterns: tuple[re.Pattern[str], ...]
    instead: dict[str, tuple[str, str]]  # the phrase as found, casefolded → (the phrase, what to write instead)

    @classmethod
    def of(cls, vocabulary: Vocabulary) -> Phrases:
        terms = sorted(vocabulary.public_text_phrases.values(), key=lambda term: -len(term.id))
        patterns = []
        for exact in (False, True):
            chosen = [re.escape(t.id) for t in terms if bool(t.data.get("case")) == exact]
            if chosen:
                flags = 0 if exact else re.IGNORECASE
                patterns.append(re.compile(rf"(?<!\w)(?:{'|'.join(chosen)})(?!\w)", flags))
        return cls(tuple(patterns), {t.id.casefold(): (t.id, t.label) for t in terms})


def check_public_text(data: dict[str, Any], phrases: Phrases) -> list[tuple[FieldPath, str]]:
    """Public text states what is known, in plain Danish: the editor's asides and calques listed in the
    vocabulary (`public_text_phrases`) are refused, each with what to write instead."""
    found = []
    for path, text in _strings(data):
        if _NOT_PUBLIC_PROSE.intersection(p for p in path if isinstance(p, str)):
            continue
        reported: dict[str, tuple[int, str]] = {}
        for pattern in phrases.patterns:
            for match in pattern.finditer(text):
                phrase, instead = phrases.instead[match.group().casefold()]
                reported.setdefault(phrase, (match.start(), f"'{phrase}' hører ikke til i offentlig tekst; {instead}"))
        found += [(path, message) for _, message in sorted(reported.values())]
        number = _UNGROUPED.search(strip_citations(text))
        if number:
            grouped = danish_number(int(number.group()))
            found.append(
                (path, f"'{number.group()}': skriv store tal med punktum som tusindtalsseparator, fx '{grouped}'")
            )
    return found


# A number of five digits or more written without thousands separators ("2000000 kr.").
_UNGROUPED = re.compile(r"(?<![\w.,/:-])[0-9]{5,}(?![\w.,/]?[0-9])")


# At most this many unknown related ids are listed per record; the rest are counted in one line.
MAX_LISTED = 20


def check_catalogue(records: list[SourceRecord], unreadable: Iterable[str] = ()) -> list[Problem]:
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
    # A file that exists but could not be read still names a record: no "does not exist" for it.
    known = set(first) | set(unreadable)
    for record in records:
        # Every record that names its related ones in a readable list, valid or not: all problems at once.
        related_ids = record.data.get("related", [])
        if not isinstance(related_ids, list) or not all(isinstance(r, str) for r in related_ids):
            continue
        listed = 0
        # A value still to be filled in ("UDFYLD: …") is reported as such, not again as an unknown id.
        filled = [r for r in related_ids if placeholder_hint(r) is None]
        wrong = [r for r in filled if r == record.data.get("id") or r not in known]
        for index, related in enumerate(related_ids):
            if placeholder_hint(related) is not None:
                continue
            path = ("related", index)
            if related == record.data.get("id"):
                message = "en indsats kan ikke være relateret til sig selv"
            elif related not in known:
                message = f"'{related}' findes ikke som indsats i kataloget{did_you_mean(related, first)}"
            else:
                continue
            listed += 1
            if listed > MAX_LISTED:
                message = f"… og {len(wrong) - MAX_LISTED} andre relaterede id'er, der ikke findes"
                problems.append(Problem(record.display, record.line_of(("related",)), "related", message))
                break
            problems.append(Problem(record.display, record.line_of(path), dotted(path), message))
    return problems


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _exists(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


# Dates in records are review and reading dates: a sensible range, so every accepted date renders anywhere.
DATE_RANGE = (dt.date(1900, 1, 1), dt.date(2100, 12, 31))


def _is_date(value: Any) -> bool:
    """YYYY-MM-DD, a day that exists, within DATE_RANGE. Not a string: left to the type check."""
    if not isinstance(value, str):
        return True
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return False
    return DATE_RANGE[0] <= day <= DATE_RANGE[1]


@functools.cache
def _fast_validator(schema_json: str) -> Callable[[Any], Any]:
    return fastjsonschema.compile(json.loads(schema_json), formats={"date": _is_date})


_FULL: dict[str, Draft7Validator] = {}


def _full_validator(schema: dict[str, Any], schema_key: str) -> Draft7Validator:
    """jsonschema, imported only when a record fails: it is a third of the command's start-up time. Made from
    the schema itself, not its sorted key: messages list allowed fields in the schema's order."""
    if schema_key not in _FULL:
        from jsonschema import Draft7Validator, FormatChecker

        formats = FormatChecker(formats=())
        formats.checks("date")(_is_date)
        _FULL[schema_key] = Draft7Validator(schema, format_checker=formats)
    return _FULL[schema_key]


def validate(
    records: list[SourceRecord],
    rules: Rules,
    unreadable: Iterable[str] = (),
    checked: Checked | None = None,
) -> tuple[list[SourceRecord], list[Problem]]:
    """Return the records that are valid on their own, and every problem found.

    A compiled validator answers "valid?" about ten times faster than jsonschema; only records it
    rejects go through jsonschema, which collects every error with its path for the messages.
    """
    valid: list[SourceRecord] = []
    problems: list[Problem] = []
    for record, found in zip(records, check_each(records, rules, checked), strict=True):
        problems.extend(found)
        if not found:
            valid.append(record)
    if checked is not None:
        checked.retain(records)
    problems.extend(check_catalogue(records, unreadable))
    return valid, problems


def check_each(records: list[SourceRecord], rules: Rules, checked: Checked | None = None) -> list[list[Problem]]:
    """Every record's problems on its own; with `checked`, a record checked before by the same rules is not
    checked again, and each new result is put there."""
    fast = _fast_validator(rules.schema_key)
    results = []
    for record in records:
        found = checked.get(record, rules) if checked is not None else None
        if found is None:
            found = _check_one(record, fast, rules)
            if checked is not None:
                checked.put(record, rules, found)
        results.append(found)
    return results


def _check_one(record: SourceRecord, fast: Callable[[Any], Any], rules: Rules) -> list[Problem]:
    """Every problem of one record on its own."""
    unfilled = check_placeholders(record)
    try:
        fast(record.data)
        schema_problems: list[Problem] = []
    except fastjsonschema.JsonSchemaException:
        validator = _full_validator(rules.schema, rules.schema_key)
        schema_problems = check_schema(record, validator, rules.vocabulary)
    # A field the reader already reported (a number it could not read) is not reported again.
    read = {p.field for p in record.problems}
    schema_problems = [p for p in schema_problems if p.field not in read and not covered(p, unfilled)]
    found = set(record.problems + unfilled + schema_problems)
    # The record's own checks run too, so an editor sees every mistake in one run; a field that already has
    # a problem is not reported again by them.
    reported = frozenset(p.field for p in found)
    found.update(p for p in check_record(record, rules, reported) if not any(_under(p.field, f) for f in reported))
    return sorted(found)
