"""The printed catalogue: the validated records → print HTML (Jinja2, autoescaped) → PDF bytes.

Pure: nothing here writes to disk. The build passes the bytes to the one writer as `katalog.pdf`, and the
command line writes a tailored PDF to the file the user names.

An intervention is printed once, in the chapter of the band where it is used (`home_band`): the band that
holds most of its age range, the younger of two that hold as much; one that covers ACROSS_BANDS bands or more
in full (most often 0–17 år) is printed in the chapter "På tværs af alder". Every other band it covers lists
it under "Også relevant for aldersgruppen" with its number and page.

The book is typeset in parts, so it scales with the catalogue and uses every processor: front matter, each
chapter's opening page, runs of RECORDS_PER_PART interventions and the index are separate HTML documents,
typeset in worker processes (pdf/typeset.py) and bound into one tagged PDF (pdf/bind.py). Interventions
are numbered in print order and refer to each other by number, so a run is typeset once; the parts that
print page numbers (table of contents, chapter lists, index) are typeset again when the pages are known.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from catalogue import __version__
from catalogue.pdf import typeset
from catalogue.pdf.bind import LINK_BASE, bind
from catalogue.pdf.hyphenation import Hyphenator
from catalogue.pdf.typeset import Typeset
from catalogue.progress import Tick
from catalogue.project import Project
from catalogue.records import ages
from catalogue.records.citations import Citer, numbering
from catalogue.records.citations import strip as strip_citations
from catalogue.records.facets import facets
from catalogue.records.filters import Selection
from catalogue.records.model import Catalogue, Entry, danish_key
from catalogue.records.vocabulary import Term
from catalogue.settings import NO_PUBLISHER
from catalogue.site import layout
from catalogue.text import (
    danish_date,
    danish_number,
    html_cited,
    html_cited_paragraphs,
    html_text,
    html_url_breaks,
    template_environment,
)

TITLE = "Inspirationskatalog over tidlige forebyggende indsatser"
SUBTITLE = "Indsatser og organisatoriske tiltag for børn og unge i udsatte positioner"
# Interventions typeset together in one worker; a run's pages are held in memory until it is written.
RECORDS_PER_PART = 20
# The cover has no footer.
UNNUMBERED = 1
# Numbered parts are typeset again until their page numbers hold (normally once).
MAX_NUMBERING_ROUNDS = 4
# The indexes: at the back, so typeset once, when the pages they list are known.
LATE = frozenset({"problems", "mechanisms"})
# The vocabulary list of problem areas: a tailored book puts what was studied without effect on the chosen
# problems last (the filter that chooses them is vocabulary.yaml's facet for this list).
PROBLEMS = "problem_areas"
# An intervention that covers this many age bands in full or more is for children of every age: it is
# printed in a chapter of its own rather than in one band's.
ACROSS_BANDS = 4
_DANISH_COUNT = {2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks"}


@dataclass(frozen=True)
class PdfDownload:
    """What a page needs to offer the PDF as a download: where it is (relative to docs/), size and edition."""

    path: str
    size: int
    pages: int
    edition: dt.date

    @property
    def size_label(self) -> str:
        """Danish file size: "850 kB", "1,4 MB"."""
        if self.size < 1_000_000:
            return f"{max(1, round(self.size / 1000))} kB"
        return f"{self.size / 1_000_000:.1f} MB".replace(".", ",")

    @property
    def edition_label(self) -> Markup:
        # A date made from a date, not record text: safe as it stands (and not read as a list item).
        return danish_date(self.edition)


def existing_download(folder: Path) -> PdfDownload | None:
    """The book a whole build left in `folder`, as the pages offer it (its size, pages and edition, read from
    the file): the preview links to it and leaves it alone instead of removing it."""
    import pikepdf  # only the preview asks; a build that typesets the book knows all this already

    path = folder / layout.PDF_NAME
    try:
        with pikepdf.open(path) as pdf:
            pages = len(pdf.pages)
            stamp = str(pdf.docinfo.get("/CreationDate", ""))
        size = path.stat().st_size
    except (pikepdf.PdfError, OSError):
        return None
    found = re.match(r"D:(\d{4})(\d{2})(\d{2})", stamp)
    if not found:
        return None
    return PdfDownload(layout.PDF_NAME, size, pages, dt.date(*(int(part) for part in found.groups())))


@dataclass(frozen=True)
class PrintedCatalogue:
    content: bytes
    pages: int
    edition: dt.date
    entries: tuple[str, ...]  # ids of the printed records, in print order

    def download(self, path: str = layout.PDF_NAME) -> PdfDownload:
        return PdfDownload(path, len(self.content), self.pages, self.edition)


@dataclass
class Chapter:
    """A chapter: an age band (part 1, the interventions) or a theme (part 2, the organisational measures),
    the records printed in it, and those printed in another chapter of the part that also belong here."""

    anchor: str
    band: Term | None
    title: str
    entries: list[Entry] = field(default_factory=list)
    also: list[Entry] = field(default_factory=list)
    theme: Term | None = None
    part: int = 1
    note: str = ""

    @property
    def lead(self) -> str:
        term = self.band or self.theme
        if term:
            return str(term.description)
        return self.note or "Indsatser for en alder, der ligger uden for katalogets aldersgrupper."


# The book's two parts, as the 2016 mapping has two tracks.
PARTS = {1: "Del 1: Indsatser efter alder", 2: "Del 2: Organisatoriske tiltag efter tema"}


def home_band(entry: Entry, bands: list[Term]) -> Term | None:
    """The band of `bands` (in age order) where the intervention is printed: the one that holds most of its
    age range, the younger of two that hold as much (headspace, 12–25 år: 13–17 and 18–22 hold five years
    each, so "Unge"). None if its range is outside every band."""
    target = ages.span(entry.data["target_age"])
    best, most = None, 0
    for band in bands:
        low, high = ages.band_span(band)
        held = min(high, target[1]) - max(low, target[0])
        if held > most:
            best, most = band, held
    return best


def across_bands(entry: Entry, bands: list[Term]) -> bool:
    """Whether the intervention covers ACROSS_BANDS of `bands` or more in full: it is for every age."""
    low, high = ages.span(entry.data["target_age"])
    full = [b for b in bands if low <= ages.band_span(b)[0] and ages.band_span(b)[1] <= high]
    return len(full) >= ACROSS_BANDS


def chapters(catalogue: Catalogue, entries: Iterable[Entry], selection: Selection | None = None) -> list[Chapter]:
    """Part 1: the interventions by age band, each printed in the chapter of its home band (`home_band`), or
    in "På tværs af alder" if it covers ACROSS_BANDS bands in full, and listed in every other band it
    covers; every band the site has makes a chapter (13–17 included). Part 2: the organisational measures by
    theme (the four themes of the 2018 inspiration material), printed under their first theme. In a
    catalogue tailored by age or age band, only the chosen bands make chapters, and an intervention is
    printed in its home band among them."""
    vocabulary = catalogue.vocabulary
    all_bands = list(vocabulary.age_bands.values())
    bands = all_bands
    if selection and selection.terms.get("band"):
        bands = [b for b in bands if b.id in selection.terms["band"]]
    elif selection and selection.age is not None:
        child = ages.child_span(selection.age)
        bands = [b for b in bands if ages.overlaps(child, ages.band_span(b))] or bands
    by_band = {band.id: Chapter(f"band-{band.id}", band, band.label) for band in bands}
    across = Chapter(
        "band-alle",
        None,
        "På tværs af alder",
        note=f"Indsatser for børn og unge i alle aldre: hver dækker mindst {_DANISH_COUNT[ACROSS_BANDS]} af "
        "katalogets aldersgrupper fuldt ud. Kapitlerne for de enkelte aldersgrupper henviser hertil.",
    )
    outside = Chapter("band-uden", None, "Uden for aldersgrupperne")
    by_theme = {t.id: Chapter(f"tema-{t.id}", None, t.label, theme=t, part=2) for t in vocabulary.themes.values()}
    for entry in entries:
        if not entry.is_intervention:
            first_theme, *other_themes = [t.id for t in entry.themes]
            by_theme[first_theme].entries.append(entry)
            for theme in other_themes:
                by_theme[theme].also.append(entry)
            continue
        home = home_band(entry, bands)
        if home is None:
            outside.entries.append(entry)
            continue
        printed_in = across if bands == all_bands and across_bands(entry, bands) else by_band[home.id]
        printed_in.entries.append(entry)
        for band in entry.bands:
            if band.id in by_band and by_band[band.id] is not printed_in:
                by_band[band.id].also.append(entry)
    # A catalogue tailored to a problem never mixes in silently what was studied without effect on it: those
    # interventions come last, in a chapter of their own.
    no_effect = Chapter(
        "uden-effekt",
        None,
        "Undersøgt uden effekt på det valgte problem",
        note="Indsatser, der sigter mod det valgte problem, men hvor kontrollerede studier ikke har fundet en "
        "effekt på netop det. Hvad der er fundet, står under »Hvad skal indsatsen hjælpe med?« i hvert opslag.",
    )
    problem = next((f.id for f in facets(catalogue.vocabulary) if f.vocabulary == PROBLEMS), None)
    chosen = selection.terms.get(problem, frozenset()) if selection and problem else frozenset()
    if chosen:
        for chapter in [*by_band.values(), across]:
            late = [e for e in chapter.entries if e.without_effect_on(chosen)]
            chapter.entries = [e for e in chapter.entries if e not in late]
            chapter.also = [e for e in chapter.also if not e.without_effect_on(chosen)]
            no_effect.entries.extend(late)
    part_one = [c for c in [*by_band.values(), across, outside, no_effect] if c.entries or c.also]
    return [*part_one, *(c for c in by_theme.values() if c.entries or c.also)]


def mechanism_index(catalogue: Catalogue, entries: list[Entry]) -> list[tuple[Term, list[Entry]]]:
    """Mechanisms in Danish alphabetical order, each with the printed records that name it."""
    printed = {e.id for e in entries}
    rows = []
    for term in catalogue.vocabulary.mechanisms.values():
        named = [e for e in catalogue.with_term("mechanisms", term.id) if e.id in printed]
        if named:
            rows.append((term, named))
    return sorted(rows, key=lambda row: danish_key(row[0].label))


def problem_index(catalogue: Catalogue, entries: list[Entry]) -> list[tuple[Term, list[tuple[Entry, Term]]]]:
    """Problem areas in Danish alphabetical order, each with the printed records that target it and what the
    studies found for it there; records studied without effect on the problem come after the others."""
    targeting: dict[str, list[tuple[Entry, Term]]] = {}
    for entry in entries:
        for area, finding, _note in entry.problem_areas:
            targeting.setdefault(area.id, []).append((entry, finding))
    rows = [
        (term, sorted(targeting[term.id], key=lambda pair: bool(pair[1].data.get("apart"))))
        for term in catalogue.vocabulary.problem_areas.values()
        if term.id in targeting
    ]
    return sorted(rows, key=lambda row: danish_key(row[0].label))


def describe_selection(catalogue: Catalogue, selection: Selection | None) -> str:
    """The selection in Danish words, for the cover and colophon of a tailored catalogue."""
    if selection is None or selection.is_everything:
        return ""
    parts = []
    if selection.age is not None:
        parts.append(f"alder {danish_number(selection.age)} år")
    vocabulary = catalogue.vocabulary
    for facet in facets(vocabulary):
        wanted = selection.terms.get(facet.id)
        if not wanted:
            continue
        terms = vocabulary.lists[facet.vocabulary]
        # A term named with more than its label ("Trin 2: …") reads inside the sentence.
        labels = [
            _lower_first(terms[t].title) if terms[t].title != terms[t].label else terms[t].label
            for t in sorted(wanted, key=lambda t: list(terms).index(t))
        ]
        # The filter's own label (vocabulary.yaml: facets), as the catalogue page names it.
        name = facet.label.rstrip("?")
        parts.append(f"{_lower_first(name)}: {' eller '.join(labels)}")
    return "; ".join(parts)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def html_paragraphs(value: Any) -> Markup:
    """Plain text with blank lines between paragraphs → escaped <p> elements."""
    paragraphs = re.split(r"\n\s*\n", str(value).strip())
    return Markup("\n").join(Markup("<p>{}</p>").format(" ".join(p.split())) for p in paragraphs if p.strip())


def _environment(project: Project) -> jinja2.Environment:
    env = template_environment(
        project.templates,
        autoescape=True,  # HTML: every record value is escaped unless a filter made it safe from escaped text
    )
    env.filters.update(
        paragraphs=html_paragraphs,
        text=html_text,
        uncited=strip_citations,
        url=html_url_breaks,
    )
    env.globals["ref"] = lambda anchor: LINK_BASE + anchor
    env.globals["no_publisher"] = NO_PUBLISHER
    # Citations print as numbered references to the record's own source list (anchors prefixed by its id).
    env.globals["citer_for"] = lambda entry: Citer(numbering(entry.data, project.schema), f"{entry.id}-")
    env.globals["cited"] = html_cited
    env.globals["cited_paragraphs"] = html_cited_paragraphs
    return env


def environment(project: Project) -> jinja2.Environment:
    """The book's Jinja environment (HTML), made once per project."""
    return project.derived("pdf-templates", _environment)


