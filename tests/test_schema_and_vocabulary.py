"""The schema file is the single definition of a record, in sync with the vocabulary, in Danish."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft7Validator

from catalogue import paths
from catalogue.records import ages
from catalogue.records.facets import facets
from catalogue.records.schema import load_schema, schema_text
from catalogue.records.vocabulary import LISTS, Vocabulary, load_vocabulary


def default_vocabulary() -> Vocabulary:
    return load_vocabulary(paths.VOCABULARY)


def default_schema() -> dict:
    return load_schema(paths.SCHEMA, default_vocabulary())


def walk(node, path=()):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.get("properties", {}).items():
            yield from walk(value, path + (key,))
        if isinstance(node.get("items"), dict):
            yield from walk(node["items"], path + ("[]",))


def test_schema_file_is_in_sync_with_the_vocabulary() -> None:
    committed = paths.SCHEMA.read_text(encoding="utf-8")
    assert committed == schema_text(default_schema()), "Kør `python build.py schema` og commit schema/"


def test_schema_is_valid_draft_07() -> None:
    schema = json.loads(paths.SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)


def test_every_field_has_a_danish_title_and_description() -> None:
    for path, node in walk(default_schema()):
        assert node.get("title") and node.get("description"), path
        assert node["description"].endswith((".", ")")), path


def test_every_pattern_says_in_danish_what_it_asks_for() -> None:
    """The check's message for a pattern comes from the schema (`x-message`), not from the field's name."""
    patterns = [(path, node) for path, node in walk(default_schema()) if "pattern" in node]
    assert len(patterns) >= 3
    for path, node in patterns:
        assert node.get("x-message", "").strip(), path
        assert "[a-z" not in node["x-message"] and "^" not in node["x-message"], path  # words, not the regex


def test_objects_refuse_unknown_keys() -> None:
    for path, node in walk(default_schema()):
        if node.get("type") == "object":
            assert node.get("additionalProperties") is False, path


def test_every_vocabulary_term_has_a_label_and_unique_id() -> None:
    vocabulary = default_vocabulary()
    for name in LISTS:
        terms = vocabulary.lists[name]
        assert terms, name
        for term in terms.values():
            assert term.label, (name, term.id)
    for name in ("kinds", "age_bands", "themes", "staircase_steps", "mechanisms", "evidence_levels"):
        for term in vocabulary.lists[name].values():
            assert len(term.description) > 40, (name, term.id)


def test_evidence_levels_have_criteria_rules_and_distinct_orders() -> None:
    levels = default_vocabulary().evidence_levels.values()
    assert all(level.criteria and level.rule for level in levels)
    assert sorted(level.order for level in levels) == list(range(1, len(levels) + 1))
    ids = {level.id for level in levels}
    assert {"ingen-effekt", "ikke-undersoegt"} <= ids
    # `includes` names levels that exist.
    assert all(set(level.data.get("includes", [])) <= ids for level in levels)


def test_age_bands_cover_0_to_22_without_gaps_both_ends_included() -> None:
    bands = list(default_vocabulary().age_bands.values())
    assert bands[0].min == 0
    assert all(a.max + 1 == b.min for a, b in zip(bands, bands[1:], strict=False))
    assert bands[-1].max == 22


def years(low: int, high: int) -> dict[str, int]:
    return {"min": low, "max": high}


def test_band_rule_reads_ages_as_people_say_them() -> None:
    vocabulary = default_vocabulary()

    def ids(target: dict[str, object]) -> list[str]:
        return [b.id for b in vocabulary.bands_for(target)]

    assert ids(years(0, 0)) == ["spaedboern"]
    assert ids(years(1, 2)) == ["smaaboern"]
    assert ids(years(0, 5)) == ["spaedboern", "smaaboern", "foerskoleboern"]
    assert ids(years(6, 6)) == ["skoleboern"]
    assert ids(years(11, 17)) == ["skoleboern", "unge"]
    assert ids({"min": 0, "max": 12, "unit": "maaneder"}) == ["spaedboern", "smaaboern"]
    assert ids({"min": 0, "max": 11, "unit": "maaneder"}) == ["spaedboern"]
    assert ids({"min": 6, "max": 30, "unit": "maaneder"}) == ["spaedboern", "smaaboern"]


@pytest.mark.parametrize(
    ("target", "age", "fits"),
    [
        (years(11, 17), 17, True),  # "11–17 år" includes 17-year-olds (FFT)
        (years(11, 17), 17.9, True),
        (years(11, 17), 18, False),
        (years(0, 17), 17, True),  # "under 18"
        (years(11, 17), 10, False),
        ({"min": 0, "max": 12, "unit": "maaneder"}, 2, False),  # a baby programme is not for a two-year-old
        ({"min": 0, "max": 12, "unit": "maaneder"}, 0.5, True),
        ({"min": 0, "max": 12, "unit": "maaneder"}, 1, True),  # 12 months old: the last month it covers
        (years(4, 4), 4, True),
        (years(3, 5), 2.5, False),
        (years(3, 5), 5.5, True),
    ],
)
def test_a_child_of_an_age_fits_a_target_age(target: dict[str, object], age: float, fits: bool) -> None:
    assert ages.fits_child(target, age) is fits


def test_age_labels() -> None:
    assert ages.label(years(11, 17)) == "11–17 år"
    assert ages.label(years(4, 4)) == "4 år"
    assert ages.label({"min": 0, "max": 12, "unit": "maaneder"}) == "0–12 måneder"


def test_the_staircase_is_socialstyrelsens() -> None:
    steps = [term.label for term in default_vocabulary().staircase_steps.values()]
    assert steps == [
        "Tidligere indsatser i almenområdet",
        "Forebyggende indsatser",
        "Hjemmebaserede foranstaltninger",
        "Anbringelse i slægt eller netværk",
        "Anbringelse i plejefamilie",
        "Anbringelse på institution",
    ]


def test_every_filter_reads_a_vocabulary_and_a_field() -> None:
    vocabulary = default_vocabulary()
    found = facets(vocabulary)
    assert [f.id for f in found][:2] == ["band", "problem"]
    for facet in found:
        assert facet.vocabulary in vocabulary.lists
        assert facet.field == "@bands" or facet.field.split("[")[0].split(".")[0] in default_schema()["properties"]
