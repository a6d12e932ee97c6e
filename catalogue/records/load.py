"""Stage 1: read record files into plain data, remembering the line of every field.

PyYAML's loader silently keeps the last of two equal keys and only knows positions for syntax errors, so
records are composed into YAML's node tree and built into data here: that catches duplicate keys, refuses
aliases (which expand without bound), custom tags and deep nesting, and maps each field to its line.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from catalogue.problems import Problem

MAX_BYTES = 1_000_000
MAX_DEPTH = 20
# No value in a record needs more digits; longer integers cost quadratic time to convert.
MAX_DIGITS = 15
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FieldPath = tuple[Any, ...]

_TAG = "tag:yaml.org,2002:"
_SCALARS = {
    _TAG + "int": SafeConstructor.construct_yaml_int,
    _TAG + "float": SafeConstructor.construct_yaml_float,
    _TAG + "bool": SafeConstructor.construct_yaml_bool,
    _TAG + "null": SafeConstructor.construct_yaml_null,
}
_CONSTRUCTOR = SafeConstructor()


@dataclass
class SourceRecord:
    """A record as read from disk: its data plus the line where each field path starts."""

    file: Path
    display: str
    data: dict[str, Any]
    lines: dict[FieldPath, int] = field(default_factory=dict, repr=False)
    # Problems found while reading that did not stop it (a duplicate key, a number out of range): the
    # record is still checked against the schema, so every problem is reported in one run.
    problems: list[Problem] = field(default_factory=list, repr=False)

    @property
    def stem(self) -> str:
        return self.file.stem

    def line_of(self, path: FieldPath) -> int:
        """The line of a field, or of its nearest enclosing field when it is missing."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class _Reject(Exception):
    def __init__(self, line: int, field: str, message: str, alias: bool = False):
        self.line, self.field, self.message, self.alias = line, field, message, alias


