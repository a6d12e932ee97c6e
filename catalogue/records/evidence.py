"""The evidence scale as rules: the level a record's structured studies give.

The specification is data: each level in vocabulary.yaml (`evidence_levels`) carries a `rule`, a list of
alternatives of bounds on the counts below. This module only counts and compares; it knows no level by name.
Levels are tried in the vocabulary's order and the first whose rule holds is the level the scale gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from catalogue.records.vocabulary import Term, Vocabulary

# The counts a rule may name (vocabulary.yaml explains each beside the levels).
COUNTS = (
    "trials",
    "positive",
    "mixed",
    "no_effect",
    "positive_or_mixed",
    "not_positive",
    "positive_rct",
    "positive_independent",
    "positive_nordic",
    "reviews_positive",
    "reviews_no_effect",
    "uncontrolled_positive",
    "studies",
)

# What a study of each role must say for the rule to read it (schema field → Danish name in messages).
REQUIRED_BY_ROLE = {
    "controlled": ("comparator", "central_outcome", "result", "independent"),
    "review": ("central_outcome", "result"),
}
ROLE_NAMES = {
    "controlled": "et kontrolleret studie",
    "review": "en metaanalyse eller systematisk oversigt",
    "protocol": "en protokol",
    "none": "et kvalitativt studie",
}
# Results that count as "no effect" for the rule.
NO_EFFECT = frozenset({"ingen-forskel", "negativ"})


@dataclass(frozen=True)
class Trial:
    """One controlled trial of the intervention on a central outcome: its publications taken together."""

    result: str
    rct: bool
    independent: bool
    nordic: bool
    countries: tuple[str, ...] = ()
    comparators: tuple[str, ...] = ()


def role(study: Mapping[str, Any], vocabulary: Vocabulary) -> str:
    return str(vocabulary.study_designs[study["design"]].data.get("role", "none"))


def _own(studies: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Studies of the intervention itself (a study of another programme never raises a level)."""
    return [s for s in studies if not s.get("other_programme")]


def trials(studies: Iterable[Mapping[str, Any]], vocabulary: Vocabulary) -> list[Trial]:
    """Controlled studies on a central outcome, one per trial: publications of one trial share `trial` and
    count once; when they disagree, the trial's result is mixed."""
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for study in _own(studies):
        if role(study, vocabulary) == "controlled" and study.get("central_outcome") and study.get("result"):
            grouped.setdefault(study.get("trial") or study["key"], []).append(study)
    nordic = set(vocabulary.nordic_countries)
    found = []
    for publications in grouped.values():
        results = {p["result"] for p in publications}
        found.append(
            Trial(
                result=results.pop() if len(results) == 1 else "blandet",
                rct=any(p["design"] == "rct" for p in publications),
                independent=any(p.get("independent") for p in publications),
                nordic=any(p.get("country") in nordic for p in publications),
                countries=tuple(dict.fromkeys(p["country"] for p in publications)),
                comparators=tuple(dict.fromkeys(p["comparator"] for p in publications if p.get("comparator"))),
            )
        )
    return found


def counts(studies: list[Mapping[str, Any]], vocabulary: Vocabulary) -> dict[str, int]:
    """The counts the rules read, for one record's studies."""
    found = trials(studies, vocabulary)
    positive = [t for t in found if t.result == "positiv"]
    mixed = sum(t.result == "blandet" for t in found)
    no_effect = sum(t.result in NO_EFFECT for t in found)
    own = _own(studies)
    reviews = [s for s in own if role(s, vocabulary) == "review" and s.get("central_outcome")]
    return {
        "trials": len(found),
        "positive": len(positive),
        "mixed": mixed,
        "no_effect": no_effect,
        "positive_or_mixed": len(positive) + mixed,
        "not_positive": no_effect + mixed,
        "positive_rct": sum(t.rct for t in positive),
        "positive_independent": sum(t.independent for t in positive),
        "positive_nordic": sum(t.nordic for t in positive),
        "reviews_positive": sum(s.get("result") == "positiv" for s in reviews),
        "reviews_no_effect": sum(s.get("result") in NO_EFFECT for s in reviews),
        "uncontrolled_positive": sum(
            role(s, vocabulary) == "uncontrolled" and s.get("result") == "positiv" for s in own
        ),
        "studies": sum(role(s, vocabulary) != "protocol" for s in studies),
    }


def holds(rule: list[Mapping[str, Any]], found: Mapping[str, int]) -> bool:
    """A rule holds when one of its alternatives has every named count within its bounds."""
    return any(
        all(found[name] >= bound for name, bound in alternative.get("min", {}).items())
        and all(found[name] <= bound for name, bound in alternative.get("max", {}).items())
        for alternative in rule
    )


