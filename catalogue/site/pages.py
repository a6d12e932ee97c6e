"""Every generated page of the site, as (path under docs/, Markdown text) pairs."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import jinja2
from markupsafe import Markup

from catalogue import paths
from catalogue.pdf.book import PdfDownload
from catalogue.project import Project
from catalogue.records.citations import Citer, numbering
from catalogue.records.citations import strip as strip_citations
from catalogue.records.evidence import brief as evidence_brief
from catalogue.records.facets import headings
from catalogue.records.model import Catalogue, Entry
from catalogue.render_cache import NoCache, RenderCache
from catalogue.settings import NO_PUBLISHER
from catalogue.site import layout
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


def _environment(project: Project) -> jinja2.Environment:
    env = template_environment(
        project.templates,
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
        uncited=strip_citations,
    )
    env.globals.update(
        layout=layout,
        records_dir=layout.RECORDS_DIR,
        no_publisher=NO_PUBLISHER,
        site=project.site,
    )
    return env


def environment(project: Project) -> jinja2.Environment:
    """The pages' Jinja environment (Markdown), made once per project."""
    return project.derived("site-templates", _environment)


def entry_link(entry: Entry) -> Markup:
    """`[Name](../indsatser/<id>.md)`, from any page one folder deep."""
    return Markup(f"[{md_inline(entry.title)}](../{layout.record_page(entry.id)})")


def entry_item(entry: Entry) -> Markup:
    """A record as an item of an overview list: link, age, kind and evidence. Summaries are left to the
    record page and the catalogue's cards: overview pages list every record several times over, and at
    thousands of records their text was a third of what the site engine had to convert."""
    facts = " · ".join(
        (age_range(entry.data["target_age"]), md_inline(entry.kind.label), md_inline(entry.evidence.label))
    )
    return Markup(f"- **{entry_link(entry)}** · {facts}\n")


def _items(entries: list[Entry], cache: RenderCache) -> Markup:
    """Every record as an overview list's item; lists show each record many times, so one item is made once."""
    return Markup("".join(cache.shared(("item", e.digest), partial(entry_item, e)) for e in entries))


def _term_list(entries: list[Entry], list_name: str, term_id: str, cache: RenderCache) -> Markup:
    """The items of a mechanism's or a problem area's page: each record with what the term means in it (how
    the mechanism works there; what the studies found for the problem). Without the last line's end: the
    template's line gives it."""
    items = (cache.get((list_name, term_id, e.digest), partial(_term_item, e, list_name, term_id)) for e in entries)
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


def render(project: Project, template: str, **context: object) -> str:
    return environment(project).get_template(template).render(**context)


def record_source(entry: Entry) -> str:
    """Where a record's YAML file lives in the repository on the forge (file name = id), for edit links."""
    return f"{paths.RECORDS.relative_to(paths.ROOT).as_posix()}/{entry.id}.yaml"


def render_record_pages(
    project: Project, catalogue: Catalogue, cache: RenderCache | None = None, new_only: bool = False
) -> Iterator[tuple[str, str]]:
    """Every record's page. With the preview's `cache`, a page is rendered again only when something it shows
    changed; `new_only`: only the pages that were (the preview writes those first)."""
    cache = cache or NoCache()
    vocabulary = catalogue.vocabulary
    for entry in catalogue.entries:
        related = catalogue.related(entry)
        edit_url = project.settings.edit_url(record_source(entry))
        key = ("record-page", entry.digest, entry.source, *(r.digest for r in related), edit_url)
        if new_only and key in cache:
            continue

        def page(entry: Entry = entry, related: list[Entry] = related, edit_url: str | None = edit_url) -> str:
            citer = Citer(numbering(entry.data, project.schema), "")
            return render(
                project,
                "site/pages/record.md.j2",
                citer=citer,
                cite=lambda text: md_cited(text, citer),
                cite_p=lambda text: md_cited_paragraphs(text, citer),
                cite_html=lambda text: html_cited(text, citer),
                entry=entry,
                related=related,
                vocabulary=vocabulary,
                edit_url=edit_url,
                evidence_brief=evidence_brief(entry.data["evidence"], vocabulary),
                linked_data=record_script(entry, project.publisher, project.site),
            )

        yield layout.record_page(entry.id), cache.get(key, page)


def render_other_pages(
    project: Project, catalogue: Catalogue, pdf: PdfDownload | None = None, cache: RenderCache | None = None
) -> Iterator[tuple[str, str]]:
    """The lists, the overviews and the site's own pages. `pdf`: the printed catalogue when this build makes
    it, or a whole build left it (the preview); the front page offers it as a download."""
    cache = cache or NoCache()
    vocabulary = catalogue.vocabulary
    publisher = project.publisher

    def page(path: str, template: str, **context: object) -> tuple[str, str]:
        return path, render(
            project,
            template,
            catalogue=catalogue,
            items=partial(_items, cache=cache),
            term_list=partial(_term_list, cache=cache),
            **context,
        )

    yield page(layout.index_page(layout.RECORDS_DIR), "site/pages/records_index.md.j2")
    titles = headings(vocabulary)
    for list_name, folder in layout.OVERVIEWS.items():
        title = titles[list_name]
        terms = list(vocabulary.lists[list_name].values())
        yield page(
            layout.index_page(folder), "site/pages/overview.md.j2", list_name=list_name, terms=terms, title=title
        )
        for term in terms:
            entries = catalogue.with_term(list_name, term.id)
            # A problem's page lists what was studied without effect on it apart, after the others.
            late = [e for e in entries if e.without_effect_on([term.id])] if list_name == "problem_areas" else []
            yield page(
                layout.term_page(list_name, term.id),
                "site/pages/term.md.j2",
                list_name=list_name,
                term=term,
                entries=[e for e in entries if e not in late],
                late=late,
                overview_title=title,
            )
    evidence_order = sorted(vocabulary.evidence_levels.values(), key=lambda level: level.order)
    yield page(layout.index_page(layout.EVIDENCE_DIR), "site/pages/evidence.md.j2", evidence_order=evidence_order)
    yield page(layout.HOME, "site/pages/home.md.j2", pdf=pdf)
    yield page(layout.index_page(layout.ABOUT_DIR), "site/pages/om/index.md.j2", publisher=publisher)
    yield page(layout.ACCESSIBILITY, "site/pages/om/tilgaengelighed.md.j2", publisher=publisher)
    if project.epoch is not None:
        yield page(
            layout.OPEN_DATA,
            "site/pages/aabne-data.md.j2",
            publisher=publisher,
            edition=project.edition,
            files=DATA_FILES,
        )
