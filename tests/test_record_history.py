"""Record pages: "Senest gennemgået", the change history the editors write in Danish (`changes:`), and an
edit link to the record's YAML file only when a real repository is configured."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from catalogue import paths
from catalogue.editors.scaffold import scaffold_text
from catalogue.records.history import unrecorded_changes
from catalogue.records.load import load_records
from catalogue.records.validate import Rules, validate
from catalogue.settings import Settings, SettingsError, load_settings
from catalogue.site.pages import render_record_pages

from .conftest import FIXTURES, checked, edit, load_project, run_cli

CHANGES = """changes:
  - date: 2025-01-03
    description: Oprettet.
  - date: 2025-03-15
    description: Antallet af møder er rettet fra *ti* til tolv <b>efter</b> udbyderens nye beskrivelse.
  - date: 2025-03-15
    description: Kilden fra udbyderen er skiftet til den nye udgave.
"""


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """The two fixture records; eksempel.yaml with a change history written out of order."""
    folder = tmp_path / "interventions"
    folder.mkdir()
    text = (FIXTURES / "eksempel.yaml").read_text(encoding="utf-8")
    (folder / "eksempel.yaml").write_text(
        edit(text, ("last_reviewed: 2026-11-22\n", "last_reviewed: 2026-11-22\n" + CHANGES)), encoding="utf-8"
    )
    (folder / "andet-eksempel.yaml").write_text(
        (FIXTURES / "andet-eksempel.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return folder


def pages(records: Path, settings: Settings) -> dict[str, str]:
    result = checked(records, records.parent)
    return dict(render_record_pages(dataclasses.replace(result.dated, settings=settings), result.valid))


def test_history_is_shown_newest_first_in_danish_and_escaped(records: Path) -> None:
    page = pages(records, Settings())["indsatser/eksempel.md"]
    assert (
        "## Ændringshistorik { #aendringshistorik data-search-exclude }\n\n"
        "- **15. marts 2025:** Antallet af møder er rettet fra \\*ti\\* til tolv &lt;b&gt;efter&lt;/b&gt; udbyderens "
        "nye beskrivelse.\n"
        "- **15. marts 2025:** Kilden fra udbyderen er skiftet til den nye udgave.\n"
        "- **3. januar 2025:** Oprettet.\n"
    ) in page
    assert "Senest gennemgået: " in page


def test_no_history_section_without_changes(records: Path) -> None:
    page = pages(records, Settings())["indsatser/andet-eksempel.md"]
    assert "Ændringshistorik" not in page and "Senest gennemgået: " in page


def test_edit_link_only_with_a_configured_repository(records: Path) -> None:
    linked = pages(records, Settings("https://github.com/eksempel/katalog", "main"))["indsatser/eksempel.md"]
    assert (
        "[Ret indsatsen (YAML-filen) på GitHub]"
        "(https://github.com/eksempel/katalog/edit/main/interventions/eksempel.yaml){ .edit-record }"
    ) in linked
    for unlinked in (
        pages(records, Settings())["indsatser/eksempel.md"],
        pages(records, Settings(""))["indsatser/eksempel.md"],
    ):
        assert "Ret indsatsen" not in unlinked and "github.com" not in unlinked


@pytest.mark.parametrize("line", ['repository = ""', "", 'branch = "main"'])
def test_empty_or_absent_repository_means_no_edit_links(tmp_path: Path, line: str) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f"[tool.catalogue]\n{line}\n", encoding="utf-8")
    settings = load_settings(pyproject)
    assert settings.repository is None
    assert settings.edit_url("interventions/fft.yaml") is None


def test_a_repository_address_gives_edit_links(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.catalogue]\nrepository = "https://github.com/a/b/"\n', encoding="utf-8")
    settings = load_settings(pyproject)
    assert settings == Settings("https://github.com/a/b", "main")
    assert (
        settings.edit_url("interventions/æble.yaml") == "https://github.com/a/b/edit/main/interventions/%C3%A6ble.yaml"
    )
    assert load_settings(tmp_path / "mangler.toml") == Settings()
    pyproject.write_text('[tool.catalogue]\nrepository = "github.com/a/b"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="repository skal være en https-adresse"):
        load_settings(pyproject)


def test_the_project_publishes_no_edit_links_until_its_repository_is_set() -> None:
    # The public repository does not exist yet: pyproject.toml leaves the address empty (see its comment).
    assert load_settings().repository is None


def _check_on(records: Path, today: dt.date) -> list[str]:
    sources, problems = load_records(records, records.parent)
    assert problems == []
    project = load_project(records)
    return [str(p) for p in validate(sources, Rules(project.schema, project.vocabulary, today))[1]]


def test_a_change_may_not_be_dated_after_today(records: Path) -> None:
    # `today` is given, so the test does not depend on the day it runs.
    assert _check_on(records, dt.date(2025, 3, 15)) == []
    assert _check_on(records, dt.date(2025, 3, 14)) == [
        "interventions/eksempel.yaml:90: changes[1].date: '2025-03-15' ligger i fremtiden; skriv den dag, "
        "ændringen blev lavet",
        "interventions/eksempel.yaml:92: changes[2].date: '2025-03-15' ligger i fremtiden; skriv den dag, "
        "ændringen blev lavet",
    ]


def test_every_record_has_a_danish_history_that_starts_with_its_creation() -> None:
    for file in sorted(paths.RECORDS.glob("*.yaml")):
        changes = yaml.safe_load(file.read_text(encoding="utf-8")).get("changes")
        assert changes, file.name
        dates = [str(c["date"]) for c in changes]
        assert dates == sorted(dates, reverse=True), file.name  # written newest first, as the page shows it
        assert changes[-1]["description"] == "Oprettet.", file.name
        assert all(c["description"].endswith(".") for c in changes), file.name


def test_new_record_starts_its_history_with_oprettet() -> None:
    project = load_project()
    text = scaffold_text("Min indsats", "min-indsats", project.vocabulary, project.templates, dt.date(2026, 11, 26))
    assert "changes:\n  - date: 2026-11-26\n    description: Oprettet.\n" in text
    assert yaml.safe_load(text)["changes"] == [{"date": dt.date(2026, 11, 26), "description": "Oprettet."}]


# --- the reminder for a change without a history entry ------------------------------------------------


def git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Redaktør",
        "GIT_AUTHOR_EMAIL": "redaktoer@example.org",
        "GIT_COMMITTER_NAME": "Redaktør",
        "GIT_COMMITTER_EMAIL": "redaktoer@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture
def clone(records: Path) -> Path:
    """A git repository whose branch main holds the two records; the editor works on a branch."""
    repo = records.parent
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Indsatser")
    git(repo, "switch", "-q", "-c", "ret-eksempel")
    return repo


def reminders(records: Path, base: str = "main") -> list[str]:
    return [str(p) for p in unrecorded_changes(checked(records, records.parent).sources, records, base)]


REMINDER = (
    "interventions/eksempel.yaml:87: changes: filen er ændret i forhold til main, men ændringshistorikken har ikke "
    "fået et nyt punkt; skriv øverst i changes, hvad der er ændret, med dagens dato (rettelser af stavefejl skal "
    "ikke med)"
)


def test_a_changed_record_without_a_new_history_entry_gets_a_reminder(clone: Path) -> None:
    record = clone / "interventions" / "eksempel.yaml"
    text = record.read_text(encoding="utf-8")
    assert reminders(clone / "interventions") == []  # nothing changed yet
    record.write_text(edit(text, ("ti gange", "tolv gange")), encoding="utf-8")
    assert reminders(clone / "interventions") == [REMINDER]  # uncommitted
    git(clone, "commit", "-q", "-a", "-m", "Ret antal")
    assert reminders(clone / "interventions") == [REMINDER]  # committed on the branch
    record.write_text(
        edit(
            text,
            ("ti gange", "tolv gange"),
            ("changes:\n", "changes:\n  - date: 2025-04-01\n    description: Antallet af gange er rettet til tolv.\n"),
        ),
        encoding="utf-8",
    )
    assert reminders(clone / "interventions") == []


def test_no_reminder_outside_a_clone_or_without_the_base_branch(records: Path, tmp_path: Path) -> None:
    assert reminders(records) == []  # not a clone
    git(tmp_path, "init", "-q", "-b", "andet")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "Indsatser")
    record = records / "eksempel.yaml"
    record.write_text(edit(record.read_text(encoding="utf-8"), ("ti gange", "tolv gange")), encoding="utf-8")
    assert reminders(records) == []  # no branch main (a shallow checkout)
    assert len(reminders(records, base="andet")) == 1


def test_check_prints_the_reminder_and_still_succeeds(clone: Path) -> None:
    record = clone / "interventions" / "eksempel.yaml"
    record.write_text(edit(record.read_text(encoding="utf-8"), ("ti gange", "tolv gange")), encoding="utf-8")
    result = run_cli("check", "--records", clone / "interventions", cwd=clone)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["Alle 2 indsatser er gyldige.", f"Påmindelse: {REMINDER}"]
