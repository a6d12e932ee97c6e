"""Record text is text: Markdown and HTML in it come out inert."""

from __future__ import annotations

import markdown
import pytest

from catalogue.text import link_target, md_inline, md_paragraphs

EXTENSIONS = ["toc", "attr_list", "md_in_html", "def_list", "tables"]
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[klik](javascript:alert(1))",
    "![billede](https://evil.example/x.png)",
    "**fed** _kursiv_ `kode`",
    "# Overskrift",
    "- punkt",
    "1. punkt",
    "> citat",
    ": definition",
    "| a | b |",
    "{{ 7*7 }} {% raw %}",
    "<https://evil.example>",
    "&amp; &lt;",
    "tekst {: .klasse onclick=x}",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_shows_the_text_literally(text: str) -> None:
    html = markdown.markdown(md_inline(text), extensions=EXTENSIONS)
    assert html.startswith("<p>") and html.endswith("</p>")
    inner = html[3:-4]
    for tag in ("<script", "<img", "<a ", "<strong", "<em", "<code", "<h1", "<li", "<blockquote", "<dl", "<table"):
        assert tag not in inner, (text, html)
    import html as html_module

    assert html_module.unescape(inner) == text


def test_paragraphs_are_kept_and_lines_joined() -> None:
    assert md_paragraphs("Første linje\nfortsat.\n\nAndet afsnit.") == "Første linje fortsat.\n\nAndet afsnit."


def test_link_targets_cannot_break_out_of_the_link() -> None:
    assert link_target("https://a.dk/x) [y](javascript:z") == "https://a.dk/x%29%20%5By%5D%28javascript:z"
