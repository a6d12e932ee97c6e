"""Every internal link and anchor in the built site resolves; external links in pages are https."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from .conftest import BuiltSite

BASE = "http://127.0.0.1/"


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        for name in ("href", "src"):
            if values.get(name) and tag in ("a", "link", "script", "img", "iframe", "source"):
                self.links.append(values[name])


@pytest.fixture(scope="module")
def site(real_site: BuiltSite) -> Path:
    return real_site.out


def parse(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def target_file(site: Path, url_path: str) -> Path:
    path = site / unquote(url_path).lstrip("/")
    return path / "index.html" if url_path.endswith("/") or path.is_dir() else path


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    parsed = {page: parse(page) for page in site.rglob("*.html")}
    broken: list[str] = []
    external: set[str] = set()
    for page, links in parsed.items():
        page_url = BASE + page.relative_to(site).as_posix()
        for link in links.links:
            absolute = urljoin(page_url, link)
            parts = urlsplit(absolute)
            if parts.scheme in ("mailto", "tel"):
                continue
            if parts.netloc != "127.0.0.1":
                external.add(absolute)
                continue
            target = target_file(site, parts.path)
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = (parsed.get(target) or parse(target)).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(site)}: {link} (anker mangler)")
    assert broken == []
    assert all(url.startswith("https://") for url in external), sorted(
        u for u in external if not u.startswith("https://")
    )


def test_heading_anchors_keep_danish_letters(site: Path) -> None:
    """The heading "Målgruppe" is #målgruppe, not #malgruppe: mkdocs.yml gives toc a Unicode slugify."""
    ids = parse(site / "indsatser" / "fft" / "index.html").ids
    assert {"målgruppe", "implementering-og-økonomi", "sådan-gennemføres-indsatsen"} <= ids
    assert not {"malgruppe", "implementering-og-konomi"} & ids
