"""The project is made once from the command line and handed to every stage: a second configuration, with
another publisher and site name, changes the pages, the data, the book and the leaflet, and nothing else is
read behind its back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from catalogue import paths
from catalogue.project import Project, ProjectError
from catalogue.settings import Publisher

from .conftest import FIXTURES, copy_site_skeleton, run_cli, with_publisher

OTHER = Publisher(
    name="Testkommunens børne- og familieafdeling",
    email="boern@testkommune.dk",
    url="https://katalog.testkommune.dk/",
    licence="CC BY-SA 4.0",
    licence_url="https://creativecommons.org/licenses/by-sa/4.0/deed.da",
    data_licence="CC BY 4.0 (data)",
    data_licence_url="https://creativecommons.org/licenses/by/4.0/deed.da",
)
SITE_NAME = "Testkommunens indsatskatalog"


@pytest.fixture
def other(tmp_path: Path) -> tuple[Path, Path]:
    """A second project: the fixture records, and a copy of the site with another publisher and site name."""
    records = tmp_path / "records"
    shutil.copytree(FIXTURES, records)
    config = with_publisher(copy_site_skeleton(tmp_path / "other"), OTHER, SITE_NAME)
    return records, config


def test_the_real_configuration_is_not_the_other_one() -> None:
    text = paths.MKDOCS_CONFIG.read_text(encoding="utf-8")
    assert OTHER.name not in text and SITE_NAME not in text and "testkommune" not in text


def test_the_project_reads_the_configuration_it_is_given(other: tuple[Path, Path]) -> None:
    records, config = other
    project = Project.load(records, config)
    assert project.publisher == OTHER and project.site.name == SITE_NAME and project.records == records
    real = Project.load()
    assert real.publisher != OTHER and real.site.name != SITE_NAME


def test_pages_and_data_follow_config(other: tuple[Path, Path]) -> None:
    records, config = other
    result = run_cli("generate", "--records", records, "--config", config, env={"SOURCE_DATE_EPOCH": "1764979200"})
    assert result.returncode == 0, result.stderr
    assert "Advarsel: kataloget har endnu ingen udgiver" not in result.stderr  # this one has one
    docs = config.parent / "docs"
    about = (docs / "om" / "index.md").read_text(encoding="utf-8")
    assert OTHER.name in about and OTHER.email in about
    open_data = (docs / "aabne-data.md").read_text(encoding="utf-8")
    assert OTHER.data_licence_url in open_data and OTHER.licence_url in open_data
    page = (docs / "indsatser" / "eksempel.md").read_text(encoding="utf-8")
    assert f"{OTHER.url}indsatser/eksempel/" in page  # the record's linked data names its address
    assert SITE_NAME in page
    dcat = json.loads((docs / "data" / "dcat.jsonld").read_text(encoding="utf-8"))
    catalog, dataset = dcat["@graph"]
    assert dataset["dct:title"]["@value"] == SITE_NAME
    assert catalog["foaf:homepage"] == {"@id": OTHER.url}
    assert dataset["dcat:contactPoint"]["vcard:hasEmail"] == {"@id": f"mailto:{OTHER.email}"}
    # The project's own docs/ is untouched (a fresh clone has no generated pages there at all): the pages went
    # to the given configuration's docs_dir.
    own = paths.ROOT / "docs" / "om" / "index.md"
    assert not own.exists() or OTHER.name not in own.read_text(encoding="utf-8")


def test_the_book_and_the_leaflet_follow_config(other: tuple[Path, Path], tmp_path: Path) -> None:
    records, config = other
    env = {"SOURCE_DATE_EPOCH": "1764979200"}
    book = run_cli("pdf", "--records", records, "--config", config, env=env)
    assert book.returncode == 0, book.stderr
    text = _text(config.parent / "docs" / "katalog.pdf")
    assert OTHER.name in text and OTHER.licence in text
    leaflet = tmp_path / "folder.pdf"
    result = run_cli("pdf", "--id", "eksempel", "--out", leaflet, "--records", records, "--config", config, env=env)
    assert result.returncode == 0, result.stderr
    assert f"{OTHER.url}indsatser/eksempel/" in _text(leaflet).replace(" ", "")


def test_the_site_follows_config(other: tuple[Path, Path], tmp_path: Path) -> None:
    records, config = other
    out = tmp_path / "site"
    result = run_cli("site", "--records", records, "--config", config, "--out", out)
    assert result.returncode == 0, result.stderr
    html = (out / "indsatser" / "eksempel" / "index.html").read_text(encoding="utf-8")
    assert f"- {SITE_NAME}</title>" in html and OTHER.name in html


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    return " ".join(out.replace("\u00ad", "").split())


def test_the_edition_comes_from_the_project_once(other: tuple[Path, Path]) -> None:
    records, config = other
    project = dataclasses.replace(Project.load(records, config), epoch=None)
    with pytest.raises(ValueError):
        _ = project.edition
    from catalogue.build import check

    result = check(project)
    # Neither SOURCE_DATE_EPOCH nor a commit given: the newest review date among the records dates it.
    newest = max(e.data["last_reviewed"] for e in result.valid.entries)
    assert result.dated.edition == dt.date.fromisoformat(newest)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("kinds: [\n", "YAML-syntaksfejl"),
        ("- en liste\n", "filen indeholder en liste; ordlisten skal være lister under navne"),
    ],
)
def test_a_vocabulary_that_cannot_be_read_stops_the_project_with_a_danish_message(
    tmp_path: Path, content: str, message: str
) -> None:
    vocabulary = tmp_path / "vocabulary.yaml"
    vocabulary.write_text(content, encoding="utf-8")
    with pytest.raises(ProjectError) as raised:
        Project.load(vocabulary_file=vocabulary)
    assert message in str(raised.value)
