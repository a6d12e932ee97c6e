"""The typeset parts' structure tree without WeasyPrint's meaningless elements (catalogue/pdf/structure.py):
the same content in the same order, held by the elements that mean something, and a parent tree that agrees."""

from __future__ import annotations

import io
import subprocess
import sys

import pikepdf
import pytest
from pikepdf import Name

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


@pytest.fixture(scope="module")
def weasyprint_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    # WeasyPrint is typeset in a process of its own, as the build does (catalogue/pdf/typeset.py).
    out = tmp_path_factory.mktemp("structure") / "raw.pdf"
    script = "import sys, weasyprint; weasyprint.HTML(string=sys.stdin.read()).write_pdf(sys.argv[1], pdf_variant='pdf/ua-1')"
    subprocess.run([sys.executable, "-c", script, str(out)], input=HTML, text=True, check=True)
    return out.read_bytes()


def test_the_same_content_in_the_same_order_with_fewer_elements(weasyprint_pdf: bytes) -> None:
    raw = pikepdf.open(io.BytesIO(weasyprint_pdf))
    simple = pikepdf.open(io.BytesIO(simplify(weasyprint_pdf)))
    before, after = read_tree(raw), read_tree(simple)
    assert len({page for page, _ in before.order}) >= 2, "the sample must run over pages"
    # The same content in the tree, once and in the same order; the running head, which WeasyPrint marks
    # as content of no element in the tree, becomes a pagination artifact, and no other content is left out.
    assert len(set(before.order)) == len(before.order) and after.order == before.order
    heads = marked_content(raw) - set(before.order)
    assert len(heads) == len(raw.pages)
    assert marked_content(simple) == set(after.order)
    assert all(b"/Artifact <</Type /Pagination>> BDC" in page.Contents.read_bytes() for page in simple.pages)
    # The elements that mean something are all kept; the text of a paragraph is the paragraph's own.
    meaningful = {kind: n for kind, n in before.elements.items() if kind not in ("/Span", "/NonStruct")}
    assert {kind: after.elements[kind] for kind in meaningful} == meaningful
    assert before.plain_groups > 20 and after.plain_groups == 0
    assert after.content_in_grouping == before.content_in_grouping == 0
    assert "/P" in after.owners and "/Link" in after.owners and "/LBody" in after.owners and "/TD" in after.owners
    # Objects the folded elements were are gone from the file, not left behind unreferenced.
    assert len(simple.objects) < len(raw.objects) - before.plain_groups // 2


def test_a_pdf_without_tags_is_left_as_it_is() -> None:
    plain = pikepdf.new()
    plain.add_blank_page()
    data = io.BytesIO()
    plain.save(data)
    assert simplify(data.getvalue()) == data.getvalue()


def test_content_folded_into_an_element_on_another_page_keeps_its_page() -> None:
    # WeasyPrint starts a new element on every page, so this is built by hand: a paragraph on page 1 whose
    # /NonStruct holds a text span on page 2.
    pdf = pikepdf.new()
    for _ in range(2):
        pdf.add_blank_page()
        pdf.pages[-1].Contents = pdf.make_stream(b"/Span <</MCID 0>> BDC EMC")
    first, second = (page.obj for page in pdf.pages)
    for number, page in enumerate((first, second)):
        page.StructParents = number

    def element(kind: str, page: pikepdf.Dictionary, kids: list) -> pikepdf.Dictionary:
        return pdf.make_indirect(pikepdf.Dictionary(Type=Name.StructElem, S=Name(kind), Pg=page, K=pikepdf.Array(kids)))

    text_one, text_two = element("/Span", first, [0]), element("/Span", second, [0])
    group = element("/NonStruct", second, [text_two])
    paragraph = element("/P", first, [text_one, group])
    document = element("/Document", first, [paragraph])
    root = pdf.make_indirect(pikepdf.Dictionary(Type=Name.StructTreeRoot, K=pikepdf.Array([document])))
    for kid, parent in ((text_one, paragraph), (text_two, group), (group, paragraph), (paragraph, document)):
        kid.P = parent
    document.P = root
    root.ParentTree = pikepdf.Dictionary(
        Nums=pikepdf.Array([0, pikepdf.Array([text_one]), 1, pikepdf.Array([text_two])])
    )
    pdf.Root.StructTreeRoot = root
    data = io.BytesIO()
    pdf.save(data)
    before = read_tree(pdf)
    simple = pikepdf.open(io.BytesIO(simplify(data.getvalue())))
    after = read_tree(simple)
    assert before.order == after.order == [(0, 0), (1, 0)]
    assert after.owners == ["/P", "/P"] and after.elements == {"/Document": 1, "/P": 1}
    kids = list(simple.Root.StructTreeRoot.K[0].K[0].K)
    assert kids[0] == 0 and kids[1].Type == Name.MCR and kids[1].Pg.objgen == simple.pages[1].objgen
