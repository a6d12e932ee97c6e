"""The build, stage by stage: load → validate → model → render → write → publish.

Nothing touches the disk until every record has validated and every page has rendered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from catalogue import parallel, paths
from catalogue.edition import edition_date, source_date_epoch
from catalogue.output import fingerprint
from catalogue.output.publish import docs_dir
from catalogue.output.write import WriteReport, plan_outputs, write_outputs
from catalogue.pdf.book import PDF_NAME, PdfDownload, existing_download, render_pdf
from catalogue.problems import Problem
from catalogue.progress import Progress, Quiet
from catalogue.records.load import ReadCache, SourceRecord, read_records, record_files
from catalogue.records.model import Catalogue, Entry
from catalogue.records.schema import default_schema
from catalogue.records.validate import check_each, validate
from catalogue.records.vocabulary import Vocabulary, default_vocabulary
from catalogue.records.vocabulary_check import vocabulary_problems
from catalogue.settings import default_publisher, default_site
from catalogue.site.catalogue_page import render_catalogue
from catalogue.site.exports import render_exports
from catalogue.site.linked_data import dcat_text
from catalogue.site.pages import GENERATED, render_other_pages, render_record_pages

# Below this many records a second process costs more than it saves.
PARALLEL_FROM = 200


@dataclass
class CheckResult:
    catalogue: Catalogue | None
    problems: list[Problem] = field(default_factory=list)
    count: int = 0
    sources: list[SourceRecord] = field(default_factory=list, repr=False)

    @property
    def valid(self) -> Catalogue:
        """The validated catalogue; only to be asked for when there were no problems."""
        if self.catalogue is None:
            raise ValueError("the records have problems; there is no catalogue")
        return self.catalogue


def check(records_dir: Path = paths.RECORDS, base: Path | None = None, cache: ReadCache | None = None) -> CheckResult:
    """Load and validate every record. `catalogue` is None when any record has a problem. The live preview
    passes a `cache`, so a save re-reads and re-checks only the files that changed."""
    files, problems = record_files(records_dir, base)
    if found := vocabulary_problems(paths.VOCABULARY):  # first: the checks below read the vocabulary
        return CheckResult(None, problems + found, len(files))
    if cache is None and parallel.can_fork() and len(files) >= PARALLEL_FROM:
        # A second processor reads and checks every other file meanwhile.
        with parallel.beside(partial(_read_and_check, files[1::2])) as child:
            mine, theirs = _read_and_check(files[::2]), child.result()
        sources = sorted([*mine[0], *theirs[0]], key=lambda s: s.file)
        problems += mine[1] + theirs[1]
    else:
        sources, found = read_records(files, cache)
        problems += found
    unreadable = {Path(p.path).stem for p in problems if p.path.endswith(".yaml")}
    valid, found = validate(sources, default_schema(), unreadable)
    problems += found
    count = len(sources) + len({p.path for p in problems} - {s.display for s in sources})
    if problems:
        return CheckResult(None, problems, count, sources)
    vocabulary = default_vocabulary()
    entries = [_entry(s, vocabulary) for s in valid]
    return CheckResult(Catalogue(entries, vocabulary), [], count, sources)


def _read_and_check(files: list[tuple[Path, str]]) -> tuple[list[SourceRecord], list[Problem]]:
    """Read records and check each on its own (the result is remembered on the record for `validate`)."""
    sources, problems = read_records(files)
    check_each(sources)
    return sources, problems


def _entry(source: SourceRecord, vocabulary: Vocabulary) -> Entry:
    """The record's Entry, kept on a record the preview's cache hands back unchanged (its links stay cached)."""
    kept = source.__dict__.get("_entry")
    if kept is None or kept.vocabulary is not vocabulary:
        kept = source.__dict__["_entry"] = Entry(source.data, source.display, vocabulary)
    return kept


def render_all(
    catalogue: Catalogue,
    pdf: bool = False,
    progress: Progress | None = None,
    memo: dict[tuple[str, ...], str] | None = None,
    edition: dt.date | None = None,
    existing_pdf: PdfDownload | None = None,
) -> dict[str, bytes]:
    """Every generated file, in memory, checked by the writer's rules. With `pdf`, also the printed
    catalogue (katalog.pdf), and the pages link to it; without, nothing links to it. `edition` dates the
    open data (default: the build's edition date, catalogue/edition.py)."""
    progress = progress or Quiet()
    edition = edition or edition_date(source_date_epoch(catalogue))
    printed = None
    if pdf:
        progress.start("Sætter det trykte katalog")
        printed = render_pdf(catalogue, tick=progress.counter("PDF: dele sat"))
        progress.done(f"Det trykte katalog er sat: {printed.pages} sider")
    # The preview links to the book a whole build left, without typesetting it again.
    download = printed.download() if printed else existing_pdf
    progress.start("Gengiver sider og data")
    # The record pages are half the work: in a whole build, a second processor renders them meanwhile. The
    # preview (`memo`) renders only the pages that changed, in this process.
    beside = memo is None and parallel.can_fork() and len(catalogue.entries) >= PARALLEL_FROM
    with parallel.beside(lambda: list(render_record_pages(catalogue))) if beside else nullcontext() as child:
        outputs: list[tuple[str, str | bytes]] = [] if child else [*render_record_pages(catalogue, memo=memo)]
        outputs += [
            *render_other_pages(catalogue, pdf=download, edition=edition),
            *render_exports(catalogue, default_schema()),
            ("data/dcat.jsonld", dcat_text(catalogue, edition, default_publisher(), default_site())),
            *render_catalogue(catalogue, pdf=download),
        ]
        if child:
            outputs = [*child.result(), *outputs]
    if printed:
        outputs.append((PDF_NAME, printed.content))
    planned = plan_outputs(outputs, GENERATED)
    progress.done(f"{len(planned)} sider og datafiler er gengivet")
    return planned


def generate(
    catalogue: Catalogue,
    config: Path = paths.MKDOCS_CONFIG,
    records: Path | None = None,
    pdf: bool = False,
    progress: Progress | None = None,
    memo: dict[tuple[str, ...], str] | None = None,
    before_writing: Callable[[], None] | None = None,
    keep_pdf: bool = False,
) -> WriteReport:
    """Write the pages. Nothing is rendered when the inputs (`records` among them) are those of the last
    generation and its files are intact. `before_writing` is called when everything is rendered (the preview
    waits there for the engine to be done reading). `keep_pdf` (the preview): a book a whole build left in
    docs/ stays, and the pages link to it."""
    docs = docs_dir(config)
    epoch = source_date_epoch(catalogue)
    existing = existing_download(docs) if keep_pdf and not pdf else None
    inputs = fingerprint.inputs_digest(records, pdf or existing is not None, epoch)
    count = fingerprint.unchanged(docs, inputs)
    if count is not None:
        return WriteReport(unchanged=count)
    planned = render_all(catalogue, pdf, progress, memo, edition_date(epoch), existing)
    planned[fingerprint.FILE] = fingerprint.manifest(inputs, planned)
    if before_writing:
        before_writing()
    return write_outputs(docs, planned, GENERATED, keep=(PDF_NAME,) if existing else ())


def write_record_pages(
    catalogue: Catalogue, config: Path = paths.MKDOCS_CONFIG, memo: dict[tuple[str, ...], str] | None = None
) -> WriteReport:
    """The live preview's first step after a save: the record pages that changed (the edited record's and
    those that show its name), written before everything that lists all records is generated, so the engine
    can show the edited page meanwhile. Removes nothing; `generate` then writes the rest."""
    planned = plan_outputs(render_record_pages(catalogue, memo=memo, only_changed=memo is not None), GENERATED)
    return write_outputs(docs_dir(config), planned, owned=())
