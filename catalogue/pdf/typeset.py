"""Typesetting: one part of the printed catalogue (an HTML document) → PDF bytes, with WeasyPrint.

The parts are laid out in worker processes, one per processor (`workers`). WeasyPrint is only ever imported
in a worker, never in the calling process: Pango and fontconfig are not fork-safe once loaded, and a process
that builds the site has no other use for them. The workers are forked from a fresh server process that has
imported WeasyPrint once (multiprocessing's "forkserver"), so a worker starts in milliseconds.

What a part gives back is plain data (bytes, numbers and strings), so it crosses process boundaries cheaply:
the PDF, its page count, the page of every anchor and its bookmarks with their CSS levels (the PDF's own
outline only keeps nesting, and a part that starts inside a chapter has no chapter heading to nest under).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

# Tagged PDF for screen readers (PDF/UA-1: tags, document language and title in the metadata).
PDF_VARIANT = "pdf/ua-1"
# WeasyPrint lays out in CSS pixels; PDF user space is in points.
PX = 0.75
# At most this many lines in a row of a paragraph may end in a hyphenation (WeasyPrint has no
# hyphenate-limit-lines).
MAX_HYPHENATED_LINES = 2


@dataclass(frozen=True)
class Bookmark:
    level: int  # the CSS bookmark-level
    label: str
    page: int  # 0-based, within the part
    x: float  # PDF points from the bottom left, as in a /XYZ destination
    y: float
    open: bool


@dataclass(frozen=True)
class Typeset:
    pdf: bytes
    pages: int
    anchors: dict[str, int]  # id → 0-based page within the part (the first element with the id)
    bookmarks: tuple[Bookmark, ...]


def _no_fetching(url: str, *args: object, **kwargs: object) -> dict[str, Any]:
    # The print HTML references nothing outside itself; refuse anything else rather than reach the network.
    raise ValueError(f"the printed catalogue fetches nothing ({url})")


def typeset(html: str, css: str, tagged: bool = True) -> Typeset:
    """Lay out and write one part. Runs in a worker process. Untagged: the footers laid over the book's pages,
    which binding marks as artifacts as a whole."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from catalogue.pdf.structure import simplify  # on WeasyPrint's own objects: needed in a worker only

    variant = PDF_VARIANT if tagged else None
    source = HTML(string=html, url_fetcher=_no_fetching)
    stylesheets = [CSS(string=css, url_fetcher=_no_fetching)]
    fonts = FontConfiguration()  # one for every rendering below, whose pages may be put together

    def render(html_source: Any = source) -> Any:
        return html_source.render(stylesheets=stylesheets, pdf_variant=variant, font_config=fonts)

    document = render()
    runs = hyphen_runs(document)
    if runs:
        document = _set_again_without_hyphens(html, source, document, runs, render)
    anchors: dict[str, int] = {}
    bookmarks = []
    for number, page in enumerate(document.pages):
        page.links[:] = one_annotation_per_link(page.links)
        for name in page.anchors:
            anchors.setdefault(name, number)
        for level, label, (x, y), state in page.bookmarks:
            bookmarks.append(Bookmark(level, label, number, x * PX, (page.height - y) * PX, state != "closed"))
    pdf = document.write_pdf(
        pdf_variant=variant, pdf_identifier=b"inspirationskatalog", finisher=simplify if tagged else None
    )
    return Typeset(pdf, len(document.pages), anchors, tuple(bookmarks))


def _set_again_without_hyphens(
    html: str, source: Any, document: Any, runs: list[Any], render: Callable[..., Any]
) -> Any:
    """The document with the paragraphs of `runs` set without hyphenation. Their lines are broken anew and
    the rest are laid out as before (line breaking does not depend on the page), so once is enough.

    Every intervention starts on a new page, so only the interventions that have such a paragraph are set
    again: cut from the part's HTML into a document of their own (an intervention is a twentieth of a run,
    and most runs have one), whose pages replace theirs. Anything else (front matter, indexes) is set again
    as a whole."""
    from weasyprint import HTML

    where: dict[int, tuple[str, int]] = {}  # element → (its intervention's id, its place in it)
    records = [e for e in source.etree_element.iter() if e.get("class") == "record" and e.get("id")]
    for record in records:
        for place, element in enumerate(record.iter()):
            where[id(element)] = (record.get("id"), place)
    if not all(id(element) in where for element in runs):
        for element in runs:
            element.set("style", (element.get("style") or "") + ";hyphens: none")
        return render()
    fix: dict[str, set[int]] = {}
    for element in runs:
        record_id, place = where[id(element)]
        fix.setdefault(record_id, set()).add(place)
    cut = [_article(html, record_id) for record_id in fix]
    if None in cut:
        raise ValueError("an intervention to set again was not found in its part's HTML")
    body = html.index("<body>") + len("<body>")
    again = HTML(string=html[:body] + "".join(c for c in cut if c) + "</body></html>", url_fetcher=_no_fetching)
    for record in again.etree_element.iter():
        if record.get("class") == "record" and record.get("id") in fix:
            for place, element in enumerate(record.iter()):
                if place in fix[record.get("id")]:
                    element.set("style", (element.get("style") or "") + ";hyphens: none")
    pages = _pages_by_anchor(document, [r.get("id") for r in records])
    redone = _pages_by_anchor(render(again), list(fix))
    return document.copy([page for r in records for page in (redone if r.get("id") in fix else pages)[r.get("id")]])


