"""The search's thesaurus (vocabulary.yaml: `thesaurus`): the everyday words a caseworker types, as data.

Each group is a list of `words` and perhaps `terms` ("list/id": a problem area, age band, setting, mechanism,
theme, step or kind). A record is found by a group's words when it has one of its terms, or when its own
text (any field) uses one of the words; the catalogue page indexes them in the field "beslægtede ord", which
ranks below the record's own words. `build.py check` refuses a group whose term does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from catalogue import paths
from catalogue.problems import Problem

KEY = "thesaurus"
# The vocabulary lists a group may point at.
LISTS = ("problem_areas", "age_bands", "settings", "mechanisms", "themes", "staircase_steps", "kinds")


@dataclass(frozen=True)
class Group:
    words: tuple[str, ...]
    terms: tuple[tuple[str, str], ...]  # (list, id as text)


def groups(raw: Any) -> tuple[Group, ...]:
    """The groups of vocabulary.yaml's `thesaurus` (already checked by `problems`)."""
    found = []
    for item in raw or []:
        if not isinstance(item, dict):
            continue
        words = tuple(str(w) for w in item.get("words") or [])
        terms = tuple(tuple(str(t).split("/", 1)) for t in item.get("terms") or [] if "/" in str(t))
        found.append(Group(words, terms))  # type: ignore[arg-type]
    return tuple(found)


def problems(path: Path | None = None) -> list[Problem]:
    """What is wrong with the thesaurus, in Danish, each with the file and line: a group without words, a
    word that is not text, a term that is not "liste/id" or that the vocabulary does not have."""
    path = path or paths.VOCABULARY
    shown = paths.shown(path)
    text = path.read_text(encoding="utf-8")
    root = yaml.compose(text)
    raw = yaml.safe_load(text) or {}
    if root is None or not isinstance(root, yaml.MappingNode):
        return []
    node = next((v for k, v in root.value if k.value == KEY), None)
    if node is None:
        return []
    known = {name: {str(item.get("id")) for item in raw.get(name) or [] if isinstance(item, dict)} for name in LISTS}
    found: list[Problem] = []

    def problem(at: yaml.Node, field: str, message: str) -> None:
        found.append(Problem(shown, at.start_mark.line + 1, field, message))

    if not isinstance(node, yaml.SequenceNode):
        problem(node, KEY, "skal være en liste af grupper med 'words' (ord) og eventuelt 'terms' (begreber).")
        return found
    for number, group in enumerate(node.value, start=1):
        where = f"{KEY}[{number}]"
        if not isinstance(group, yaml.MappingNode):
            problem(group, where, "en gruppe skal have 'words' (ord) og eventuelt 'terms' (begreber).")
            continue
        keys = {k.value: v for k, v in group.value}
        for key in keys.keys() - {"words", "terms"}:
            problem(group, where, f"ukendt nøgle '{key}': en gruppe har kun 'words' og 'terms'.")
        words = keys.get("words")
        if not isinstance(words, yaml.SequenceNode) or not words.value:
            problem(group, f"{where}.words", "gruppen skal have mindst ét ord.")
        else:
            for word in words.value:
                if not isinstance(word, yaml.ScalarNode) or not str(word.value).strip():
                    problem(word, f"{where}.words", "hvert ord skal være en tekst.")
        terms = keys.get("terms")
        if terms is None:
            continue
        if not isinstance(terms, yaml.SequenceNode):
            problem(terms, f"{where}.terms", "skal være en liste som [problem_areas/rusmidler].")
            continue
        for term in terms.value:
            value = str(term.value) if isinstance(term, yaml.ScalarNode) else ""
            name, _, term_id = value.partition("/")
            if name not in LISTS or not term_id:
                lists = ", ".join(LISTS)
                problem(term, f"{where}.terms", f"'{value}' skal skrives 'liste/id', hvor listen er en af: {lists}.")
            elif term_id not in known[name]:
                problem(term, f"{where}.terms", f"ordlisten '{name}' har intet begreb med id '{term_id}'.")
    return found
