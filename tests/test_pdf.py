"""The printed catalogue: page numbers that are right, bookmarks, embedded fonts, tailored selections, the CLI.

The catalogue's own records are rendered once per module (it takes a few seconds); page texts come from
poppler's pdftotext, the outline and fonts from pypdf.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import shutil
import subprocess
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from catalogue import paths
from catalogue.build import CheckResult
from catalogue.pdf import proof, typeset
from catalogue.pdf.bind import LINK_BASE
from catalogue.pdf.book import (
    FOOTERS_PER_PART,
    LATE,
    PARTS,
    UNNUMBERED,
    Book,
    across_bands,
    chapters,
    home_band,
    parts,
    print_html,
    render_pdf,
)
from catalogue.pdf.hyphenation import SOFT_HYPHEN, Hyphenator
from catalogue.project import Project
from catalogue.records import ages
from catalogue.records.filters import selection
from catalogue.records.model import Catalogue, Entry, danish_key
from catalogue.text import keep_phrases

from .conftest import checked, copy_site_skeleton, edit, run_cli, with_publisher
from .pdf_structure import marked_content, read_tree

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")

EDITION = dt.date(2026, 11, 22)


@dataclass(frozen=True)
class Job:
    html: str
    tagged: bool


# Headings of interventions are set at 18 pt; h2 and leads at 13 pt, body text at 10.5 (catalogue.css).
HEADING_HEIGHT = 17.0


def _checked(records: Path = paths.RECORDS) -> CheckResult:
    result = checked(records, edition=EDITION)
    assert result.catalogue is not None, result.problems
    return result


@pytest.fixture(scope="module")
def book_project() -> Project:
    """The real project, dated for the book's tests."""
    return _checked().dated


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return _checked().valid


@pytest.fixture(scope="module")
def typesetting(
    book_project: Project, catalogue: Catalogue, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[Job]]:
    """The catalogue printed once for the module, and every document it sent to the workers (in order)."""
    pdf = tmp_path_factory.mktemp("pdf") / "katalog.pdf"
    jobs: list[Job] = []
    submit = typeset.submit

    def spy(pool: Executor, html: str, css: str, tagged: bool = True) -> Future[typeset.Typeset]:
        jobs.append(Job(html, tagged))
        return submit(pool, html, css, tagged)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typeset, "submit", spy)
        pdf.write_bytes(render_pdf(book_project, catalogue).content)
    return pdf, jobs


@pytest.fixture(scope="module")
def printed(typesetting: tuple[Path, list[Job]]) -> Path:
    return typesetting[0]


def normal(text: str) -> str:
    """Whitespace as single spaces, and line-end hyphenation undone (headings are not hyphenated)."""
    return " ".join(text.replace("\u00ad", "").split())


def title_pattern(title: str) -> str:
    """A regex for a title as pdftotext gives it back: line breaks anywhere between words, and a hyphen at
    a line end dropped (pdftotext joins "NGO-" + "samarbejder" into "NGOsamarbejder")."""
    # A line may also break after a slash or an en dash ("MI/" + "KAT", "Kommune–" + "NGO"), as in a browser.
    tokens = (
        re.escape(token).replace("/", "/\\s*").replace("–", "–\\s*")
        for token in re.split(r"[\s\-\u2010]+", title)
        if token
    )
    return r"[\s\-\u2010]*".join(tokens)


def has_title(text: str, title: str) -> bool:
    return re.search(title_pattern(title), text) is not None


def page_texts(pdf: Path, layout: bool = False) -> list[str]:
    """The text of every page, in one pdftotext run (pages are separated by form feeds). With `layout`, in
    the order of the lines on the page: a line of the table of contents or the index is a row of cells
    (number, title, page), which pdftotext would otherwise read column by column."""
    options = ["-layout"] if layout else []
    out = subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    return [normal(page) for page in out.decode("utf-8").split("\f")[:-1]]


