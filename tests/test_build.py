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

from .conftest import BuiltSite, checked, run_cli

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


# Open data for people and programs, and metadata on every page.


def test_excel_file_opens_in_danish_excel(built: tuple[Path, Path]) -> None:
    """As Danish Excel reads it on a double-click: UTF-8 by its BOM, ';' between cells, CRLF rows."""
    site, _ = built
    raw = (site / "data" / "indsatser-excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") >= len(RECORD_IDS) + 1 and b"\n" not in raw.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    heading, records = rows[0], rows[1:]
    assert heading[:6] == ["Id", "Navn", "Kort navn", "Type", "Kort beskrivelse", "Målgruppe"]
    assert {"Evidensniveau", "Trin på indsatstrappen", "Hjælper med", "Senest gennemgået"} <= set(heading)
    assert len(records) == len(RECORD_IDS) and all(len(row) == len(heading) for row in records)
    by_id = {row[0]: dict(zip(heading, row, strict=True)) for row in records}
    assert sorted(by_id) == RECORD_IDS
    fft = by_id["fft"]
    assert fft["Type"] == "Indsats" and fft["Aldersenhed"] == "år"
    assert "æ" in fft["Brug i Danmark"] or "ø" in fft["Brug i Danmark"] or "å" in fft["Brug i Danmark"]
    assert fft["Trin på indsatstrappen"].startswith("Trin 3: ")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in records for cell in row)


def test_open_data_page_lists_every_file_with_licences_and_date(built: tuple[Path, Path]) -> None:
    from catalogue.settings import load_publisher
    from catalogue.site.exports import DATA_FILES

    site, _ = built
    html = (site / "aabne-data" / "index.html").read_text(encoding="utf-8")
    for file in DATA_FILES:
        assert f'href="../{file.path}"' in html, file.path
        assert (site / file.path).is_file(), file.path
    publisher = load_publisher()
    assert f'href="{publisher.data_licence_url}"' in html and f'href="{publisher.licence_url}"' in html
    assert re.search(r"<strong>Senest opdateret:</strong> \d{1,2}\. [a-z]+ \d{4}", html)
    assert "dobbeltklik" in html


def test_every_record_page_has_strict_schema_org_json_ld(built: tuple[Path, Path]) -> None:
    site, _ = built

    def refuse(token: str) -> None:
        raise ValueError(f"not JSON: {token}")

    pattern = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
    for record_id in RECORD_IDS:
        html = (site / "indsatser" / record_id / "index.html").read_text(encoding="utf-8")
        blocks = pattern.findall(html)
        assert len(blocks) == 1, record_id
        data = json.loads(blocks[0], parse_constant=refuse)
        assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
        assert data["inLanguage"] == "da" and data["name"] and data["description"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["dateModified"])
        assert data["publisher"]["@type"] == "Organization" and data["license"].startswith("https://")
        # The publisher's address is a placeholder (mkdocs.yml): no page claims an address for itself or them.
        assert "url" not in data and data["publisher"].keys() == {"@type", "name"}
        audience = data["audience"]
        assert audience["@type"] == "PeopleAudience" and audience["suggestedMinAge"] <= audience["suggestedMaxAge"]


def test_record_pages_show_the_editors_history_and_no_edit_link(built: tuple[Path, Path]) -> None:
    site, _ = built
    html = (site / "indsatser" / "keep" / "index.html").read_text(encoding="utf-8")
    history = html[html.index('id="aendringshistorik"') :]
    assert "<li><strong>22. november 2026:</strong> Oprettet.</li>" in history
    assert "Evidensniveauet er ændret fra »Dokumenteret effekt« til »Blandede resultater«." in history
    # pyproject.toml names no repository yet, so no page offers to edit a file on GitHub.
    assert not any(
        "Ret indsatsen" in (site / "indsatser" / r / "index.html").read_text(encoding="utf-8") for r in RECORD_IDS
    )


