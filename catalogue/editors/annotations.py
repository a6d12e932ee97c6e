"""Problems as GitHub Actions sees them: one `::error` annotation per problem, on the file and line of
the pull request, and the full list as Markdown in the job summary.

Workflow commands are parsed by the runner: `%`, CR and LF in the message, and also `:` and `,` in a
property (file, title), must be percent-escaped or the command is cut short or misread.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from catalogue.problems import Problem
from catalogue.text import md_inline


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    """`::error file=…,line=…,title=…::message` for one problem."""
    properties = [f"file={escape_property(problem.path)}"]
    if problem.line > 0:
        properties.append(f"line={problem.line}")
    properties.append(f"title={escape_property(problem.field or 'Indsats')}")
    return f"::error {','.join(properties)}::{escape_data(problem.message)}"


def summary_markdown(problems: Iterable[Problem], count: int) -> str:
    """The job summary: every problem in a table, or that all records are valid."""
    problems = sorted(problems)
    lines = ["## Tjek af indsatserne", ""]
    if not problems:
        lines.append(f"Alle {count} indsatser er gyldige.")
        return "\n".join(lines) + "\n"
    files = len({p.path for p in problems})
    lines += [
        f"**{len(problems)} fejl i {files} {'fil' if files == 1 else 'filer'}.** Ret dem, og skub ændringen igen.",
        "",
        "| Fil | Linje | Felt | Fejl |",
        "| --- | ---: | --- | --- |",
    ]
    for p in problems:
        lines.append(f"| {md_inline(p.path)} | {p.line} | {md_inline(p.field)} | {md_inline(p.message)} |")
    return "\n".join(lines) + "\n"


def in_github_actions(environ: Mapping[str, str] | None = None) -> bool:
    return (environ if environ is not None else os.environ).get("GITHUB_ACTIONS") == "true"


def report_to_github(problems: list[Problem], count: int, environ: Mapping[str, str] | None = None) -> None:
    """Print the annotations and append the summary to $GITHUB_STEP_SUMMARY (when the runner set it)."""
    environ = environ if environ is not None else os.environ
    for problem in sorted(problems):
        print(annotation(problem), flush=True)
    summary = environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with Path(summary).open("a", encoding="utf-8") as stream:
            stream.write(summary_markdown(problems, count))
