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
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

# Tagged PDF for screen readers (PDF/UA-1: tags, document language and title in the metadata).
PDF_VARIANT = "pdf/ua-1"
# WeasyPrint lays out in CSS pixels; PDF user space is in points.
PX = 0.75


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

    variant = PDF_VARIANT if tagged else None
    document = HTML(string=html, url_fetcher=_no_fetching).render(
        stylesheets=[CSS(string=css, url_fetcher=_no_fetching)], pdf_variant=variant
    )
    anchors: dict[str, int] = {}
    bookmarks = []
    for number, page in enumerate(document.pages):
        page.links[:] = one_annotation_per_link(page.links)
        for name in page.anchors:
            anchors.setdefault(name, number)
        for level, label, (x, y), state in page.bookmarks:
            bookmarks.append(Bookmark(level, label, number, x * PX, (page.height - y) * PX, state != "closed"))
    pdf = document.write_pdf(pdf_variant=variant, pdf_identifier=b"inspirationskatalog")
    return Typeset(pdf, len(document.pages), anchors, tuple(bookmarks))


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
