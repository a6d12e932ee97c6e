"""The build, stage by stage: load → validate → model → render → write → publish.

Nothing touches the disk until every record has validated and every page has rendered.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from catalogue import parallel
from catalogue.output import fingerprint
from catalogue.output.publish import docs_dir
from catalogue.output.write import WriteReport, plan_outputs, write_outputs
from catalogue.pdf.book import PdfDownload, existing_download, render_pdf
from catalogue.problems import Problem
from catalogue.progress import Progress, Quiet
from catalogue.project import Project
from catalogue.records.load import ReadCache, SourceRecord, read_records, record_files
from catalogue.records.model import Catalogue
from catalogue.records.validate import Checked, Rules, check_each, validate
from catalogue.render_cache import NoCache, RenderCache
from catalogue.site import layout
from catalogue.site.catalogue_page import render_catalogue
from catalogue.site.exports import render_exports
from catalogue.site.linked_data import dcat_text
from catalogue.site.pages import render_other_pages, render_record_pages

# Below this many records a second process costs more than it saves.
PARALLEL_FROM = 200


@dataclass
class CheckResult:
    catalogue: Catalogue | None
    problems: list[Problem] = field(default_factory=list)
    count: int = 0
    sources: list[SourceRecord] = field(default_factory=list, repr=False)
    # The project, dated by its records when nothing else dates it (Project.dated).
    project: Project | None = field(default=None, repr=False)

    @property
    def valid(self) -> Catalogue:
        """The validated catalogue; only to be asked for when there were no problems."""
        if self.catalogue is None:
            raise ValueError("the records have problems; there is no catalogue")
        return self.catalogue

    @property
    def dated(self) -> Project:
        if self.project is None:
            raise ValueError("the records have problems; the project is not dated")
        return self.project


def check(
    project: Project, base: Path | None = None, cache: ReadCache | None = None, checked: Checked | None = None
) -> CheckResult:
    """Load and validate every record. `catalogue` is None when any record has a problem. The live preview
    passes its `cache` of files read and `checked` records, so a save re-reads and re-checks only the files
    that changed. (The vocabulary was checked when the project was made: Project.load.)"""
    files, problems = record_files(project.records, base)
    rules = Rules(project.schema, project.vocabulary)
    checked = checked if checked is not None else Checked()
    if cache is None and parallel.can_fork() and len(files) >= PARALLEL_FROM:
        # A second processor reads and checks every other file meanwhile.
        with parallel.beside(partial(_read_and_check, files[1::2], rules)) as child:
            mine, theirs = _read_and_check(files[::2], rules), child.result()
        sources = sorted([*mine[0], *theirs[0]], key=lambda s: s.file)
        problems += mine[1] + theirs[1]
        checked.update(mine[2])
        checked.update(theirs[2])
    else:
        sources, found = read_records(files, cache)
        problems += found
    unreadable = {Path(p.path).stem for p in problems if p.path.endswith(".yaml")}
    valid, found = validate(sources, rules, unreadable, checked)
    problems += found
    count = len(sources) + len({p.path for p in problems} - {s.display for s in sources})
    if problems:
        return CheckResult(None, problems, count, sources)
    catalogue = Catalogue([checked.entry(s, project.vocabulary) for s in valid], project.vocabulary)
    return CheckResult(catalogue, [], count, sources, project.dated(catalogue))


def _read_and_check(files: list[tuple[Path, str]], rules: Rules) -> tuple[list[SourceRecord], list[Problem], Checked]:
    """Read records and check each on its own (the results go back with them, for `validate`)."""
    sources, problems = read_records(files)
    checked = Checked()
    check_each(sources, rules, checked)
    return sources, problems, checked


def render_all(
    project: Project,
    catalogue: Catalogue,
    pdf: bool = False,
    progress: Progress | None = None,
    cache: RenderCache | None = None,
    existing_pdf: PdfDownload | None = None,
) -> dict[str, bytes]:
    """Every generated file, in memory, checked by the writer's rules. With `pdf`, also the printed
    catalogue (katalog.pdf), and the pages link to it; without, nothing links to it but `existing_pdf`, a book
    a whole build left (the preview links to it without typesetting it again). The preview's `cache` keeps
    what it rendered for unchanged records."""
    progress = progress or Quiet()
    printed = None
    if pdf:
        progress.start("Sætter det trykte katalog")
        printed = render_pdf(project, catalogue, tick=progress.counter("PDF: dele sat"))
        progress.done(f"Det trykte katalog er sat: {printed.pages} sider")
    download = printed.download() if printed else existing_pdf
    progress.start("Gengiver sider og data")
    # The record pages are half the work: in a whole build, a second processor renders them meanwhile.
    beside = cache is None and parallel.can_fork() and len(catalogue.entries) >= PARALLEL_FROM
    whole = cache is None
    cache = NoCache() if cache is None else cache
    with parallel.beside(lambda: list(render_record_pages(project, catalogue))) if beside else nullcontext() as child:
        outputs: list[tuple[str, str | bytes]] = [] if child else [*render_record_pages(project, catalogue, cache)]
        outputs += [
            *render_other_pages(project, catalogue, download, cache),
            *render_exports(project, catalogue, cache),
            (layout.DCAT, dcat_text(project, catalogue)),
            *render_catalogue(project, catalogue, download, cache),
        ]
        if child:
            outputs = [*child.result(), *outputs]
    if printed:
        outputs.append((layout.PDF_NAME, printed.content))
    planned = plan_outputs(outputs, layout.GENERATED)
    if not whole:
        cache.sweep()
    progress.done(f"{len(planned)} sider og datafiler er gengivet")
    return planned


@dataclass(frozen=True)
class Generation:
    """Everything a generation will write, rendered and not yet written (see `prepare`)."""

    docs: Path
    planned: dict[str, bytes] | None  # None: the last generation's files are current
    unchanged: int = 0
    keep: tuple[str, ...] = ()

    def write(self) -> WriteReport:
        if self.planned is None:
            return WriteReport(unchanged=self.unchanged)
        return write_outputs(self.docs, self.planned, layout.GENERATED, keep=self.keep)


def prepare(
    project: Project,
    catalogue: Catalogue,
    pdf: bool = False,
    progress: Progress | None = None,
    cache: RenderCache | None = None,
    preview: bool = False,
    fingerprinted: bool = True,
) -> Generation:
    """Render everything a generation writes. Nothing is rendered when the inputs are those of the last
    generation and its files are intact. In the `preview` (with its `cache`), a book a whole build left in
    docs/ stays, linked; after a save it renders without the fingerprint (`fingerprinted`: reading every input
    costs more than a save's rendering), and leaves none, so the next generation renders again."""
    docs = docs_dir(project.config)
    existing = existing_download(docs) if preview and not pdf else None
    keep = (layout.PDF_NAME,) if existing else ()
    if not fingerprinted:
        return Generation(docs, render_all(project, catalogue, pdf, progress, cache, existing), keep=keep)
    inputs = fingerprint.inputs_digest(project, pdf or existing is not None)
    count = fingerprint.unchanged(docs, inputs)
    if count is not None:
        return Generation(docs, None, count)
    planned = render_all(project, catalogue, pdf, progress, cache, existing)
    planned[fingerprint.FILE] = fingerprint.manifest(inputs, planned)
    return Generation(docs, planned, keep=keep)


def generate(
    project: Project, catalogue: Catalogue, pdf: bool = False, progress: Progress | None = None
) -> WriteReport:
    """Render and write the pages, the data and (with `pdf`) the printed catalogue into the config's docs_dir."""
    return prepare(project, catalogue, pdf, progress).write()


def write_record_pages(project: Project, catalogue: Catalogue, cache: RenderCache) -> WriteReport:
    """The live preview's first step after a save: the record pages the `cache` does not hold (the edited
    record's and those that show its name), written before everything that lists all records is generated, so
    the engine can show the edited page meanwhile. Removes nothing; `prepare` then renders the rest."""
    planned = plan_outputs(render_record_pages(project, catalogue, cache, new_only=True), layout.GENERATED)
    return write_outputs(docs_dir(project.config), planned, owned=())