def test_dcat_description_has_the_properties_danish_catalogues_require(built: tuple[Path, Path]) -> None:
    """data/dcat.jsonld read as RDF (JSON-LD, with rdflib): a dcat:Catalog with DCAT-AP's mandatory
    properties, its dcat:Dataset with its mandatory ones and the recommended ones the catalogue can fill
    truthfully, and each distribution with its access address and licence."""
    from rdflib import RDF, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCAT, DCTERMS, FOAF

    from catalogue.site.exports import DATA_FILES

    site, _ = built
    base = "http://127.0.0.1/data/dcat.jsonld"  # where a reader would fetch it: relative addresses resolve there
    graph = Graph().parse(site / "data" / "dcat.jsonld", format="json-ld", publicID=base)
    vcard = Namespace("http://www.w3.org/2006/vcard/ns#")
    authority = "http://publications.europa.eu/resource/authority"

    def one(subject: object, predicate: URIRef) -> object:
        values = list(graph.objects(subject, predicate))  # type: ignore[arg-type]
        assert len(values) == 1, (subject, predicate, values)
        return values[0]

    def danish_text(subject: object, predicate: URIRef) -> None:
        value = one(subject, predicate)
        assert isinstance(value, Literal) and value.language == "da" and str(value).strip(), (predicate, value)

    catalogues = list(graph.subjects(RDF.type, DCAT.Catalog))
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(catalogues) == 1 and len(datasets) == 1
    catalogue_node, dataset = catalogues[0], datasets[0]
    # The Catalog's mandatory properties (DCAT-AP 2.0 §4.4): title, description, publisher, dataset.
    danish_text(catalogue_node, DCTERMS.title)
    danish_text(catalogue_node, DCTERMS.description)
    publisher = one(catalogue_node, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in graph and str(one(publisher, FOAF.name))
    assert one(catalogue_node, DCAT.dataset) == dataset
    # …and recommended ones.
    assert one(catalogue_node, DCTERMS.language) == URIRef(f"{authority}/language/DAN")
    assert one(catalogue_node, DCTERMS.spatial) == URIRef(f"{authority}/country/DNK")
    assert one(catalogue_node, DCAT.themeTaxonomy) == URIRef(f"{authority}/data-theme")
    assert str(one(catalogue_node, DCTERMS.license)).startswith("https://")
    # The Dataset's mandatory properties (§4.5): title, description; recommended: publisher, contact point,
    # distribution, keyword, spatial, theme; and identifier, language, modified.
    danish_text(dataset, DCTERMS.title)
    danish_text(dataset, DCTERMS.description)
    assert (one(dataset, DCTERMS.publisher), RDF.type, FOAF.Agent) in graph
    contact = one(dataset, DCAT.contactPoint)
    assert str(one(contact, vcard.fn))
    assert not list(graph.objects(contact, vcard.hasEmail))  # the placeholder address is not published
    assert not list(graph.objects(dataset, DCTERMS.identifier))  # nor an identifier made of a placeholder
    assert one(dataset, DCTERMS.spatial) == URIRef(f"{authority}/country/DNK")
    assert str(one(dataset, DCAT.theme)).startswith(f"{authority}/data-theme/")
    assert one(dataset, DCTERMS.language) == URIRef(f"{authority}/language/DAN")
    assert all(k.language == "da" for k in graph.objects(dataset, DCAT.keyword))  # type: ignore[attr-defined]
    assert len(list(graph.objects(dataset, DCAT.keyword))) > 3
    modified = one(dataset, DCTERMS.modified)
    assert isinstance(modified, Literal) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(modified))
    # Each distribution: its mandatory access address, a file that is there, its licence, type and dates.
    published = {f.path for f in DATA_FILES if f.distribution}
    distributions = list(graph.objects(dataset, DCAT.distribution))
    found = set()
    for distribution in distributions:
        assert (distribution, RDF.type, DCAT.Distribution) in graph
        address = str(one(distribution, DCAT.accessURL))
        assert address.startswith("http://127.0.0.1/data/"), address
        found.add(address.removeprefix("http://127.0.0.1/"))
        assert str(one(distribution, DCTERMS.license)).startswith("https://")
        assert str(one(distribution, DCAT.mediaType)).startswith("https://www.iana.org/assignments/media-types/")
        assert str(one(distribution, DCTERMS["format"])).startswith(f"{authority}/file-type/")
        assert one(distribution, DCTERMS.issued) == modified
    assert found == published and all((site / path).is_file() for path in found)
    open_data = (site / "aabne-data" / "index.html").read_text(encoding="utf-8")
    assert 'href="../data/dcat.jsonld"' in open_data


def test_source_lists_read_in_number_order(built: tuple[Path, Path]) -> None:
    """Citations are numbered by first use; the source list under the text must then read 1, 2, 3 …"""
    site, _ = built
    checked = 0
    for page in (site / "indsatser").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        block = html.split('<ol class="sources">', 1)[1].split("</ol>", 1)[0]
        numbers = [int(n) for n in re.findall(r'<li id="kilde-\d+" value="(\d+)"', block)]
        assert numbers == sorted(numbers) and numbers, page
        checked += 1
    assert checked == len(RECORD_IDS)


def test_the_preview_leaves_a_built_book_alone_and_links_to_it(records_dir: Path, skeleton: Path) -> None:
    """`build.py serve` generates without typesetting the book: a katalog.pdf that a whole build left in docs/
    stays (it used to be removed as stale), and the pages offer it with its own size, pages and edition."""
    import pikepdf

    from catalogue.build import generate, prepare

    docs = skeleton.parent / "docs"
    docs.mkdir(exist_ok=True)
    book = pikepdf.new()
    for _ in range(3):
        book.add_blank_page()
    book.docinfo["/CreationDate"] = "D:20261201000000Z"
    book.save(docs / "katalog.pdf")
    before = (docs / "katalog.pdf").read_bytes()
    result = checked(records_dir, config=skeleton)
    project, catalogue = result.dated, result.valid
    prepare(project, catalogue, preview=True).write()
    assert (docs / "katalog.pdf").read_bytes() == before
    front = (docs / "index.md").read_text(encoding="utf-8")
    assert "[Hent kataloget som PDF](katalog.pdf)" in front and "3 sider, udgave 1. december 2026" in front
    # A build of the site without the book (`build.py site`) still neither has nor links to it.
    generate(project, catalogue)
    assert not (docs / "katalog.pdf").exists()
    assert "katalog.pdf" not in (docs / "index.md").read_text(encoding="utf-8")
