"""Every page of the built site in real Chromium: no request to another host, no serious accessibility
finding on any kind of page (the theme's own included), headings in order, Danish, readable without JavaScript."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import guarded_context

axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

# One page of every kind the site has.
KINDS = [
    "/",
    "/aabne-data/",
    "/indsatser/",
    "/indsatser/fft/",
    "/indsatser/duaa-baby/",
    "/aldersgrupper/",
    "/aldersgrupper/skoleboern/",
    "/mekanismer/",
    "/mekanismer/tilknytning/",
    "/temaer/",
    "/temaer/nye-typer-tilbud/",
    "/indsatstrappen/",
    "/indsatstrappen/3/",
    "/evidens/",
    "/katalog/",
    "/katalog/oversigt/",
    "/katalog/sammenlign/?id=fft&id=keep",
    "/404.html",
]


def all_pages(site_dir: Path) -> list[str]:
    pages = []
    for html in sorted(site_dir.rglob("*.html")):
        relative = html.relative_to(site_dir).as_posix()
        pages.append("/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative))
    return pages


def test_no_page_makes_a_request_to_another_host(browser: object, site_url: str, site_dir: Path) -> None:
    context, offsite = guarded_context(browser)
    page = context.new_page()
    pages = all_pages(site_dir)
    assert len(pages) > 50
    for path in pages:
        page.goto(site_url + path, wait_until="load")
    page.wait_for_timeout(500)  # let late requests (the search worker's index) start
    context.close()
    assert offsite == []


@pytest.mark.parametrize("path", KINDS)
def test_no_serious_accessibility_findings(page: object, site_url: str, path: str) -> None:
    page.goto(site_url + path, wait_until="networkidle")
    results = axe_module.Axe().run(page)
    serious = [
        (v["id"], v["help"], [" ".join(map(str, n["target"])) for n in v["nodes"]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], "\n".join(map(str, serious))


@pytest.mark.parametrize("path", KINDS)
def test_language_and_heading_order(page: object, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    assert page.evaluate("document.documentElement.lang") == "da"
    levels = page.eval_on_selector_all(
        "article h1, article h2, article h3, article h4", "hs => hs.map(h => +h.tagName[1])"
    )
    assert levels and levels[0] == 1 and levels.count(1) == 1, levels
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_keyboard_focus_is_visible(page: object, site_url: str) -> None:
    """Tab through the page: every focus stop that is on screen shows a focus ring, and content is reached."""
    page.goto(site_url + "/indsatser/fft/")
    reached_content = False
    for _ in range(40):
        page.keyboard.press("Tab")
        tag, width, style, outline, shadow, in_article = page.evaluate(
            "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.tagName, e.getBoundingClientRect().width, s.outlineStyle, s.outlineWidth, s.boxShadow,"
            " !!e.closest('article')]; })()"
        )
        if tag in ("INPUT", "TEXTAREA"):
            continue  # text fields show a caret and the theme's own focus style
        assert width > 0, f"an invisible element takes focus: {tag}"
        assert (style != "none" and outline != "0px") or shadow != "none", (tag, style, outline, shadow)
        if in_article:
            reached_content = True
            break
    assert reached_content


@pytest.mark.parametrize("path", ["/", "/indsatser/fft/", "/mekanismer/tilknytning/", "/evidens/", "/katalog/"])
def test_pages_read_without_javascript(browser: object, site_url: str, path: str) -> None:
    context, offsite = guarded_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + path)
    article = page.locator("article")
    assert article.is_visible()
    text = article.inner_text()
    assert len(text) > 200
    context.close()
    assert offsite == []
