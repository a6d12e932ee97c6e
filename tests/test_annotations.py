"""GitHub Actions: each problem as an `::error` annotation, the whole list in the job summary."""

from __future__ import annotations

import os
from pathlib import Path

from catalogue.editors.annotations import annotation, escape_data, escape_property, summary_markdown
from catalogue.problems import Problem

from .conftest import run_cli


def test_escaping_of_message_and_properties() -> None:
    assert escape_data("50% af\r\nbørn: a,b") == "50%25 af%0D%0Abørn: a,b"
    assert escape_property("50% af\r\nbørn: a,b") == "50%25 af%0D%0Abørn%3A a%2Cb"


def test_annotation_exact() -> None:
    problem = Problem("interventions/fft.yaml", 19, "evidence.level", "'høj' er ikke en gyldig værdi (tilladt: a, b)")
    assert annotation(problem) == (
        "::error file=interventions/fft.yaml,line=19,title=evidence.level::'høj' er ikke en gyldig værdi (tilladt: a, b)"
    )


def test_annotation_escapes_everything_the_runner_parses() -> None:
    problem = Problem("interventions/a,b:c.yaml", 3, "x", "100%\nnæste linje\r")
    assert annotation(problem) == "::error file=interventions/a%2Cb%3Ac.yaml,line=3,title=x::100%25%0Anæste linje%0D"


def test_annotation_without_line_or_field() -> None:
    problem = Problem("findes-ikke", 0, "", "mappen med indsatser findes ikke")
    assert annotation(problem) == "::error file=findes-ikke,title=Indsats::mappen med indsatser findes ikke"


def test_summary_markdown_exact() -> None:
    problems = [
        Problem("interventions/b.yaml", 2, "name", "må ikke være tom"),
        Problem("interventions/a.yaml", 7, "summary", "teksten 'a | b <i>' er for lang"),
    ]
    assert summary_markdown(problems, 2) == (
        "## Tjek af indsatserne\n"
        "\n"
        "**2 fejl i 2 filer.** Ret dem, og skub ændringen igen.\n"
        "\n"
        "| Fil | Linje | Felt | Fejl |\n"
        "| --- | ---: | --- | --- |\n"
        "| interventions/a.yaml | 7 | summary | teksten 'a &#124; b &lt;i&gt;' er for lang |\n"
        "| interventions/b.yaml | 2 | name | må ikke være tom |\n"
    )
    assert summary_markdown([], 16) == "## Tjek af indsatserne\n\nAlle 16 indsatser er gyldige.\n"


def _actions_env(summary: Path) -> dict[str, str]:
    return {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}


def test_check_in_github_actions_prints_annotations_and_writes_summary(records_dir: Path, tmp_path: Path) -> None:
    record = records_dir / "eksempel.yaml"
    record.write_bytes(record.read_bytes().replace(b"staircase_step: 3", b"staircase_step: 8"))
    summary = tmp_path / "summary.md"
    summary.write_text("# Tidligere trin\n", encoding="utf-8")
    result = run_cli("check", "--records", records_dir, cwd=tmp_path, env=_actions_env(summary))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("::error file=interventions/eksempel.yaml,line=43,title=staircase_step::'8' er ikke")
    # The plain list is still printed for the log.
    assert "interventions/eksempel.yaml:43: staircase_step:" in result.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# Tidligere trin\n## Tjek af indsatserne\n\n**1 fejl i 1 fil.**")
    assert "| interventions/eksempel.yaml | 43 | staircase\\_step | '8' er ikke" in text


def test_check_outside_github_actions_prints_no_annotations(records_dir: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    result = run_cli("check", "--records", records_dir, cwd=tmp_path, env=env)
    assert result.returncode == 0
    assert "::error" not in result.stdout + result.stderr


def test_valid_check_in_github_actions_writes_success_summary(records_dir: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = run_cli("check", "--records", records_dir, cwd=tmp_path, env=_actions_env(summary))
    assert result.returncode == 0
    assert "::error" not in result.stdout
    assert summary.read_text(encoding="utf-8") == "## Tjek af indsatserne\n\nAlle 2 indsatser er gyldige.\n"
