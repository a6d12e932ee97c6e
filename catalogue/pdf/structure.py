"""A part's structure tree without the elements that carry no meaning, so the bound book stays small.

WeasyPrint tags every run of text as a structure element of its own (a /Span holding one marked-content id),
every <span> as a /Span and every anonymous or unknown box (<strong>, <wbr>) as a /NonStruct. A screen
reader gets nothing from a /Span or /NonStruct without attributes: it reads text as part of the element that
holds it. At 1,000 interventions they were over a third of the book's objects (286,000 /Span and 76,000
/NonStruct of 794,000), and the binder holds every object of the book at once (catalogue/pdf/bind.py): its
memory grew with them.

`simplify` folds such an element into its parent (its text and elements become the parent's, in place) and
points the parent tree (marked content → element, annotation → element) at the element that now holds them.
What a reader meets is unchanged: the same elements with a meaning, in the same order, holding the same
content. Elements that hold only elements (a section, a list, a table) keep theirs, so no text lands directly
in them. It also marks the running head as the pagination it is, and gives each table header cell the /Scope
that PDF/UA asks for (WeasyPrint does not write the HTML's `scope`).

It is a WeasyPrint finisher: it works on the PDF's objects (pydyf) in the typesetting worker, before they are
written, so nothing is parsed or written twice. A folded element's object number is kept, as `null`, because
every reference is already written out as its number; the binder copies only what is referenced, so the
book never holds them.
"""

from __future__ import annotations

from typing import Any

import pydyf

# An element with any other key (attributes, alternate text, a language) is kept.
_PLAIN_KEYS = frozenset({"Type", "S", "K", "Pg", "P"})
# Elements that hold other elements and no content of their own (a list holds items, a table rows, a section
# paragraphs): a /Span or /NonStruct in one of them is kept, so that no text lands directly in it.
_STRICT_PARENTS = frozenset(
    {"/Document", "/Part", "/Art", "/Sect", "/Div", "/BlockQuote", "/L", "/Table", "/THead", "/TBody", "/TFoot", "/TR"}
)


