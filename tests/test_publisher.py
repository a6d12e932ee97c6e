"""Nothing untrue is published: while mkdocs.yml's publisher has placeholder addresses (a reserved host such as
.invalid), no page, PDF, data file or metadata shows them, `check` and the build warn, and the Pages workflow
refuses to deploy. Also the smaller faults seen in what is published: the pages' titles and the PDF's progress."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
import yaml

from catalogue import paths
from catalogue.settings import (
    NO_PUBLISHER,
    Publisher,
    is_placeholder,
    load_publisher,
    load_site,
    read_config,
)

from .conftest import BuiltSite, run_cli, run_process

WARNING = "Advarsel: kataloget har endnu ingen udgiver"


def _placeholders() -> list[str]:
    """What must not be published: the addresses as mkdocs.yml writes them, their host, and the site address
    the catalogue had before (a guess at where it might be published)."""
    given = read_config(paths.MKDOCS_CONFIG)["extra"]["publisher"]
    email, url = given["email"], given["url"]
    assert is_placeholder(email) and is_placeholder(url), "mkdocs.yml's publisher is set: see the docstring"
    host = email.rpartition("@")[2]
    return [email, url.rstrip("/"), host, ".invalid", "inspirationskatalog.github.io"]


def _texts(pdf: Path) -> str:
    """A PDF's text and every web address its links point to."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True).stdout
    with pikepdf.open(pdf) as document:
        uris = [
            str(annotation.get("/A", {}).get("/URI", ""))
            for page in document.pages
            for annotation in page.obj.get("/Annots", [])
        ]
        metadata = str(document.docinfo)
    return "\n".join([text.decode("utf-8"), *uris, metadata])


def _published_text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return _texts(path)
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def test_a_build_with_the_placeholder_publisher_publishes_no_placeholder(published_site: BuiltSite) -> None:
    """Every file of the built site (pages, katalog.pdf's text and links, the data files, the search index,
    the sitemap) is searched for the placeholder addresses."""
    files = [path for path in published_site.out.rglob("*") if path.is_file()]
    assert (published_site.out / "katalog.pdf") in files and (published_site.out / "data" / "dcat.jsonld") in files
    found = []
    for path in files:
        if path.suffix in (".png", ".svg", ".ico", ".woff", ".woff2"):
            continue
        text = _published_text(path)
        found += [f"{path.relative_to(published_site.out)}: {p}" for p in _placeholders() if p in text]
    assert found == []
    # What the reader is told instead, on the about page and in the book's colophon.
    about = (published_site.out / "om" / "index.html").read_text(encoding="utf-8")
    assert NO_PUBLISHER in about and "mailto:" not in about
    book = " ".join(_texts(published_site.out / "katalog.pdf").split())
    assert NO_PUBLISHER in book
    # The build said so.
    assert WARNING in published_site.result.stderr


def test_a_leaflet_with_the_placeholder_publisher_names_no_address(tmp_path: Path) -> None:
    out = tmp_path / "folder.pdf"
    result = run_cli("pdf", "--id", "marte-meo", "--out", out)
    assert result.returncode == 0, result.stderr
    text = _texts(out)
    assert [p for p in _placeholders() if p in text] == []
    assert "Opslaget på nettet" not in text  # the footer's address line is left out
    assert "Udgivet af Redaktionen for inspirationskataloget" in " ".join(text.split())


def test_check_warns_while_the_publisher_is_unset() -> None:
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert WARNING in result.stderr and "email" in result.stderr and "url" in result.stderr


@pytest.mark.parametrize(
    ("value", "placeholder"),
    [
        ("redaktion@inspirationskatalog.invalid", True),
        ("https://inspirationskatalog.invalid/", True),
        ("https://katalog.example.com/", True),
        ("kontakt@example.org", True),
        ("http://localhost:8000/", True),
        ("https://www.test/", True),
        ("redaktion@kommune.dk", False),
        ("https://inspirationskatalog.dk/", False),
        ("https://invalidation.dk/", False),
    ],
)
def test_an_address_on_a_reserved_host_is_a_placeholder(value: str, placeholder: bool) -> None:
    assert is_placeholder(value) is placeholder


