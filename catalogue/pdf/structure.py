"""A part's structure tree without the elements that carry no meaning, so the bound book stays small.

WeasyPrint tags every run of text as a structure element of its own (a /Span holding one marked-content id),
every <span> as a /Span and every anonymous or unknown box (<strong>, <wbr>) as a /NonStruct. A screen
reader gets nothing from a /Span or /NonStruct without attributes: it reads text as part of the element that
holds it. At 1,000 interventions they were over a third of the book's objects (286,000 /Span and 76,000
/NonStruct of 794,000), and the binder holds every object of the book at once (catalogue/pdf/bind.py):
its memory grew with them.

`simplify` folds such an element into its parent (its text and elements become the parent's, in place)
and points the parent tree (marked content → element, annotation → element) at the element that now holds
them. What a reader meets is unchanged: the same elements with a meaning, in the same order, holding the
same content. Elements that hold only elements (a section, a list, a table) keep theirs, so no text lands
directly in them. It also marks the running head as the pagination it is. It runs in the typesetting
worker, on one part at a time."""

from __future__ import annotations

import io
import re

import pikepdf
from pikepdf import Array, Dictionary, Name

# An element with any other key (attributes, alternate text, a language) is kept.
_PLAIN_KEYS = frozenset({"/Type", "/S", "/K", "/Pg", "/P"})
# Elements that hold other elements and no content of their own (a list holds items, a table rows, a section
# paragraphs): a /Span or /NonStruct in one of them is kept, so that no text lands directly in it.
_STRICT_PARENTS = frozenset(
    {"/Document", "/Part", "/Art", "/Sect", "/Div", "/BlockQuote", "/L", "/Table", "/THead", "/TBody", "/TFoot", "/TR"}
)


# Marked content as WeasyPrint writes it ("/Span\n<</MCID 12>>\nBDC"), and the pagination artifact it becomes.
_MARKED = re.compile(rb"/[A-Za-z]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
_ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"


def _as_artifacts(content: bytes, ids: set[int]) -> bytes:
    return _MARKED.sub(lambda m: _ARTIFACT if int(m[1]) in ids else m[0], content)


def simplify(data: bytes) -> bytes:
    """The tagged PDF `data` with its plain /Span and /NonStruct elements folded into their parents."""
    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return data
    folding = _Folding(root)
    folding.fold(root.K[0])
    folding.running_heads_as_artifacts(pdf)
    root.ParentTree.Nums = Array([x for key in sorted(folding.parents) for x in (key, folding.parents[key])])
    out = io.BytesIO()
    # Objects no longer referenced (the folded elements) are not written.
    pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _meaningless(kid: pikepdf.Object) -> bool:
    """A /Span or /NonStruct with nothing but its kids: it groups content and says nothing of it."""
    return (
        isinstance(kid, Dictionary) and kid.get("/S") in (Name.Span, Name.NonStruct) and set(kid.keys()) <= _PLAIN_KEYS
    )


class _Folding:
    def __init__(self, root: pikepdf.Object) -> None:
        flat = root.ParentTree.Nums
        self.parents = {int(flat[i]): flat[i + 1] for i in range(0, len(flat), 2)}
        self.reached: set[tuple[int, int]] = set()

    def _content(self, mcid: int, page: pikepdf.Object, holder: pikepdf.Object) -> int | pikepdf.Object:
        """Marked content `mcid` of `page` as a kid of `holder`, which it now belongs to."""
        self.parents[int(page.StructParents)][mcid] = holder
        same_page = "/Pg" in holder and holder.Pg.objgen == page.objgen
        return mcid if same_page else Dictionary(Type=Name.MCR, Pg=page, MCID=mcid)

    def fold(self, element: pikepdf.Object) -> list[int | pikepdf.Object]:
        """Fold `element`'s kids, and return them (as they now stand in `element`)."""
        self.reached.add(element.objgen)
        kids = element.get("/K")
        if kids is None:
            return []
        if not isinstance(kids, Array):
            kids = Array([kids])
        new: list[int | pikepdf.Object] = []
        changed = False
        for kid in kids:
            if isinstance(kid, Dictionary) and kid.get("/Type") == Name.StructElem:
                inner = self.fold(kid)
                if _meaningless(kid) and element.S not in _STRICT_PARENTS:
                    new.extend(self._adopt(element, kid, inner))
                    changed = True
                    continue
            new.append(kid)
        if changed:
            element.K = Array(new)
        return new

    def running_heads_as_artifacts(self, pdf: pikepdf.Pdf) -> None:
        """WeasyPrint marks the text of the page margins (the running head: chapter and intervention) as
        content of elements that it leaves out of the tree; a reader met text that belongs to no element.
        It is pagination, and PDF/UA marks that as an artifact, as the footers are (catalogue/pdf/bind.py)."""
        for page in pdf.pages:
            ids = self.parents.get(int(page.obj.get("/StructParents", -1)))
            if not isinstance(ids, Array):
                continue
            loose = {
                n for n, owner in enumerate(ids) if isinstance(owner, Dictionary) and owner.objgen not in self.reached
            }
            if not loose:
                continue
            contents = page.obj.Contents
            for stream in contents if isinstance(contents, Array) else [contents]:
                data = stream.read_bytes()
                marked = _as_artifacts(data, loose)
                if marked != data:
                    stream.write(marked)
            for n in loose:
                ids[n] = None  # no element: the parent tree's null

    def _adopt(
        self, element: pikepdf.Object, folded: pikepdf.Object, kids: list[int | pikepdf.Object]
    ) -> list[int | pikepdf.Object]:
        """`folded`'s kids as kids of `element`."""
        adopted: list[int | pikepdf.Object] = []
        for kid in kids:
            if isinstance(kid, int):
                adopted.append(self._content(kid, folded.Pg, element))
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                adopted.append(self._content(int(kid.MCID), kid.Pg, element))
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
                self.parents[int(kid.Obj.StructParent)] = element
                adopted.append(kid)
            else:
                kid.P = element
                adopted.append(kid)
        return adopted