@dataclass(frozen=True)
class Book:
    """What the printed catalogue holds, in print order, before it is typeset. Dated by the project's
    edition (catalogue/edition.py), never by the clock, so the same records give the same PDF."""

    project: Project
    catalogue: Catalogue
    entries: list[Entry]
    selection: Selection | None
    chapters: list[Chapter]
    numbers: dict[str, int]  # id → the intervention's number in the book (1, 2, …), in print order
    hyphenator: Hyphenator  # where a word may be broken (soft hyphens in the HTML), and phrases kept whole

    @classmethod
    def of(
        cls, project: Project, catalogue: Catalogue, entries: list[Entry], selection: Selection | None = None
    ) -> Book:
        groups = chapters(catalogue, entries, selection)
        order = [e.id for chapter in groups for e in chapter.entries]
        numbers = {id_: n for n, id_ in enumerate(order, 1)}
        for chapter in groups:  # what a chapter also lists, in the order of the book
            chapter.also.sort(key=lambda entry: numbers.get(entry.id, 0))
        hyphenator = Hyphenator.of(catalogue)
        return cls(project, catalogue, entries, selection, groups, numbers, hyphenator)

    @property
    def edition(self) -> dt.date:
        return self.project.edition

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(self.numbers)

    def html(self, template: str, pages: Mapping[str, int] | None = None, **values: Any) -> str:
        """One part as a whole HTML document. `pages` gives the page of every anchor the part refers to by
        page number; without it, a placeholder as wide as the numbers are expected to be holds their place."""
        placeholder = "0" * len(str(4 * len(self.entries) + 8))

        def page(anchor: str) -> str:
            number = None if pages is None else pages[anchor]
            return placeholder if number is None else str(number)

        printed = set(self.numbers)
        context: dict[str, Any] = {
            "title": TITLE,
            "subtitle": SUBTITLE,
            "version": __version__,
            "edition": self.edition,
            "selection_text": describe_selection(self.catalogue, self.selection),
            "vocabulary": self.catalogue.vocabulary,
            "entries": self.entries,
            "chapters": self.chapters,
            "parts": PARTS,
            "across_bands": _DANISH_COUNT[ACROSS_BANDS],
            "publisher": self.project.publisher,
            "number": lambda entry: self.numbers[entry.id],
            "related": lambda entry: [
                (r, self.numbers[r.id]) for r in self.catalogue.related(entry) if r.id in printed
            ],
            "page": page,
            "evidence_levels": sorted(self.catalogue.vocabulary.evidence_levels.values(), key=lambda t: t.order),
        }
        html = environment(self.project).get_template(f"pdf/{template}.html.j2").render(context | values)
        return self.hyphenator.mark_html(html)


