"""The relevance set (queries.yaml) run in Chromium against a built site: each query typed into the catalogue
page's search field, the first ten results read from the page. Shared by tests/browser/test_relevance.py and
benchmarks/run.py (which reports the figures in BENCHMARKS.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

QUERIES = Path(__file__).with_name("queries.yaml")
TOP = 10  # a colleague's expected records must be in the first TOP
FIRST = 5  # and the records that must not be, not in the first FIRST
# The page has drawn the results of what is in the field: not busy fetching shards, its status says so.
SETTLED = (
    "(() => { const app = document.getElementById('katalog'), s = document.getElementById('k-status');"
    " return app && !app.hasAttribute('aria-busy') && s && /^(Viser|Ingen)/.test(s.textContent); })()"
)


@dataclass
class Answer:
    query: str
    found: list[str]  # record ids, best first (the first TOP)
    total: int
    status: str
    expected: list[str]
    excluded: list[str]
    missed: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)


@dataclass
class Figures:
    answers: list[Answer]

    @property
    def recall(self) -> float:
        """Recall at TOP: of all expected records, the share found in the first TOP, over every query."""
        wanted = sum(len(a.expected) for a in self.answers)
        return sum(len(a.expected) - len(a.missed) for a in self.answers) / wanted if wanted else 1.0

    @property
    def false_hits(self) -> int:
        return sum(len(a.false_hits) for a in self.answers)

    @property
    def empty(self) -> list[str]:
        """Queries that found nothing although a colleague expects records."""
        return [a.query for a in self.answers if a.expected and a.total == 0]


def load(path: Path = QUERIES) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]


def run(page: Any, catalogue_url: str, queries: list[dict[str, Any]] | None = None) -> Figures:
    """Type each query into the catalogue page at `catalogue_url` (already opened or not) and judge it."""
    queries = load() if queries is None else queries
    if page.url != catalogue_url:
        page.goto(catalogue_url)
    page.wait_for_function(SETTLED)
    answers = []
    for item in queries:
        query = str(item["query"])
        page.fill("#k-q", query)
        page.wait_for_function(SETTLED)
        found = page.eval_on_selector_all(
            "#k-results > li .k-card-title a", f"links => links.slice(0, {TOP}).map(a => a.pathname.split('/').at(-2))"
        )
        total = page.locator("#k-results > li, #k-late > li").count()
        status = page.inner_text("#k-status")
        expected, excluded = list(item.get("expect", [])), list(item.get("not", []))
        answer = Answer(query, found, total, status, expected, excluded)
        answer.missed = [r for r in expected if r not in found]
        answer.false_hits = [r for r in excluded if r in found[:FIRST]]
        answers.append(answer)
    return Figures(answers)