def _article(html: str, record_id: str) -> str | None:
    """An intervention's <article> as it stands in the part's HTML (articles do not nest, and record text is
    escaped, so the first "</article>" after its start is its end)."""
    start = html.find(f'<article class="record" id="{record_id}"')
    if start < 0:
        return None
    end = html.index("</article>", start) + len("</article>")
    return html[start:end]


def _pages_by_anchor(document: Any, anchors: list[str]) -> dict[str, list[Any]]:
    """The pages of each part of a document that starts with an anchor and runs to the next one's page."""
    starts: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for name in page.anchors:
            starts.setdefault(name, number)
    bounds = sorted(starts[name] for name in anchors)
    ends = {start: end for start, end in zip(bounds, [*bounds[1:], len(document.pages)], strict=True)}
    return {name: document.pages[starts[name] : ends[starts[name]]] for name in anchors}


def _ends_hyphenated(line: Any) -> bool:
    box = line
    while getattr(box, "children", None):
        box = box.children[-1]
    text: str = getattr(box, "text", None) or ""
    return bool(text) and text.endswith(box.style["hyphenate_character"])


def hyphen_runs(document: Any) -> list[Any]:
    """The elements (paragraphs, list items, cells) with more than MAX_HYPHENATED_LINES lines in a row that
    end in a hyphenation, in the laid-out document; a paragraph split over pages counts as one."""
    from weasyprint.formatting_structure.boxes import LineBox

    lines: dict[int, tuple[Any, list[bool]]] = {}

    def walk(box: Any) -> None:
        for child in box.all_children():
            if isinstance(child, LineBox):
                lines.setdefault(id(box.element), (box.element, []))[1].append(_ends_hyphenated(child))
            else:
                walk(child)

    for page in document.pages:
        walk(page._page_box)  # the laid-out boxes of the page (WeasyPrint keeps them here)
    found = []
    for element, ends in lines.values():
        run = 0
        for hyphenated in ends:
            run = run + 1 if hyphenated else 0
            if run > MAX_HYPHENATED_LINES and element is not None:
                found.append(element)
                break
    return found


def _inside(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    slack = 0.01
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def one_annotation_per_link(links: list[Any]) -> list[Any]:
    """WeasyPrint gives every box inside a link an annotation of its own (the <a> of a line of the table of
    contents, its table wrapper, row and cells: one click area three times and more). Keep a link's area
    only where no area of the same link on the page already covers it; the outer box comes first, and a link
    broken over two lines keeps one area per line."""
    kept: list[Any] = []
    areas: dict[tuple[str, str], list[tuple[float, ...]]] = {}
    for link in links:
        link_type, target, rectangle, _box = link
        same = areas.setdefault((link_type, target), [])
        if any(_inside(rectangle, area) for area in same):
            continue
        same.append(rectangle)
        kept.append(link)
    return kept


def worker_count() -> int:
    """One worker per processor this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _pin_edition(epoch: int) -> None:
    # Font subsetting (fontTools, when HarfBuzz's subsetter is missing) stamps fonts with the time unless
    # SOURCE_DATE_EPOCH is set. A worker inherits the environment of the fork server, which may have been
    # started by an earlier build, so every worker is told the edition's time explicitly.
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)


@contextmanager
def workers(epoch: int) -> Iterator[Executor]:
    """A pool of typesetting processes whose every timestamp is `epoch` (the edition's)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["weasyprint"])
    with ProcessPoolExecutor(
        max_workers=worker_count(), mp_context=context, initializer=_pin_edition, initargs=(epoch,)
    ) as pool:
        yield pool


def submit(pool: Executor, html: str, css: str, tagged: bool = True) -> Future[Typeset]:
    return pool.submit(typeset, html, css, tagged)
