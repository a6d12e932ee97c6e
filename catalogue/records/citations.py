"""Citations: every claim in a record points to a source, with the Pandoc syntax of academic Markdown.

A text field cites with `[@key]`, or several at once with `[@a; @b]`. Keys name the entries of `sources`
and `evidence.studies`. Which fields must cite is data: the schema marks them `x-cite: true`. The check
reports a citation that points nowhere, a source that nothing cites, and a marked field with no citation.
Pages number the keys in the order they are first cited (record.html's source list and back); the open
data keeps the keys as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from catalogue.problems import did_you_mean
from catalogue.records.schema import walk

# One citation group: [@a] or [@a; @b], keys as the schema's pattern allows.
GROUP = re.compile(r"\[(@[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\s*;\s*@[a-z][a-z0-9]*(?:-[a-z0-9]+)*)*)\]")
KEY = re.compile(r"@([a-z][a-z0-9]*(?:-[a-z0-9]+)*)")
# A bracket that opens like a citation but does not parse as one: reported, so a typo is not printed as text.
LOOSE = re.compile(r"\[@[^\]]*\]?")
# A field whose whole value says no source has it needs no citation.
NOT_STATED = "Ikke oplyst"


def keys_in(text: str) -> list[str]:
    """The keys cited in a text, in order, each once."""
    found: list[str] = []
    for group in GROUP.finditer(text):
        for key in KEY.findall(group.group(1)):
            if key not in found:
                found.append(key)
    return found


def strip(text: str) -> str:
    """The text without its citations (for search and one-line summaries)."""
    return re.sub(r"\s*" + GROUP.pattern, "", text)


def source_keys(data: dict[str, Any]) -> list[str]:
    """The keys a text may cite: the studies', then the sources', in order, each once."""
    items = [*data.get("evidence", {}).get("studies", []), *data.get("sources", [])]
    keys = (item.get("key") for item in items if isinstance(item, dict))
    return list(dict.fromkeys(key for key in keys if isinstance(key, str)))


@dataclass(frozen=True)
class CitationProblem:
    path: tuple[Any, ...]
    message: str


def cited_fields(schema: dict[str, Any], data: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str, bool]]:
    """Every text of the record: (path, text, must it cite?)."""
    for node, value, path in walk(schema, data):
        if isinstance(value, str) and node.get("type") == "string" and "format" not in node and "pattern" not in node:
            yield path, value, bool(node.get("x-cite"))


def check_citations(schema: dict[str, Any], data: dict[str, Any]) -> list[CitationProblem]:
    problems: list[CitationProblem] = []
    known = set(source_keys(data))
    used: set[str] = set()
    for path, text, must in cited_fields(schema, data):
        keys = keys_in(text)
        for key in keys:
            if key not in known:
                problems.append(CitationProblem(path, _unknown(key, known)))
        used.update(keys)
        for loose in LOOSE.finditer(GROUP.sub("", text)):
            problems.append(
                CitationProblem(
                    path, f"'{loose.group()[:40]}' er ikke en gyldig kildehenvisning; skriv [@nøgle] eller [@a; @b]"
                )
            )
        if must and not keys and text.strip() != NOT_STATED:
            problems.append(
                CitationProblem(
                    path,
                    "mangler en kildehenvisning; skriv [@nøgle] efter det, kilden siger "
                    f"(nøglerne står under sources og evidence.studies), eller '{NOT_STATED}', hvis ingen kilde siger det",
                )
            )
    for index, cost in enumerate(data.get("implementation", {}).get("costs", [])):
        cost_key = cost.get("source") if isinstance(cost, dict) else None
        if isinstance(cost_key, str):
            used.add(cost_key)
            if cost_key not in known:
                problems.append(
                    CitationProblem(("implementation", "costs", index, "source"), _unknown(cost_key, known))
                )
    seen: set[str] = set()
    studies = data.get("evidence", {}).get("studies", [])
    for where, items in ((("evidence", "studies"), studies), (("sources",), data.get("sources", []))):
        for index, item in enumerate(items):
            item_key = item.get("key") if isinstance(item, dict) else None
            if not isinstance(item_key, str):
                continue
            path = (*where, index, "key")
            if item_key in seen:
                problems.append(
                    CitationProblem(path, f"nøglen '{item_key}' bruges to gange; giv hver kilde sin egen nøgle")
                )
            seen.add(item_key)
            if where == ("sources",) and item_key not in used:
                problems.append(
                    CitationProblem(
                        path,
                        f"kilden '{item_key}' henvises der ikke til nogen steder; henvis til den med [@{item_key}] "
                        "der, hvor den bruges, eller fjern den",
                    )
                )
    return problems


def _unknown(key: str, known: Iterable[str]) -> str:
    return f"[@{key}] henviser til en kilde, der ikke findes under sources eller evidence.studies" + did_you_mean(
        key, known
    )


def numbering(data: dict[str, Any], schema: dict[str, Any]) -> dict[str, int]:
    """Key → its number in the record, in the order the keys are first cited (then the rest, in order)."""
    order: list[str] = []
    for _, text, _ in cited_fields(schema, data):
        for key in keys_in(text):
            if key not in order:
                order.append(key)
    for key in source_keys(data):
        if key not in order:
            order.append(key)
    return {key: number for number, key in enumerate(order, 1)}


def parts(text: str) -> Iterator[tuple[str, list[str]]]:
    """The text as (prose, keys cited right after it) pairs; the last pair may cite nothing."""
    position = 0
    for group in GROUP.finditer(text):
        prose = text[position : group.start()].rstrip(" ")
        yield prose, KEY.findall(group.group(1))
        position = group.end()
    if position < len(text):
        yield text[position:], []


class Citer:
    """Numbers a record's citations for a page or a printed record: each key links to its entry in the
    source list (anchor `prefix` + "kilde-" + number); the first citation of a key carries the anchor the
    entry links back to (`back`). Render the text before the source list, so `back` knows the citations."""

    def __init__(self, numbers: dict[str, int], prefix: str) -> None:
        self.numbers = numbers
        self.prefix = prefix
        self.first: set[int] = set()

    def anchor(self, key: str) -> str:
        return f"{self.prefix}kilde-{self.numbers[key]}"

    def in_order(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Sources or studies in the order of their numbers, so a numbered list reads 1, 2, 3."""
        return sorted(items, key=lambda item: self.numbers[item["key"]])

    def back(self, key: str) -> str | None:
        """The anchor of the key's first citation, if the text cites it."""
        number = self.numbers[key]
        return f"{self.prefix}henv-{number}" if number in self.first else None

    def numbered(self, keys: list[str]) -> list[tuple[int, str, str | None]]:
        """(number, target anchor, own anchor or None) for each cited key, in number order."""
        out = []
        for number in sorted({self.numbers[k] for k in keys if k in self.numbers}):
            own = None
            if number not in self.first:
                self.first.add(number)
                own = f"{self.prefix}henv-{number}"
            out.append((number, f"{self.prefix}kilde-{number}", own))
        return out
