"""End to end: the real records through the CLI into a temporary site, built by the real MkDocs."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from catalogue import paths
from catalogue.progress import Progress

from .conftest import BuiltSite, run_cli

RECORD_IDS = sorted(p.stem for p in paths.RECORDS.glob("*.yaml"))


@pytest.fixture(scope="module")
def built(real_site: BuiltSite) -> tuple[Path, Path]:
    """The real catalogue, built once per session: (site folder, mkdocs.yml of the copy)."""
    out, config, result = real_site.out, real_site.config, real_site.result
    # The stages, in order, each with its count and seconds.
    stages = [
        "Tjekker indsatserne i interventions …",
        rf"Alle {len(RECORD_IDS)} indsatser er gyldige \(\d+\.\d s\)",
        "Gengiver sider og data …",
        r"\d+ sider og datafiler er gengivet \(\d+\.\d s\)",
        r"Sider skrevet til .*: \d+ skrevet, \d+ uændret, \d+ fjernet\.",
        "Bygger websitet med ProperDocs …",
        rf"Websitet er bygget i {re.escape(str(out))} \(\d+\.\d s\)",
    ]
    lines = result.stdout.splitlines()
    assert len(lines) == len(stages), result.stdout
    for line, stage in zip(lines, stages, strict=True):
        assert re.fullmatch(stage, line), (line, stage)
    return out, config


def test_catalogue_has_records() -> None:
    assert len(RECORD_IDS) >= 3


def test_a_page_for_every_record(built: tuple[Path, Path]) -> None:
    site, _ = built
    for record_id in RECORD_IDS:
        page = site / "indsatser" / record_id / "index.html"
        assert page.is_file(), record_id
        html = page.read_text(encoding="utf-8")
        assert '<html lang="da"' in html
        assert "Virksomme mekanismer" in html and "Senest gennemgået" in html


def test_overview_pages_exist(built: tuple[Path, Path]) -> None:
    site, _ = built
    for page in (
        "index.html",
        "indsatser/index.html",
        "aldersgrupper/index.html",
        "mekanismer/index.html",
        "temaer/index.html",
        "indsatstrappen/index.html",
        "evidens/index.html",
        "aabne-data/index.html",
    ):
        assert (site / page).is_file(), page


def test_json_holds_every_record_with_yaml_keys(built: tuple[Path, Path]) -> None:
    site, _ = built
    data = json.loads((site / "data" / "interventions.json").read_text(encoding="utf-8"))
    assert sorted(r["id"] for r in data) == RECORD_IDS
    assert all("target_age" in r and "mechanisms" in r and "last_reviewed" in r for r in data)


def test_csv_holds_every_record(built: tuple[Path, Path]) -> None:
    site, _ = built
    text = (site / "data" / "interventions.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["id"] for r in rows) == RECORD_IDS
    assert all(r["name"] and r["evidence_level"] for r in rows)


def test_schema_is_published(built: tuple[Path, Path]) -> None:
    site, _ = built
    published = json.loads((site / "data" / "schema.json").read_text(encoding="utf-8"))
    assert published == json.loads(paths.SCHEMA.read_text(encoding="utf-8"))


def test_record_pages_are_not_in_the_navigation(built: tuple[Path, Path]) -> None:
    site, _ = built
    # This page links only to overviews, so any record link on it would come from the navigation.
    front = (site / "aabne-data" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-nav md-nav--primary"' in front and "Alle indsatser A–Å" in front
    assert not any(f"indsatser/{record_id}/" in front for record_id in RECORD_IDS)


def test_no_third_party_fonts_or_scripts(built: tuple[Path, Path]) -> None:
    site, _ = built
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page


def test_second_run_rewrites_nothing(built: tuple[Path, Path]) -> None:
    _, config = built
    result = run_cli("site", "--config", config, "--out", config.parent / "site2")
    assert result.returncode == 0, result.stderr
    assert "0 skrevet" in result.stdout and "0 fjernet" in result.stdout


def test_progress_counter_prints_plain_lines_in_a_log_and_rewrites_on_a_terminal() -> None:
    log, terminal = io.StringIO(), io.StringIO()
    for stream, live in ((log, False), (terminal, True)):
        tick = Progress(stream, live=live).counter("PDF: dele sat")
        for done in range(1, 4):
            tick(done, 3)
    assert log.getvalue() == "  PDF: dele sat 1/3\n  PDF: dele sat 3/3\n"
    assert "\r" not in log.getvalue()
    assert terminal.getvalue() == "\r  PDF: dele sat 1/3\r  PDF: dele sat 2/3\r  PDF: dele sat 3/3\n"


def test_every_json_file_of_the_built_site_is_strict_json(built: tuple[Path, Path]) -> None:
    """No NaN, Infinity or other tokens that only JavaScript accepts, in any JSON the site publishes."""
    site, _ = built

    def refuse(token: str) -> None:
        raise ValueError(f"not JSON: {token}")

    files = sorted(site.rglob("*.json"))
    assert files
    for file in files:
        json.loads(file.read_text(encoding="utf-8"), parse_constant=refuse)