def dotted(path: FieldPath) -> str:
    """`('evidence', 'studies', 0, 'year')` → `evidence.studies[0].year`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Builder:
    def __init__(self) -> None:
        self.lines: dict[FieldPath, int] = {}
        self.seen: set[int] = set()
        self.problems: list[tuple[int, str, str]] = []  # (line, field, message)

    def build(self, node: Node, path: FieldPath, depth: int = 0) -> Any:
        line = node.start_mark.line + 1
        if depth > MAX_DEPTH:
            raise _Reject(line, dotted(path), f"indlejret mere end {MAX_DEPTH} niveauer; en indsats har højst 5")
        if id(node) in self.seen:
            raise _Reject(
                line,
                dotted(path),
                "YAML-aliaser (*navn) er ikke tilladt i en indsats; skriv værdien ud i stedet for at henvise til et anker",
                alias=True,
            )
        self.seen.add(id(node))
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            self._tag(node, "seq", path)
            items = []
            for index, item in enumerate(node.value):
                self.lines[path + (index,)] = item.start_mark.line + 1
                items.append(self.build(item, path + (index,), depth + 1))
            return items
        return self._scalar(node, path)

    def _tag(self, node: Node, expected: str, path: FieldPath) -> None:
        if node.tag != _TAG + expected:
            raise _Reject(node.start_mark.line + 1, dotted(path), _bad_tag(node.tag))

    def _mapping(self, node: MappingNode, path: FieldPath, depth: int) -> dict[str, Any]:
        self._tag(node, "map", path)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode) or key_node.tag == _TAG + "merge":
                raise _Reject(key_line, dotted(path), "et feltnavn skal være almindelig tekst")
            key = key_node.value
            if key == "<<" and not key_node.style:
                raise _Reject(key_line, dotted(path), "YAML-fletning (<<) er ikke tilladt; skriv felterne ud")
            child = path + (key,)
            if key in result:
                # Reported, and the first value kept, so the rest of the file is still checked.
                self.problems.append(
                    (
                        key_line,
                        dotted(child),
                        f"feltet står to gange (første gang i linje {self.lines[child]}); slet det ene, "
                        "ellers bliver kun det sidste brugt",
                    )
                )
                continue
            self.lines[child] = key_line
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def _scalar(self, node: ScalarNode, path: FieldPath) -> Any:
        line = node.start_mark.line + 1
        if node.tag == _TAG + "str" and node.style:
            return node.value
        if node.tag == _TAG + "str":
            # A plain (unquoted) scalar: the Python parser says style None, libyaml says "".
            if _INT.match(node.value) and len(node.value.lstrip("+-")) > MAX_DIGITS:
                return self._bad_number(line, path, f"tallet har {len(node.value.lstrip('+-'))} cifre")
            value = _plain_value(node.value)
        else:
            construct = _SCALARS.get(node.tag)
            if construct is None:
                raise _Reject(line, dotted(path), _bad_tag(node.tag))
            try:
                value = construct(_CONSTRUCTOR, node)
            except (ValueError, yaml.YAMLError):
                return self._bad_number(line, path, f"'{node.value[:40]}' kan ikke læses som {node.tag[len(_TAG) :]}")
        if isinstance(value, float) and not math.isfinite(value):
            return self._bad_number(line, path, f"'{node.value[:40]}' er ikke et endeligt tal (NaN eller uendelig)")
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**MAX_DIGITS:
            return self._bad_number(line, path, "tallet er for stort")
        return value

    def _bad_number(self, line: int, path: FieldPath, what: str) -> None:
        self.problems.append((line, dotted(path), f"{what}; skriv et almindeligt tal, fx 2018"))
        return None


_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_CONSTANTS = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    "null": None,
    "Null": None,
    "NULL": None,
    "~": None,
    "": None,
}


def _plain_value(text: str) -> Any:
    """Type an unquoted scalar by YAML 1.2's core schema: numbers, true/false and null; the rest is text.

    Unlike PyYAML's YAML 1.1 rules, 'ja', 'no' or 'on' stay words, and dates stay text (the schema checks
    that the day exists)."""
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def _bad_tag(tag: str) -> str:
    shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
    return f"YAML-mærket '{shown}' er ikke tilladt; skriv værdien som almindelig tekst, tal, liste eller felter"


def _first_tab_indent(text: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return number
    return None


# libyaml composes ~50× faster than the pure-Python parser (fall back where PyYAML was built without it).
# Its loader is given no implicit typing: resolving every plain scalar in Python cost more than parsing;
# _plain_value types the few that need it.
try:
    from yaml.cyaml import CParser
except ImportError:  # pragma: no cover
    CParser = None

if CParser is not None:

    class _FastLoader(CParser, SafeConstructor, BaseResolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            BaseResolver.__init__(self)


class _PyLoader(Reader, Scanner, Parser, Composer, SafeConstructor, BaseResolver):
    """The pure-Python parser with the same typing as the fast one (no implicit resolvers)."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        BaseResolver.__init__(self)


_FAST_LOADER = _FastLoader if CParser is not None else _PyLoader
_NESTING_MARKS = ("[", "{", "- ", "? ", ": ")
_SCAN_ABOVE = 1000
_DEEP_INDENT = re.compile(rf"^ {{{_SCAN_ABOVE}}}", re.MULTILINE)


def _too_deep(text: str) -> int | None:
    """The line where nesting passes the limit, or None. libyaml's composer recurses in C and crashes
    the process on nesting in the hundred thousands, so depth is checked on the event stream first, which
    libyaml produces without recursion. The event scan only runs when a cheap upper bound on the depth
    (every nesting level needs an indicator or a deeper indent) is over the limit."""
    if sum(text.count(mark) for mark in _NESTING_MARKS) <= _SCAN_ABOVE and not _DEEP_INDENT.search(text):
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        # PyYAML >= 6.0.3 has libyaml stop at its own depth limit (1,000) while scanning ahead of the
        # events; that is our limit passed too, so it is reported as ours, at libyaml's line.
        if "nesting depth" in (error.problem or "") and error.problem_mark is not None:
            return error.problem_mark.line + 1
        return None  # any other syntax error is reported by the composer with its own message
    return None


def _first_alias_line(text: str) -> int:
    # The node tree shares the anchored node, whose position is the anchor's; the events know the alias's.
    for event in yaml.parse(text, Loader=_FAST_LOADER):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1
    return 1


