"""The catalogue's filters as data (vocabulary.yaml: facets): each is defined once, with its query parameter,
its vocabulary, its Danish label and where a record's values are read. The selections (filters.py), the
catalogue page and its script, the overview pages' indexes and `build.py pdf`'s options all read them here."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from catalogue.records.vocabulary import Vocabulary


@dataclass(frozen=True)
class Facet:
    id: str  # the query parameter, e.g. "problem"
    label: str  # Danish, as the page shows it
    vocabulary: str  # the vocabulary list its values come from
    field: str  # where a record's values are read: "a.b", "a[]", "a[].b", or "@bands"
    heading: str = ""  # Danish, the list's own pages' title ("Temaer"), for a list with pages of its own


def facets(vocabulary: Vocabulary) -> list[Facet]:
    return [Facet(t.id, t.label, t.vocabulary, t.field, t.data.get("heading", "")) for t in vocabulary.facets.values()]


def headings(vocabulary: Vocabulary) -> dict[str, str]:
    """Vocabulary list → the title of its own pages (vocabulary.yaml: each facet's `heading`)."""
    return {facet.vocabulary: facet.heading for facet in facets(vocabulary) if facet.heading}


def read(data: Any, path: str) -> Iterator[Any]:
    """The values at a field path: `kind`, `evidence.level`, `themes[]`, `mechanisms[].term`."""
    items = [data]
    for part in path.split("."):
        many = part.endswith("[]")
        name = part[:-2] if many else part
        found: list[Any] = []
        for item in items:
            if isinstance(item, dict) and name in item:
                value = item[name]
                if many:
                    found.extend(value if isinstance(value, list) else [])
                else:
                    found.append(value)
        items = found
    yield from items
