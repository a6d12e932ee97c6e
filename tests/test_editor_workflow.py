"""The editors' path through pull requests: field guide, `new`, editor support, an independent
validator, the workflows, the pull request template and the pre-commit hooks."""

from __future__ import annotations

import json
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pytest
import yaml

from catalogue import paths
from catalogue.editors.fieldguide import current_guide, field_guide
from catalogue.editors.scaffold import scaffold_text, slugify
from catalogue.records.placeholders import placeholder_hint
from catalogue.records.schema import load_schema as load_schema_file
from catalogue.records.vocabulary import load_vocabulary

from .conftest import FIXTURES, checked, run_cli

VOCABULARY = load_vocabulary(paths.VOCABULARY)


def load_schema() -> dict:
    return load_schema_file(paths.SCHEMA, VOCABULARY)


WORKFLOWS = sorted((paths.ROOT / ".github" / "workflows").glob("*.yml"))


def schema_paths(node: dict[str, Any], prefix: str = "") -> list[str]:
    """Every field of the schema, written as the guide writes it (`evidence.studies[].year`)."""
    found = []
    for key, sub in node.get("properties", {}).items():
        found.append(prefix + key)
        found += schema_paths(sub, f"{prefix}{key}.")
        if isinstance(sub.get("items"), dict):
            found += schema_paths(sub["items"], f"{prefix}{key}[].")
    return found


# --- field guide ---------------------------------------------------------------------------------------


def test_every_schema_field_is_in_the_field_guide() -> None:
    guide = current_guide()
    fields = schema_paths(load_schema())
    assert len(fields) > 40
    missing = [f for f in fields if f"### `{f}`: " not in guide]
    assert missing == [], "felter uden afsnit i feltguiden; kør `python build.py fieldguide`"


def test_every_vocabulary_term_of_a_field_is_in_the_field_guide() -> None:
    guide = current_guide()
    vocabulary = VOCABULARY
    for name in ("kinds", "mechanisms", "evidence_levels", "study_designs", "clearinghouses", "themes", "settings"):
        for term in vocabulary.lists[name].values():
            assert f"- `{term.id}`: " in guide, (name, term.id)
    for criterion in vocabulary.evidence_levels["dokumenteret-effekt"].data["criteria"]:
        assert " ".join(criterion.split()) in guide


def test_field_guide_in_contributing_is_current() -> None:
    assert current_guide() == field_guide(load_schema(), VOCABULARY), (
        "feltguiden er forældet; kør `python build.py fieldguide`"
    )
    assert run_cli("fieldguide", "--check").returncode == 0


def test_a_new_schema_field_makes_the_guide_stale() -> None:
    schema = load_schema()
    schema["properties"]["funding"] = {"title": "Finansiering", "description": "Hvem betaler.", "type": "string"}
    guide = field_guide(schema, VOCABULARY)
    assert "### `funding`: Finansiering\n\n*Valgfrit, tekst.*\n\nHvem betaler.\n" in guide
    assert guide != current_guide()