# PyYAML's problems in Danish, each with what usually causes it and what to do (the first that matches).
_SYNTAX = (
    (
        "mapping values are not allowed",
        "et kolon efterfulgt af et mellemrum inde i en tekst læses som starten på et nyt felt, eller linjen er rykket "
        "for langt ind; ryk den på plads, eller sæt hele teksten i "
        'anførselstegn ("…"), eller skriv >- efter feltnavnet og teksten indrykket på linjerne under',
    ),
    (
        "could not find expected ':'",
        "der mangler et kolon efter et feltnavn, eller en tekst fortsætter på en ny linje uden at være indrykket; "
        "ryk linjen ind under feltet, eller sæt teksten i anførselstegn",
    ),
    (
        "expected <block end>",
        "indrykningen passer ikke med linjerne over; felter på samme niveau skal begynde i samme kolonne, og et "
        "punkt i en liste (- …) skal stå under sit felt",
    ),
    (
        "expected ',' or ']'",
        "en liste i firkantede parenteser [ … ] er ikke afsluttet rigtigt; tjek kommaer og den afsluttende ], og "
        "sæt en tekst med kolon i anførselstegn",
    ),
    (
        "expected ',' or '}'",
        "en samling i krøllede parenteser { … } er ikke afsluttet rigtigt; tjek kommaer og den afsluttende }",
    ),
    (
        "found unknown escape character",
        "en tekst i dobbelte anførselstegn indeholder en skråstreg (\\), som YAML ikke kender; brug enkelte "
        "anførselstegn, eller skriv skråstregen to gange",
    ),
    (
        "found character '@' that cannot start any token",
        "en tekst kan ikke begynde med @ eller `; sæt teksten i anførselstegn",
    ),
    ("found character", "linjen begynder med et tegn, som YAML ikke tillader her; sæt teksten i anførselstegn"),
    ("did not find expected key", "indrykningen passer ikke med linjerne over, eller der mangler et kolon"),
    (
        "did not find expected '-' indicator",
        "et punkt i listen mangler '- ' foran, eller indrykningen passer ikke med punkterne over",
    ),
    ("found undefined alias", "* bruges til henvisninger i YAML; sæt teksten i anførselstegn"),
    ("expected the node content", "et & eller * står et sted, hvor YAML venter en værdi; sæt teksten i anførselstegn"),
)
_GENERIC = "linjen kan ikke læses som YAML; tjek indrykning, kolon og anførselstegn"


def _danish_syntax(problem: str) -> str:
    return next((danish for english, danish in _SYNTAX if english in problem), _GENERIC)


def _syntax_problem(display: str, error: yaml.YAMLError, text: str) -> Problem:
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        return Problem(
            display, line, "", f"indeholder et ugyldigt styretegn (U+{error.character:04X}) i linjen; slet det"
        )
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark else 1
    tab_line = _first_tab_indent(text)
    if tab_line is not None and tab_line <= line + 1:
        return Problem(display, tab_line, "", "tabulatortegn bruges til indrykning; YAML kræver mellemrum")
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    what = _danish_syntax(problem)
    context = getattr(error, "context_mark", None)
    if context is not None and "end of stream" in problem:
        # An unclosed quote or bracket runs to the end of the file: point at where it opens.
        return Problem(
            display,
            context.line + 1,
            "",
            "YAML-syntaksfejl: det, der begynder her, bliver aldrig afsluttet; mangler der et anførselstegn eller en parentes?",
        )
    if context is not None and context.line + 1 != line:
        what += f" (i det, der begynder i linje {context.line + 1})"
    if "expected a single document" in str(error):
        what = "filen indeholder mere end ét YAML-dokument (---); en fil er én indsats"
    return Problem(display, line, "", f"YAML-syntaksfejl: {what}")


