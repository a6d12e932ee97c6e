"""The vocabulary file has a schema of its own (schema/vocabulary.schema.json), and `check` holds the file to it
and to what a schema cannot say, before anything else reads it: a mistake is a Danish message with the file,
the line and the field, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from catalogue import paths
from catalogue.project import Project, ProjectError
from catalogue.records.evidence import COUNTS
from catalogue.records.vocabulary import LISTS, load_vocabulary
from catalogue.records.vocabulary_check import SCHEMA, vocabulary_problems

REAL = paths.VOCABULARY.read_text(encoding="utf-8")
DATA = yaml.safe_load(REAL)


def index(name: str, term: Any) -> int:
    return [item["id"] for item in DATA[name]].index(term)


def edited(*replacements: tuple[str, str]) -> str:
    text = REAL
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def line(text: str, marker: str) -> int:
    assert text.count(marker) == 1, marker
    return text[: text.index(marker)].count("\n") + 1


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "vocabulary.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_real_vocabulary_passes() -> None:
    assert vocabulary_problems(paths.VOCABULARY) == []


def test_the_schema_is_draft_07_in_danish_and_names_what_the_code_reads() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)
    # Every list the code reads is required, and nothing else may stand at the top but the thesaurus.
    assert set(schema["required"]) == set(LISTS)
    assert set(schema["properties"]) == {*LISTS, "thesaurus", "term_titles"}
    assert schema["additionalProperties"] is False
    for name, node in schema["properties"].items():
        assert node["description"].strip() and node["title"].strip(), name
        if name == "term_titles":
            continue
        item = node["items"]
        assert item["type"] == "object" and item["additionalProperties"] is False, name
        if name != "thesaurus":
            assert {"id", "label"} <= set(item["required"]), name
    # The evidence rule's counts are the ones catalogue/records/evidence.py counts.
    assert list(schema["definitions"]["counts"]["properties"]) == list(COUNTS)


# (the broken file, a text on the line the problem must name, the field, the message or its start)
BROKEN = [
    pytest.param(
        edited(('  staircase_steps: "Trin {id}: {label}"', '  staircase_step: "Trin {id}: {label}"')),
        '  staircase_step: "Trin',
        "term_titles.staircase_step",
        "ordlisten 'staircase_step' findes ikke i filen; mente du 'staircase_steps'?",
        id="titles-of-an-unknown-list",
    ),
    pytest.param(
        edited(('  staircase_steps: "Trin {id}: {label}"', '  staircase_steps: "Trin {nummer}: {label}"')),
        '  staircase_steps: "Trin {nummer}',
        "term_titles.staircase_steps",
        "kun {id} og {label} kan stå i navnet, ikke {nummer}",
        id="titles-with-an-unknown-field",
    ),
    pytest.param(
        edited(("  - id: lovende\n    label: Lovende praksis\n", "  - id: lovende\n")),
        "  - id: lovende\n",
        f"evidence_levels[{index('evidence_levels', 'lovende')}].label",
        "feltet mangler; det er påkrævet",
        id="missing-label",
    ),
    pytest.param(
        edited(("    order: 3\n", "    order: tre\n")),
        "order: tre",
        f"evidence_levels[{index('evidence_levels', 'indikation-for-effekt')}].order",
        "skal være et helt tal, men er teksten 'tre'",
        id="wrong-type",
    ),
    pytest.param(
        edited(("    label: Gruppeforløb\n", "    label: Gruppeforløb\n    lable: Gruppe\n")),
        "lable: Gruppe",
        f"formats[{index('formats', 'gruppe')}].lable",
        "ukendt felt 'lable'; mente du 'label'? (tilladte felter her: id, label, description)",
        id="unknown-key",
    ),
    pytest.param(
        edited(("  - id: individuel\n", "  - id: gruppe\n")),
        "  - id: gruppe\n    label: Individuelt",
        f"formats[{index('formats', 'individuel')}].id",
        f"id'et 'gruppe' står også i formats[{index('formats', 'gruppe')}]; et id må kun stå én gang i en liste",
        id="duplicate-id",
    ),
    pytest.param(
        edited(("    vocabulary: themes\n", "    vocabulary: temaer\n")),
        "vocabulary: temaer",
        f"facets[{[f['id'] for f in DATA['facets']].index('theme')}].vocabulary",
        "ordlisten 'temaer' findes ikke i filen; mente du 'themes'?",
        id="facet-names-an-unknown-list",
    ),
    pytest.param(
        edited(("includes: [dokumenteret-effekt-i-danmark]", "includes: [dokumenteret-effekt-i-dk]")),
        "includes: [dokumenteret-effekt-i-dk]",
        f"evidence_levels[{index('evidence_levels', 'dokumenteret-effekt')}].includes[0]",
        "evidensniveauet 'dokumenteret-effekt-i-dk' findes ikke i evidence_levels; mente du 'dokumenteret-effekt-i-danmark'?",
        id="includes-an-unknown-level",
    ),
    pytest.param(
        edited(
            ("{min: {positive: 1}, max: {no_effect: 0, mixed: 0", "{min: {positiv: 1}, max: {no_effect: 0, mixed: 0")
        ),
        "{min: {positiv: 1}",
        f"evidence_levels[{index('evidence_levels', 'indikation-for-effekt')}].rule[0].min.positiv",
        "ukendt felt 'positiv'; mente du 'positive'?",
        id="rule-counts-what-the-rule-does-not-count",
    ),
    pytest.param(
        edited(("    order: 4\n", "    order: 3\n")),
        "    order: 3\n    criteria:\n      - Der er mindst to",
        f"evidence_levels[{index('evidence_levels', 'blandede-resultater')}].order",
        "rækkefølgen 3 har 'indikation-for-effekt' også; hvert niveau skal have sin egen plads",
        id="two-levels-in-one-place",
    ),
    pytest.param(
        edited(("    role: protocol\n", "    role: plan\n")),
        "role: plan",
        f"study_designs[{index('study_designs', 'protokol')}].role",
        "'plan' er ikke en gyldig værdi (tilladt: controlled, review, uncontrolled, none, protocol)",
        id="unknown-role",
    ),
    pytest.param(
        edited(("    min: 1\n    max: 2\n", "    min: 2\n    max: 1\n")),
        "    min: 2\n",
        f"age_bands[{index('age_bands', 'smaaboern')}].min",
        "'min' (2) er større end 'max' (1); byt om på dem",
        id="band-upside-down",
    ),
    pytest.param(
        edited(("  - id: hjemmet\n    label: Hjemmet\n", "  - id: hjemmet\n    label: Hjemmet\n    label: Hjem\n")),
        "label: Hjem\n",
        f"settings[{index('settings', 'hjemmet')}].label",
        "feltet står to gange",
        id="key-twice",
    ),
    pytest.param(
        edited(("terms: [problem_areas/rusmidler]", "terms: [problem_areas/rusmiddel]")),
        "terms: [problem_areas/rusmiddel]",
        f"thesaurus[{[g.get('terms') for g in DATA['thesaurus']].index(['problem_areas/rusmidler']) + 1}].terms",
        "ordlisten 'problem_areas' har intet begreb med id 'rusmiddel'.",
        id="thesaurus-by-its-own-check-once",
    ),
    pytest.param(
        edited(
            (
                "  - words: [mor, mødre, far, fædre, forældre]\n",
                "  - words: [mor, mødre, far, fædre, forældre]\n    ord: [mødre]\n",
            )
        ),
        "  - words: [mor, mødre, far",
        f"thesaurus[{[g['words'][0] for g in DATA['thesaurus']].index('mor') + 1}]",
        "ukendt nøgle 'ord': en gruppe har kun 'words' og 'terms'.",
        id="thesaurus-group-with-an-unknown-key-once",
    ),
    pytest.param(
        edited(("  - id: gruppe\n    label: Gruppeforløb\n", "  - id: gruppe\n    label: [Gruppeforløb\n")),
        "  - id: individuel",
        "",
        "YAML-syntaksfejl: ",
        id="not-yaml",
    ),
    pytest.param(
        edited(
            ("    label: Gruppeforløb\n", "    label: &navn Gruppeforløb\n"),
            ("    label: Individuelt forløb\n", "    label: *navn\n"),
        ),
        "label: *navn",
        f"formats[{index('formats', 'individuel')}].label",
        "YAML-aliaser (*navn) er ikke tilladt i ordlisten",
        id="alias",
    ),
    pytest.param("", "", "", "filen er tom; ordlisten skal have listerne kinds", id="empty"),
    pytest.param("# kun en kommentar\n", "# kun", "", "filen er tom", id="only-a-comment"),
    pytest.param(
        "- kinds\n- facets\n", "- kinds", "", "filen indeholder en liste; ordlisten skal være lister", id="a-list"
    ),
    pytest.param("ordliste\n", "ordliste", "", "filen indeholder en enkelt værdi", id="a-word"),
]


@pytest.mark.parametrize(("text", "marker", "field", "message"), BROKEN)
def test_a_broken_vocabulary_is_one_danish_message_with_its_line(
    tmp_path: Path, text: str, marker: str, field: str, message: str
) -> None:
    found = vocabulary_problems(write(tmp_path, text))
    assert [(p.line, p.field) for p in found] == [(line(text, marker) if marker else 1, field)], found
    assert found[0].message.startswith(message), found[0].message
    assert found[0].path == (tmp_path / "vocabulary.yaml").as_posix()


def test_a_list_missing_or_misnamed_is_named(tmp_path: Path) -> None:
    text = edited(("\ncost_units:\n", "\ncost_unitz:\n"))
    found = {(p.line, p.field, p.message.split(";")[0]) for p in vocabulary_problems(write(tmp_path, text))}
    assert found == {
        (line(text, "kinds:"), "cost_units", "feltet mangler"),
        (line(text, "cost_unitz:"), "cost_unitz", "ukendt felt 'cost_unitz'"),
    }


def test_the_check_works_on_a_file_the_vocabulary_loader_fails_on(tmp_path: Path) -> None:
    """The project will check the file before it loads it: the loader's KeyError is a message here."""
    path = write(tmp_path, edited(("  - id: aar\n    label: år\n", "  - id: aar\n")))
    with pytest.raises(KeyError):
        load_vocabulary(path)
    assert [p.field for p in vocabulary_problems(path)] == ["age_units[0].label"]


