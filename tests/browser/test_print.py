"""Web pages printed from a real browser: no navigation, link targets shown; and the front page's PDF link.

The full build (with the PDF) of the fixture records is served on 127.0.0.1; Debian's Chromium comes from
the shared `browser` fixture (tests/browser/conftest.py).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..conftest import copy_site_skeleton, run_cli
from .conftest import guarded_context, served


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("print")
    records = Path(__file__).parent.parent / "fixtures"
    config = copy_site_skeleton(base / "project")
    out = base / "site"
    result = run_cli("--records", records, "--config", config, "--out", out)
    assert result.returncode == 0, result.stderr
    yield from served(out)


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context, outside = guarded_context(browser, java_script_enabled=False)
    yield context.new_page()
    context.close()
    assert outside == [], outside


VISIBLE = "el => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0"


def test_printed_page_has_no_navigation_and_shows_link_targets(page: object, site_url: str) -> None:
    page.goto(f"{site_url}/indsatser/eksempel/")
    page.emulate_media(media="screen")
    assert page.locator(".md-sidebar--primary").evaluate(VISIBLE) or page.locator(".md-header").evaluate(VISIBLE)
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search"):
        for element in page.locator(selector).all():
            assert not element.evaluate(VISIBLE), selector
    assert page.locator("h1").first.evaluate(VISIBLE)
    source = page.locator('.md-typeset a[href^="https://"]').first
    href = source.get_attribute("href")
    shown = source.evaluate("el => getComputedStyle(el, '::after').content")
    assert href in shown
    # Internal links are left as they are.
    internal = page.locator('.md-typeset a[href^="../"]').first
    assert internal.evaluate("el => getComputedStyle(el, '::after').content") in ("none", "normal", '""')


def test_front_page_offers_the_pdf_with_size_and_edition(page: object, site_url: str) -> None:
    page.emulate_media(media="screen")
    page.goto(f"{site_url}/")
    link = page.get_by_role("link", name="Hent kataloget som PDF")
    assert link.get_attribute("href") == "katalog.pdf"
    paragraph = link.locator("xpath=ancestor::p").inner_text()
    assert "PDF," in paragraph and "sider, udgave" in paragraph
    response = page.request.get(f"{site_url}/katalog.pdf")
    assert response.ok and response.body()[:5] == b"%PDF-"


def test_record_page_prints_as_a_leaflet(page: object, site_url: str, fixture_record: dict, tmp_path: Path) -> None:
    """A record page printed from the browser (JavaScript off) is the leaflet: title, every section and the
    sources with their addresses, in the book's fonts, without the site's navigation, search or print hint."""
    page.emulate_media(media="screen")
    page.goto(f"{site_url}/indsatser/{fixture_record['id']}/")
    hint = page.locator(".print-hint")
    assert hint.evaluate(VISIBLE) and "brug browserens Udskriv" in hint.inner_text()
    # Not the first thing a reader meets: after every section, just above the review date.
    order = page.evaluate(
        "() => [...document.querySelectorAll('.md-content h2, .print-hint, .fact-box')].map(e => e.className || e.id)"
    )
    assert order.index("print-hint") > order.index("fact-box") and order.index("print-hint") > 3
    # A phone prints no leaflets: there the hint is not shown at all.
    page.set_viewport_size({"width": 390, "height": 844})
    assert not hint.evaluate(VISIBLE)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.emulate_media(media="print")
    assert not hint.evaluate(VISIBLE)
    pdf = tmp_path / "folder.pdf"
    pdf.write_bytes(page.pdf(format="A4", print_background=True))
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    text = " ".join(out.stdout.decode().split())
    squeezed = "".join(text.split())
    assert fixture_record["name"] in text
    for section in ("Målgruppe", "Aktiviteter", "Kilder"):
        assert section in text, section
    for source in fixture_record["sources"]:
        assert " ".join(source["title"].split()) in text, source["title"]
        # The address is printed after the link; it may wrap, so it is compared without spaces.
        assert source["url"] in squeezed, source["url"]
    for navigation in ("Søg i kataloget", "Alle indsatser A–Å", "Åbne data", "brug browserens Udskriv"):
        assert navigation not in text, navigation
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True).stdout
    assert "LiberationSerif" in fonts and "LiberationSans" in fonts, fonts