def test_contributing_is_danish_and_covers_the_editors_path() -> None:
    text = (paths.ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for needed in ("webeditor", "python build.py new", "python build.py check", "python build.py serve", "anmelder"):
        assert needed in text, needed


# --- python build.py new -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("De Utrolige År – Baby", "de-utrolige-aar-baby"),
        ("Ængstelige børn på Ærø", "aengstelige-boern-paa-aeroe"),
        ("Café Élan – naïve Förslag", "cafe-elan-naive-foerslag"),
        ("  FFT (Functional Family Therapy)  ", "fft-functional-family-therapy"),
        ("Trin 1+2: Åben rådgivning", "trin-1-2-aaben-raadgivning"),
    ],
)
def test_slug_from_name(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_new_writes_a_scaffold_and_refuses_to_overwrite(tmp_path: Path) -> None:
    records = tmp_path / "interventions"
    records.mkdir()
    result = run_cli("new", "De Utrolige År – Baby", "--records", records, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    target = records / "de-utrolige-aar-baby.yaml"
    assert result.stdout == (
        "Oprettet interventions/de-utrolige-aar-baby.yaml. Udfyld felterne, der begynder med UDFYLD, "
        "og kør: python build.py check\n"
    )
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/intervention.schema.json\n")
    data = yaml.safe_load(text)
    assert data["id"] == "de-utrolige-aar-baby"
    assert data["name"] == "De Utrolige År – Baby"

    target.write_text(text + "# mine ændringer\n", encoding="utf-8")
    again = run_cli("new", "De Utrolige År – Baby", "--records", records, cwd=tmp_path)
    assert again.returncode == 1
    assert again.stderr == (
        "Indsatsen blev ikke oprettet: interventions/de-utrolige-aar-baby.yaml findes allerede; "
        "ret den eksisterende indsats, eller vælg et andet id med --id\n"
    )
    assert target.read_text(encoding="utf-8").endswith("# mine ændringer\n")


def test_new_refuses_a_name_without_letters(tmp_path: Path) -> None:
    result = run_cli("new", "–?!", "--records", tmp_path, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "Indsatsen blev ikke oprettet: '' kan ikke bruges som id; navnet skal indeholde bogstaver eller tal, "
        "eller angiv et id med --id (små bogstaver a-z, tal og bindestreger)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_fresh_scaffold_fails_check_naming_each_unfilled_field(tmp_path: Path) -> None:
    records = tmp_path / "interventions"
    records.mkdir()
    assert run_cli("new", "Min indsats", "--records", records, cwd=tmp_path).returncode == 0
    result = run_cli("check", "--records", records, cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    problems, summary = lines[:-1], lines[-1]
    assert len(problems) == 73
    assert summary == "73 fejl i 1 fil. Ret fejlene, og kør check igen."
    assert all(": feltet er ikke udfyldt endnu: " in line for line in problems)
    text = (records / "min-indsats.yaml").read_text(encoding="utf-8").splitlines()
    summary_line = next(i for i, line in enumerate(text, 1) if line.startswith("summary:"))
    step_line = next(i for i, line in enumerate(text, 1) if line.startswith("staircase_step:"))
    assert (
        f"interventions/min-indsats.yaml:{summary_line}: summary: feltet er ikke udfyldt endnu: "
        "to til fire sætninger om, hvad indsatsen er, hvem den er til, og hvad forskningen viser [@nøgle]"
    ) in problems
    # A placeholder in a number field is reported once, as not filled in, not also as "not a number".
    assert [p for p in problems if f":{step_line}:" in p] == [
        f"interventions/min-indsats.yaml:{step_line}: staircase_step: feltet er ikke udfyldt endnu: "
        "trin på indsatstrappen, et tal fra 1 til 6"
    ]


def test_placeholder_is_reported_beside_other_mistakes(records_dir: Path, tmp_path: Path) -> None:
    record = records_dir / "eksempel.yaml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("summary: Et fiktivt", 'summary: "UDFYLD: kort resumé"\nx_summary: Et fiktivt', 1)
    record.write_text(text.replace("staircase_step: 3", "staircase_step: 8"), encoding="utf-8")
    result = run_cli("check", "--records", records_dir, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "interventions/eksempel.yaml:6: summary: feltet er ikke udfyldt endnu: kort resumé",
        "interventions/eksempel.yaml:7: x_summary: ukendt felt 'x_summary'; mente du 'summary'? (tilladte felter her: "
        "id, name, short_name, kind, summary, target_group, target_age, outcomes, activities, mechanisms, "
        "problem_areas, evidence, themes, staircase_step, settings, delivery, implementation, danish_context, "
        "legal_basis, related, sources, last_reviewed, changes, editor_notes)",
        "interventions/eksempel.yaml:44: staircase_step: '8' er ikke en gyldig værdi fra ordlisten 'staircase_steps' "
        "(tilladt: 1, 2, 3, 4, 5, 6)",
        "3 fejl i 1 fil. Ret fejlene, og kør check igen.",
    ]


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _fill(node: Any, example: Any, path: tuple[Any, ...] = ()) -> Any:
    """Replace each placeholder with the fixture record's value at the same place; drop it if there is none."""
    if isinstance(node, dict):
        filled = {}
        for key, value in node.items():
            result = _fill(value, example, path + (key,))
            if result is not _DROP:
                filled[key] = result
        return filled
    if isinstance(node, list):
        return [r for i, v in enumerate(node) if (r := _fill(v, example, path + (i,))) is not _DROP]
    if placeholder_hint(node) is None:
        return node
    try:
        return _at(example, path)
    except (KeyError, IndexError):
        return _DROP


_DROP = object()


def test_scaffold_has_every_schema_field_and_is_valid_once_filled(records_dir: Path, tmp_path: Path) -> None:
    text = scaffold_text("Min indsats", "min-indsats", VOCABULARY, paths.TEMPLATES)
    data = yaml.safe_load(text)
    for field in schema_paths(load_schema()):
        assert _at(data, tuple(0 if p.endswith("[]") else p for p in _split(field))) is not None, field
    example = yaml.safe_load((FIXTURES / "eksempel.yaml").read_text(encoding="utf-8"))
    filled = _fill(data, example)
    filled["id"] = "min-indsats"
    (records_dir / "min-indsats.yaml").write_text(yaml.safe_dump(filled, allow_unicode=True), encoding="utf-8")
    result = checked(records_dir, tmp_path)
    assert result.problems == []
    assert result.count == 3


def _split(field: str) -> list[Any]:
    parts: list[Any] = []
    for part in field.split("."):
        if part.endswith("[]"):
            parts += [part[:-2], "[]"]
        else:
            parts.append(part)
    return parts


# --- editor support and an independent validator ------------------------------------------------------


def test_vscode_maps_the_schema_to_every_record() -> None:
    settings = json.loads((paths.ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert list(mapping) == ["./schema/intervention.schema.json"]
    assert (paths.ROOT / "schema" / "intervention.schema.json").is_file()
    globs = mapping["./schema/intervention.schema.json"]
    records = sorted(p.relative_to(paths.ROOT).as_posix() for p in paths.RECORDS.glob("*.yaml"))
    assert records and all(any(fnmatch(r, g) for g in globs) for r in records)
    extensions = json.loads((paths.ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_every_record_names_the_schema_for_editors() -> None:
    for record in paths.RECORDS.glob("*.yaml"):
        first = record.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/intervention.schema.json", record.name


def check_jsonschema(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *map(str, args)], capture_output=True, text=True, check=False
    )


def test_check_jsonschema_accepts_the_real_records() -> None:
    records = sorted(paths.RECORDS.glob("*.yaml"))
    result = check_jsonschema("--schemafile", paths.SCHEMA, *records)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_check_jsonschema_rejects_a_broken_record(tmp_path: Path) -> None:
    broken = tmp_path / "eksempel.yaml"
    text = (FIXTURES / "eksempel.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("staircase_step: 3", "staircase_step: 8"), encoding="utf-8")
    result = check_jsonschema("--schemafile", paths.SCHEMA, broken)
    assert result.returncode == 1
    assert "$.staircase_step: 8 is not one of [1, 2, 3, 4, 5, 6]" in result.stdout


def test_check_jsonschema_reads_yaml_dates_as_text_and_checks_them(tmp_path: Path) -> None:
    # YAML 1.1 makes `2026-11-22` a timestamp; like our loader, check-jsonschema keeps it as text, so the
    # schema's `type: string, format: date` applies: a valid date passes and a day that does not exist fails.
    text = (FIXTURES / "eksempel.yaml").read_text(encoding="utf-8")
    assert "last_reviewed: 2" in text
    good = tmp_path / "good.yaml"
    good.write_text(text, encoding="utf-8")
    assert check_jsonschema("--schemafile", paths.SCHEMA, good).returncode == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("rated: 2024-05-01", "rated: 2024-02-30"), encoding="utf-8")
    result = check_jsonschema("--schemafile", paths.SCHEMA, bad)
    assert result.returncode == 1
    assert "'2024-02-30' is not a 'date'" in result.stdout


# --- GitHub: workflows, pull request template ----------------------------------------------------------


def test_workflows_are_valid_against_githubs_schema() -> None:
    assert [w.name for w in WORKFLOWS] == ["pages.yml", "pull-request.yml", "zensical.yml"]
    result = check_jsonschema("--builtin-schema", "vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_schema_check_can_fail(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    text = (paths.ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
    broken.write_text(text.replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"), encoding="utf-8")
    result = check_jsonschema("--builtin-schema", "vendor.github-workflows", broken)
    assert result.returncode == 1


def _workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((paths.ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def _runs(job: dict[str, Any]) -> list[str]:
    return [step.get("run") or step.get("uses") for step in job["steps"]]


def test_pull_request_workflow_checks_builds_tests_and_uploads_the_site() -> None:
    workflow = _workflow("pull-request.yml")
    assert "pull_request" in workflow["on"]
    (job,) = workflow["jobs"].values()
    runs = _runs(job)
    order = [
        "make .venv/.test",
        ".venv/bin/python build.py check",
        ".venv/bin/python build.py site --out site",
        "actions/upload-artifact@v4",
        "make test",
    ]
    assert [r for r in runs if r in order] == order
    upload = next(s for s in job["steps"] if s.get("uses") == "actions/upload-artifact@v4")
    assert upload["with"]["path"] == "site/"
    ci = (paths.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci  # the workflow runs the same command CI runs
    assert job["steps"][0]["with"]["fetch-depth"] == 0


def test_pages_workflow_deploys_main_to_github_pages() -> None:
    workflow = _workflow("pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "make site" in _runs(build)
    upload = next(s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site/"
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert any(str(r).startswith("actions/deploy-pages@") for r in _runs(deploy))


def test_pull_request_template_has_the_editors_checklist() -> None:
    text = (paths.ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    boxes = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(boxes) >= 6
    for needed in (
        "**Kilder:**",
        "**Senest gennemgået:**",
        "**Ændringshistorik:**",
        "**Korrektur:**",
        "**Evidensniveau:**",
        "kriterier",
    ):
        assert needed in text, needed


# --- pre-commit ---------------------------------------------------------------------------------------


def test_pre_commit_config_is_valid_and_local_only() -> None:
    config = paths.ROOT / ".pre-commit-config.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in data["repos"]] == ["local"]
    hooks = {hook["id"]: hook for hook in data["repos"][0]["hooks"]}
    assert hooks["catalogue-check"]["entry"] == ".venv/bin/python build.py check"
    assert hooks["ruff"]["entry"] == ".venv/bin/ruff check"
    assert all(hook["language"] == "system" for hook in hooks.values())


@pytest.mark.parametrize("command", ["new", "serve", "fieldguide"])
def test_new_commands_have_help_with_an_example(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert "Eksempel: python build.py " + command in result.stdout


def test_zensical_job_does_not_block_and_compares_the_engines() -> None:
    workflow = _workflow("zensical.yml")
    (job,) = workflow["jobs"].values()
    assert job["continue-on-error"] is True
    runs = _runs(job)
    assert runs[runs.index("make site") + 1 :] and any("scripts/compare_engines.py" in r for r in runs)