def test_the_project_is_not_made_from_a_wrong_vocabulary(tmp_path: Path, records_dir: Path) -> None:
    """The vocabulary is checked when the project is made, before any record is read or any stage uses it."""
    path = write(tmp_path, edited(("    order: 3\n", "    order: tre\n")))
    with pytest.raises(ProjectError) as raised:
        Project.load(records_dir, vocabulary_file=path)
    assert [p.message for p in raised.value.problems] == ["skal være et helt tal, men er teksten 'tre'"]


def test_build_check_prints_the_vocabulary_problem_and_fails(tmp_path: Path, records_dir: Path) -> None:
    """`build.py check` on a vocabulary elsewhere: a fresh process, told the file's place before it reads it."""
    path = write(tmp_path, edited(("  - id: hjemmet\n", "  - id: hjemmet\n    lable: Hjem\n")))
    run = (
        "import sys; from pathlib import Path; from catalogue import paths; paths.VOCABULARY = Path(sys.argv[1]); "
        "from catalogue.cli import main; sys.exit(main(['check', '--records', sys.argv[2]]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", run, str(path), str(records_dir)],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    expected = f"{path.as_posix()}:{line(path.read_text(encoding='utf-8'), 'lable: Hjem')}: settings[0].lable: ukendt felt 'lable'"
    assert expected in done.stderr and "Traceback" not in done.stderr
    assert "1 fejl i 1 fil. Ret fejlene, og kør check igen." in done.stderr