class _Null(pydyf.Object):
    """The object a folded element was: nothing refers to it any more."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number

    @property
    def data(self) -> bytes:
        return b"null"


def simplify(document: object, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: fold `pdf`'s plain /Span and /NonStruct elements into their parents."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    folding = _Folding(pdf)
    for top in folding.root["K"]:
        folding.fold(folding.get(top))
    folding.running_heads_as_artifacts(pdf)
    folding.drop_unreached()


def _meaningless(element: dict[str, Any]) -> bool:
    """A /Span or /NonStruct with nothing but its kids: it groups content and says nothing of it."""
    return element.get("S") in ("/Span", "/NonStruct") and element.keys() <= _PLAIN_KEYS


class _Folding:
    def __init__(self, pdf: pydyf.PDF) -> None:
        self.objects: list[Any] = pdf.objects
        self.root = self.get(pdf.catalog["StructTreeRoot"])
        self.nums: list[Any] = self.get(self.root["ParentTree"])["Nums"]  # [key, value, key, value, ...]
        self.value_at = {self.nums[i]: i + 1 for i in range(0, len(self.nums), 2)}
        self.reached: set[int] = set()
        self.folded: list[int] = []
        self.complete = True  # every running head found and marked

    def get(self, reference: bytes) -> Any:
        """The object of a reference as pydyf writes it (b"12 0 R")."""
        return self.objects[int(reference.split(b" ", 1)[0])]

    def _page_ids(self, page: bytes) -> list[Any]:
        return self.nums[self.value_at[self.get(page)["StructParents"]]]

    def _content(self, mcid: int, page: bytes, holder: pydyf.Dictionary) -> Any:
        """Marked content `mcid` of `page` as a kid of `holder`, which it now belongs to."""
        self._page_ids(page)[mcid] = holder.reference
        if holder.get("Pg") == page:
            return mcid
        return pydyf.Dictionary({"Type": "/MCR", "Pg": page, "MCID": mcid})

    def fold(self, element: pydyf.Dictionary) -> list[Any]:
        """Fold `element`'s kids, and return them (as they now stand in `element`)."""
        self.reached.add(element.number)
        if element.get("S") == "/TH":
            element["A"] = pydyf.Dictionary({"O": "/Table", "Scope": self._scope(element)})
        kids = element.get("K")
        if kids is None:
            return []
        if not isinstance(kids, list):
            kids = [kids]
        new: list[Any] = []
        changed = False
        for kid in kids:
            if isinstance(kid, bytes):
                child = self.get(kid)
                if child.get("Type") == "/StructElem":
                    inner = self.fold(child)
                    if _meaningless(child) and element["S"] not in _STRICT_PARENTS:
                        new.extend(self._adopt(element, child, inner))
                        self.folded.append(child.number)
                        changed = True
                        continue
            new.append(kid)
        if changed:
            element["K"] = pydyf.Array(new)
        return new

    def _scope(self, cell: pydyf.Dictionary) -> str:
        """A header cell's /Scope, which WeasyPrint does not write from the HTML's `scope`: a cell in the table's
        head heads its column; every other header cell in the book starts its row and heads that row."""
        row = self.get(cell["P"]) if "P" in cell else {}
        group = self.get(row["P"]) if "P" in row else {}
        return "/Column" if group.get("S") == "/THead" else "/Row"

    def _adopt(self, element: pydyf.Dictionary, folded: pydyf.Dictionary, kids: list[Any]) -> list[Any]:
        """`folded`'s kids as kids of `element`."""
        adopted = []
        for kid in kids:
            if isinstance(kid, int):
                adopted.append(self._content(kid, folded["Pg"], element))
            elif isinstance(kid, dict) and kid.get("Type") == "/MCR":
                adopted.append(self._content(kid["MCID"], kid["Pg"], element))
            else:
                child = self.get(kid)
                if child.get("Type") == "/OBJR":
                    self.nums[self.value_at[self.get(child["Obj"])["StructParent"]]] = element.reference
                else:
                    child["P"] = element.reference
                adopted.append(kid)
        return adopted

    def running_heads_as_artifacts(self, pdf: pydyf.PDF) -> None:
        """WeasyPrint marks the text of the page margins (the running head: chapter and intervention) as
        content of elements that it leaves out of the tree; a reader met text that belongs to no element.
        It is pagination, and PDF/UA marks that as an artifact, as the footers are (catalogue/pdf/bind.py)."""
        for page_reference in pdf.page_references:
            page = self.get(page_reference)
            ids = self._page_ids(page_reference)
            loose = {n for n, owner in enumerate(ids) if self._loose(owner)}
            if not loose:
                continue
            # pydyf keeps a marked-content start as three items: the tag ("/Span"), its properties, b"BDC".
            stream = self.get(page["Contents"]).stream
            for i in range(1, len(stream) - 1):
                item = stream[i]
                tagged = isinstance(stream[i - 1], str) and stream[i - 1].startswith("/") and stream[i + 1] == b"BDC"
                if tagged and isinstance(item, dict) and item.get("MCID") in loose:
                    loose.discard(item["MCID"])
                    ids[item["MCID"]] = b"null"
                    stream[i - 1], stream[i] = "/Artifact", pydyf.Dictionary({"Type": "/Pagination"})
            self.complete = self.complete and not loose

    def _loose(self, owner: Any) -> bool:
        """Whether a parent tree entry names an element outside the tree."""
        return isinstance(owner, bytes) and owner != b"null" and int(owner.split(b" ", 1)[0]) not in self.reached

    def drop_unreached(self) -> None:
        """Folded elements, and the running head's elements once nothing points to them, become null."""
        for number in self.folded:
            self.objects[number] = _Null(number)
        if not self.complete:
            return
        for number, item in enumerate(self.objects):
            if isinstance(item, dict) and item.get("Type") == "/StructElem" and number not in self.reached:
                self.objects[number] = _Null(number)
