"""What a caseworker reads beside a decision says what the data says: the compare view's texts are whole
fields or generated from structured ones (never prose cut at a full stop), every fact links to its sources,
and amounts are written the Danish way on pages, in the compare view and in the open data's display texts."""

from __future__ import annotations

import re

import pytest

from catalogue.records.citations import keys_in, numbering
from catalogue.records.citations import strip as strip_citations
from catalogue.records.evidence import brief
from catalogue.site.catalogue_page import detail
from catalogue.site.pages import render_other_pages, render_record_pages

from .conftest import checked

RESULT = checked()
PROJECT, CATALOGUE = RESULT.dated, RESULT.valid
assert CATALOGUE is not None
# A number of five digits or more without thousands separators, before "kr.".
UNGROUPED_AMOUNT = re.compile(r"(?<![\d.,])\d{5,}\s*kr\.")


@pytest.mark.parametrize("entry", CATALOGUE.entries, ids=lambda e: e.id)
def test_compare_texts_are_whole_fields_or_generated(entry: object) -> None:
    d = entry.data
    facts = detail(entry, PROJECT.schema)
    impl, delivery = d["implementation"], d["delivery"]
    # Whole fields, citations left out: nothing cut at a guessed sentence end ("ca.", "Ronald M.", "bl.a.").
    assert facts["danish_use"] == strip_citations(d["danish_context"])
    assert facts["cost_note"] == strip_citations(impl["cost_note"])
    assert facts["delivered_by"] == strip_citations(impl["delivered_by"])
    assert facts["duration"] == strip_citations(delivery.get("duration", ""))
    # The evidence line is generated from the structured studies and is one whole sentence.
    assert facts["evidence_line"] == brief(d["evidence"], entry.vocabulary)
    assert facts["evidence_line"].endswith(".") and "[@" not in facts["evidence_line"]
    assert facts["evidence"].startswith(entry.evidence.label)
    # Each fact's sources are the numbers of the sources its own text cites on the record page.
    numbers = numbering(d, PROJECT.schema)
    assert facts["src"]["danish_use"] == sorted({numbers[k] for k in keys_in(d["danish_context"])})
    assert facts["src"]["evidence_line"] == sorted({numbers[s["key"]] for s in d["evidence"].get("studies", [])})
    for value in facts.values():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                assert not UNGROUPED_AMOUNT.search(text), text


def test_amounts_have_thousands_separators_on_every_page() -> None:
    pages = dict([*render_record_pages(PROJECT, CATALOGUE), *render_other_pages(PROJECT, CATALOGUE)])
    amounts = [(path, m.group()) for path, text in pages.items() for m in UNGROUPED_AMOUNT.finditer(text)]
    assert amounts == []
    # And a record with a cost figure shows it grouped.
    entry = next(
        e for e in CATALOGUE.entries if any(c["amount"] >= 10_000 for c in e.data["implementation"].get("costs", []))
    )
    cost = next(c for c in entry.data["implementation"]["costs"] if c["amount"] >= 10_000)
    grouped = f"{cost['amount']:,}".replace(",", ".")
    assert f"{grouped} kr." in pages[f"indsatser/{entry.id}.md"]
