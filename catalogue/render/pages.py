"""Every generated page of the site, as (path under docs/, Markdown text) pairs."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import jinja2

from .. import paths
from ..model import Catalogue
from .text import age_range, count, danish_date, danish_number, finalize_markdown, html_text, link_target, md_paragraphs

# The folders of docs/ that the generator owns (git-ignores and may empty); hand-written pages live beside them.
RECORDS_DIR = "indsatser"
OVERVIEWS = {
    # vocabulary list → (folder, page title, what a page lists)
    "age_bands": ("aldersgrupper", "Aldersgrupper"),
    "mechanisms": ("mekanismer", "Virksomme mekanismer"),
    "themes": ("temaer", "Temaer"),
    "staircase_steps": ("indsatstrappen", "Indsatstrappen"),
}
EVIDENCE_DIR = "evidens"
HOME = "index.md"
# Everything the generator owns under docs/: folders, plus the front page (it shows counts).
GENERATED = (HOME, RECORDS_DIR, *(folder for folder, _ in OVERVIEWS.values()), EVIDENCE_DIR, "data")


@cache
def environment(templates: Path = paths.TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=False,  # Markdown, not HTML: `finalize` escapes every value for Markdown instead
        finalize=finalize_markdown,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    env.filters.update(
        paragraphs=md_paragraphs,
        html=html_text,
        age=age_range,
        number=danish_number,
        date=danish_date,
        url=link_target,
        count=count,
    )
    env.globals.update(records_dir=RECORDS_DIR, overviews=OVERVIEWS, evidence_dir=EVIDENCE_DIR)
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


def record_path(entry_id: str) -> str:
    return f"{RECORDS_DIR}/{entry_id}.md"


def render_pages(catalogue: Catalogue) -> Iterator[tuple[str, str]]:
    vocabulary = catalogue.vocabulary
    for entry in catalogue.entries:
        yield (
            record_path(entry.id),
            render("pages/record.md.j2", entry=entry, related=catalogue.related(entry), vocabulary=vocabulary),
        )
    yield f"{RECORDS_DIR}/index.md", render("pages/records_index.md.j2", catalogue=catalogue)
    for list_name, (folder, title) in OVERVIEWS.items():
        terms = list(vocabulary.lists[list_name].values())
        yield (
            f"{folder}/index.md",
            render("pages/overview.md.j2", catalogue=catalogue, list_name=list_name, terms=terms, title=title),
        )
        for term in terms:
            yield (
                f"{folder}/{term.id}.md",
                render(
                    "pages/term.md.j2",
                    catalogue=catalogue,
                    list_name=list_name,
                    term=term,
                    entries=catalogue.with_term(list_name, term.id),
                    overview_title=title,
                ),
            )
    yield f"{EVIDENCE_DIR}/index.md", render("pages/evidence.md.j2", catalogue=catalogue)
    yield HOME, render("pages/home.md.j2", catalogue=catalogue)
