"""Record pages: "Senest gennemgået", an edit link to the record's YAML file, and its history from git."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from catalogue.build import check, render_all
from catalogue.records import history as history_module
from catalogue.records.history import Change, parse_log, record_history
from catalogue.settings import Settings, load_settings
from catalogue.site.pages import render_pages

from .conftest import FIXTURES, run_cli


def git(repo: Path, *args: str, date: str = "2025-01-03T10:00:00+01:00") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Redaktør",
        "GIT_AUTHOR_EMAIL": "redaktoer@example.org",
        "GIT_COMMITTER_NAME": "Redaktør",
        "GIT_COMMITTER_EMAIL": "redaktoer@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A git repository whose interventions/ has three commits touching the two fixture records."""
    repo = tmp_path / "repo"
    records = repo / "interventions"
    records.mkdir(parents=True)
    git(repo, "init", "-q")
    shutil.copy(FIXTURES / "eksempel.yaml", records)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Tilføj eksempel", date="2025-01-03T10:00:00+01:00")
    shutil.copy(FIXTURES / "andet-eksempel.yaml", records)
    (repo / "README.md").write_text("ikke en indsats\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Tilføj andet eksempel", date="2025-02-10T09:00:00+01:00")
    record = records / "eksempel.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("ti gange", "tolv gange"), encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "Ret *antal* møder <b>", date="2025-03-15T12:00:00+01:00")
    return repo


def test_parse_log() -> None:
    output = "\x1eaaa\x1f2025-03-15\x1fRet: møder\n\nb.yaml\na.yaml\n\x1ebbb\x1f2025-01-03\x1fFørste\n\na.yaml\n"
    assert parse_log(output) == {
        "b.yaml": [Change("2025-03-15", "Ret: møder", "aaa")],
        "a.yaml": [Change("2025-03-15", "Ret: møder", "aaa"), Change("2025-01-03", "Første", "bbb")],
    }


def test_history_of_every_record_with_one_git_call(clone: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real_run = subprocess.run

    def counting_run(*args, **kwargs):
        calls.append(args[0])
        return real_run(*args, **kwargs)

    monkeypatch.setattr(history_module.subprocess, "run", counting_run)
    found = record_history(clone / "interventions")
    assert len(calls) == 1
    assert {rid: [(c.date, c.subject) for c in changes] for rid, changes in found.items()} == {
        "eksempel": [("2025-03-15", "Ret *antal* møder <b>"), ("2025-01-03", "Tilføj eksempel")],
        "andet-eksempel": [("2025-02-10", "Tilføj andet eksempel")],
    }
    assert record_history(clone / "interventions") == found  # the same for the same commit


def test_no_history_and_no_error_outside_a_clone(tmp_path: Path) -> None:
    records = tmp_path / "interventions"
    records.mkdir()
    shutil.copy(FIXTURES / "eksempel.yaml", records)
    assert record_history(records) == {}
    assert record_history(tmp_path / "findes-ikke") == {}


def test_record_page_has_edit_link_and_escaped_history(clone: Path) -> None:
    result = check(clone / "interventions", clone)
    settings = Settings("https://github.com/eksempel/katalog", "main")
    pages = dict(render_pages(result.catalogue, record_history(clone / "interventions"), settings))
    page = pages["indsatser/eksempel.md"]
    assert "Senest gennemgået: " in page
    assert (
        "[Ret indsatsen (YAML-filen) på GitHub]"
        "(https://github.com/eksempel/katalog/edit/main/interventions/eksempel.yaml){ .edit-record }"
    ) in page
    assert page.endswith(
        "## Ændringshistorik { data-search-exclude }\n\n"
        "- **15. marts 2025:** Ret \\*antal\\* møder &lt;b&gt;\n"
        "- **3. januar 2025:** Tilføj eksempel\n\n"
        "[Se alle ændringer af filen](https://github.com/eksempel/katalog/commits/main/interventions/eksempel.yaml)\n"
    )
    other = pages["indsatser/andet-eksempel.md"]
    assert "- **10. februar 2025:** Tilføj andet eksempel\n" in other


def test_record_page_without_history_or_repository() -> None:
    result = check(FIXTURES.parent / "golden" / "two-records" / "interventions", FIXTURES.parent)
    pages = dict(render_pages(result.catalogue, None, Settings()))
    page = pages["indsatser/eksempel.md"]
    assert "Senest gennemgået: " in page
    assert "Ændringshistorik" not in page and "Ret indsatsen" not in page


def test_repository_comes_from_pyproject(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.catalogue]\nrepository = "https://github.com/a/b/"\n', encoding="utf-8")
    settings = load_settings(pyproject)
    assert settings == Settings("https://github.com/a/b", "main")
    assert (
        settings.edit_url("interventions/æble.yaml") == "https://github.com/a/b/edit/main/interventions/%C3%A6ble.yaml"
    )
    assert load_settings(tmp_path / "mangler.toml") == Settings()
    # The project's own configuration is what pages use by default.
    assert load_settings().repository and load_settings().repository.startswith("https://github.com/")


def test_built_site_links_the_yaml_file_and_shows_history(clone: Path, skeleton: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_cli("site", "--records", clone / "interventions", "--config", skeleton, "--out", out, cwd=clone)
    assert result.returncode == 0, result.stderr
    html = (out / "indsatser" / "eksempel" / "index.html").read_text(encoding="utf-8")
    repository = load_settings().repository
    assert f'href="{repository}/edit/main/interventions/eksempel.yaml"' in html
    assert "/indsatser/eksempel.md" not in html  # never an edit link to the generated Markdown
    assert "<li><strong>15. marts 2025:</strong> Ret *antal* møder &lt;b&gt;</li>" in html
    assert "Senest gennemgået" in html


def test_render_all_without_history_is_unchanged_by_git() -> None:
    # Golden output stays independent of the repository's history: history only comes in through `generate`.
    result = check(FIXTURES.parent / "golden" / "two-records" / "interventions", FIXTURES.parent)
    assert "Ændringshistorik" not in render_all(result.catalogue)["indsatser/eksempel.md"].decode()
