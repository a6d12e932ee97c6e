"""Every generated page of the site, as (path under docs/, Markdown text) pairs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache, partial
from pathlib import Path

import jinja2
from markupsafe import Markup

from catalogue import paths
from catalogue.pdf.book import PDF_NAME, PdfDownload
from catalogue.records.citations import Citer, numbering
from catalogue.records.citations import strip as strip_citations
from catalogue.records.evidence import brief as evidence_brief
from catalogue.records.model import Catalogue, Entry
from catalogue.records.schema import default_schema
from catalogue.settings import NO_PUBLISHER, Settings, default_publisher, default_settings, default_site
from catalogue.site.exports import DATA_FILES
from catalogue.site.linked_data import record_script
from catalogue.text import (
    age_range,
    finalize_markdown,
    html_cited,
    html_text,
    link_target,
    md_cited,
    md_cited_paragraphs,
    md_inline,
    md_paragraphs,
    template_environment,
)

# The folders of docs/ that the generator owns (git-ignores and may empty); hand-written pages live beside them.
RECORDS_DIR = "indsatser"
OVERVIEWS = {
    # vocabulary list → (folder, page title, what a page lists)
    "age_bands": ("aldersgrupper", "Aldersgrupper"),
    "problem_areas": ("problemer", "Hvad indsatserne hjælper med"),
    "mechanisms": ("mekanismer", "Virksomme mekanismer"),
    "themes": ("temaer", "Temaer"),
    "staircase_steps": ("indsatstrappen", "Indsatstrappen"),
}
EVIDENCE_DIR = "evidens"
ABOUT_DIR = "om"
HOME = "index.md"
OPEN_DATA = "aabne-data.md"
# Everything the generator owns under docs/: folders, plus the front page (it shows counts).
GENERATED = (
    HOME,
    RECORDS_DIR,
    *(folder for folder, _ in OVERVIEWS.values()),
    EVIDENCE_DIR,
    ABOUT_DIR,
    OPEN_DATA,
    "data",
    "katalog",
)
# The printed catalogue (pdf/book.py), written by `python build.py` and `python build.py pdf` only.
GENERATED += (PDF_NAME,)


@cache
def environment(templates: Path = paths.TEMPLATES) -> jinja2.Environment:
    env = template_environment(
        templates,
        autoescape=False,  # Markdown, not HTML: `finalize` escapes every value for Markdown instead
        finalize=finalize_markdown,
        keep_trailing_newline=True,
    )
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    env.filters.update(
        paragraphs=md_paragraphs,
        html=html_text,
        url=link_target,
        entry_link=entry_link,
        entry_list=entry_list,
        term_list=term_list,
        uncited=strip_citations,
    )
    env.globals.update(
        records_dir=RECORDS_DIR, overviews=OVERVIEWS, evidence_dir=EVIDENCE_DIR, no_publisher=NO_PUBLISHER
    )
    return env


def entry_link(entry: Entry) -> Markup:
    """`[Name](../indsatser/<id>.md)`, from any page one folder deep. Cached on the entry: overview pages
    list each record many times, and at thousands of records this is most of their rendering."""
    cached = entry.__dict__.get("_md_link")
    if cached is None:
        cached = entry.__dict__["_md_link"] = Markup(f"[{md_inline(entry.title)}](../{RECORDS_DIR}/{entry.id}.md)")
    return cached


def entry_item(entry: Entry) -> Markup:
    """A record as an item of an overview list: link, age, kind and evidence. Summaries are left to the
    record page and the catalogue's cards: overview pages list every record several times over, and at
    thousands of records their text was a third of what the site engine had to convert."""
    cached = entry.__dict__.get("_md_item")
    if cached is None:
        facts = " · ".join(
            (age_range(entry.data["target_age"]), md_inline(entry.kind.label), md_inline(entry.evidence.label))
        )
        cached = entry.__dict__["_md_item"] = Markup(f"- **{entry_link(entry)}** · {facts}\n")
    return cached


def entry_list(entries: list[Entry]) -> Markup:
    return Markup("".join(entry_item(e) for e in entries))


def term_list(entries: list[Entry], list_name: str, term_id: str) -> Markup:
    """The items of a mechanism's or a problem area's page: each record with what the term means in it (how
    the mechanism works there; what the studies found for the problem), cached on the record like entry_item.
    Without the last line's end: the template's line gives it."""
    items = (entry.once(f"{list_name}:{term_id}", partial(_term_item, entry, list_name, term_id)) for entry in entries)
    return Markup("".join(items).removesuffix("\n"))


def _term_item(entry: Entry, list_name: str, term_id: str) -> str:
    link, age = entry_link(entry), age_range(entry.data["target_age"])
    if list_name == "mechanisms":
        return "".join(
            f"- **{link}** ({age} · {md_inline(entry.evidence.label)}): {md_inline(strip_citations(explanation))}\n"
            for mechanism, explanation in entry.mechanisms
            if mechanism.id == term_id
        )
    return "".join(
        f"- **{link}** ({age} · {md_inline(entry.kind.label)}) · **{md_inline(finding.label)}:** "
        f"{md_inline(strip_citations(note))}\n"
        for area, finding, note in entry.problem_areas
        if area.id == term_id
    )


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


def record_path(entry_id: str) -> str:
    return f"{RECORDS_DIR}/{entry_id}.md"


def record_source(entry: Entry) -> str:
    """Where a record's YAML file lives in the repository (file name = id), for edit links."""
    return f"{paths.RECORDS.relative_to(paths.ROOT).as_posix()}/{entry.id}.yaml"