def read_record(file: Path, display: str) -> SourceRecord | Problem:
    """Read one file. Returns the record, or the first problem that stops it from being read."""
    try:
        # The size is checked before reading, so a huge file costs no memory.
        size = file.stat().st_size
        if size > MAX_BYTES:
            return Problem(display, 1, "", f"filen fylder {size / 1_000_000:.1f} MB; en indsats må højst fylde 1 MB")
        with file.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as error:
        return Problem(display, 1, "", f"filen kan ikke læses ({_os_reason(error)})")
    if len(raw) > MAX_BYTES:
        return Problem(display, 1, "", "filen fylder mere end 1 MB; en indsats må højst fylde 1 MB")
    if raw.startswith(b"\xef\xbb\xbf"):
        return Problem(display, 1, "", "filen begynder med et byte order mark (BOM); gem den som UTF-8 uden BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return Problem(display, line, "", "filen er ikke gyldig UTF-8; gem den med tegnsættet UTF-8")
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return Problem(display, 1, "", "filen er tom; en indsats skal have alle de påkrævede felter")
    try:
        deep = _too_deep(text)
        if deep is not None:
            return Problem(display, deep, "", f"indlejret for dybt; en indsats må højst have {MAX_DEPTH} niveauer")
        root = yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        # libyaml's messages are terse: parse again with the Python parser for the familiar ones. Where the
        # Python parser reads what libyaml would not (an escape for a lone surrogate, say), its tree is used,
        # and the value is judged by the record checks.
        try:
            root = yaml.compose(text, Loader=_PyLoader)
        except yaml.YAMLError as error:
            return _syntax_problem(display, error, text)
        except RecursionError:
            return Problem(display, 1, "", f"YAML-syntaksfejl: {_GENERIC}")
    if root is None:
        return Problem(display, 1, "", "filen er tom; en indsats skal have alle de påkrævede felter")
    if not isinstance(root, MappingNode):
        kind = "en liste" if isinstance(root, SequenceNode) else "en enkelt værdi"
        return Problem(
            display,
            root.start_mark.line + 1,
            "",
            f"filen indeholder {kind}; en indsats skal være felter på formen 'navn: værdi' (fx 'id: {file.stem}')",
        )
    builder = _Builder()
    try:
        data = builder.build(root, ())
    except _Reject as reject:
        line = _first_alias_line(text) if reject.alias else reject.line
        return Problem(display, line, reject.field, reject.message)
    builder.lines[()] = root.start_mark.line + 1
    found = [Problem(display, line, where, message) for line, where, message in builder.problems]
    return SourceRecord(file=file, display=display, data=data, lines=builder.lines, problems=found)


def display_path(file: Path, base: Path) -> str:
    """A path as the editor typed it, relative to `base` where it can be, with control characters (a
    newline in a file name) shown as escapes so a message stays on one line."""
    return _Shown(base).path(file)


class _Shown:
    """display_path for many files: each folder and the base are resolved once (resolving is a system call
    per part of the path; at 10,000 records it was most of reading an unchanged catalogue)."""

    def __init__(self, base: Path) -> None:
        self.prefixes: dict[Path, str | None] = {}
        try:
            self.base: Path | None = base.resolve()
        except OSError:
            self.base = None

    def _prefix(self, folder: Path) -> str | None:
        """The folder as shown before a file's name ("interventions/"), or None when it is not below the base."""
        try:
            # The folder is resolved, not the file: a symbolic link is shown where it lies, not where it points.
            shown = folder.resolve().relative_to(self.base).as_posix() if self.base else None
        except (ValueError, OSError):
            return None
        return None if shown is None else ("" if shown == "." else shown + "/")

    def path(self, file: Path) -> str:
        folder = file.parent
        if folder not in self.prefixes:
            self.prefixes[folder] = self._prefix(folder)
        prefix = self.prefixes[folder]
        shown = file.as_posix() if prefix is None else prefix + file.name
        return shown.encode("unicode_escape").decode("ascii") if _UNPRINTABLE.search(shown) else shown


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# Windows cannot have files by these names, whatever the extension; a record must check out everywhere.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
# Files an editor may keep beside the records; they are skipped (README.md in interventions/, say).
_IGNORED = {"readme.md", "readme.txt", "readme"}


def _os_reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "adgang nægtet; tjek filens rettigheder"
    if isinstance(error, FileNotFoundError):
        return "den findes ikke længere"
    return error.strerror or type(error).__name__


def _file_problem(file: Path, entry: os.DirEntry[str] | Path | None = None) -> str | None:
    """Why a directory entry cannot be a record, or None when it may be one. `entry`: the folder listing's
    entry for it, which knows its type without asking the system again (at 10,000 records, 30,000 calls)."""
    kind = entry if entry is not None else file
    if kind.is_symlink():
        return "er et symbolsk link; en indsats skal være en almindelig fil i mappen (kopiér filen i stedet)"
    if kind.is_dir():
        return "er en mappe; indsatser skal ligge direkte i mappen med indsatser, undermapper læses ikke"
    if not kind.is_file():
        return "er ikke en almindelig fil"
    suffix = file.suffix
    if suffix == ".yml":
        return "filnavnet skal ende på .yaml, ikke .yml"
    if suffix.lower() in (".yaml", ".yml") and suffix != ".yaml":
        return f"filnavnet skal ende på .yaml med små bogstaver, ikke {suffix}"
    if suffix != ".yaml":
        return "er ikke en indsats (en indsats er en .yaml-fil); flyt filen ud af mappen med indsatser"
    if not SLUG.fullmatch(file.stem):
        return "filnavnet skal være små bogstaver a-z, tal og bindestreger (æ→ae, ø→oe, å→aa), fx 'duaa-baby.yaml'"
    if file.stem in _RESERVED:
        return f"'{file.stem}' er et reserveret filnavn i Windows; vælg et andet id og filnavn"
    return None


class ReadCache:
    """The live preview's memory of the files it has read: a file with the same size, modification time and
    inode is not read again, so saving one record re-reads one file, not the whole catalogue."""

    def __init__(self) -> None:
        self._files: dict[tuple[Path, str], tuple[tuple[int, int, int], SourceRecord | Problem]] = {}

    def read(self, file: Path, display: str) -> SourceRecord | Problem:
        try:
            info = file.stat()
        except OSError:
            return read_record(file, display)
        signature = (info.st_mtime_ns, info.st_size, info.st_ino)
        cached = self._files.get((file, display))
        if cached is not None and cached[0] == signature:
            return cached[1]
        result = read_record(file, display)
        self._files[(file, display)] = (signature, result)
        return result


def record_files(directory: Path, base: Path | None = None) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The files in `directory` that may be records, with the path each is shown by, and a problem for every
    entry that cannot be one. Hidden files (.name) and a README are skipped on purpose."""
    base = base if base is not None else Path.cwd()
    files: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    names = _Shown(base)
    shown = names.path(directory)
    if not directory.exists():
        return files, [Problem(shown, 0, "", "mappen med indsatser findes ikke; angiv en mappe med --records")]
    if not directory.is_dir():
        return files, [Problem(shown, 0, "", "er en fil, ikke en mappe; --records skal være mappen med indsatser")]
    try:
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        return files, [Problem(shown, 0, "", f"mappen kan ikke læses ({_os_reason(error)})")]
    for entry in entries:
        file = directory / entry.name
        if entry.name.startswith(".") or entry.name.lower() in _IGNORED:
            continue
        display = names.path(file)
        try:
            wrong = _file_problem(file, entry)
        except OSError as error:
            wrong = f"kan ikke læses ({_os_reason(error)})"
        if wrong:
            problems.append(Problem(display, 1 if file.suffix else 0, "", wrong))
        else:
            files.append((file, display))
    return files, problems


def read_records(
    files: list[tuple[Path, str]], cache: ReadCache | None = None
) -> tuple[list[SourceRecord], list[Problem]]:
    """Read the files record_files found. Problems are collected, never raised."""
    records: list[SourceRecord] = []
    problems: list[Problem] = []
    for file, display in files:
        result = cache.read(file, display) if cache else read_record(file, display)
        if isinstance(result, Problem):
            problems.append(result)
        else:
            records.append(result)
    return records, problems


def load_records(
    directory: Path, base: Path | None = None, cache: ReadCache | None = None
) -> tuple[list[SourceRecord], list[Problem]]:
    """Read every record in `directory` (record_files, then read_records). Problems are collected, never raised."""
    files, problems = record_files(directory, base)
    records, found = read_records(files, cache)
    return records, problems + found
