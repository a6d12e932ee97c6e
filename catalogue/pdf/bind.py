"""Binding: the typeset parts of the printed catalogue → one PDF, with pikepdf (qpdf).

Each part is a complete tagged PDF from WeasyPrint (catalogue/pdf/typeset.py). Binding them keeps what a
reader and a screen reader get from a single document:

- pages in order, and one structure tree: each part's top-level structure elements become children of the
  first part's Document element, and every part's parent-tree keys (pages' /StructParents, annotations'
  /StructParent) are moved past the keys of the parts before it;
- one name tree of destinations (every anchor, from the part that holds it), and internal links: a part
  links to an anchor anywhere in the book through `LINK_BASE` + anchor (WeasyPrint drops a link to an
  anchor that is not in its own document), which binding turns into a link to the named destination;
- one outline, rebuilt from every part's bookmarks by their CSS levels;
- the running footer "Side x af y", which only the whole book can number (the parts are typeset apart, and
  a run of interventions before the pages of the runs before it are known): WeasyPrint typesets the
  footers alone, as pages of the book's size with nothing but the footer's margin box (pdf/book.py), and
  each is laid over its page as a form XObject, marked as a pagination artifact, as PDF/UA asks;
- the first part's catalog: language, title, XMP metadata (PDF/UA identification), viewer preferences.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, cast

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from catalogue.pdf.typeset import Typeset

# Internal links between parts; `.invalid` is reserved (RFC 2606), so it can never be a real address.
LINK_BASE = "https://katalog.invalid/#"


# The footer's form XObject in each page's resources.
FOOTER_NAME = Name("/CatalogueFooter")


class BindingError(ValueError):
    pass


def _bookmark_tree(book: pikepdf.Pdf, marks: list[tuple[int, str, int, float, float, bool]]) -> None:
    """The outline from (CSS level, label, page, x, y, open), nested by level as WeasyPrint nests them."""
    if "/Outlines" in book.Root:
        del book.Root.Outlines
    with book.open_outline() as outline:
        stack: list[tuple[int, pikepdf.OutlineItem]] = []
        for level, label, page, x, y, is_open in marks:
            item = pikepdf.OutlineItem(label, Array([book.pages[page].obj, Name.XYZ, x, y, 0]))
            item.is_closed = not is_open
            while stack and stack[-1][0] >= level:
                stack.pop()
            (stack[-1][1].children if stack else outline.root).append(item)
            stack.append((level, item))


def _name_pairs(pdf: pikepdf.Pdf) -> list[tuple[str, pikepdf.Object]]:
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return []
    flat = list(names.Dests.get("/Names", Array()))
    return [(str(flat[i]), flat[i + 1]) for i in range(0, len(flat), 2)]


def _parent_keys(root: pikepdf.Object) -> list[tuple[int, pikepdf.Object]]:
    flat = list(root.ParentTree.Nums)
    return [(int(flat[i]), flat[i + 1]) for i in range(0, len(flat), 2)]


def bind(parts: Sequence[Typeset], footers: Sequence[bytes], unnumbered: int = 1) -> bytes:
    """One PDF of the parts in order. `footers` are PDFs whose pages, in order, are the footers of every
    page after the first `unnumbered`."""
    book = pikepdf.open(io.BytesIO(parts[0].pdf))
    structure = book.Root.StructTreeRoot
    document = structure.K[0]
    nums = _parent_keys(structure)
    next_key = max((k for k, _ in nums), default=-1) + 1
    destinations = dict(_name_pairs(book))
    marks = [(m.level, m.label, m.page, m.x, m.y, m.open) for m in parts[0].bookmarks]
    for part in parts[1:]:
        source = pikepdf.open(io.BytesIO(part.pdf))
        first = len(book.pages)
        with warnings.catch_warnings():
            # Named destinations are carried over below, from the whole part at once.
            warnings.filterwarnings("ignore", message="Copying pages from another Pdf")
            book.pages.extend(source.pages)
        # Copied after the pages, so its /Pg and annotation references are the copied pages' (qpdf keeps
        # one map of copied objects per source).
        copied = book.copy_foreign(source.Root.StructTreeRoot)
        for element in copied.K[0].K:
            element.P = document
            document.K.append(element)
        keys = _parent_keys(copied)
        nums += [(next_key + k, value) for k, value in keys]
        for page in book.pages[first:]:
            page.obj.StructParents = int(page.obj.StructParents) + next_key
            for annotation in page.obj.get("/Annots", Array()):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + next_key
        next_key += max((k for k, _ in keys), default=-1) + 1
        for name, destination in _name_pairs(source):
            if name not in destinations:  # an id names the first element that has it, as in one document
                target, *where = destination
                destinations[name] = Array([book.copy_foreign(target), *where])
        marks += [(m.level, m.label, first + m.page, m.x, m.y, m.open) for m in part.bookmarks]

    structure.ParentTree = book.make_indirect(Dictionary(Nums=Array([x for k, v in nums for x in (k, v)])))
    structure.ParentTreeNextKey = next_key
    _link_parts(book, destinations)
    book.Root.Names = Dictionary(
        Dests=Dictionary(Names=Array([x for name in sorted(destinations) for x in (String(name), destinations[name])]))
    )
    _bookmark_tree(book, marks)
    footer_sources = _lay_footers(book, footers, unnumbered)
    out = io.BytesIO()
    book.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for source in footer_sources:
        source.close()
    return out.getvalue()


def _link_parts(book: pikepdf.Pdf, destinations: dict[str, pikepdf.Object]) -> None:
    for page in book.pages:
        for annotation in page.obj.get("/Annots", Array()):
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if not uri.startswith(LINK_BASE):
                continue
            name = uri[len(LINK_BASE) :]
            if name not in destinations:
                raise BindingError(f"intern henvisning til #{name}, som ikke findes i kataloget")
            del annotation.A
            annotation.Dest = String(name)
            annotation.Contents = String(name)


def _lay_footers(book: pikepdf.Pdf, footers: Sequence[bytes], unnumbered: int) -> list[pikepdf.Pdf]:
    """Lay each footer page over its page. Returns the footers' PDFs, which must stay open until the book is
    saved (qpdf reads a copied stream's data from its source when it writes)."""
    numbered = book.pages[unnumbered:]
    sources = [pikepdf.open(io.BytesIO(footer)) for footer in footers]
    overlays = [page for source in sources for page in source.pages]
    if len(overlays) != len(numbered):
        raise BindingError(f"{len(overlays)} sidetal til {len(numbered)} sider")
    for page, overlay in zip(numbered, overlays, strict=True):
        if overlay.mediabox != page.mediabox:
            raise BindingError("sidetallene er sat på sider af en anden størrelse end bogens")
        # The pages of a part share one resource dictionary: each page gets its own, with its footer under a
        # fixed name (add_resource's prefix= adds a random suffix, and the same records must give the same bytes).
        resources = Dictionary(cast(Mapping[str, Any], page.obj.get("/Resources", {})))
        xobjects = Dictionary(cast(Mapping[str, Any], resources.get("/XObject", {})))
        if FOOTER_NAME in xobjects:
            raise BindingError(f"siden bruger allerede navnet {FOOTER_NAME}")
        xobjects[FOOTER_NAME] = book.copy_foreign(overlay.as_form_xobject())
        resources.XObject = xobjects
        page.obj.Resources = resources
        # The page's own drawing is closed off (q … Q), so the footer is drawn in the page's default state.
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(
            b"Q\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC q %s Do Q EMC\n" % str(FOOTER_NAME).encode()
        )
    return sources