@dataclass(frozen=True)
class Part:
    """A part of the book typeset on its own. `numbered` parts print page numbers of other parts, so they
    are typeset again once those are known; the others (runs of interventions) are typeset once."""

    key: str
    numbered: bool
    html: Callable[[Mapping[str, int] | None], str]


def parts(book: Book) -> list[Part]:
    """The book in order: front matter, each chapter's opening page and its interventions in runs of
    RECORDS_PER_PART, then the problem-area and mechanism indexes and the colophon."""

    def numbered(template: str, **values: Any) -> Callable[[Mapping[str, int] | None], str]:
        return lambda pages: book.html(template, pages, **values)

    found = [Part("front", True, numbered("front"))]
    for chapter in book.chapters:
        found.append(Part(chapter.anchor, True, numbered("chapter", chapter=chapter)))
        for start in range(0, len(chapter.entries), RECORDS_PER_PART):
            run = chapter.entries[start : start + RECORDS_PER_PART]
            found.append(Part(f"{chapter.anchor}-{start}", False, numbered("records", chapter=chapter, run=run)))
    indexes: dict[str, list[Any]] = {
        "problems": problem_index(book.catalogue, book.entries),
        "mechanisms": mechanism_index(book.catalogue, book.entries),
    }
    if indexes["problems"]:
        found.append(Part("problems", True, numbered("back", sections=("problems",), **indexes)))
    found.append(Part("mechanisms", True, numbered("back", sections=("mechanisms",), **indexes)))
    found.append(Part("colophon", False, numbered("back", sections=("colophon",), **indexes)))
    return found


