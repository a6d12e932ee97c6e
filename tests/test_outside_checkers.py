"""Checkers nobody in the project wrote, on what would be published: the Nu Html Checker (npm `vnu-jar`, pinned
in package.json) over every page, and `pdfua` (PyPI, the machine-checkable part of PDF/UA-1) on the book and on
a leaflet. `make test` installs both (and Java for the first); the DCAT file is read as RDF in test_build.py."""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
from pathlib import Path

import material
import pytest

from catalogue import paths

from .conftest import BuiltSite, run_cli

VNU = paths.ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MATERIAL = Path(material.__file__).parent / "templates"


def _vnu(folder: Path) -> list[dict[str, object]]:
    """The checker's errors for every HTML file under `folder`."""
    if not VNU.is_file() or shutil.which("java") is None:
        pytest.fail("the Nu Html Checker is not installed: run `make test` (npm ci, and Java from Debian)")
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages: list[dict[str, object]] = json.loads(result.stderr or result.stdout)["messages"]
    return messages


def test_every_page_passes_the_nu_html_checker(published_site: BuiltSite) -> None:
    pages = list(published_site.out.rglob("*.html"))
    assert len(pages) > 100  # every record page, list, overview and hand-written page
    errors = _vnu(published_site.out)
    shown = [f"{m.get('url')}:{m.get('lastLine')}: {m.get('message')}" for m in errors[:10]]
    assert errors == [], "\n".join(shown)


def test_the_nu_html_checker_finds_an_error(tmp_path: Path) -> None:
    """The checker runs and reports: the theme's own markup, which overrides/ corrects, is an error to it."""
    (tmp_path / "side.html").write_text(
        '<!doctype html><html lang="da"><title>x</title><input type="checkbox" id="a" autocomplete="off">',
        encoding="utf-8",
    )
    errors = _vnu(tmp_path)
    assert len(errors) == 1 and "autocomplete" in str(errors[0]["message"])


def _pdfua_findings(pdf: Path) -> list[str]:
    from pdfua import Severity, validate

    report = validate(str(pdf))
    return [f"{f.rule_id} {f.severity.name}: {f.message}" for f in report.findings if f.severity >= Severity.WARNING]


def test_the_book_passes_pdfua_without_errors_or_warnings(published_site: BuiltSite) -> None:
    book = published_site.out / "katalog.pdf"
    assert book.is_file()
    assert _pdfua_findings(book) == []


def test_a_leaflet_passes_pdfua_without_errors_or_warnings(tmp_path: Path) -> None:
    out = tmp_path / "folder.pdf"
    result = run_cli("pdf", "--id", "marte-meo", "--out", out)  # a record with a fact table of row headers
    assert result.returncode == 0, result.stderr
    assert _pdfua_findings(out) == []


def test_pdfua_finds_a_table_header_without_scope(tmp_path: Path) -> None:
    """pdfua reports what the book's finisher corrects (catalogue/pdf/structure.py): without it, a header
    cell has no /Scope."""
    import pikepdf

    out = tmp_path / "folder.pdf"
    assert run_cli("pdf", "--id", "marte-meo", "--out", out).returncode == 0
    with pikepdf.open(out, allow_overwriting_input=True) as pdf:
        for element in pdf.objects:
            if isinstance(element, pikepdf.Dictionary) and element.get("/S") == "/TH" and "/A" in element:
                del element["/A"]
        pdf.save(out)
    assert any("Scope" in finding for finding in _pdfua_findings(out))


def _material(template: str) -> str:
    return (MATERIAL / template).read_text(encoding="utf-8")


def _ours(template: str) -> str:
    return (paths.ROOT / "overrides" / template).read_text(encoding="utf-8")


GENERATED_NOTICE = "{#-\n  This file was automatically generated - do not edit\n-#}\n"


def test_theme_base_differs_from_materials_only_in_the_checkboxes_autocomplete() -> None:
    """overrides/ copies two of Material's templates to correct their markup; when Material changes them, these
    tests fail, and the copies are made again from the new version."""
    ours = _ours("base.html")
    ours = ours[ours.index("-#}\n") + 4 :]  # our note on the change
    drawer = '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer"'
    search = '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search"'
    theirs = _material("base.html")
    assert f'{drawer} autocomplete="off">' in theirs and f'{search} autocomplete="off">' in theirs
    expected = theirs.replace(f'{drawer} autocomplete="off">', f"{drawer}>")
    assert ours == expected.replace(f'{search} autocomplete="off">', f"{search}>")


def test_theme_toc_differs_from_materials_only_where_the_label_has_no_control() -> None:
    theirs = _material("partials/toc.html").replace(GENERATED_NOTICE, "").splitlines()
    ours = _ours("partials/toc.html").splitlines()
    diff = list(difflib.ndiff(theirs, ours))
    assert [line for line in diff if line.startswith("- ")] == []  # every line of Material's is kept, in order
    added = [line[2:].strip() for line in diff if line.startswith("+ ")]
    assert "{% if page in nav.pages %}" in added and '<div class="md-nav__title">{{ title }}</div>' in added
    assert not any("<label" in line or "<input" in line for line in added)