def _config(tmp_path: Path, email: str, url: str) -> Path:
    text = paths.MKDOCS_CONFIG.read_text(encoding="utf-8")
    given = load_publisher(paths.MKDOCS_CONFIG)
    assert given.unset == ("email", "url")
    text = re.sub(r"(\n    email: ).*", rf"\g<1>{email}", text, count=1)
    text = re.sub(r"(\n    url: ).*", rf"\g<1>{url}", text, count=1)
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def test_a_real_publisher_is_read_as_given(tmp_path: Path) -> None:
    config = _config(tmp_path, "redaktion@kommune.dk", "https://katalog.kommune.dk/")
    publisher = load_publisher(config)
    assert (publisher.email, publisher.url, publisher.unset, publisher.warning()) == (
        "redaktion@kommune.dk",
        "https://katalog.kommune.dk/",
        (),
        None,
    )
    assert Publisher(name="x", email="a@b.dk").unset == ("url",)


def test_the_pages_workflow_refuses_to_deploy_until_the_publisher_is_set(tmp_path: Path) -> None:
    workflow = yaml.safe_load((paths.ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [str(step.get("run", "")) + str(step.get("uses", "")) for step in steps]
    gate = next(i for i, run in enumerate(runs) if "scripts/require_publisher.py" in run)
    upload = next(i for i, run in enumerate(runs) if run.startswith("actions/upload-pages-artifact"))
    assert gate < upload and "deploy" in workflow["jobs"] and workflow["jobs"]["deploy"]["needs"] == "build"
    command = runs[gate].split()
    assert command[0] == ".venv/bin/python"
    script = [sys.executable, str(paths.ROOT / command[1])]
    refused = subprocess.run(script, capture_output=True, text=True, check=False, cwd=paths.ROOT)
    assert refused.returncode == 1 and WARNING in refused.stderr and "Udgivelsen er stoppet" in refused.stderr
    config = _config(tmp_path, "redaktion@kommune.dk", "https://katalog.kommune.dk/")
    allowed = subprocess.run([*script, "--config", str(config)], capture_output=True, text=True, check=False)
    assert allowed.returncode == 0, allowed.stderr


def test_every_page_title_names_the_site_once(published_site: BuiltSite) -> None:
    site_name = load_site().name
    for page in published_site.out.rglob("*.html"):
        titles = re.findall(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.DOTALL)
        assert len(titles) == 1, page
        title = " ".join(titles[0].split())
        assert title.count(site_name) == 1, (page, title)
        if page == published_site.out / "index.html":
            assert title == site_name
        elif page.name == "index.html":
            assert title.endswith(f" - {site_name}") and title != f"{site_name} - {site_name}", (page, title)


def test_the_pdfs_progress_reports_each_part_once(published_site: BuiltSite) -> None:
    output = published_site.result.stdout + published_site.result.stderr
    done = re.findall(r"PDF: dele sat (\d+)/(\d+)", output)
    assert done, output
    assert sum(1 for a, b in done if a == b) == 1, output
    numbers = [int(a) for a, _ in done]
    assert numbers == sorted(set(numbers)), output  # never the same count twice


def test_progress_of_a_tailored_pdf_in_a_process(tmp_path: Path) -> None:
    """The same as a user sees it, from a real process."""
    result = run_process("pdf", "--kind", "organisatorisk-tiltag", "--out", tmp_path / "tiltag.pdf")
    assert result.returncode == 0, result.stderr
    done = re.findall(r"PDF: dele sat (\d+)/(\d+)", result.stdout + result.stderr)
    assert sum(1 for a, b in done if a == b) == 1, result.stdout + result.stderr