def print_html(book: Book) -> list[str]:
    """Every part's HTML, with placeholder page numbers (for tests and inspection)."""
    return [part.html(None) for part in parts(book)]


def stylesheet(project: Project) -> str:
    return (project.templates / "pdf" / "catalogue.css").read_text(encoding="utf-8")


# The footer "Side x af y" needs the whole book's pages, which the parts, typeset apart, do not know: the
# parts print none, and the footers are typeset on their own, as empty pages of the book's size that each set
# their text, and laid over the bound pages (pdf/bind.py). The @bottom-center rule of catalogue.css styles both.
_PART_CSS = "@page { @bottom-center { content: none; } }"
_FOOTER_CSS = """
@page { @top-left { content: none; } @top-right { content: none; } @bottom-center { content: string(folio); } }
.folio { break-after: page; }
.folio:last-child { break-after: auto; }
"""
# Footers typeset together in one worker (about 4 ms a page).
FOOTERS_PER_PART = 250


def footer_html(first: int, last: int, total: int) -> str:
    """Pages with nothing on them but the footers of pages `first`…`last` of `total`."""
    pages = "".join(
        f'<div class="folio" style="string-set: folio \'Side {n} af {total}\'"></div>' for n in range(first, last + 1)
    )
    return f'<!DOCTYPE html><html lang="da"><head><title>Sidetal</title></head><body>{pages}</body></html>'


