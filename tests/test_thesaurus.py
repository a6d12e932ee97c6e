"""The search's thesaurus (vocabulary.yaml: thesaurus): data beside the terms, checked by `build.py check`,
indexed in its own fields so a synonym ranks below the record's own words."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue import paths
from catalogue.project import ProjectError
from catalogue.records.thesaurus import problems
from catalogue.site.catalogue_page import FIELDS, OWN, RELATED, field_texts, related_words

from .conftest import checked

VOCABULARY = paths.VOCABULARY.read_text(encoding="utf-8")


def _vocabulary(tmp_path: Path, thesaurus: str) -> Path:
    start = VOCABULARY.index("\nthesaurus:")
    path = tmp_path / "vocabulary.yaml"
    path.write_text(VOCABULARY[:start] + "\nthesaurus:\n" + thesaurus, encoding="utf-8")
    return path


def test_the_real_thesaurus_is_valid_and_serves_every_kind_of_term() -> None:
    assert problems() == []
    from catalogue.records.vocabulary import load_vocabulary

    lists = {name for group in load_vocabulary(paths.VOCABULARY).thesaurus for name, _ in group.terms}
    assert {"problem_areas", "age_bands", "settings", "mechanisms"} <= lists


def test_a_synonym_of_an_unknown_term_is_refused_with_file_and_line(tmp_path: Path) -> None:
    path = _vocabulary(
        tmp_path,
        "  - words: [ensomhed]\n"
        "    terms: [problem_areas/social-isolation]\n"
        "  - words: [voldsom]\n"
        "    terms: [problem_areas/vold, problemer/kriminalitet]\n"
        "  - terms: [age_bands/unge]\n",
    )
    found = problems(path)
    lines = VOCABULARY[: VOCABULARY.index("\nthesaurus:")].count("\n") + 2
    messages = [(p.line, p.field, p.message) for p in found]
    assert (lines + 4, "thesaurus[2].terms", "ordlisten 'problem_areas' har intet begreb med id 'vold'.") in messages
    assert any(line == lines + 4 and "'problemer/kriminalitet' skal skrives 'liste/id'" in m for line, _, m in messages)
    assert any(field == "thesaurus[3].words" and "mindst ét ord" in m for _, field, m in messages)
    assert len(found) == 3
    assert all(p.path.endswith("vocabulary.yaml") for p in found)


def test_check_refuses_the_catalogue_while_the_thesaurus_is_wrong(tmp_path: Path, records_dir: Path) -> None:
    path = _vocabulary(tmp_path, "  - words: [ensomhed]\n    terms: [problem_areas/ensomhed]\n")
    with pytest.raises(ProjectError) as refused:  # the vocabulary is checked when the project is made
        checked(records_dir, records_dir.parent, vocabulary_file=path)
    assert [p.message for p in refused.value.problems] == [
        "ordlisten 'problem_areas' har intet begreb med id 'ensomhed'."
    ]


def test_synonyms_find_records_by_their_terms_and_by_their_own_words(records_dir: Path) -> None:
    catalogue = checked(records_dir, records_dir.parent).valid
    entry = catalogue.by_id["eksempel"]
    own, related = related_words(entry)
    assert FIELDS[OWN][1] < FIELDS[RELATED][1]  # a synonym ranks below the record's own word
    # The fixture is a "forældrekursus" (its own word, in any field): the group's other words find it.
    assert "forældrekursus" in own and "forældreprogram" in related
    # Its problem areas bring their everyday words.
    areas = {("problem_areas", area.id) for area, _, _ in entry.problem_areas}
    groups = [g for g in catalogue.vocabulary.thesaurus if areas & set(g.terms)]
    assert groups
    single = [word for g in groups for word in g.words if " " not in word and "-" not in word]
    assert single and all(word in related for word in single)  # its terms' words, used or not
    # A phrase finds it only through its own text: each word of "kontakt med barnet" would find every record
    # with the term.
    phrases = [word for g in groups for word in g.words if " " in word and word not in own]
    assert phrases and not set(phrases) & set(related)
    # And its terms' labels.
    assert {area.label for area, _, _ in entry.problem_areas} <= set(related)
    assert [text for field, text in field_texts(entry) if field == RELATED] == related
