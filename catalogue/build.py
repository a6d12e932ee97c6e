"""The build, stage by stage: load → validate → model → render → write → publish.

Nothing touches the disk until every record has validated and every page has rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .load import load_records
from .model import Catalogue, Entry
from .problems import Problem
from .publish import build_site, docs_dir
from .render.exports import render_exports
from .render.pages import GENERATED, render_pages
from .schema import default_schema
from .validate import validate
from .vocabulary import default_vocabulary
from .write import WriteReport, plan_outputs, write_outputs


@dataclass
class CheckResult:
    catalogue: Catalogue | None
    problems: list[Problem] = field(default_factory=list)
    count: int = 0


def check(records_dir: Path = paths.RECORDS, base: Path | None = None) -> CheckResult:
    """Load and validate every record. `catalogue` is None when any record has a problem."""
    sources, problems = load_records(records_dir, base)
    valid, found = validate(sources, default_schema())
    problems += found
    count = len(sources) + len({p.path for p in problems} - {s.display for s in sources})
    if problems:
        return CheckResult(None, problems, count)
    vocabulary = default_vocabulary()
    entries = [Entry(s.data, s.display, vocabulary) for s in valid]
    return CheckResult(Catalogue(entries, vocabulary), [], count)


def render_all(catalogue: Catalogue) -> dict[str, bytes]:
    """Every generated file, in memory, checked by the writer's rules."""
    outputs = [*render_pages(catalogue), *render_exports(catalogue, default_schema())]
    return plan_outputs(outputs, GENERATED)


def generate(catalogue: Catalogue, config: Path = paths.MKDOCS_CONFIG) -> WriteReport:
    planned = render_all(catalogue)
    return write_outputs(docs_dir(config), planned, GENERATED)


def site(catalogue: Catalogue, config: Path = paths.MKDOCS_CONFIG, out: Path = paths.SITE) -> WriteReport:
    report = generate(catalogue, config)
    build_site(config, out)
    return report