class _Provisional(dict[str, int]):
    """Pages while the indexes are not typeset yet: their anchors get placeholders (any other missing anchor
    is still an error, with the real numbers). Counts the placeholders it gave out."""

    placeholders = 0

    def __missing__(self, anchor: str) -> None:
        self.placeholders += 1
        return None


def _page_numbers(order: list[Part], layout: Mapping[str, Typeset]) -> dict[str, int]:
    """The page (1-based, in the whole book) of every anchor. A part not typeset yet (an index, before its
    round) counts as no pages."""
    pages: dict[str, int] = {}
    offset = 0
    for part in order:
        done = layout.get(part.key)
        if done is None:
            continue
        for anchor, page in done.anchors.items():
            pages.setdefault(anchor, offset + page + 1)
        offset += done.pages
    return pages


def _longest_first(htmls: Mapping[str, str]) -> list[tuple[str, str]]:
    # The length of a part's HTML is a fair measure of how long it takes to typeset. Started longest first,
    # no long part (the mechanism index takes a worker a quarter of a minute at 1,000) starts last and
    # leaves the other processors idle while it finishes.
    return sorted(htmls.items(), key=lambda item: -len(item[1]))


def typeset_book(book: Book, tick: Tick | None = None) -> tuple[bytes, int]:
    """Typeset every part in worker processes and bind them: the PDF and its number of pages.

    Runs of interventions are typeset once, in parallel. The numbered parts are typeset with placeholder
    numbers first, which fixes how many pages each part has; then again with the real numbers, until every
    part has the pages and anchors the numbers were computed from (placeholders are as wide as the numbers,
    so this is normally the first time). The footers are typeset as soon as every part has its pages, beside
    the last numbered parts."""
    order = parts(book)
    css = stylesheet(book.project)
    total = len(order)
    report = tick or (lambda done, total: None)
    reported = [0]

    def advance(done: int) -> None:
        """Report progress once per part: a part typeset again (with its real page numbers) is no new part."""
        if done > reported[0]:
            reported[0] = done
            report(done, total)

    epoch = int(dt.datetime.combine(book.edition, dt.time(), tzinfo=dt.UTC).timestamp())
    with typeset.workers(epoch) as pool:

        def submit(htmls: Mapping[str, str]) -> dict[str, Future[Typeset]]:
            return {key: typeset.submit(pool, html, css + _PART_CSS) for key, html in _longest_first(htmls)}

        # First round: every part but the indexes, the numbered ones (table of contents, chapter openings) with
        # placeholder numbers. The indexes come last in the book and nothing before them depends on their
        # length, so they are typeset once, with the real numbers, in the next round.
        numbered = [p for p in order if p.numbered]
        used = {part.key: part.html(None) for part in order if not (part.numbered and part.key in LATE)}
        pending = submit(used)
        for done, _future in enumerate(as_completed(pending.values()), 1):
            advance(done)
        layout = {key: future.result() for key, future in pending.items()}
        # Then each numbered part whose HTML the known pages change, until none does (normally: the indexes and
        # the chapter openings, then the contents, once the indexes' pages are known too).
        footers: tuple[int, list[Future[Typeset]]] | None = None
        for _attempt in range(MAX_NUMBERING_ROUNDS):
            pages = _page_numbers(order, layout)
            provisional = any(p.key not in layout for p in order)
            if provisional:
                pages = _Provisional(pages)
            changed = {}
            for part in numbered:
                before = getattr(pages, "placeholders", 0)
                html = part.html(pages)
                if html == used.get(part.key):
                    continue
                if part.key in layout and getattr(pages, "placeholders", 0) > before:
                    continue  # it lists an index, whose pages are not known yet: typeset it once they are
                changed[part.key] = html
            if not changed:
                break
            pending = submit(changed)
            in_book = sum(layout[part.key].pages for part in order) if not provisional else None
            if in_book is not None and (footers is None or footers[0] != in_book):
                # Every part has its pages now (those typeset again keep theirs, as the placeholders are as
                # wide as the numbers; checked below), so the footers need not wait for this round.
                footers = (in_book, _submit_footers(pool, css, in_book))
            layout.update({key: future.result() for key, future in pending.items()})
            used.update(changed)
            advance(len(layout))
        else:
            raise RuntimeError(f"sidetallene i kataloget faldt ikke på plads efter {MAX_NUMBERING_ROUNDS} forsøg")
        pages_in_book = sum(layout[part.key].pages for part in order)
        if footers is None or footers[0] != pages_in_book:
            footers = (pages_in_book, _submit_footers(pool, css, pages_in_book))
        footer_pdfs = [future.result().pdf for future in footers[1]]
    content = bind([layout[part.key] for part in order], footer_pdfs, unnumbered=UNNUMBERED)
    return content, pages_in_book


