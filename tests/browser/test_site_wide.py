"""Every page of the built site in real Chromium: no request to another host, no serious accessibility
finding on any kind of page (the theme's own included), headings in order, Danish, readable without JavaScript."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import READY, SIZES, guarded_context, guarded_tab

axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

# One page of every kind the site has.
KINDS = [
    "/",
    "/aabne-data/",
    "/indsatser/",
    "/indsatser/fft/",  # an intervention
    "/indsatser/duaa-baby/",
    "/indsatser/stafetlog/",  # an organisational measure (on no step of the staircase)
    "/aldersgrupper/",
    "/aldersgrupper/skoleboern/",
    "/problemer/",
    "/problemer/angst-og-indadreagerende/",
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
    "/om/",
    "/om/tilgaengelighed/",
    "/404.html",
]
# axe's default rules plus the WCAG 2.2 target size (2.5.8), which axe leaves off unless asked.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


def all_pages(site_dir: Path) -> list[str]:
    pages = []
    for html in sorted(site_dir.rglob("*.html")):
        relative = html.relative_to(site_dir).as_posix()
        pages.append("/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative))
    return pages


def test_no_page_makes_a_request_to_another_host(browser: object, site_url: str, site_dir: Path) -> None:
    """Every page of the site, loaded whole (styles, fonts, images), asks nothing of another host. The
    pages' scripts are the same on every page of a kind; what they fetch is checked on every kind of page,
    at both sizes, by the accessibility walk below (its tab fails on any request off 127.0.0.1)."""
    context, offsite = guarded_context(browser, java_script_enabled=False)
    page = context.new_page()
    pages = all_pages(site_dir)
    assert len(pages) > 50
    for path in pages:
        page.goto(site_url + path, wait_until="load")
    context.close()
    assert offsite == []


def test_a_guarded_tab_fails_on_a_request_to_another_host_and_on_a_script_error(browser: object, site_url: str) -> None:
    # The walks above rely on it for what the pages' scripts fetch.
    with pytest.raises(AssertionError, match="requests off 127.0.0.1"), guarded_tab(browser) as tab:
        tab.goto(site_url + "/")
        tab.evaluate("fetch('http://example.invalid/x').catch(() => {})")
        tab.wait_for_timeout(200)
    with pytest.raises(AssertionError, match="script errors"), guarded_tab(browser) as tab:
        tab.goto(site_url + "/")
        tab.evaluate("setTimeout(() => { throw new Error('prøve') })")
        tab.wait_for_timeout(200)


def test_every_kind_of_page_exists(site_dir: Path) -> None:
    pages = set(all_pages(site_dir))
    assert {urlsplit(path).path for path in KINDS} <= pages


def show(page: object, url: str) -> None:
    """Open `url` and wait until the page is as a reader sees it: loaded, and on the catalogue's pages drawn
    by their script (waiting for the network to fall silent instead cost half a second a page)."""
    page.goto(url, wait_until="load")
    path = urlsplit(url).path
    if path.endswith("/katalog/"):
        page.wait_for_function(READY)
    elif path.endswith("/katalog/sammenlign/"):
        page.wait_for_selector("#k-compare-table table")


def test_no_serious_accessibility_findings(sized: object, site_url: str) -> None:
    """Every kind of page at laptop and phone size: contrast of the site's own colours, names, landmarks,
    target size (2.5.8) and the rest of axe's rules; nothing serious or critical. One tab walks them all."""
    found = {}
    for path in KINDS:
        show(sized, site_url + path)
        results = axe_module.Axe().run(sized, options=AXE_OPTIONS)
        serious = [
            (v["id"], v["help"], [" ".join(map(str, n["target"])) for n in v["nodes"]])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            found[path] = serious
    assert found == {}, "\n".join(f"{path}: {serious}" for path, serious in found.items())


def test_language_and_heading_order(page: object, site_url: str) -> None:
    """Every kind of page is Danish and has one h1, and no heading level is skipped below it."""
    wrong = {}
    for path in KINDS:
        show(page, site_url + path)
        lang = page.evaluate("document.documentElement.lang")
        levels = page.eval_on_selector_all(
            "article h1, article h2, article h3, article h4", "hs => hs.map(h => +h.tagName[1])"
        )
        in_order = bool(levels) and levels[0] == 1 and levels.count(1) == 1
        in_order = in_order and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
        if lang != "da" or not in_order:
            wrong[path] = (lang, levels)
    assert wrong == {}


FOCUSED = """(() => {
  const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
  // What a pointer at the centre of the element's first line box would hit: the element itself unless
  // something covers it (a link that wraps has a bounding box that also covers its neighbours).
  const q = e.getClientRects()[0] || r;
  const hit = document.elementFromPoint(q.left + q.width / 2, q.top + q.height / 2);
  return {tag: e.tagName, text: e.textContent.trim().slice(0, 40), width: r.width, top: r.top,
          bottom: r.bottom, style: s.outlineStyle, outline: s.outlineWidth, shadow: s.boxShadow,
          inArticle: !!e.closest('article'), covered: !(hit && (hit === e || e.contains(hit))),
          height: innerHeight};
})()"""


@pytest.mark.parametrize("size", list(SIZES))
def test_keyboard_focus_is_visible_and_not_hidden(browser: object, site_url: str, size: str) -> None:
    """Tab through a record page into its text: every focus stop shows a focus ring (2.4.7) and is neither
    off screen nor under the sticky header (2.4.11)."""
    context, _ = guarded_context(browser, viewport=SIZES[size])
    page = context.new_page()
    page.goto(site_url + "/indsatser/fft/")
    stops_in_article = 0
    for _ in range(70):
        page.keyboard.press("Tab")
        f = page.evaluate(FOCUSED)
        if f["covered"]:  # a scroll or the search's overlay may still be moving: look again once it has
            page.wait_for_timeout(500)
            f = page.evaluate(FOCUSED)
        if f["tag"] in ("INPUT", "TEXTAREA"):
            continue  # text fields show a caret and the theme's own focus style
        assert f["width"] > 0, f"an invisible element takes focus: {f}"
        assert (f["style"] != "none" and f["outline"] != "0px") or f["shadow"] != "none", f
        assert f["top"] >= -1 and f["bottom"] <= f["height"] + 1, f"focus off screen: {f}"
        assert not f["covered"], f"focus hidden under another element (the sticky header?): {f}"
        stops_in_article += f["inArticle"]
    context.close()
    assert stops_in_article > 20


@pytest.mark.parametrize("size", list(SIZES))
def test_skip_link_goes_to_the_content(browser: object, site_url: str, size: str) -> None:
    """The first Tab shows the skip link on screen; Enter moves to the page's heading, and the next Tab
    lands in the content, not in the navigation."""
    context, _ = guarded_context(browser, viewport=SIZES[size])
    page = context.new_page()
    page.goto(site_url + "/indsatser/fft/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.evaluate("e => e.classList.contains('md-skip')")
    assert skip.is_visible() and skip.inner_text().strip()
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] >= 24
    target = skip.get_attribute("href")
    page.keyboard.press("Enter")
    assert urlsplit(page.url).fragment == urlsplit(target).fragment
    heading = page.evaluate(
        "(() => { const t = document.getElementById(decodeURIComponent(location.hash.slice(1)));"
        " const r = t.getBoundingClientRect(); const h = document.querySelector('.md-header');"
        " return [t.tagName, !!t.closest('article'), r.top >= h.getBoundingClientRect().bottom - 1,"
        " r.bottom <= innerHeight]; })()"
    )
    assert heading == ["H1", True, True, True]
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('article')")
    context.close()


def test_menu_opens_and_closes_from_the_keyboard_on_a_phone(browser: object, site_url: str) -> None:
    """On a phone the navigation is a drawer: closed, none of its links takes focus; the menu button opens
    it with Space or Enter, its links are then on screen, and Escape closes it and returns to the button."""
    context, _ = guarded_context(browser, viewport=SIZES["phone"])
    page = context.new_page()
    page.goto(site_url + "/indsatser/fft/")
    drawer_links = page.locator(".md-sidebar--primary a")
    assert drawer_links.count() > 5
    assert not drawer_links.first.is_visible()
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    menu = page.locator(":focus")
    assert menu.get_attribute("aria-label") == "Menu" and menu.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Space")
    assert page.evaluate("document.getElementById('__drawer').checked")
    assert menu.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Enter")  # Enter too, as on any button: closes it again
    assert not page.evaluate("document.getElementById('__drawer').checked")
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked")
    page.wait_for_timeout(400)  # the drawer slides in
    link = page.locator(".md-sidebar--primary").get_by_role("link", name="Indsatstrappen", exact=True)
    box = link.bounding_box()
    assert link.is_visible() and box is not None and 0 <= box["x"] < 390
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"):
            break
    else:
        raise AssertionError("Tab never reaches the open menu")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__drawer').checked")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Menu"
    context.close()


@pytest.mark.parametrize(
    "path", ["/", "/indsatser/fft/", "/mekanismer/tilknytning/", "/evidens/", "/katalog/", "/indsatstrappen/"]
)
def test_pages_read_without_javascript(browser: object, site_url: str, path: str) -> None:
    """Text, the header's wordmark and the site navigation are all there with JavaScript off."""
    context, offsite = guarded_context(browser, java_script_enabled=False, viewport=SIZES["laptop"])
    page = context.new_page()
    page.goto(site_url + path)
    article = page.locator("article")
    assert article.is_visible()
    text = article.inner_text()
    assert len(text) > 200
    assert page.locator(".site-wordmark").is_visible()
    nav = page.locator(".md-sidebar--primary")
    for label in ("Forside", "Søg i kataloget", "Indsatstrappen", "Om kataloget"):
        assert nav.get_by_role("link", name=label, exact=True).is_visible(), label
    context.close()
    assert offsite == []