def large_text(pdf: Path) -> list[str]:
    """Per page, the words set in heading size, from pdftotext's word boxes: where a heading really is."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout
    pages = []
    for page in re.findall(r"<page[^>]*>(.*?)</page>", out.decode("utf-8"), re.S):
        words = re.findall(r'<word xMin="[^"]+" yMin="([^"]+)" xMax="[^"]+" yMax="([^"]+)">([^<]*)</word>', page)
        pages.append(
            normal(" ".join(html.unescape(w) for y0, y1, w in words if float(y1) - float(y0) > HEADING_HEIGHT))
        )
    return pages


def toc_numbers(texts: list[str], titles: list[str]) -> dict[str, int]:
    """The page number printed after each title in the table of contents (page 2 onwards, before part 1)."""
    # The contents run from page 2 to the page that lists the colophon, its last line.
    last = next(i for i, t in enumerate(texts[1:], 1) if "Kolofon" in t)
    toc = " ".join(texts[1 : last + 1])
    found = {}
    for title in titles:
        match = re.search(title_pattern(title) + r"[ .]*?(\d+)(?!\d)", toc)
        assert match, f"'{title}' står ikke i indholdsfortegnelsen"
        found[title] = int(match.group(1))
    return found


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    """(level, title, page number) for every bookmark."""
    reader = PdfReader(pdf)
    rows: list[tuple[int, str, int]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                rows.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return rows


def test_every_record_in_the_toc_with_the_page_its_heading_is_on(catalogue: Catalogue, printed: Path) -> None:
    texts, headings = page_texts(printed, layout=True), large_text(printed)
    titles = [e.title for e in catalogue.entries]
    numbers = toc_numbers(texts, titles)
    assert len(numbers) == len(catalogue.entries) > 1
    for title, page in numbers.items():
        assert has_title(headings[page - 1], title), f"'{title}': indholdsfortegnelsen siger side {page}"
        # The heading is on that page only: a wrong number cannot pass by pointing at a later page.
        assert sum(has_title(h, title) for h in headings) == 1, title


def test_each_part_typeset_at_most_twice_and_the_footers_once(
    book_project: Project, catalogue: Catalogue, typesetting: tuple[Path, list[Job]]
) -> None:
    """The runs of interventions and the indexes once; the contents and chapter openings once with placeholder
    numbers and once with the real ones (the contents not before the indexes' pages are known); the footers
    once, for the final number of pages. The longest document of a round first."""
    pdf, jobs = typesetting
    book = Book.of(book_project, catalogue, list(catalogue.entries))
    order = parts(book)
    twice = [p for p in order if p.numbered and p.key not in LATE]
    tagged = [job for job in jobs if job.tagged]
    assert len(tagged) == len(order) + len(twice)
    # The first round: every part but the indexes, longest first.
    first = tagged[: len(order) - len(LATE)]
    assert [len(job.html) for job in first] == sorted((len(job.html) for job in first), reverse=True)
    assert all("Sidetal" not in job.html for job in tagged)
    pages = len(PdfReader(pdf).pages)
    footers = [job.html for job in jobs if not job.tagged]
    assert len(footers) == -(-(pages - UNNUMBERED) // FOOTERS_PER_PART)
    assert all(f" af {pages}'" in html for html in footers)
    # The contents: once with placeholders, then last of all, when every page it lists is known.
    contents = [i for i, job in enumerate(tagged) if '<nav class="toc"' in job.html]
    assert contents[1:] == [len(tagged) - 1] and len(contents) == 2


def test_two_parts_interventions_by_age_band_and_measures_by_theme(catalogue: Catalogue) -> None:
    groups = chapters(catalogue, catalogue.entries)
    printed_once = [e.id for chapter in groups for e in chapter.entries]
    assert sorted(printed_once) == sorted(e.id for e in catalogue.entries)
    part_one = [c for c in groups if c.part == 1]
    part_two = [c for c in groups if c.part == 2]
    assert groups == part_one + part_two
    # Every age band the site has makes a chapter, 13–17 included; no organisational measure is in part 1.
    assert [c.band.id for c in part_one if c.band] == list(catalogue.vocabulary.age_bands)
    assert [c.anchor for c in part_one if not c.band] == ["band-alle"]
    assert all(e.is_intervention for c in part_one for e in c.entries + c.also)
    assert [c.theme.id for c in part_two] == [
        t
        for t in catalogue.vocabulary.themes
        if any(t in e.data["themes"] for e in catalogue.entries if not e.is_intervention)
    ]
    assert all(not e.is_intervention for c in part_two for e in c.entries + c.also)
    bands = list(catalogue.vocabulary.age_bands.values())
    for chapter in part_one:
        for entry in chapter.entries:
            # Printed in the band that holds most of its ages, or across the bands if it covers four in full.
            if chapter.band is None:
                assert chapter.anchor == "band-alle" and across_bands(entry, bands)
            else:
                assert home_band(entry, bands) == chapter.band and not across_bands(entry, bands)
        for entry in chapter.also:
            assert chapter.band in entry.bands and entry not in chapter.entries
    for chapter in part_two:
        for entry in chapter.entries:
            assert entry.themes[0] == chapter.theme
        for entry in chapter.also:
            assert chapter.theme in entry.themes[1:]
    # An intervention spanning bands is printed once and listed in every other band it covers.
    spanning = [e for e in catalogue.entries if e.is_intervention and len(e.bands) > 1]
    assert spanning
    for entry in spanning:
        home = next(c for c in groups if entry in c.entries)
        assert sum(entry in c.also for c in groups) == len(entry.bands) - (home.band is not None)


def test_the_chapter_of_young_people_holds_the_interventions_used_for_them(catalogue: Catalogue) -> None:
    """An intervention spanning bands is printed where it is used: MST (12–17), FFT (11–17), headspace (12–25)
    and the contact person for young people (12–17) in "Unge (13–17 år)", not under "Skolebørn"; the
    interventions for every age (0–17) in a chapter of their own, not under "Spædbørn"."""
    groups = {c.anchor: c for c in chapters(catalogue, catalogue.entries)}
    young = {e.id for e in groups["band-unge"].entries}
    assert {"mst", "fft", "headspace", "kontaktperson-unge"} <= young
    assert all(e.data["target_age"]["max"] >= 13 for e in groups["band-unge"].entries)
    assert all(ages.span(e.data["target_age"])[1] <= 2 * 12 for e in groups["band-spaedboern"].entries)
    assert {"marte-meo", "familiebehandling"} <= {e.id for e in groups["band-alle"].entries}
    # The rule on its own: the band that holds most of the range, the younger of two that hold as much.
    bands = list(catalogue.vocabulary.age_bands.values())
    homes = {e.id: home_band(e, bands) for e in catalogue.entries}
    assert {id_: homes[id_].id for id_ in ("pmto", "tuba", "u-turn", "headspace", "cos-p")} == {
        "pmto": "skoleboern",  # 3–16: seven years of 6–12
        "tuba": "unge-voksne",  # from 14: four years of 13–17, five of 18–22
        "u-turn": "unge",  # 13–25: five years each of 13–17 and 18–22, so the younger
        "headspace": "unge",
        "cos-p": "foerskoleboern",  # 0–5: three years of 3–5
    }


def test_no_chapter_opens_with_an_empty_list(book_project: Project, catalogue: Catalogue) -> None:
    """A chapter with no intervention of its own says so in one line and lists what also belongs there."""
    book = Book.of(book_project, catalogue, list(catalogue.entries))
    openings = [opening for opening in print_html(book) if '<section class="chapter"' in opening]
    assert len(openings) == len(book.chapters)
    for opening, chapter in zip(openings, book.chapters, strict=True):
        lists = re.findall(
            r'<h2 class="chapter-list-title">[^<]*</h2>\s*(?:<p[^>]*>[^<]*</p>\s*)?<ul class="chapter-list">(.*?)</ul>',
            opening,
            re.S,
        )
        assert lists and all("<li>" in found for found in lists), chapter.title
        assert ("I dette kapitel" in opening) == bool(chapter.entries)
        if not chapter.entries:
            assert opening.count('<p class="none">') == 1 and chapter.also
    assert any(not c.entries for c in book.chapters)  # "Nye typer tilbud": one measure, printed elsewhere


def test_a_selection_by_band_or_age_makes_chapters_of_the_chosen_bands_only(catalogue: Catalogue) -> None:
    vocabulary = catalogue.vocabulary
    teens = selection(vocabulary, band=["unge"], kind=["indsats"])
    groups = chapters(catalogue, teens.apply(catalogue.entries), teens)
    assert [c.band.id for c in groups] == ["unge"]
    assert sorted(e.id for e in groups[0].entries) == sorted(e.id for e in teens.apply(catalogue.entries))
    four = selection(vocabulary, 4)
    bands = [c.band.id for c in chapters(catalogue, four.apply(catalogue.entries), four) if c.part == 1]
    assert bands == ["foerskoleboern"]


def test_outline_mirrors_the_table_of_contents(catalogue: Catalogue, printed: Path) -> None:
    rows = outline(printed)
    texts = page_texts(printed, layout=True)
    records = [
        (title, page) for level, title, page in rows if level == 3 and title in {e.title for e in catalogue.entries}
    ]
    assert sorted(t for t, _ in records) == sorted(e.title for e in catalogue.entries)
    # Every bookmark is a line of the table of contents with the same page, except the bookmark of the
    # table of contents itself and those of the two parts, which the contents has as headings without a page
    # (their bookmarks lead to the first chapter's opening page).
    assert rows[0] == (1, "Indhold", 2)
    groups = chapters(catalogue, catalogue.entries)
    part_titles = set(PARTS.values())
    numbers = toc_numbers(texts, [title for _, title, _ in rows[1:] if title not in part_titles])
    for _level, title, page in rows[1:]:
        if title in part_titles:
            first = next(c for c in groups if PARTS[c.part] == title)
            assert numbers[first.title] == page
            continue
        assert numbers[title] == page, (
            f"bogmærket '{title}' peger på side {page}, indholdsfortegnelsen siger {numbers[title]}"
        )
    # Parts, chapters, interventions; the contents' own sections and the indexes at the top.
    top = [title for level, title, _ in rows if level == 1]
    assert top == [
        "Indhold",
        "Sådan læser du kataloget",
        *PARTS.values(),
        "Problemindeks",
        "Mekanismeindeks",
        "Kolofon",
    ]
    assert [title for level, title, _ in rows if level == 2][5:] == [c.title for c in groups]
    contents = " ".join(page_texts(printed)[1:3])
    assert all(part in contents for part in PARTS.values())  # the contents names the parts


def test_mechanism_index_page_numbers(catalogue: Catalogue, printed: Path) -> None:
    texts, headings = page_texts(printed, layout=True), large_text(printed)
    start = next(i for i, h in enumerate(headings) if h.startswith("Mekanismeindeks"))
    end = next(i for i, h in enumerate(headings) if h.startswith("Kolofon"))
    index = " ".join(texts[start:end])
    labels = [t.label for t in catalogue.vocabulary.mechanisms.values() if catalogue.with_term("mechanisms", t.id)]
    positions = sorted((index.index(label), label) for label in labels)
    checked = 0
    for (position, label), following in zip(positions, [*positions[1:], (len(index), "")], strict=True):
        block = index[position : following[0]]
        term = next(t for t in catalogue.vocabulary.mechanisms.values() if t.label == label)
        for entry in catalogue.with_term("mechanisms", term.id):
            match = re.search(title_pattern(entry.title) + r"[ .]*?(\d+)(?!\d)", block)
            assert match, f"'{entry.title}' mangler under '{label}' i mekanismeindekset"
            assert has_title(headings[int(match.group(1)) - 1], entry.title), (label, entry.title)
            checked += 1
    assert checked == sum(len(e.mechanisms) for e in catalogue.entries)


def test_problem_index_lists_every_targeting_intervention_with_its_page(catalogue: Catalogue, printed: Path) -> None:
    texts, headings = page_texts(printed, layout=True), large_text(printed)
    start = next(i for i, h in enumerate(headings) if h.startswith("Problemindeks"))
    end = next(i for i, h in enumerate(headings) if h.startswith("Mekanismeindeks"))
    index = " ".join(texts[start:end])
    areas = catalogue.vocabulary.problem_areas.values()
    targeting = {a.id: [e for e in catalogue.entries if a in [p for p, _, _ in e.problem_areas]] for a in areas}
    labels = sorted((index.index(a.label), a) for a in areas if targeting[a.id])
    assert len(labels) >= 5
    # In Danish alphabetical order, as the mechanism index.
    assert [a.label for _, a in labels] == sorted((a.label for _, a in labels), key=danish_key)
    checked = 0
    for (position, area), following in zip(labels, [*labels[1:], (len(index), None)], strict=True):
        block = index[position : following[0]]
        for entry in targeting[area.id]:
            # Each line: the intervention's title, its finding for this problem, then its page.
            finding = next(f for a, f, _ in entry.problem_areas if a.id == area.id)
            pattern = title_pattern(entry.title) + r"\s*–\s*" + title_pattern(finding.label.lower())
            match = re.search(pattern + r"[ .]*?(\d+)(?!\d)", block)
            assert match, f"'{entry.title}' ({finding.label}) mangler under '{area.label}' i problemindekset"
            assert has_title(headings[int(match.group(1)) - 1], entry.title), (area.label, entry.title)
            checked += 1
    assert checked == sum(len(e.problem_areas) for e in catalogue.entries) > 0
    # The table of contents leads to it.
    assert toc_numbers(texts, ["Problemindeks"])["Problemindeks"] == start + 1


def test_fonts_are_embedded(printed: Path) -> None:
    reader = PdfReader(printed)
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                fonts[str(descriptor["/FontName"])] = any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                )
    assert fonts and all(fonts.values()), fonts
    assert any("Liberation-Serif" in name for name in fonts), fonts


def test_metadata_language_tags_and_running_pages(printed: Path) -> None:
    reader = PdfReader(printed)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == "Inspirationskatalog over tidlige forebyggende indsatser"
    assert reader.metadata["/CreationDate"].startswith("D:20261122")
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "pdfuaid:part" in xmp
    texts = page_texts(printed)
    total = len(texts)
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4
    assert f"Side 2 af {total}" in texts[1] and f"Side {total} af {total}" in texts[-1]
    assert "Side 1 af" not in texts[0]  # the cover has no running footer


# The book is typeset in parts and bound (pdf/book.py, pdf/bind.py): what binding must keep.


def test_links_between_parts_lead_to_the_right_page(catalogue: Catalogue, printed: Path) -> None:
    book = pikepdf.open(printed)
    flat = list(book.Root.Names.Dests.Names)
    destinations = {str(flat[i]): flat[i + 1] for i in range(0, len(flat), 2)}
    page_of = {page.objgen: number for number, page in enumerate(book.pages, start=1)}
    headings = large_text(printed)
    targets = []
    for page in book.pages:
        for annotation in page.obj.get("/Annots", []):
            assert LINK_BASE not in str(annotation.get("/A", {}).get("/URI", "")), "a link between parts was left"
            if "/Dest" in annotation:
                targets.append(str(annotation.Dest))
    records = {f"r-{e.id}": e for e in catalogue.entries}
    # The table of contents, chapter lists, index and related interventions link to every record.
    assert set(records) <= set(targets)
    for name in targets:
        assert name in destinations, f"link to #{name} has no destination"
        if name in records:
            page = page_of[destinations[name][0].objgen]
            assert has_title(headings[page - 1], records[name].title), name


def test_one_structure_tree_over_all_parts(catalogue: Catalogue, printed: Path) -> None:
    book = pikepdf.open(printed)
    structure = book.Root.StructTreeRoot
    assert len(structure.K) == 1 and structure.K[0].S == "/Document"
    kids = list(structure.K[0].K)
    assert all(kid.P.objgen == structure.K[0].objgen for kid in kids)
    # Every part's elements are in the one document, in page order (WeasyPrint gives an element one
    # structure element per page it is on, so an intervention is one Art or more).
    page_of = {page.objgen: number for number, page in enumerate(book.pages)}
    pages = [page_of[kid.Pg.objgen] for kid in kids if "/Pg" in kid]
    assert pages == sorted(pages) and set(pages) == set(range(len(book.pages)))
    assert sum(1 for kid in kids if kid.S == "/Art") >= len(catalogue.entries)
    nums = list(structure.ParentTree.Nums)
    keys = [int(k) for k in nums[::2]]
    assert len(keys) == len(set(keys)) and int(structure.ParentTreeNextKey) == max(keys) + 1
    used = [int(page.obj.StructParents) for page in book.pages]
    used += [int(a.StructParent) for page in book.pages for a in page.obj.get("/Annots", [])]
    assert len(used) == len(set(used)) and set(used) <= set(keys)
    # Every marked content sequence is held by one element that the parent tree names, and WeasyPrint's
    # meaningless /Span and /NonStruct wrappers are gone (catalogue/pdf/structure.py).
    tree = read_tree(book)
    assert sorted(tree.order) == sorted(marked_content(book)) and len(set(tree.order)) == len(tree.order)
    assert tree.plain_groups == 0 and tree.content_in_grouping == 0


def test_page_numbers_are_pagination_artifacts(printed: Path) -> None:
    book = pikepdf.open(printed)
    for number, page in enumerate(book.pages, start=1):
        content = page.obj.Contents
        streams = content if isinstance(content, pikepdf.Array) else [content]
        data = b"".join(stream.read_bytes() for stream in streams)
        assert (b"/Pagination" in data) == (number > 1), number


def test_related_interventions_are_referred_to_by_their_number(catalogue: Catalogue, printed: Path) -> None:
    texts = page_texts(printed)
    numbers = {}
    for text in texts:
        kicker = re.search(r"NR\. (\d+) · ", text)
        if kicker:
            title = next(e.title for e in catalogue.entries if has_title(text, e.title))
            numbers.setdefault(title, int(kicker.group(1)))
    assert sorted(numbers.values()) == list(range(1, len(catalogue.entries) + 1))
    checked = 0
    for entry in catalogue.entries:
        for other in catalogue.related(entry):
            pattern = title_pattern(other.title) + rf" \(nr\. {numbers[other.title]}\)"
            assert any(re.search(pattern, t) for t in texts), (entry.title, other.title)
            checked += 1
    assert checked > 0


def test_record_text_is_escaped(book_project: Project, fixture_record: dict, catalogue: Catalogue) -> None:
    hostile = dict(fixture_record, summary="<script>alert(1)</script> & <b>fed</b>", name="A <i>kursiv</i> navn")
    entry = Entry(hostile, "eksempel.yaml", catalogue.vocabulary)
    page = "".join(print_html(Book.of(book_project, Catalogue([entry], catalogue.vocabulary), [entry])))
    assert "<script>" not in page and "<b>fed</b>" not in page and "<i>kursiv</i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;fed&lt;/b&gt;" in page
    assert "A &lt;i&gt;kursiv&lt;/i&gt; navn" in page


def test_words_break_only_at_the_joints_of_compounds(catalogue: Catalogue, printed: Path) -> None:
    """Every word hyphenated at a line end in the book, listed, and broken at a joint of the compound only."""
    found = proof.hyphenations(printed)
    assert len(found) >= 50, "hyphenation is on"
    print("\n".join(map(str, found)))  # the list, for a reader of the test's output (pytest -s)
    bad = proof.bad_hyphenations(printed, Hyphenator.of(catalogue))
    assert not bad, "orddelt uden for sammensætningens led: " + ", ".join(map(str, bad))


def test_section_signs_abbreviations_and_citation_groups_stay_with_what_follows(printed: Path) -> None:
    assert proof.split_phrases(printed) == []


def test_six_type_sizes_body_and_lists_large_enough(book_project: Project, catalogue: Catalogue, printed: Path) -> None:
    """At most six font sizes in the whole book (read from the PDF's text), body text ≥ 10 pt, tables and
    lists ≥ 8.5 pt: only the citation numbers are smaller."""
    sizes = proof.type_sizes(printed)
    assert len(sizes) <= 6, sorted(sizes)
    body = max(sizes, key=lambda size: sizes[size] if size >= 10 else 0)
    assert body >= 10
    small = sorted(size for size in sizes if size < 8.5)
    assert small == [7.0]  # sup.cite
    html = "".join(print_html(Book.of(book_project, catalogue, list(catalogue.entries))))
    assert html.count('<sup class="cite">') > 100


@pytest.mark.parametrize(
    ("word", "broken"),
    [
        ("konfliktniveau", "konflikt-niveau"),  # not "konflik-tniveau"
        ("fraværsregistrering", "fraværs-registrering"),  # not "fravær-sregistrering"
        ("kontaktpersonindsats", "kontaktperson-indsats"),  # not "kontaktperso-nindsats"
        ("skolesocialrådgiveren", "skole-socialrådgiveren"),
        ("headspace", "headspace"),  # a name written in lower case (vocabulary/unbreakable.txt)
        ("socialstyrelsen", "socialstyrelsen"),
        ("Socialstyrelsen", "Socialstyrelsen"),  # capitalised: a name
        ("Back2School", "Back2School"),
        ("psychotherapy", "psychotherapy"),  # English: no Danish joints
        ("problematic", "problematic"),
        ("behandlingen", "behandlingen"),  # not a compound
        ("forældrene", "forældrene"),
    ],
)
def test_joints_of_compounds(catalogue: Catalogue, word: str, broken: str) -> None:
    hyphenator = Hyphenator.of(catalogue)
    assert hyphenator.mark(word).replace(SOFT_HYPHEN, "-") == broken


def test_names_of_records_are_never_broken(catalogue: Catalogue) -> None:
    hyphenator = Hyphenator.of(catalogue)
    for entry in catalogue.entries:
        for name in (entry.name, entry.data.get("short_name") or ""):
            assert SOFT_HYPHEN not in hyphenator.mark(name), name


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("efter § 32 stk. 2", "efter §_32 stk._2"),
        ("§§ 28–30", "§§_28–30"),
        ("ca. 1.000 kr. om året", "ca._1.000_kr. om året"),
        ("40 pct. af dem", "40_pct. af dem"),
        ("udviklet af J. Hansen", "udviklet af J._Hansen"),
        ("ca. en tredjedel", "ca._en tredjedel"),
        ("et langt ord", "et langt ord"),
        ("MI/KAT og/eller", "MI/\u2060KAT og/\u2060eller"),
    ],
)
def test_phrases_kept_whole(text: str, kept: str) -> None:
    assert keep_phrases(text).replace("\u00a0", "_") == kept


def test_the_print_html_marks_joints_in_text_but_not_in_headings_or_links(
    book_project: Project, catalogue: Catalogue
) -> None:
    book = Book.of(book_project, catalogue, list(catalogue.entries))
    html = "".join(print_html(book))
    assert SOFT_HYPHEN in html
    for element in re.findall(r"<(h[1-4]|a|title|sup)\b[^>]*>(.*?)</\1>", html, re.S):
        assert SOFT_HYPHEN not in element[1], element
    assert SOFT_HYPHEN not in html[: html.index("<body>")]


@pytest.mark.skipif(
    not (os.environ.get("PROOF_1000") or os.environ.get("CI")),
    reason="the 1,000-record book takes minutes: it runs in CI (CI=true) and with PROOF_1000=1",
)
def test_the_1000_record_book_breaks_only_at_joints_and_keeps_phrases_whole(tmp_path: Path) -> None:
    """The same proofs over the 1,000 synthetic records of the benchmarks (benchmarks/synthetic.py), which
    benchmarks/run.py also reports."""
    from benchmarks.synthetic import write_records

    write_records(1000, tmp_path / "records")
    result = _checked(tmp_path / "records")
    catalogue = result.valid
    pdf = tmp_path / "katalog.pdf"
    pdf.write_bytes(render_pdf(result.dated, catalogue).content)
    found = proof.hyphenations(pdf)
    print("\n".join(map(str, found)))
    assert len(found) >= 50
    assert proof.bad_hyphenations(pdf, Hyphenator.of(catalogue)) == []
    assert proof.split_phrases(pdf) == []
    assert len(proof.type_sizes(pdf)) <= 6


# Tailored catalogues through the command line.


def test_filtered_pdf_holds_exactly_the_selected_records(catalogue: Catalogue, tmp_path: Path) -> None:
    out = tmp_path / "udvalg" / "fire-aar.pdf"
    result = run_cli("pdf", "--age", "4", "--theme", "nye-typer-tilbud", "--out", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    wanted = selection(catalogue.vocabulary, 4, theme=["nye-typer-tilbud"]).apply(catalogue.entries)
    assert 0 < len(wanted) < len(catalogue.entries)
    records = {title for level, title, _ in outline(out) if level == 3}
    howto = {
        "Indsatser og organisatoriske tiltag",
        "Aktivitet og mekanisme",
        "Evidensskalaen",
        "Indsatstrappen",
        "Aldersgrupperne",
    }
    assert records - howto == {e.title for e in wanted}
    first = page_texts(out)[0]
    assert "Tilpasset udvalg: alder 4 år; tema: Nye typer tilbud" in first
    interventions = [e for e in wanted if e.is_intervention]
    measures = len(wanted) - len(interventions)
    counted = f"{len(interventions)} {'indsats' if len(interventions) == 1 else 'indsatser'}"
    assert counted in first
    if measures:
        assert f"og {measures} organisatorisk{'' if measures == 1 else 'e'} tiltag" in first


def test_a_problem_catalogue_puts_what_showed_no_effect_on_it_last(catalogue: Catalogue, tmp_path: Path) -> None:
    """`pdf --problem` (a filter of the vocabulary's facets like the others): interventions studied without
    effect on the problem come after the others, in a chapter of their own, never mixed in silently."""
    out = tmp_path / "adfaerd.pdf"
    result = run_cli("pdf", "--problem", "udadreagerende-adfaerd", "--out", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    wanted = selection(catalogue.vocabulary, problem=["udadreagerende-adfaerd"]).apply(catalogue.entries)
    late = [e for e in wanted if e.without_effect_on(["udadreagerende-adfaerd"])]
    assert late and len(late) < len(wanted)
    marks = outline(out)
    titles = [title for _, title, _ in marks]
    chapter = titles.index("Undersøgt uden effekt på det valgte problem")
    assert {t for t in titles[chapter + 1 :] if t in {e.title for e in wanted}} == {e.title for e in late}
    assert "Tilpasset udvalg: hvad skal indsatsen hjælpe med: Udadreagerende adfærd" in page_texts(out)[0]


def test_repeated_filter_values_widen_the_selection(catalogue: Catalogue, tmp_path: Path) -> None:
    out = tmp_path / "trin.pdf"
    result = run_cli("pdf", "--step", "1", "--step", "2", "--kind", "organisatorisk-tiltag", "--out", out)
    assert result.returncode == 0, result.stderr
    wanted = selection(catalogue.vocabulary, step=["1", "2"], kind=["organisatorisk-tiltag"]).apply(catalogue.entries)
    assert {t for level, t, _ in outline(out) if level == 3} >= {e.title for e in wanted}
    assert f"{len(wanted)} indsatser på" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--theme", "sport"], "'sport' er ikke en gyldig værdi for --theme (tilladt: let-adgang-til-raadgivning,"),
        (["--age", "fire"], "--age skal være en alder i år, fx 4 eller 2,5, ikke 'fire'"),
        (["--age", "30"], "alderen skal være mellem 0 og 25 år"),
        (["--step", "9"], "'9' er ikke en gyldig værdi for --step"),
    ],
)
def test_bad_filter_exits_2_in_danish(args: list[str], message: str, tmp_path: Path) -> None:
    result = run_cli("pdf", *args, "--out", tmp_path / "x.pdf")
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_filters_need_an_out_file(skeleton: Path) -> None:
    result = run_cli("pdf", "--age", "4", "--config", skeleton)
    assert result.returncode == 2
    assert "et tilpasset udvalg skrives til en fil, fx --out mit-katalog.pdf" in result.stderr
    assert not (skeleton.parent / "docs" / "katalog.pdf").exists()


def test_selection_without_records_writes_nothing(tmp_path: Path) -> None:
    result = run_cli("pdf", "--age", "24", "--step", "6", "--out", tmp_path / "x.pdf")
    assert result.returncode == 1
    assert "ingen indsatser passer til udvalget; intet er skrevet" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_invalid_record_exits_1(records_dir: Path, tmp_path: Path) -> None:
    broken = records_dir / "eksempel.yaml"
    broken.write_bytes(broken.read_bytes().replace(b"staircase_step: 3", b"staircase_step: 8"))
    result = run_cli("pdf", "--records", records_dir, "--out", tmp_path / "x.pdf", cwd=tmp_path)
    assert result.returncode == 1
    assert "interventions/eksempel.yaml:43: staircase_step:" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_help_has_an_example() -> None:
    result = run_cli("pdf", "--help")
    assert result.returncode == 0
    assert "Eksempel: python build.py pdf" in result.stdout


# The PDF in the site: built by `python build.py` and `python build.py pdf`, never by `python build.py site`.


def test_full_build_publishes_and_links_the_pdf_and_site_build_does_not(
    records_dir: Path, skeleton: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    docs = skeleton.parent / "docs"
    result = run_cli("--records", records_dir, "--config", skeleton, "--out", out)
    assert result.returncode == 0, result.stderr
    pdf = out / "katalog.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert (docs / "katalog.pdf").read_bytes() == pdf.read_bytes()
    home = (out / "index.html").read_text(encoding="utf-8")
    pages = len(PdfReader(pdf).pages)
    assert 'href="katalog.pdf"' in home
    assert re.search(rf"PDF, \d+ kB, {pages} sider, udgave \d+\. \w+ \d{{4}}", home), home

    result = run_cli("site", "--records", records_dir, "--config", skeleton, "--out", out)
    assert result.returncode == 0, result.stderr
    assert not (out / "katalog.pdf").exists() and not (docs / "katalog.pdf").exists()
    assert "katalog.pdf" not in (out / "index.html").read_text(encoding="utf-8")


def test_pdf_command_writes_the_whole_catalogue_into_docs(records_dir: Path, skeleton: Path) -> None:
    result = run_cli("pdf", "--records", records_dir, "--config", skeleton)
    assert result.returncode == 0, result.stderr
    docs = skeleton.parent / "docs"
    assert {t for level, t, _ in outline(docs / "katalog.pdf") if level == 3} >= {
        "Eksempel på en indsats (EPI)",
        "Andet eksempel",
    }
    assert "[Hent kataloget som PDF](katalog.pdf)" in (docs / "index.md").read_text(encoding="utf-8")


def test_colophon_names_publisher_licence_and_says_it_has_no_address_yet(printed: Path) -> None:
    from catalogue.settings import load_publisher

    publisher = load_publisher()  # mkdocs.yml's, whose e-mail and web address are placeholders
    assert publisher.unset == ("email", "url")
    text = " ".join(" ".join(page_texts(printed)[-2:]).split())
    for fact in (
        publisher.name,
        publisher.licence,
        "Kataloget har endnu ingen kontaktadresse og ingen fast webadresse",
    ):
        assert fact and fact in text, fact
    assert "@" not in text and "Foreslå en rettelse" not in text
    # The cover counts what the site counts, in its words, and names no software version.
    cover = page_texts(printed)[0]
    assert "organisatoriske tiltag" in cover and "Version" not in cover


# Lines, hyphens and addresses as a print designer would check them, read from pdftotext -layout.


def layout_lines(pdf: Path) -> list[list[str]]:
    """Every page's lines as pdftotext -layout sets them (stripped, empty lines dropped)."""
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in out.stdout.decode().split("\f")]


def list_pages(pdf: Path) -> list[int]:
    """0-based pages of the table of contents, the chapters' opening pages and the indexes."""
    headings = large_text(pdf)
    texts = page_texts(pdf)
    last_toc = next(i for i, t in enumerate(texts[1:], 1) if "Kolofon" in t)
    index = next(i for i, h in enumerate(headings) if h.startswith("Problemindeks"))
    colophon = next(i for i, h in enumerate(headings) if h.startswith("Kolofon"))
    chapters = [i for i, t in enumerate(texts) if "I dette kapitel" in t]
    return sorted({*range(1, last_toc + 1), *chapters, *range(index, colophon)})


def test_toc_lines_start_with_a_letter_or_a_digit(printed: Path) -> None:
    pages = layout_lines(printed)
    last_toc = next(i for i, lines in enumerate(pages[1:], 1) if any(line.startswith("Kolofon") for line in lines))
    lines = [line for page in pages[1 : last_toc + 1] for line in page]
    assert len(lines) > 40
    for line in lines:
        assert line[0].isalnum() or line[0] == "(", f"en linje i indholdsfortegnelsen begynder med '{line[0]}': {line}"


def test_list_lines_keep_short_words_numbers_and_ages_with_what_follows(catalogue: Catalogue, printed: Path) -> None:
    """In the table of contents, chapter lists and indexes, a title that wraps does not leave a short word
    (three letters or fewer) at the end of a line, nor a number or an age range's first half without what
    follows it."""
    pages = layout_lines(printed)
    items = {normal(e.title) for e in catalogue.entries}
    items |= {normal(f"{e.title} ({ages_label(e)})") for e in catalogue.entries}
    wrapped = 0
    for number in list_pages(printed):
        lines = [re.sub(r"^\d+\s+", "", line) for line in pages[number]]
        for line in lines:
            if re.search(r"\s{2,}\d+$", line):
                continue  # the last line of an item, with its page number
            text = normal(line)
            if not any(item.startswith(text + " ") for item in items):
                continue  # not the first line of a wrapped title (or a title that ends on this line)
            wrapped += 1
            last = text.split()[-1]
            assert not re.fullmatch(r"\W*[^\W\d_]{1,3}\W*", last), f"linjen slutter med '{last}': {line}"
            assert not re.search(r"\d[–-]?$", text), f"linjen slutter midt i et tal eller en alder: {line}"
        for line, following in zip(lines, lines[1:], strict=False):
            assert not (re.search(r"\d$", line) and re.match(r"(år|måneder)\b", following)), (line, following)
            assert not (re.search(r"\d–$", line)), line
    assert wrapped >= 5  # titles do wrap: the checks above had something to check


def ages_label(entry: Entry) -> str:
    return ages.label(entry.data["target_age"])


def test_no_more_than_two_hyphenated_lines_in_a_row(printed: Path) -> None:
    # WeasyPrint sets an automatic hyphenation as U+2010; a hyphen of the text itself ("0-3", "NGO-") is
    # U+002D, and an en dash is U+2013: neither is counted.
    longest, hyphenated = 0, 0
    for page in layout_lines(printed):
        run = 0
        for line in page:
            run = run + 1 if line.endswith("\u2010") else 0
            hyphenated += line.endswith("\u2010")
            assert run <= 2, f"tre orddelte linjer i træk, den sidste: {line}"
            longest = max(longest, run)
    assert hyphenated >= 100 and longest == 2  # hyphenation is on, and runs of two are allowed


def record_urls(value: object) -> set[str]:
    if isinstance(value, dict):
        found = {value["url"]} if isinstance(value.get("url"), str) else set()
        return found.union(*(record_urls(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(record_urls(v) for v in value))
    return set()


def url_breaks(pages: list[list[str]], urls: set[str]) -> list[tuple[str, str]]:
    """(before, after) for every address broken over two lines: where the break fell in the address."""
    breaks = []
    for page in pages:
        for line, following in zip(page, page[1:], strict=False):
            last = line.split()[-1]
            start = last.find("https://")
            if start < 0 or last[start:] in urls:
                continue
            head = last[start:]
            candidates = [u for u in urls if u.startswith(head) and u != head]
            if candidates:
                breaks.append((head, following.split()[0]))
    return breaks


def test_addresses_break_between_their_parts(catalogue: Catalogue, printed: Path) -> None:
    """An address broken over two lines breaks after a slash or before "?", "&", "=" or "#", never inside its
    host ("https://" alone at a line end) nor inside a part, unless the part is longer than a line can hold."""
    from catalogue.text import _URL_BREAK, _URL_START, URL_PART_LENGTH

    urls = set().union(*(record_urls(e.data) for e in catalogue.entries))
    breaks = url_breaks(layout_lines(printed), urls)
    assert len(breaks) >= 20
    for head, tail in breaks:
        whole = next(u for u in sorted(urls) if u.startswith(head) and u[len(head) :].startswith(tail[:5]))
        host = _URL_START.match(whole)
        assert host and len(head) >= len(host.group()), f"adressen er delt i værtsnavnet: {head} | {tail}"
        parts = [host.group(), *(p for p in _URL_BREAK.split(whole[len(host.group()) :]) if p)]
        ends = [sum(len(p) for p in parts[: i + 1]) for i in range(len(parts))]
        if len(head) in ends:
            continue
        broken = next(p for p, end in zip(parts, ends, strict=True) if end > len(head))
        assert len(broken) > URL_PART_LENGTH, f"adressen er delt midt i '{broken}': {head} | {tail}"


def test_every_link_annotation_once(printed: Path) -> None:
    book = pikepdf.open(printed)
    toc_links = 0
    for number, page in enumerate(book.pages, start=1):
        areas: dict[str, list[tuple[float, ...]]] = {}
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            target = str(annotation.get("/Dest", "")) or str(annotation.get("/A", {}).get("/URI", ""))
            rect = tuple(round(float(v), 1) for v in annotation.Rect)
            for other in areas.get(target, []):
                inside = all(abs(a - b) < 0.2 for a, b in zip(rect, other, strict=True)) or (
                    rect[0] >= other[0] and rect[1] >= other[1] and rect[2] <= other[2] and rect[3] <= other[3]
                )
                assert not inside, f"side {number}: link til {target} to gange på samme sted"
            areas.setdefault(target, []).append(rect)
            toc_links += number in (2, 3)
    assert toc_links > 40


def test_leaflet_of_one_intervention(catalogue: Catalogue, tmp_path: Path) -> None:
    from catalogue.settings import Publisher

    # A catalogue with a publisher, given by --config: the footer names the record's address (without one it
    # names none, tests/test_outside_checkers.py).
    publisher = Publisher(
        name="Redaktionen", email="redaktion@kommune.dk", url="https://katalog.kommune.dk/", licence="CC BY 4.0"
    )
    config = with_publisher(copy_site_skeleton(tmp_path / "project"), publisher)
    entry = next(e for e in catalogue.entries if e.is_intervention and catalogue.related(e))
    out = tmp_path / "folder.pdf"
    result = run_cli("pdf", "--id", entry.id, "--out", out, "--config", config)
    assert result.returncode == 0, result.stderr
    assert f"Folderen om {entry.title}" in result.stdout
    pages = page_texts(out)
    assert 1 <= len(pages) <= 6
    text = " ".join(pages)
    # Its title is the one heading in title size; no other intervention is printed.
    headings = " ".join(large_text(out))
    assert has_title(headings, entry.title)
    assert not any(has_title(headings, e.title) for e in catalogue.entries if e is not entry)
    # Every section, and its own numbered source list with every source.
    for section in ("Målgruppe", "Aktiviteter", "Virksomme mekanismer", "Brug i Danmark", "Kilder og studier"):
        assert section in text, section
    sources = entry.data["sources"] + entry.data["evidence"].get("studies", [])
    for source in entry.data["sources"]:
        assert normal(source["title"]) in text, source["title"]
    assert f"{len(sources)}. " in text
    # Related interventions by title, not by a number in a book the reader does not have.
    for other in catalogue.related(entry):
        assert has_title(text, other.title)
    assert "(nr. " not in text
    # The colophon line on every page: publisher, licence, edition and the record's address.
    address = f"https://katalog.kommune.dk/indsatser/{entry.id}/"
    for number, page in enumerate(pages, start=1):
        for fact in (publisher.name, publisher.licence, "udgave", address, f"Side {number} af {len(pages)}"):
            # (An address may wrap in the footer: compared without spaces.)
            assert fact.replace(" ", "") in page.replace(" ", ""), (number, fact)
    reader = PdfReader(out)
    assert reader.metadata.title == entry.title
    assert reader.trailer["/Root"]["/Lang"] == "da"


def test_leaflet_of_an_unknown_id_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "folder.pdf"
    result = run_cli("pdf", "--id", "marte-mo", "--out", out)
    assert result.returncode == 2
    assert "der er ingen indsats med id 'marte-mo'; mente du 'marte-meo'?" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()
    result = run_cli("pdf", "--id", "marte-meo")
    assert result.returncode == 2 and "fx --id marte-meo --out folder.pdf" in result.stderr


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # A short word stays with the next: no line ends in "og", "i", "til" or "En".
        ("Fælles modeller til opsporing og refleksion", "Fælles modeller til~opsporing og~refleksion"),
        ("En god start – sammen (EGS-S)", "En~god~start~– sammen (EGS-S)"),
        # A number with its unit, an age range whole, the first word of a parenthesis with the next.
        ("i de første 1.000 dage", "i~de~første 1.000~dage"),
        ("Spædbørn (under 1 år)", "Spædbørn (under~1~år)"),
        ("0–18 år", "0–\u206018~år"),
        ("faggrupper (Fælles opsporing og sparring)", "faggrupper (Fælles~opsporing og~sparring)"),
    ],
)
def test_keep_together(text: str, kept: str) -> None:
    from catalogue.text import keep_together

    assert keep_together(text) == kept.replace("~", "\u00a0")


def test_url_breaks_between_parts_only() -> None:
    from catalogue.text import URL_PART_LENGTH, html_url_breaks

    shown = str(html_url_breaks("https://www.sst.dk/da/puljer/en-pulje?id=1&x=<b>"))
    assert shown.split("<wbr>") == [
        '<span class="url-part">https://www.sst.dk/</span>',
        '<span class="url-part">da/</span>',
        '<span class="url-part">puljer/</span>',
        '<span class="url-part">en-pulje</span>',
        '<span class="url-part">?id</span>',
        '<span class="url-part">=1</span>',
        '<span class="url-part">&amp;x</span>',
        '<span class="url-part">=&lt;b&gt;</span>',
    ]
    # A part too long for a line is left free to break anywhere.
    assert "<span" not in str(html_url_breaks("https://a.dk/" + "x" * (URL_PART_LENGTH + 1))).split("<wbr>")[1]


def test_amounts_are_printed_with_thousands_separators(printed: Path) -> None:
    text = " ".join(page_texts(printed))
    assert re.findall(r"(?<![\d.,])\d{5,}\s*kr\.", text) == []
    assert re.search(r"\d{1,3}(\.\d{3})+ kr\.", text)  # the book does print grouped amounts


def _word_boxes(pdf: Path) -> list[tuple[float, float, float, str]]:
    """(page width, left, right, word) of every word pdftotext finds."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    found = []
    for page_match in re.finditer(r'<page width="([\d.]+)"(.*?)</page>', out, re.DOTALL):
        width = float(page_match.group(1))
        for left, right, word in re.findall(
            r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', page_match.group(2)
        ):
            found.append((width, float(left), float(right), word))
    return found


def test_a_word_longer_than_the_line_breaks_inside_the_page(records_dir: Path, tmp_path: Path) -> None:
    """A 3,900-character word without spaces (the field allows 4,000) is broken across lines inside the text
    area, in the leaflet and in a tailored book, instead of running off the page."""
    record = records_dir / "eksempel.yaml"
    word = "a" * 3900
    record.write_text(
        edit(
            record.read_text(encoding="utf-8"), ("danish_context: Bruges ikke", f"danish_context: {word} Bruges ikke")
        ),
        encoding="utf-8",
    )
    for command in (["--id", "eksempel"], ["--kind", "indsats"]):
        out = tmp_path / f"{command[0].strip('-')}.pdf"
        result = run_cli("pdf", *command, "--records", records_dir, "--out", out, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        boxes = _word_boxes(out)
        pieces = [(width, left, right) for width, left, right, text in boxes if set(text) == {"a"} and len(text) > 20]
        assert sum(len(text) for *_, text in boxes if set(text) == {"a"} and len(text) > 20) >= 3900 - 40
        assert len(pieces) > 10  # broken into many lines
        for width, left, right, text in boxes:
            # Inside the right margin (catalogue.css: @page margin, 20 mm on the right).
            assert left >= 0 and right <= width - 20 * 72 / 25.4 + 1, (command, text[:40], right, width)


@pytest.mark.parametrize(
    ("line", "following", "split"),
    [
        ("efter barnets lov §", "32, stk. 1", True),
        ("som beskrevet i stk.", "2 og 3", True),
        ("i alt ca.", "1.000 familier", True),
        ("koster 51.000", "kr. pr. forløb", True),
        ("fandt en effekt1,", "2 og viste", True),  # a citation group split after its comma
        ("University of Washington1,", "og ifølge De Utrolige År", False),  # one citation, then the sentence's comma
        ("et almindeligt ord,", "og et andet", False),
    ],
)
def test_the_proof_tells_a_split_phrase_from_an_ordinary_line_end(line: str, following: str, split: bool) -> None:
    assert proof.badly_split(line, following) is split
