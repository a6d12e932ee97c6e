"""The controlled vocabularies (vocabulary/vocabulary.yaml) as read-only lookup tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from catalogue import paths
from catalogue.records import ages
from catalogue.records.thesaurus import KEY as THESAURUS
from catalogue.records.thesaurus import Group, groups

LISTS = (
    "kinds",
    "age_bands",
    "age_units",
    "themes",
    "staircase_steps",
    "mechanisms",
    "evidence_levels",
    "settings",
    "formats",
    "study_designs",
    "clearinghouses",
    "problem_areas",
    "findings",
    "cost_units",
    "facets",
    "nordic_countries",
    "comparators",
    "study_results",
    "public_text_phrases",
)

# vocabulary.yaml's formats for naming a list's terms on their own (see Term.title).
TITLES = "term_titles"


@dataclass(frozen=True)
class Term:
    """One term: its id (slug or, for staircase steps, a number), Danish label and extra data."""

    id: Any
    label: str
    description: str = ""
    data: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # How the term is named where it stands alone (a heading, a filter, a cell): vocabulary.yaml's
    # `term_titles` for its list ("Trin 2: Forebyggende indsatser"), else its label.
    title: str = field(default="", compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.title:
            object.__setattr__(self, "title", self.label)

    def __getattr__(self, name: str) -> Any:
        # Extra keys from the data file (rank, min, max, criteria, url…) read like attributes.
        try:
            return self.__dict__["data"][name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class Vocabulary:
    lists: dict[str, dict[Any, Term]]
    # The search's everyday words (catalogue/records/thesaurus.py).
    thesaurus: tuple[Group, ...] = ()

    def __getattr__(self, name: str) -> dict[Any, Term]:
        try:
            return self.__dict__["lists"][name]
        except KeyError:
            raise AttributeError(name) from None

    def ids(self, name: str) -> list[Any]:
        return list(self.lists[name])

    def label(self, name: str, term_id: Any) -> str:
        return self.lists[name][term_id].label

    def bands_for(self, target: dict[str, Any]) -> list[Term]:
        """Age bands that a record's target age overlaps, by the one age rule (ages.py)."""
        record = ages.span(target)
        return [b for b in self.age_bands.values() if ages.overlaps(record, ages.band_span(b))]


def load_vocabulary(path: Path = paths.VOCABULARY) -> Vocabulary:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    titles = raw.get(TITLES) or {}
    lists: dict[str, dict[Any, Term]] = {}
    for name in LISTS:
        terms: dict[Any, Term] = {}
        for item in raw[name]:
            item = dict(item)
            term_id, label = item.pop("id"), item.pop("label")
            term = Term(
                id=term_id,
                label=label,
                description=item.pop("description", ""),
                data=item,
                title=titles[name].format(id=term_id, label=label) if name in titles else label,
            )
            terms[term.id] = term
        lists[name] = terms
    return Vocabulary(lists, groups(raw.get(THESAURUS)))
