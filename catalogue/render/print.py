"""The printed catalogue: the validated records → print HTML (Jinja2, autoescaped) → PDF bytes (WeasyPrint).

Pure: nothing here writes to disk. The build passes the bytes to the one writer as `katalog.pdf`, and the
command line writes a tailored PDF to the file the user names.

A record whose target age spans several age bands is printed once, in the chapter of its youngest band;
each later band it covers lists it under "Også relevant for aldersgruppen" with its page number.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .. import __version__, edition, paths
from ..filters import PARAMETERS, Selection
from ..model import Catalogue, Entry, danish_key
from ..vocabulary import Term
from .text import VALUE_FILTERS, danish_date, danish_number, html_text

PDF_NAME = "katalog.pdf"
TITLE = "Inspirationskatalog over tidlige forebyggende indsatser"
SUBTITLE = "Indsatser og organisatoriske tiltag for børn og unge i udsatte positioner"
# The print stylesheet names only these families; scripts/install-system-packages.sh installs them.
FONT_PACKAGE = "fonts-liberation"
# Tagged PDF for screen readers (PDF/UA-1: tags, document language and title in the metadata).
PDF_VARIANT = "pdf/ua-1"

# Danish names of the filter parameters, for the cover of a tailored catalogue.
_PARAMETER_NAMES = {
    "band": "aldersgruppe",
    "kind": "type",
    "theme": "tema",
    "mechanism": "mekanisme",
    "evidence": "evidens",
    "setting": "arena",
    "step": "indsatstrappen",
}


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


@dataclass(frozen=True)
class PrintedCatalogue:
    content: bytes
    pages: int
    edition: dt.date
    entries: tuple[str, ...]  # ids of the printed records, in print order

    def download(self, path: str = PDF_NAME) -> PdfDownload:
        return PdfDownload(path, len(self.content), self.pages, self.edition)


@dataclass
class Chapter:
    """One age band: the records printed in it, and those printed under a younger band that also fit it."""

    anchor: str
    band: Term | None
    title: str
    entries: list[Entry] = field(default_factory=list)
    also: list[Entry] = field(default_factory=list)


def edition_date(catalogue: Catalogue) -> dt.date:
    """The edition is dated like the rest of the build (catalogue/edition.py: SOURCE_DATE_EPOCH, else the last
    commit, else the newest review), never by the clock, so the same records give the same PDF."""
    return edition.edition_date(edition.source_date_epoch(catalogue))


def chapters(catalogue: Catalogue, entries: Iterable[Entry], selection: Selection | None = None) -> list[Chapter]:
    """Group records by age band: printed under the youngest band, cross-referenced from the others. In a
    catalogue tailored by age or age band, only the chosen bands make chapters."""
    bands = list(catalogue.vocabulary.age_bands.values())
    if selection and selection.terms.get("band"):
        bands = [b for b in bands if b.id in selection.terms["band"]]
    elif selection and selection.age is not None:
        bands = [b for b in bands if b.min <= selection.age < b.max] or bands
    by_band = {band.id: Chapter(f"band-{band.id}", band, band.label) for band in bands}
    outside = Chapter("band-uden", None, "Uden for aldersgrupperne")
    for entry in entries:
        covered = [b for b in entry.bands if b.id in by_band]
        if not covered:
            outside.entries.append(entry)
            continue
        first, *others = covered
        by_band[first.id].entries.append(entry)
        for band in others:
            by_band[band.id].also.append(entry)
    return [c for c in [*by_band.values(), outside] if c.entries]


def mechanism_index(catalogue: Catalogue, entries: list[Entry]) -> list[tuple[Term, list[Entry]]]:
    """Mechanisms in Danish alphabetical order, each with the printed records that name it."""
    printed = {e.id for e in entries}
    rows = []
    for term in catalogue.vocabulary.mechanisms.values():
        named = [e for e in catalogue.with_term("mechanisms", term.id) if e.id in printed]
        if named:
            rows.append((term, named))
    return sorted(rows, key=lambda row: danish_key(row[0].label))


def describe_selection(catalogue: Catalogue, selection: Selection | None) -> str:
    """The selection in Danish words, for the cover and colophon of a tailored catalogue."""
    if selection is None or selection.is_everything:
        return ""
    parts = []
    if selection.age is not None:
        parts.append(f"alder {danish_number(selection.age)} år")
    vocabulary = catalogue.vocabulary
    for parameter in PARAMETERS:
        wanted = selection.terms.get(parameter)
        if not wanted:
            continue
        terms = vocabulary.lists[PARAMETERS[parameter]]
        labels = [
            f"trin {terms[t].id}: {terms[t].label}" if parameter == "step" else terms[t].label
            for t in sorted(wanted, key=lambda t: list(terms).index(t))
        ]
        parts.append(f"{_PARAMETER_NAMES[parameter]}: {' eller '.join(labels)}")
    return "; ".join(parts)


def html_paragraphs(value: Any) -> Markup:
    """Plain text with blank lines between paragraphs → escaped <p> elements."""
    paragraphs = re.split(r"\n\s*\n", str(value).strip())
    return Markup("\n").join(Markup("<p>{}</p>").format(" ".join(p.split())) for p in paragraphs if p.strip())


@cache
def environment(templates: Path = paths.TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,  # HTML: every record value is escaped unless a filter made it safe from escaped text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(VALUE_FILTERS, paragraphs=html_paragraphs, text=html_text)
    return env


def print_html(
    catalogue: Catalogue,
    entries: list[Entry],
    edition: dt.date,
    selection: Selection | None = None,
) -> str:
    """The whole catalogue (or a selection's records) as one HTML document for print."""
    printed = {e.id for e in entries}
    return (
        environment()
        .get_template("print/catalogue.html.j2")
        .render(
            title=TITLE,
            subtitle=SUBTITLE,
            version=__version__,
            edition=edition,
            selection_text=describe_selection(catalogue, selection),
            catalogue=catalogue,
            vocabulary=catalogue.vocabulary,
            entries=entries,
            chapters=chapters(catalogue, entries, selection),
            mechanisms=mechanism_index(catalogue, entries),
            related=lambda entry: [r for r in catalogue.related(entry) if r.id in printed],
            evidence_levels=sorted(catalogue.vocabulary.evidence_levels.values(), key=lambda t: -t.rank),
        )
    )


def stylesheet(templates: Path = paths.TEMPLATES) -> str:
    return (templates / "print" / "catalogue.css").read_text(encoding="utf-8")


def _no_fetching(url: str, *args: object, **kwargs: object) -> dict[str, Any]:
    # The print HTML references nothing outside itself; refuse anything else rather than reach the network.
    raise ValueError(f"the printed catalogue fetches nothing ({url})")


def html_to_pdf(html: str, css: str) -> tuple[bytes, int]:
    """Lay out and write the PDF; returns the bytes and the number of pages."""
    # Imported here: WeasyPrint loads Pango on import, which the pages-only build does not need.
    from weasyprint import CSS, HTML

    document = HTML(string=html, url_fetcher=_no_fetching).render(
        stylesheets=[CSS(string=css, url_fetcher=_no_fetching)], pdf_variant=PDF_VARIANT
    )
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=b"inspirationskatalog"), len(document.pages)


def render_pdf(
    catalogue: Catalogue, selection: Selection | None = None, edition: dt.date | None = None
) -> PrintedCatalogue:
    """The printed catalogue (or the part of it a selection picks) as PDF bytes."""
    entries = selection.apply(catalogue.entries) if selection else list(catalogue.entries)
    edition = edition or edition_date(catalogue)
    html = print_html(catalogue, entries, edition, selection)
    content, pages = html_to_pdf(html, stylesheet())
    order = tuple(e.id for chapter in chapters(catalogue, entries, selection) for e in chapter.entries)
    return PrintedCatalogue(content, pages, edition, order)