def level_for(found: Mapping[str, int], vocabulary: Vocabulary) -> Term:
    for level in vocabulary.evidence_levels.values():
        if holds(level.data.get("rule", []), found):
            return level
    raise ValueError(f"evidensskalaens regler giver intet niveau for {dict(found)}")


def derived_level(data: Mapping[str, Any], vocabulary: Vocabulary) -> Term:
    """The level the scale gives a record, from its structured studies."""
    return level_for(counts(data["evidence"].get("studies", []), vocabulary), vocabulary)


def explain(found: Mapping[str, int]) -> str:
    """The counts behind a derived level, in Danish, for messages."""
    trials_text = f"{_counted(found['trials'], 'kontrolleret forsøg', 'kontrollerede forsøg')} på et centralt effektmål"
    if found["trials"]:
        trials_text += f" ({found['positive']} positive, {found['mixed']} blandede, {found['no_effect']} uden effekt)"
    reviews = found["reviews_positive"] + found["reviews_no_effect"]
    parts = [trials_text]
    if reviews:
        parts.append(f"{reviews} oversigt{'er' if reviews != 1 else ''}")
    if found["uncontrolled_positive"]:
        parts.append(f"{found['uncontrolled_positive']} ukontrolleret studie med positivt resultat")
    return ", ".join(parts)


def check_evidence(data: Mapping[str, Any], vocabulary: Vocabulary) -> list[tuple[tuple[Any, ...], str]]:
    """(field path, Danish message) for each way a record's evidence disagrees with the scale's rule."""
    problems: list[tuple[tuple[Any, ...], str]] = []
    evidence = data["evidence"]
    studies = evidence.get("studies", [])
    for index, study in enumerate(studies):
        kind = role(study, vocabulary)
        design = vocabulary.study_designs[study["design"]].label.lower()
        for name in REQUIRED_BY_ROLE.get(kind, ()):
            if name not in study:
                problems.append(
                    (
                        ("evidence", "studies", index, name),
                        f"feltet mangler; {ROLE_NAMES[kind]} ({design}) skal angive '{name}', for at evidensskalaens regel kan læse det",
                    )
                )
        if kind in ("protocol", "none") and "result" in study:
            problems.append(
                (
                    ("evidence", "studies", index, "result"),
                    f"{ROLE_NAMES[kind]} måler ikke en effekt; slet 'result' eller ret 'design'",
                )
            )
    found = counts(studies, vocabulary)
    derived = level_for(found, vocabulary)
    level = evidence["level"]
    reason = evidence.get("level_reason")
    if level != derived.id and not reason:
        problems.append(
            (
                ("evidence", "level"),
                f"'{level}' følger ikke evidensskalaens regel, som ud fra studierne ({explain(found)}) giver "
                f"'{derived.id}' ({derived.label}); ret niveauet, ret studiernes felter, eller begrund afvigelsen i "
                "én sætning i 'level_reason'",
            )
        )
    elif level == derived.id and reason:
        problems.append(
            (
                ("evidence", "level_reason"),
                f"niveauet '{level}' er det, reglen giver; 'level_reason' er kun til et niveau, der afviger fra reglen; slet den",
            )
        )
    return problems


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def brief(evidence: Mapping[str, Any], vocabulary: Vocabulary) -> str:
    """The evidence in one generated sentence, from the structured studies only (never cut from prose):
    how many controlled trials, of which design, where, compared with what, and what they found."""
    studies = evidence.get("studies", [])
    found = trials(studies, vocabulary)
    if not found:
        uncontrolled = counts(studies, vocabulary)["uncontrolled_positive"]
        if uncontrolled:
            return (
                "Ingen kontrollerede forsøg af indsatsen; "
                f"{_counted(uncontrolled, 'undersøgelse', 'undersøgelser')} uden kontrolgruppe viser positive forandringer."
            )
        return "Ingen kontrollerede forsøg af indsatsen."
    rct = sum(t.rct for t in found)
    countries = list(dict.fromkeys(c for t in found for c in t.countries))
    compared = list(dict.fromkeys(c for t in found for c in t.comparators))
    text = _counted(len(found), "kontrolleret forsøg", "kontrollerede forsøg")
    if rct:
        text += f" ({'heraf ' if rct < len(found) else ''}{_counted(rct, 'lodtrækningsforsøg', 'lodtrækningsforsøg')})"
    text += f" i {_and(countries)}"
    if compared:
        text += ", sammenlignet med " + _and([vocabulary.comparators[c].label.lower() for c in compared])
    results = [
        (sum(t.result == "positiv" for t in found), "med positiv effekt"),
        (sum(t.result == "blandet" for t in found), "med blandede resultater"),
        (sum(t.result == "ingen-forskel" for t in found), "uden effekt"),
        (sum(t.result == "negativ" for t in found), "med negativ effekt"),
    ]
    return text + ": " + _and([f"{n} {what}" for n, what in results if n]) + "."