def render_record_pages(
    catalogue: Catalogue,
    settings: Settings | None = None,
    memo: dict[tuple[str, ...], str] | None = None,
    only_changed: bool = False,
) -> Iterator[tuple[str, str]]:
    """Every record's page. `memo`: rendered record pages by what they show, kept by the live preview between
    saves (only this catalogue's pages are kept, so it does not grow with every save). `only_changed`: with
    a memo, only the pages rendered anew (the preview writes those first)."""
    vocabulary = catalogue.vocabulary
    settings = settings or default_settings()
    schema = default_schema()
    kept: dict[tuple[str, ...], str] = {}
    publisher, site = default_publisher(), default_site()
    for entry in catalogue.entries:
        related = catalogue.related(entry)
        edit_url = settings.edit_url(record_source(entry))
        key: tuple[str, ...] = ()
        if memo is not None:  # the live preview: render again only when something the page shows changed
            key = (entry.digest, entry.source, *(r.digest for r in related), edit_url or "")
            if key in memo:
                kept[key] = memo[key]
                if not only_changed:
                    yield record_path(entry.id), memo[key]
                continue
        citer = Citer(numbering(entry.data, schema), "")
        page = render(
            "site/pages/record.md.j2",
            citer=citer,
            cite=lambda text, c=citer: md_cited(text, c),
            cite_p=lambda text, c=citer: md_cited_paragraphs(text, c),
            cite_html=lambda text, c=citer: html_cited(text, c),
            entry=entry,
            related=related,
            vocabulary=vocabulary,
            edit_url=edit_url,
            evidence_brief=evidence_brief(entry.data["evidence"], vocabulary),
            linked_data=record_script(entry, publisher, site),
        )
        if memo is not None:
            kept[key] = page
        yield record_path(entry.id), page
    if memo is not None:
        memo.clear()
        memo.update(kept)


def render_pages(
    catalogue: Catalogue,
    settings: Settings | None = None,
    pdf: PdfDownload | None = None,
    memo: dict[tuple[str, ...], str] | None = None,
    edition: dt.date | None = None,
) -> Iterator[tuple[str, str]]:
    """Every page: the records' (see render_record_pages) and the rest (render_other_pages)."""
    yield from render_record_pages(catalogue, settings, memo)
    yield from render_other_pages(catalogue, pdf, edition)


def render_other_pages(
    catalogue: Catalogue, pdf: PdfDownload | None = None, edition: dt.date | None = None
) -> Iterator[tuple[str, str]]:
    """The lists, the overviews and the site's own pages. `pdf`: the printed catalogue when this build makes
    it; the front page offers it as a download. `edition`: the build's date, shown on the open-data page
    (without it, that page is not rendered)."""
    vocabulary = catalogue.vocabulary
    publisher = default_publisher()
    yield f"{RECORDS_DIR}/index.md", render("site/pages/records_index.md.j2", catalogue=catalogue)
    for list_name, (folder, title) in OVERVIEWS.items():
        terms = list(vocabulary.lists[list_name].values())
        yield (
            f"{folder}/index.md",
            render("site/pages/overview.md.j2", catalogue=catalogue, list_name=list_name, terms=terms, title=title),
        )
        for term in terms:
            entries = catalogue.with_term(list_name, term.id)
            # A problem's page lists what was studied without effect on it apart, after the others.
            late = [e for e in entries if e.without_effect_on([term.id])] if list_name == "problem_areas" else []
            yield (
                f"{folder}/{term.id}.md",
                render(
                    "site/pages/term.md.j2",
                    catalogue=catalogue,
                    list_name=list_name,
                    term=term,
                    entries=[e for e in entries if e not in late],
                    late=late,
                    overview_title=title,
                ),
            )
    evidence_order = sorted(vocabulary.evidence_levels.values(), key=lambda level: level.order)
    yield (
        f"{EVIDENCE_DIR}/index.md",
        render("site/pages/evidence.md.j2", catalogue=catalogue, evidence_order=evidence_order),
    )
    yield HOME, render("site/pages/home.md.j2", catalogue=catalogue, pdf=pdf)
    yield f"{ABOUT_DIR}/index.md", render("site/pages/om/index.md.j2", publisher=publisher)
    yield f"{ABOUT_DIR}/tilgaengelighed.md", render("site/pages/om/tilgaengelighed.md.j2", publisher=publisher)
    if edition is not None:
        yield (
            OPEN_DATA,
            render("site/pages/aabne-data.md.j2", publisher=publisher, edition=edition, files=DATA_FILES),
        )
