"""The schema file is the single definition of a record, in sync with the vocabulary, in Danish."""

from __future__ import annotations

import json

from jsonschema import Draft7Validator

from catalogue import paths
from catalogue.records.schema import load_schema, schema_text
from catalogue.records.vocabulary import LISTS, default_vocabulary


def walk(node, path=()):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.get("properties", {}).items():
            yield from walk(value, path + (key,))
        if isinstance(node.get("items"), dict):
            yield from walk(node["items"], path + ("[]",))


def test_schema_file_is_in_sync_with_the_vocabulary() -> None:
    committed = paths.SCHEMA.read_text(encoding="utf-8")
    assert committed == schema_text(load_schema()), "Kør `python build.py schema` og commit schema/"


def test_schema_is_valid_draft_07() -> None:
    schema = json.loads(paths.SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)


def test_every_field_has_a_danish_title_and_description() -> None:
    for path, node in walk(load_schema()):
        assert node.get("title") and node.get("description"), path
        assert node["description"].endswith((".", ")")), path


def test_objects_refuse_unknown_keys() -> None:
    for path, node in walk(load_schema()):
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


def test_evidence_levels_have_criteria_and_distinct_ranks() -> None:
    levels = default_vocabulary().evidence_levels.values()
    assert all(level.criteria for level in levels)
    assert len({level.rank for level in levels}) == len(levels)
    ids = {level.id for level in levels}
    assert {"ingen-effekt", "ikke-undersoegt"} <= ids


def test_age_bands_cover_0_to_23_without_gaps() -> None:
    bands = list(default_vocabulary().age_bands.values())
    assert bands[0].min == 0
    assert all(a.max == b.min for a, b in zip(bands, bands[1:], strict=False))
    assert bands[-1].max == 23


def test_band_rule_reads_ages_as_people_say_them() -> None:
    vocabulary = default_vocabulary()
    ids = lambda low, high: [b.id for b in vocabulary.bands_for(low, high)]  # noqa: E731
    assert ids(0, 1) == ["spaedboern"]
    assert ids(1, 3) == ["smaaboern"]
    assert ids(0, 6) == ["spaedboern", "smaaboern", "foerskoleboern"]
    assert ids(6, 6) == ["skoleboern"]
    assert ids(0.5, 1.5) == ["spaedboern", "smaaboern"]
