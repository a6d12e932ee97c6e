"""The evidence scale as rules (catalogue/records/evidence.py reading vocabulary.yaml): every combination of
studies gives a level, the level follows the scale's words, and `check` says so with file, line and level."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from catalogue import paths
from catalogue.records.evidence import COUNTS, brief, check_evidence, counts, derived_level, holds, level_for
from catalogue.records.vocabulary import load_vocabulary

V = load_vocabulary(paths.VOCABULARY)


def study(key: str, design: str = "rct", result: str | None = "positiv", **more: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"key": key, "design": design, "country": more.pop("country", "USA")}
    if design in ("rct", "kvasieksperiment"):
        found |= {"comparator": "saedvanlig-indsats", "central_outcome": True, "independent": False}
    if design in ("metaanalyse", "systematisk-oversigt"):
        found |= {"central_outcome": True}
    if result is not None:
        found["result"] = result
    return found | more


def level(*studies: dict[str, Any]) -> str:
    return str(derived_level({"evidence": {"studies": list(studies)}}, V).id)


def test_every_combination_of_counts_gives_exactly_the_first_matching_level() -> None:
    """No gap in the rule table: for every consistent combination of small counts some level holds."""
    for trials_pos, mixed, none, reviews_pos, reviews_none, uncontrolled, extra in itertools.product(
        range(3), range(3), range(3), range(2), range(2), range(2), range(2)
    ):
        trials = trials_pos + mixed + none
        for rct, independent, nordic in itertools.product(range(trials_pos + 1), repeat=3):
            found = {
                "trials": trials,
                "positive": trials_pos,
                "mixed": mixed,
                "no_effect": none,
                "positive_or_mixed": trials_pos + mixed,
                "not_positive": none + mixed,
                "positive_rct": rct,
                "positive_independent": independent,
                "positive_nordic": nordic,
                "reviews_positive": reviews_pos,
                "reviews_no_effect": reviews_none,
                "uncontrolled_positive": uncontrolled,
                "studies": trials + reviews_pos + reviews_none + uncontrolled + extra,
            }
            assert set(found) == set(COUNTS)
            assert level_for(found, V).id  # raises on a gap


def test_rules_name_only_known_counts() -> None:
    for term in V.evidence_levels.values():
        for alternative in term.rule:
            assert set(alternative) <= {"min", "max"}
            assert set(alternative.get("min", {})) | set(alternative.get("max", {})) <= set(COUNTS)


@pytest.mark.parametrize(
    ("studies", "expected"),
    [
        ([], "ikke-undersoegt"),
        ([study("a", "kvalitativ", None)], "teoretisk-begrundet"),
        # A protocol is a plan, never evidence.
        ([study("a", "protokol", None)], "ikke-undersoegt"),
        ([study("a", "evaluering")], "lovende"),
        ([study("a", "foer-efter", "ingen-forskel")], "teoretisk-begrundet"),
        ([study("a")], "indikation-for-effekt"),
        ([study("a"), study("b")], "indikation-for-effekt"),  # not replicated independently
        ([study("a"), study("b", independent=True)], "dokumenteret-effekt"),
        ([study("a"), study("b", independent=True, country="Norge")], "dokumenteret-effekt-i-danmark"),
        ([study("a"), study("b", "kvasieksperiment", independent=True)], "dokumenteret-effekt"),
        (
            [study("a", "kvasieksperiment"), study("b", "kvasieksperiment", independent=True)],
            "indikation-for-effekt",  # no RCT among the positive trials
        ),
        ([study("a"), study("b", result="ingen-forskel")], "blandede-resultater"),
        ([study("a", result="blandet")], "indikation-for-effekt"),  # one study: not "mixed results"
        ([study("a", result="ingen-forskel")], "ingen-effekt"),
        ([study("a", result="ingen-forskel"), study("b", result="negativ")], "ingen-effekt"),
        ([study("a", "metaanalyse")], "dokumenteret-effekt"),
        ([study("a", "metaanalyse", "ingen-forskel")], "ingen-effekt"),
        ([study("a", "metaanalyse"), study("b", result="ingen-forskel")], "blandede-resultater"),
        # Two publications of one trial count once; when they disagree, the trial is mixed.
        ([study("a", trial="t"), study("b", trial="t", independent=True)], "indikation-for-effekt"),
        ([study("a", trial="t"), study("b", trial="t", result="ingen-forskel")], "indikation-for-effekt"),
        # Another programme's trial, or one without a central outcome, never raises a level.
        ([study("a", other_programme=True), study("b", other_programme=True)], "teoretisk-begrundet"),
        ([study("a", central_outcome=False)], "teoretisk-begrundet"),
        # Mixed results rank above "never tested" and "no effect" comes after everything.
        ([study("a", "evaluering"), study("b", result="ingen-forskel")], "ingen-effekt"),
    ],
)
def test_derived_level(studies: list[dict[str, Any]], expected: str) -> None:
    assert level(*studies) == expected


def test_reading_order_puts_tested_mixed_above_untested_and_no_effect_last() -> None:
    order = sorted(V.evidence_levels.values(), key=lambda t: t.order)
    ids = [t.id for t in order]
    assert ids.index("blandede-resultater") < ids.index("lovende") < ids.index("ikke-undersoegt")
    assert ids[-1] == "ingen-effekt"


def test_holds_reads_bounds() -> None:
    found = dict.fromkeys(COUNTS, 0) | {"trials": 2}
    assert holds([{"min": {"trials": 2}}], found)
    assert not holds([{"min": {"trials": 3}}, {"max": {"trials": 1}}], found)


def record(level: str, *studies: dict[str, Any], reason: str | None = None) -> dict[str, Any]:
    evidence: dict[str, Any] = {"level": level, "summary": "x", "studies": list(studies)}
    if reason:
        evidence["level_reason"] = reason
    return {"evidence": evidence}


def test_check_reports_a_level_the_rule_does_not_give() -> None:
    assert check_evidence(record("lovende", study("a")), V) == [
        (
            ("evidence", "level"),
            "'lovende' følger ikke evidensskalaens regel, som ud fra studierne (1 kontrolleret forsøg på et centralt "
            "effektmål (1 positive, 0 blandede, 0 uden effekt)) giver 'indikation-for-effekt' (Indikation for effekt); "
            "ret niveauet, ret studiernes felter, eller begrund afvigelsen i én sætning i 'level_reason'",
        )
    ]


def test_check_accepts_a_reasoned_deviation_and_refuses_a_needless_reason() -> None:
    assert check_evidence(record("lovende", study("a"), reason="Forsøget var meget lille."), V) == []
    assert check_evidence(record("indikation-for-effekt", study("a"), reason="Unødvendig."), V) == [
        (
            ("evidence", "level_reason"),
            "niveauet 'indikation-for-effekt' er det, reglen giver; 'level_reason' er kun til et niveau, der afviger "
            "fra reglen; slet den",
        )
    ]


def test_check_asks_a_controlled_study_for_what_the_rule_reads() -> None:
    bare = {"key": "a", "design": "rct", "country": "Danmark"}
    problems = check_evidence(record("teoretisk-begrundet", bare), V)
    assert [p[0][-1] for p in problems] == ["comparator", "central_outcome", "result", "independent"]
    assert problems[0][1] == (
        "feltet mangler; et kontrolleret studie (lodtrækningsforsøg (rct)) skal angive 'comparator', for at "
        "evidensskalaens regel kan læse det"
    )
    protocol = study("p", "protokol", "positiv")
    assert check_evidence(record("ikke-undersoegt", protocol), V) == [
        (("evidence", "studies", 0, "result"), "en protokol måler ikke en effekt; slet 'result' eller ret 'design'")
    ]


def test_brief_is_generated_from_the_studies() -> None:
    evidence = {
        "studies": [
            study("a", country="Danmark", result="ingen-forskel"),
            study("b", "kvasieksperiment", country="Sverige", comparator="ingen-eller-venteliste"),
            study("c", "protokol", None),
        ]
    }
    assert brief(evidence, V) == (
        "2 kontrollerede forsøg (heraf 1 lodtrækningsforsøg) i Danmark og Sverige, sammenlignet med sædvanlig "
        "indsats og ingen indsats eller venteliste: 1 med positiv effekt og 1 uden effekt."
    )
    assert brief({"studies": [study("e", "evaluering")]}, V) == (
        "Ingen kontrollerede forsøg af indsatsen; 1 undersøgelse uden kontrolgruppe viser positive forandringer."
    )
    assert brief({"studies": []}, V) == "Ingen kontrollerede forsøg af indsatsen."


def test_counts_ignore_protocols_as_studies() -> None:
    assert counts([study("p", "protokol", None)], V)["studies"] == 0
