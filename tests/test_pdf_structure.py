"""The typeset parts' structure tree without WeasyPrint's meaningless elements (catalogue/pdf/structure.py):
the same content in the same order, held by the elements that mean something, and a parent tree that agrees."""

from __future__ import annotations

import io
import subprocess
import sys

import pikepdf
import pydyf
import pytest
from pikepdf import Name

from catalogue import paths
from catalogue.pdf.structure import simplify

from .pdf_structure import marked_content, read_tree

# Two small pages, so the paragraph and the list run over a page break (content then lives on another page
# than the element that holds it).
HTML = (
    """<!doctype html><html lang="da"><head><title>Prøve</title><style>
@page { size: 100mm 70mm; margin: 12mm 8mm 8mm; @top-left { content: "Løbende sidehoved" } }
p, li { font-size: 10pt }
.nr { font-weight: bold }
</style></head><body>
<h1>Overskrift med <span>et ord</span></h1>
<div>Tekst direkte i en div, <strong>fed</strong> og <a href="#mål">et link</a>.</div>
<p>"""
    + "Et afsnit der løber over flere linjer og sider, med ord nok til at brydes mange gange. " * 12
    + """</p>
<ul>"""
    + "".join(f"<li><strong>Punkt {i}:</strong> en forklaring med <em>fremhævning</em>.</li>" for i in range(12))
    + """</ul>
<table><caption>Tabel</caption><tr><th>Navn</th><th>Alder</th></tr><tr><td><span class="nr">1</span> Ét</td><td>3–5 år</td></tr></table>
<p id="mål">Målet, med en kilde <a href="https://www.retsinformation.dk/eli/lta/2024/721">retsinformation.dk<wbr>/eli</a>.</p>
</body></html>"""
)


# WeasyPrint is typeset in a process of its own, as the build does (catalogue/pdf/typeset.py), with and without
# the finisher.
TYPESET = """
import sys, weasyprint
from catalogue.pdf.structure import simplify
finisher = simplify if sys.argv[2] == "simplified" else None
weasyprint.HTML(string=sys.stdin.read()).write_pdf(sys.argv[1], pdf_variant="pdf/ua-1", finisher=finisher)
"""


@pytest.fixture(scope="module")
def typeset(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pikepdf.Pdf]:
    folder = tmp_path_factory.mktemp("structure")
    out = {}
    for kind in ("raw", "simplified"):
        path = folder / f"{kind}.pdf"
        subprocess.run(
            [sys.executable, "-c", TYPESET, str(path), kind], input=HTML, text=True, check=True, cwd=paths.ROOT
        )
        out[kind] = pikepdf.open(path)
    return out


def test_the_same_content_in_the_same_order_with_fewer_elements(typeset: dict[str, pikepdf.Pdf]) -> None:
    raw, simple = typeset["raw"], typeset["simplified"]
    before, after = read_tree(raw), read_tree(simple)
    assert len({page for page, _ in before.order}) >= 2, "the sample must run over pages"
    # The same content in the tree, once and in the same order; the running head, which WeasyPrint marks
    # as content of no element in the tree, becomes a pagination artifact, and no other content is left out.
    assert len(set(before.order)) == len(before.order) and after.order == before.order
    heads = marked_content(raw) - set(before.order)
    assert len(heads) == len(raw.pages)
    assert marked_content(simple) == set(after.order)
    assert all(b"/Artifact" in page.Contents.read_bytes() for page in simple.pages)
    # The elements that mean something are all kept; the text of a paragraph is the paragraph's own.
    meaningful = {kind: n for kind, n in before.elements.items() if kind not in ("/Span", "/NonStruct")}
    assert {kind: after.elements[kind] for kind in meaningful} == meaningful
    assert before.plain_groups > 20 and after.plain_groups == 0
    assert after.content_in_grouping == before.content_in_grouping == 0
    assert "/P" in after.owners and "/Link" in after.owners and "/LBody" in after.owners and "/TD" in after.owners
    # What a folded element was is null: no structure element is left outside the tree.
    elements = [o for o in simple.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == Name.StructElem]
    assert len(elements) == sum(after.elements.values())
    # The pages look the same.
    assert [page_text(raw, n) for n in range(len(raw.pages))] == [
        page_text(simple, n) for n in range(len(simple.pages))
    ]


def page_text(pdf: pikepdf.Pdf, number: int) -> bytes:
    """The page's drawing with its marked-content tags left out."""
    operators = pikepdf.parse_content_stream(pdf.pages[number])
    kept = [(o, op) for o, op in operators if str(op) not in ("BDC", "BMC", "EMC")]
    return pikepdf.unparse_content_stream(kept)


def test_a_pdf_without_tags_is_left_as_it_is() -> None:
    plain = pydyf.PDF()
    before = [object.data for object in plain.objects[1:]]
    simplify(None, plain)
    assert [object.data for object in plain.objects[1:]] == before


def test_content_folded_into_an_element_on_another_page_keeps_its_page() -> None:
    # WeasyPrint starts a new element on every page, so this is built by hand: a paragraph on page 1 whose
    # /NonStruct holds a text span on page 2.
    pdf = pydyf.PDF()
    pages = []
    for number in range(2):
        content = pydyf.Stream(["/P", pydyf.Dictionary({"MCID": 0}), b"BDC", b"EMC"])
        pdf.add_object(content)
        page = pydyf.Dictionary(
            {"Type": "/Page", "Parent": pdf.pages.reference, "MediaBox": pydyf.Array([0, 0, 200, 200])}
        )
        page["Contents"], page["StructParents"] = content.reference, number
        pdf.add_page(page)
        pages.append(page)

    def element(kind: str, page: pydyf.Dictionary | None, kids: list) -> pydyf.Dictionary:
        made = pydyf.Dictionary({"Type": "/StructElem", "S": kind, "K": pydyf.Array(kids)})
        if page is not None:
            made["Pg"] = page.reference
        pdf.add_object(made)
        return made

    text_one, text_two = element("/Span", pages[0], [0]), element("/Span", pages[1], [0])
    group = element("/NonStruct", pages[1], [text_two.reference])
    paragraph = element("/P", pages[0], [text_one.reference, group.reference])
    document = element("/Document", None, [paragraph.reference])
    root = pydyf.Dictionary({"Type": "/StructTreeRoot", "K": pydyf.Array([document.reference])})
    pdf.add_object(root)
    for kid, parent in ((text_one, paragraph), (text_two, group), (group, paragraph), (paragraph, document)):
        kid["P"] = parent.reference
    document["P"] = root.reference
    tree = pydyf.Dictionary(
        {"Nums": pydyf.Array([0, pydyf.Array([text_one.reference]), 1, pydyf.Array([text_two.reference])])}
    )
    pdf.add_object(tree)
    root["ParentTree"] = tree.reference
    pdf.catalog["StructTreeRoot"] = root.reference
    simplify(None, pdf)
    data = io.BytesIO()
    pdf.write(data, compress=True)
    simple = pikepdf.open(io.BytesIO(data.getvalue()))
    after = read_tree(simple)
    assert after.order == [(0, 0), (1, 0)]
    assert after.owners == ["/P", "/P"] and after.elements == {"/Document": 1, "/P": 1}
    kids = list(simple.Root.StructTreeRoot.K[0].K[0].K)
    assert kids[0] == 0 and kids[1].Type == Name.MCR and kids[1].Pg.objgen == simple.pages[1].objgen
