"""Reading a tagged PDF's structure tree for the tests: the content in the order a screen reader meets it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name

# Structure types that hold other elements and no content of their own (sections, lists, tables), written out
# here rather than taken from the code under test.
GROUPING = {
    "/Document",
    "/Part",
    "/Art",
    "/Sect",
    "/Div",
    "/BlockQuote",
    "/L",
    "/Table",
    "/THead",
    "/TBody",
    "/TFoot",
    "/TR",
}


@dataclass
class Tree:
    order: list[tuple[int, int]] = field(default_factory=list)  # (page, marked-content id) in reading order
    owners: list[str] = field(default_factory=list)  # the type of the element holding each of them
    elements: Counter[str] = field(default_factory=Counter)
    plain_groups: int = 0  # /Span and /NonStruct without attributes in a parent that may hold content
    content_in_grouping: int = 0


def marked_content(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    """(page, marked-content id) of every marked content sequence in the pages' content streams."""
    found = set()
    for number, page in enumerate(pdf.pages):
        for operands, operator in pikepdf.parse_content_stream(page):
            if operator == pikepdf.Operator("BDC") and isinstance(operands[1], Dictionary) and "/MCID" in operands[1]:
                found.add((number, int(operands[1].MCID)))
    return found


def read_tree(pdf: pikepdf.Pdf) -> Tree:
    """The structure tree, checked as it is read: each element's /P is its parent, and the parent tree
    names, for every marked-content id and annotation, the element that holds it."""
    page_of = {page.objgen: number for number, page in enumerate(pdf.pages)}
    root = pdf.Root.StructTreeRoot
    flat = list(root.ParentTree.Nums)
    parents = {int(flat[i]): flat[i + 1] for i in range(0, len(flat), 2)}
    tree = Tree()

    def visit(element: Dictionary, parent: Dictionary) -> None:
        kind = str(element.S)
        tree.elements[kind] += 1
        keys = set(element.keys())
        plain = keys <= {"/Type", "/S", "/K", "/Pg", "/P"}
        if kind in ("/Span", "/NonStruct") and plain and str(parent.get("/S")) not in GROUPING:
            tree.plain_groups += 1
        kids = element.get("/K", Array())
        for kid in kids if isinstance(kids, Array) else [kids]:
            if isinstance(kid, int):
                page, mcid = element.Pg, int(kid)
            elif kid.get("/Type") == Name.MCR:
                page, mcid = kid.Pg, int(kid.MCID)
            elif kid.get("/Type") == Name.OBJR:
                assert parents[int(kid.Obj.StructParent)].objgen == element.objgen, "annotation's parent entry"
                continue
            else:
                assert kid.P.objgen == element.objgen, f"{kid.S} in {kind} names another parent"
                visit(kid, element)
                continue
            if kind in GROUPING:
                tree.content_in_grouping += 1
            owner = parents[int(page.StructParents)][mcid]
            assert owner.objgen == element.objgen, f"parent tree: content {mcid} belongs to {owner.S}, not {kind}"
            tree.order.append((page_of[page.objgen], mcid))
            tree.owners.append(kind)

    document = root.K[0] if isinstance(root.K, Array) else root.K
    visit(document, root)
    return tree
