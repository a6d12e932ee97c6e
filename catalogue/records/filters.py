"""Selecting records the way the catalogue page's query string does, for tailored outputs (the PDF).

The parameters and their meaning are the same everywhere: `age` (a child's age in years; records whose
target age includes it, by catalogue/records/ages.py), and the filters of vocabulary.yaml's `facets` (`band`,
`problem`, `kind`, `evidence`, `theme`, `mechanism`, `setting`, `step`) with vocabulary ids as values. Several values of one parameter widen the selection (or); different
parameters narrow it (and).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from catalogue.records import ages
from catalogue.records.facets import Facet, facets
from catalogue.records.model import Entry, facet_values
from catalogue.records.vocabulary import Vocabulary


def parameters(vocabulary: Vocabulary) -> dict[str, str]:
    """Query parameter → the vocabulary list it takes ids from (vocabulary.yaml: facets)."""
    return {facet.id: facet.vocabulary for facet in facets(vocabulary)}


class FilterError(ValueError):
    pass


@dataclass(frozen=True)
class Selection:
    age: float | None = None
    terms: dict[str, frozenset[Any]] = field(default_factory=dict)
    # The filters the terms are read by, by parameter.
    facets: dict[str, Facet] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_everything(self) -> bool:
        return self.age is None and not self.terms

    def matches(self, entry: Entry) -> bool:
        if self.age is not None and not ages.fits_child(entry.data["target_age"], self.age):
            return False
        return all(
            set(facet_values(entry, self.facets[parameter])) & wanted for parameter, wanted in self.terms.items()
        )

    def apply(self, entries: Iterable[Entry]) -> list[Entry]:
        return [e for e in entries if self.matches(e)]


def selection(vocabulary: Vocabulary, age: float | None = None, **values: Sequence[str] | None) -> Selection:
    """Build a selection from parameter values, checking each against the vocabulary."""
    if age is not None and not 0 <= age <= 25:
        raise FilterError(f"alderen skal være mellem 0 og 25 år, ikke {age}")
    by = {facet.id: facet for facet in facets(vocabulary)}
    terms: dict[str, frozenset[Any]] = {}
    for parameter, given in values.items():
        if not given:
            continue
        if parameter not in by:
            raise FilterError(f"ukendt filter '{parameter}' (kendte: age, {', '.join(by)})")
        known = vocabulary.lists[by[parameter].vocabulary]
        chosen = set()
        for value in given:
            term = int(value) if parameter == "step" and str(value).isdigit() else value
            if term not in known:
                allowed = ", ".join(str(k) for k in known)
                raise FilterError(f"'{value}' er ikke en gyldig værdi for --{parameter} (tilladt: {allowed})")
            chosen.add(term)
            # A broader term finds the terms it includes ("Dokumenteret effekt" also finds "…, også i Danmark").
            chosen.update(known[term].data.get("includes", []))
        terms[parameter] = frozenset(chosen)
    return Selection(age, terms, by)
