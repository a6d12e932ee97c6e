"""Stage 3: the validated catalogue, with every lookup the pages need computed once, in one pass."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from catalogue.records.facets import Facet, facets, read
from catalogue.records.vocabulary import Term, Vocabulary

# Danish alphabet order: æ, ø, å come after z.
_DANISH = str.maketrans({"æ": "z{", "ø": "z|", "å": "z}", "ä": "z{", "ö": "z|"})


def danish_key(text: str) -> str:
    lowered = text.casefold().translate(_DANISH)
    # Strip other accents (é → e) after the Danish letters have been placed.
    return "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))


@dataclass(eq=False)
class Entry:
    """One validated record and its vocabulary terms resolved. Two entries are the same only if they are one
    (a list of thousands is searched for an entry by identity, not by comparing records field by field)."""

    data: dict[str, Any]
    source: str
    vocabulary: Vocabulary = field(repr=False)

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def name(self) -> str:
        return self.data["name"]

    @property
    def title(self) -> str:
        """Name as practitioners say it: the short name too when there is one."""
        short = self.data.get("short_name")
        return f"{self.name} ({short})" if short and short not in self.name else self.name

    @cached_property
    def digest(self) -> str:
        """Stands for the record's content: what the preview's render cache keys a record's output by."""
        text = json.dumps(self.data, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    @cached_property
    def sort_key(self) -> str:
        """Where the record stands in the catalogue's A–Å order."""
        return danish_key(self.name)

    @cached_property
    def terms(self) -> dict[str, list[Any]]:
        """The record's terms for each filter (vocabulary.yaml: facets), by the filter's id."""
        return {facet.id: facet_values(self, facet) for facet in facets(self.vocabulary)}

    @cached_property
    def bands(self) -> list[Term]:
        age = self.data["target_age"]
        return self.vocabulary.bands_for(age)

    @property
    def kind(self) -> Term:
        return self.vocabulary.kinds[self.data["kind"]]

    @property
    def evidence(self) -> Term:
        return self.vocabulary.evidence_levels[self.data["evidence"]["level"]]

    @property
    def step(self) -> Term | None:
        """The step on the staircase; organisational measures that work across it have none."""
        step = self.data.get("staircase_step")
        return None if step is None else self.vocabulary.staircase_steps[step]

    @property
    def is_intervention(self) -> bool:
        return bool(self.data["kind"] == "indsats")

    @property
    def problem_areas(self) -> list[tuple[Term, Term, str]]:
        """(area, finding, note) for each problem area the record targets."""
        v = self.vocabulary
        return [
            (v.problem_areas[p["area"]], v.findings[p["finding"]], p["note"])
            for p in self.data.get("problem_areas", [])
        ]

    def without_effect_on(self, areas: Iterable[str]) -> bool:
        """True when every one of `areas` that the record targets was studied and showed no effect (a finding
        marked `apart` in the vocabulary), so the record is shown apart for a reader looking for help there."""
        wanted = set(areas)
        found = [finding for area, finding, _ in self.problem_areas if area.id in wanted]
        return bool(found) and all(finding.data.get("apart") for finding in found)

    @property
    def format(self) -> Term:
        return self.vocabulary.formats[self.data["delivery"]["format"]]

    @property
    def themes(self) -> list[Term]:
        return [self.vocabulary.themes[t] for t in self.data["themes"]]

    @property
    def settings(self) -> list[Term]:
        return [self.vocabulary.settings[s] for s in self.data["settings"]]

    @cached_property
    def changes(self) -> list[dict[str, str]]:
        """The record's change history, newest first; changes of one day keep the order they are written in."""
        return sorted(self.data.get("changes", []), key=lambda change: change["date"], reverse=True)

    @property
    def mechanisms(self) -> list[tuple[Term, str]]:
        return [(self.vocabulary.mechanisms[m["term"]], m["explanation"]) for m in self.data["mechanisms"]]


def facet_values(entry: Entry, facet: Facet) -> list[Any]:
    """A record's terms for a filter, each once, in the record's order."""
    if facet.field == "@bands":
        return [band.id for band in entry.bands]
    return list(dict.fromkeys(read(entry.data, facet.field)))


@dataclass
class Catalogue:
    entries: list[Entry]
    vocabulary: Vocabulary

    def __post_init__(self) -> None:
        self.entries.sort(key=lambda e: e.sort_key)
        self.by_id = {e.id: e for e in self.entries}
        # One index per filter (vocabulary.yaml: facets), by vocabulary list and term, in one pass.
        self.facets = facets(self.vocabulary)
        index: dict[str, dict[Any, list[Entry]]] = {f.vocabulary: defaultdict(list) for f in self.facets}
        for entry in self.entries:
            for facet in self.facets:
                for term in entry.terms[facet.id]:
                    index[facet.vocabulary][term].append(entry)
        self.index = index

    def with_term(self, vocabulary_list: str, term_id: Any) -> list[Entry]:
        return self.index[vocabulary_list].get(term_id, [])

    def related(self, entry: Entry) -> list[Entry]:
        return [self.by_id[r] for r in entry.data.get("related", []) if r in self.by_id]