def _submit_footers(pool: Executor, css: str, pages_in_book: int) -> list[Future[Typeset]]:
    return [
        typeset.submit(
            pool,
            footer_html(first, min(first + FOOTERS_PER_PART - 1, pages_in_book), pages_in_book),
            css + _FOOTER_CSS,
            tagged=False,
        )
        for first in range(UNNUMBERED + 1, pages_in_book + 1, FOOTERS_PER_PART)
    ]


def render_pdf(
    project: Project, catalogue: Catalogue, selection: Selection | None = None, tick: Tick | None = None
) -> PrintedCatalogue:
    """The printed catalogue (or the part of it a selection picks) as PDF bytes. `tick(done, total)` is
    called as the parts are typeset."""
    entries = selection.apply(catalogue.entries) if selection else list(catalogue.entries)
    book = Book.of(project, catalogue, entries, selection)
    content, pages = typeset_book(book, tick)
    return PrintedCatalogue(content, pages, book.edition, book.order)


def render_leaflet(project: Project, catalogue: Catalogue, entry: Entry) -> PrintedCatalogue:
    """One intervention as a leaflet with the book's design: the record as the book prints it, its numbered
    sources and a colophon line (publisher, licence, edition and its address on the web), "Side x af y" in
    the footer. One short document: typeset in this process, without the book's parts and binding."""
    book = Book.of(project, catalogue, [entry])

    def address(entry: Entry) -> str | None:
        return layout.record_address(project.publisher.url, entry.id)

    html = book.html(
        "leaflet",
        title=entry.title,
        book_title=TITLE,
        entry=entry,
        chapter=book.chapters[0],
        leaflet_related=[(other, None) for other in catalogue.related(entry)],
        address=address,
    )
    footer = _leaflet_footer(project, book.edition, address(entry))
    done = typeset.typeset(html, stylesheet(project) + footer)
    return PrintedCatalogue(done.pdf, done.pages, book.edition, (entry.id,))


def _css_string(text: str) -> str:
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _leaflet_footer(project: Project, edition: dt.date, address: str | None) -> str:
    """The leaflet's colophon line as the footer of every page, beside "Side x af y"."""
    publisher = project.publisher
    colophon = f"Fra {TITLE}, udgave {danish_date(edition)}. Udgivet af {publisher.name}"
    if publisher.licence:
        colophon += f" · Tekster: {publisher.licence}"
    lines = _css_string(colophon) + (' "\\A Opslaget på nettet: " ' + _css_string(address) if address else "")
    style = 'font: 7pt "Liberation Sans", "DejaVu Sans", sans-serif; color: #4a4a6a; vertical-align: top;'
    return f"""
@page {{
  @bottom-center {{ content: none; }}
  @bottom-left {{ content: {lines}; white-space: pre-line; width: 80%; padding-top: 5mm; {style} }}
  @bottom-right {{ content: "Side " counter(page) " af " counter(pages); padding-top: 5mm; {style} }}
}}
"""
