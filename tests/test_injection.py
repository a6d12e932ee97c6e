"""Hostile text in every field comes out inert in the built pages, the JSON and the CSV."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import run_cli

HOSTILE = Path(__file__).parent / "golden" / "hostile-text" / "interventions"


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.linked_data: list[str] = []  # <script type="application/ld+json">: data, never run
        self._in: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in = self.linked_data if dict(attrs).get("type") == "application/ld+json" else self.scripts
            self._in.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._in[-1] += data


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import copy_site_skeleton

    base = tmp_path_factory.mktemp("hostile")
    config = copy_site_skeleton(base / "project")
    out = base / "site"
    result = run_cli("site", "--records", HOSTILE, "--config", config, "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def test_no_active_content_from_records_in_any_page(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        parsed = parse(html)
        assert not any("alert(" in script for script in parsed.scripts), page
        for tag, attrs in parsed.tags:
            assert tag not in ("iframe", "img", "style", "object", "embed"), (page, tag)
            assert not any(name.startswith("on") for name in attrs), (page, tag, attrs)
            for name in ("href", "src"):
                value = (attrs.get(name) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (page, tag, attrs)
        assert "<script>alert" not in html, page


def test_linked_data_holds_hostile_text_as_strict_json(hostile_site: Path) -> None:
    """Record text that tries to end the <script> stays inside it: one JSON-LD block, strict JSON, the text
    intact as data."""

    def refuse(token: str) -> None:
        raise ValueError(f"not JSON: {token}")

    html = (hostile_site / "indsatser" / "ondsindet" / "index.html").read_text(encoding="utf-8")
    parsed = parse(html)
    assert len(parsed.linked_data) == 1
    data = json.loads(parsed.linked_data[0], parse_constant=refuse)
    assert data["name"].startswith("<script>alert('navn')</script> {{ 7*7 }}")
    assert data["citation"][0]["name"] == "<script>kilde</script>"
    assert "</script" not in parsed.linked_data[0].lower() and "<!--" not in parsed.linked_data[0]


def test_hostile_change_history_is_shown_literally(hostile_site: Path) -> None:
    html = (hostile_site / "indsatser" / "ondsindet" / "index.html").read_text(encoding="utf-8")
    history = html[html.index('id="aendringshistorik"') :]
    assert "&lt;/script&gt;&lt;script&gt;alert(" in history and "*fed* [link](javascript:alert(3))" in history
    assert "&lt;!-- &amp; --&gt;" in history


def test_record_text_is_shown_literally(hostile_site: Path) -> None:
    html = (hostile_site / "indsatser" / "ondsindet" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert('navn')&lt;/script&gt; {{ 7*7 }}" in html or (
        "&lt;script&gt;alert(&#39;navn&#39;)&lt;/script&gt; {{ 7*7 }}" in html
    )
    assert "[klik](javascript:alert(1))" in html
    assert "**fed** _kursiv_ `kode`" in html
    # The study link keeps its brackets inside the URL, percent-encoded.
    assert 'href="https://example.org/a%29%28javascript:alert%287%29"' in html


def test_title_element_is_escaped(hostile_site: Path) -> None:
    html = (hostile_site / "indsatser" / "ondsindet" / "index.html").read_text(encoding="utf-8")
    title = html[html.index("<title>") : html.index("</title>")]
    assert "<script>" not in title


def test_json_keeps_text_exactly(hostile_site: Path) -> None:
    data = json.loads((hostile_site / "data" / "interventions.json").read_text(encoding="utf-8"))
    assert data[0]["name"] == "<script>alert('navn')</script> {{ 7*7 }}"


def test_csv_cells_cannot_run_as_formulas(hostile_site: Path) -> None:
    text = (hostile_site / "data" / "interventions.csv").read_bytes().decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["outcomes"].startswith("'=HYPERLINK")
    assert row["cost_note"] == "'=1+1 [2]"  # its citation as the number the page shows
    assert row["costs"].startswith("'=1+1")
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@")), value
