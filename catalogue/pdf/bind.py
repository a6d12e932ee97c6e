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
- the running footer "Side x af y", which only the whole book can number: it is set in the font, size,
  colour and position WeasyPrint used for the same footer on a sample page, and marked as a pagination
  artifact, as PDF/UA asks of page numbers;
- the first part's catalog: language, title, XMP metadata (PDF/UA identification), viewer preferences.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from catalogue.pdf.typeset import Typeset

# Internal links between parts; `.invalid` is reserved (RFC 2606), so it can never be a real address.
LINK_BASE = "https://katalog.invalid/#"


class BindingError(ValueError):
    pass


@dataclass(frozen=True)
class Folio:
    """How to set "Side x af y": glyph codes and advances by character, learnt from a sample page."""

    font: pikepdf.Object
    size: float
    matrix: tuple[float, ...]  # the CTM the sample's text was set under
    colour: tuple[float, ...]
    centre: float  # x of the sample text's centre, in the text's own space
    y: float
    glyphs: dict[str, tuple[bytes, float]]  # character → (2-byte code, advance in text space at `size`)

    def stream(self, text: str) -> bytes:
        try:
            codes = [self.glyphs[c] for c in text]
        except KeyError as missing:
            raise BindingError(f"sidetallet '{text}' bruger et tegn, prøvesiden ikke har: {missing}") from None
        x = self.centre - sum(width for _, width in codes) / 2
        hex_codes = b"".join(code for code, _ in codes).hex().encode()
        a, b, c, d, e, f = self.matrix
        return b"".join(
            [
                b"q %s cm\n" % _numbers(a, b, c, d, e, f),
                b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n",
                b"%s rg BT /Folio %s Tf 1 0 0 -1 %s Tm <%s> Tj ET\nEMC Q\n"
                % (_numbers(*self.colour), _numbers(self.size), _numbers(x, self.y), hex_codes),
            ]
        )


def _numbers(*values: float) -> bytes:
    return " ".join(f"{v:.6f}".rstrip("0").rstrip(".") or "0" for v in values).encode()


def _multiply(m: Sequence[float], n: Sequence[float]) -> tuple[float, ...]:
    """m × n for PDF matrices [a b c d e f] (m applied first)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _widths(font: pikepdf.Object) -> dict[int, float]:
    """Glyph advances (thousandths of the font size) from a CID font's /W array."""
    descendant = font.DescendantFonts[0]
    widths: dict[int, float] = {}
    items = list(descendant.get("/W", Array()))
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            for offset, width in enumerate(items[i + 1]):
                widths[first + offset] = float(width)
            i += 2
        else:
            for cid in range(first, int(items[i + 1]) + 1):
                widths[cid] = float(items[i + 2])
            i += 3
    return widths


def read_folio(book: pikepdf.Pdf, sample: bytes, text: str) -> Folio:
    """Learn the footer from a one-page sample whose only text is `text` in the footer's style."""
    source = pikepdf.open(io.BytesIO(sample))  # kept open: the font is copied from it below
    page = source.pages[0]
    ctm: tuple[float, ...] = (1, 0, 0, 1, 0, 0)
    stack: list[tuple[float, ...]] = []
    colour: tuple[float, ...] = (0, 0, 0)
    found = []
    font_name: Any = None
    size = 0.0
    tm: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for instruction in pikepdf.parse_content_stream(page):
        operands, op = instruction.operands, str(instruction.operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop()
        elif op == "cm":
            ctm = _multiply([float(v) for v in operands], ctm)
        elif op == "rg":
            colour = tuple(float(v) for v in operands)
        elif op == "Tf":
            font_name, size = operands[0], float(operands[1])
        elif op == "Tm":
            tm = tuple(float(v) for v in operands)
        elif op in ("TJ", "Tj"):
            parts = operands[0] if op == "TJ" else [operands[0]]
            codes = b"".join(bytes(p) for p in parts if isinstance(p, pikepdf.String))
            found.append((font_name, size, tm, ctm, colour, codes))
    if len(found) != 1:
        raise BindingError(f"prøvesiden til sidetal skulle have én tekst, men har {len(found)}")
    font_name, size, tm, ctm, colour, codes = found[0]
    font = page.Resources.Font[font_name]
    advances = _widths(font)
    pairs = [codes[i : i + 2] for i in range(0, len(codes), 2)]
    if len(pairs) != len(text) or tm[:4] != (1, 0, 0, -1):
        raise BindingError("prøvesiden til sidetal er ikke sat, som sidetallet skal sættes")
    glyphs = {
        char: (code, advances.get(int.from_bytes(code, "big"), 1000.0) * size / 1000)
        for char, code in zip(text, pairs, strict=True)
    }
    total = sum(glyphs[c][1] for c in text)
    return Folio(book.copy_foreign(font), size, ctm, colour, tm[4] + total / 2, tm[5], glyphs)


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


def bind(parts: Sequence[Typeset], folio_sample: bytes, folio_text: str, unnumbered: int = 1) -> bytes:
    """One PDF of the parts in order. Every page after the first `unnumbered` gets the footer "Side x af y"."""
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
    _number_pages(book, read_folio(book, folio_sample, folio_text), unnumbered)
    out = io.BytesIO()
    book.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
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


def _number_pages(book: pikepdf.Pdf, folio: Folio, unnumbered: int) -> None:
    total = len(book.pages)
    for number, page in enumerate(book.pages, start=1):
        if number <= unnumbered:
            continue
        resources = page.obj.Resources
        if "/Font" not in resources:
            resources.Font = Dictionary()
        resources.Font.Folio = folio.font
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(b"Q\n" + folio.stream(f"Side {number} af {total}"))
