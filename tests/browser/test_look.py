"""The site's own look in Chromium at laptop (1366×768) and phone (390×844) size: the header's wordmark, full-colour
headings, the staircase drawn as steps (and still an ordered list without CSS, and on paper), and the overview's
tables. Screenshots go to the test's temporary folder for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import checked
from .conftest import guarded_context

playwright_api = pytest.importorskip("playwright.sync_api")

CATALOGUE = checked().valid
STEPS = list(CATALOGUE.vocabulary.staircase_steps.values())
ON_A_STEP = next(e for e in CATALOGUE.entries if e.step is not None)
ON_NO_STEP = next(e for e in CATALOGUE.entries if e.step is None)
INK = "rgb(26, 26, 26)"


def boxes(page: object, selector: str) -> list[dict[str, float]]:
    return page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const r = e.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width,"
        " h: r.height, bottom: r.bottom}; })",
    )


def no_sideways_scrolling(page: object) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= innerWidth")


# ---- header and text --------------------------------------------------------------------------------------


def test_header_has_the_wordmark_and_no_theme_credit(sized: object, site_url: str, tmp_path: Path) -> None:
    sized.goto(site_url + "/")
    mark = sized.locator(".site-wordmark")
    assert mark.locator(".site-wordmark__name").inner_text() == "Inspirationskatalog"
    assert mark.get_attribute("href") is not None
    header = sized.locator(".md-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 255, 255)"
    if sized.size_name == "laptop":
        assert mark.locator(".site-wordmark__subtitle").is_visible()
    assert "Made with" not in sized.locator("body").inner_text()
    # System fonts only: no font is loaded from anywhere (mkdocs.yml: theme.font: false).
    assert sized.evaluate("document.fonts.size") == 0
    assert no_sideways_scrolling(sized)
    sized.screenshot(path=str(tmp_path / f"forside-{sized.size_name}.png"))


def test_no_page_credits_the_theme(site_dir: Path) -> None:
    pages = list(site_dir.rglob("*.html"))
    assert len(pages) > 50
    assert [p for p in pages if "Made with" in p.read_text(encoding="utf-8")] == []


def test_headings_are_full_colour_bold_and_close_to_their_text(page: object, site_url: str) -> None:
    page.goto(f"{site_url}/indsatser/{ON_A_STEP.id}/")
    for selector in ("article h1", "article h2"):
        color, weight, size, below = page.locator(selector).first.evaluate(
            "e => { const s = getComputedStyle(e); return [s.color, +s.fontWeight, parseFloat(s.fontSize),"
            " parseFloat(s.marginBottom)]; }"
        )
        assert color == INK and weight >= 700, (selector, color, weight)
        assert below <= 0.6 * size, (selector, below, size)
    # Running text stays within about 70 characters a line (CSS's ch: the width of a "0").
    width, limit = page.locator("article > p").first.evaluate(
        "e => { const c = document.createElement('canvas').getContext('2d'); const s = getComputedStyle(e);"
        " c.font = s.fontSize + ' ' + s.fontFamily; return [e.getBoundingClientRect().width,"
        " c.measureText('0'.repeat(71)).width]; }"
    )
    assert width <= limit, (width, limit)


# ---- the staircase ----------------------------------------------------------------------------------------


def test_record_page_marks_its_step_on_the_staircase(sized: object, site_url: str, tmp_path: Path) -> None:
    sized.goto(f"{site_url}/indsatser/{ON_A_STEP.id}/")
    stairs = sized.locator("article ol.staircase")
    items = stairs.locator("> li")
    assert items.count() == len(STEPS)
    assert stairs.locator(".staircase__number").all_inner_texts() == [f"Trin {s.id}:" for s in STEPS]
    current = stairs.locator("[aria-current='step']")
    assert current.count() == 1
    assert ON_A_STEP.step.label in current.inner_text()
    marked = stairs.locator("li:has([aria-current='step'])")
    assert marked.inner_text().startswith("Denne indsats:")
    assert marked.evaluate("e => getComputedStyle(e).backgroundColor") != items.first.evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    steps = boxes(sized, "article ol.staircase > li")
    if sized.size_name == "laptop":
        # Side by side, bottoms level, each step higher than the one before: a staircase going up.
        assert all(b["x"] > a["x"] for a, b in zip(steps, steps[1:], strict=False))
        assert len({round(s["bottom"]) for s in steps}) == 1
        assert all(b["y"] < a["y"] for a, b in zip(steps, steps[1:], strict=False)), steps
    else:
        # On a phone the staircase stands upright: one step under the other, each a little further in.
        assert all(b["y"] >= a["y"] + a["h"] - 1 for a, b in zip(steps, steps[1:], strict=False)), steps
        assert all(b["x"] > a["x"] for a, b in zip(steps, steps[1:], strict=False)), steps
        assert all(s["x"] + s["w"] <= 390 for s in steps)
    assert no_sideways_scrolling(sized)
    for link in stairs.locator("a").all():
        box = link.bounding_box()
        assert box is not None and box["height"] >= 24 and box["width"] >= 24
    stairs.scroll_into_view_if_needed()
    sized.screenshot(path=str(tmp_path / f"trappen-indsats-{sized.size_name}.png"))


def test_staircase_page_draws_the_steps_with_their_counts(sized: object, site_url: str, tmp_path: Path) -> None:
    sized.goto(f"{site_url}/indsatstrappen/")
    stairs = sized.locator("article ol.staircase")
    assert stairs.locator("> li").count() == len(STEPS)
    for item, step in zip(stairs.locator("> li").all(), STEPS, strict=True):
        text = item.inner_text()
        assert f"Trin {step.id}:" in text and step.label in text
        n = len(CATALOGUE.with_term("staircase_steps", step.id))
        assert (f"{n} indsats" in text) if n else ("ingen indsatser" in text), text
    assert stairs.locator("[aria-current]").count() == 0
    sized.screenshot(path=str(tmp_path / f"trappen-{sized.size_name}.png"), full_page=True)
    # A step's own page marks that step.
    step = STEPS[2]
    sized.goto(f"{site_url}/indsatstrappen/{step.id}/")
    current = sized.locator("article ol.staircase [aria-current='page']")
    assert current.count() == 1 and step.label in current.inner_text()


def test_organisational_measure_stands_on_no_step(page: object, site_url: str) -> None:
    page.goto(f"{site_url}/indsatser/{ON_NO_STEP.id}/")
    assert page.locator("article ol.staircase").count() == 0


def test_staircase_reads_as_a_numbered_list_without_css(browser: object, site_url: str) -> None:
    context, offsite = guarded_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.route("**/*.css", lambda route: route.abort())
    page.goto(f"{site_url}/indsatser/{ON_A_STEP.id}/")
    stairs = page.locator("article ol.staircase")
    assert stairs.evaluate("e => getComputedStyle(e).listStyleType") == "decimal"
    texts = stairs.locator("> li").all_inner_texts()
    assert all(f"Trin {s.id}: {s.label}" in text for s, text in zip(STEPS, texts, strict=True)), texts
    assert sum(t.startswith("Denne indsats:") for t in texts) == 1
    context.close()
    assert [u for u in offsite if not u.endswith(".css")] == []


def test_staircase_prints_with_the_step_marked(page: object, site_url: str) -> None:
    page.goto(f"{site_url}/indsatser/{ON_A_STEP.id}/")
    page.emulate_media(media="print")
    stairs = page.locator("article ol.staircase")
    assert stairs.is_visible()
    widths = stairs.locator("> li").evaluate_all("els => els.map(e => parseFloat(getComputedStyle(e).borderLeftWidth))")
    marked = stairs.locator("li:has([aria-current='step'])").evaluate(
        "e => [parseFloat(getComputedStyle(e).borderLeftWidth), getComputedStyle(e).color]"
    )
    assert marked[0] > min(widths) and marked[1] == "rgb(0, 0, 0)", (marked, widths)


# ---- the overview matrix ----------------------------------------------------------------------------------


def test_overview_tables_show_a_dash_for_zero_and_link_only_counts(
    sized: object, site_url: str, tmp_path: Path
) -> None:
    sized.goto(f"{site_url}/katalog/oversigt/")
    tables = sized.locator("table.k-matrix")
    assert tables.count() >= 3
    cells = sized.locator("table.k-matrix tbody td")
    found = cells.evaluate_all(
        "tds => tds.map(td => [td.querySelector('a') ? td.querySelector('a').textContent"
        " : td.querySelector('[aria-hidden]') ? td.querySelector('[aria-hidden]').textContent"
        " : td.textContent.trim(), td.querySelectorAll('a').length, getComputedStyle(td).textAlign])"
    )
    zero = [c for c in found if c[0] == "–"]
    counted = [c for c in found if c[0] != "–"]
    assert zero and counted, "the real catalogue has both empty and filled fields"
    assert all(links == 0 for _, links, _ in zero), "an empty field links to an empty result"
    assert all(text.isdigit() and int(text) > 0 and links == 1 for text, links, _ in counted)
    assert {align for _, _, align in found} == {"right"}
    # Header cells: one per age band and one per row.
    bands = len(CATALOGUE.vocabulary.age_bands)
    assert tables.first.locator("thead th[scope='col']").count() == bands + 1
    assert tables.first.locator("tbody th[scope='row']").count() == tables.first.locator("tbody tr").count()
    # Lines between rows and alternating shading.
    rows = tables.first.locator("tbody tr")
    assert rows.nth(0).evaluate("e => getComputedStyle(e).backgroundColor") != rows.nth(1).evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    assert no_sideways_scrolling(sized)  # a wide table scrolls in its own frame, not the page
    sized.screenshot(path=str(tmp_path / f"oversigt-{sized.size_name}.png"), full_page=True)
