"""Every command the README gives is one the command line takes and one a test runs; `build.py pdf`'s filters
are the vocabulary's facets (vocabulary.yaml: facets), each of them tested here."""

from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from catalogue import paths
from catalogue.cli import parser
from catalogue.records.facets import facets
from catalogue.records.model import Catalogue, facet_values
from catalogue.records.vocabulary import load_vocabulary

from .conftest import BuiltSite, checked, run_cli

VOCABULARY = load_vocabulary(paths.VOCABULARY)

README = (paths.ROOT / "README.md").read_text(encoding="utf-8")
TESTS = Path(__file__).parent


def readme_commands() -> list[str]:
    """Every `build.py` command line in the README, in code spans and code blocks, as written."""
    found = re.findall(r"(?:^|`|\n)\s*(?:\.venv/bin/)?python (build\.py[^`\n#]*)", README)
    return sorted({" ".join(command.split()) for command in found})


# What the README writes as a placeholder, and a value the command line takes in its place.
_STAND_INS = {"…": "nye-typer-tilbud", "FILE": "x.pdf", "DIR": "site", "Navn": "Navn"}


def _argv(command: str) -> list[str]:
    argv = shlex.split(command.replace("…", _STAND_INS["…"]))[1:]
    return [_STAND_INS.get(arg, arg) for arg in argv]


def test_the_readme_gives_the_commands_this_test_knows() -> None:
    commands = readme_commands()
    subcommands = {(_argv(c) or ["(alt)"])[0] for c in commands}
    assert {"(alt)", "check", "generate", "site", "pdf", "schema", "new", "serve", "fieldguide"} <= subcommands


@pytest.mark.parametrize("command", readme_commands())
def test_every_readme_command_is_taken_by_the_command_line(command: str) -> None:
    argv = [a for a in _argv(command) if not a.startswith("<")]
    try:
        parser().parse_args(argv)
    except SystemExit as stop:  # argparse's way of refusing
        pytest.fail(f"README: `python {command}` is not taken by the command line (exit {stop.code})")


@pytest.mark.parametrize("command", readme_commands())
def test_every_readme_command_is_run_by_a_test(command: str) -> None:
    """Each subcommand and option the README gives is run by some test, through run_cli or run_process (or a
    process of build.py)."""
    argv = _argv(command)
    sub = argv[0] if argv and not argv[0].startswith("-") else None
    sources = "\n".join(p.read_text(encoding="utf-8") for p in TESTS.rglob("*.py"))
    if sub is None:
        assert re.search(r'run_cli\(\s*"--config"', sources)  # `build.py` alone: conftest's published_site
        return
    runs = re.findall(rf'(?:run_cli|run_process)\(\s*"{sub}"[^)]*\)|"build\.py"\), "{sub}"[^\]]*\]', sources)
    assert runs, f"no test runs `build.py {sub}`"
    for option in (a for a in argv[1:] if a.startswith("--")):
        assert any(f'"{option}"' in run for run in runs) or (sub == "pdf" and option[2:] in _facet_ids()), (
            f"no test runs `build.py {sub} {option}`"
        )


def _facet_ids() -> list[str]:
    return [facet.id for facet in facets(VOCABULARY)]


def _pdf_options() -> dict[str, argparse.Action]:
    commands = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    pdf = commands.choices["pdf"]
    return {option.lstrip("-"): action for action in pdf._actions for option in action.option_strings}


def test_the_pdfs_filters_are_the_vocabularys_facets() -> None:
    """The options are made from the facets: one per facet, with its label, and no filter besides them and age."""
    options = _pdf_options()
    own = {"help", "h", "records", "config", "out", "id", "age"}
    assert set(options) - own == set(_facet_ids())
    for facet in facets(VOCABULARY):
        assert facet.label in str(options[facet.id].help) and facet.vocabulary in str(options[facet.id].help)
    # The README names each of them.
    described = README[README.index("`python build.py pdf --out FILE` takes the filters") :][:600]
    for facet_id in ["age", *_facet_ids()]:
        assert f"`--{facet_id}`" in described, facet_id


@pytest.fixture(scope="module")
def fixture_catalogue() -> Catalogue:
    result = checked(TESTS / "fixtures")
    assert result.catalogue is not None, result.problems
    return result.catalogue


@pytest.mark.parametrize("facet_id", _facet_ids())
def test_each_pdf_filter_selects_what_it_names(
    facet_id: str, fixture_catalogue: Catalogue, records_dir: Path, tmp_path: Path
) -> None:
    """`build.py pdf --<facet> <term> --out FILE` with a term of the facet that one of the fixture records
    has: the PDF holds that record, and none that lacks the term."""
    facet = next(f for f in facets(VOCABULARY) if f.id == facet_id)
    chosen = {entry.id: [str(v) for v in facet_values(entry, facet)] for entry in fixture_catalogue.entries}
    term = next(terms[0] for terms in chosen.values() if terms)
    out = tmp_path / "udvalg.pdf"
    result = run_cli("pdf", f"--{facet_id}", term, "--records", records_dir, "--out", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = " ".join(
        subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=True).stdout.decode().split()
    )
    having = [entry for entry in fixture_catalogue.entries if term in chosen[entry.id]]
    broader = VOCABULARY.lists[facet.vocabulary][int(term) if facet_id == "step" else term].data
    for entry in fixture_catalogue.entries:
        printed = " ".join(entry.title.split()) in text
        if entry in having:
            assert printed, (entry.id, term)
        elif not broader.get("includes"):  # a broader term also finds the terms it includes
            assert not printed, (entry.id, term)
    count = len(having) if not broader.get("includes") else len(fixture_catalogue.entries)
    assert re.search(rf"^{count if count > 1 else len(having)} indsats", result.stdout, re.MULTILINE) or (
        broader.get("includes") and re.search(r"^\d indsats", result.stdout, re.MULTILINE)
    ), result.stdout


def test_a_pdf_filter_value_outside_the_vocabulary_is_refused(tmp_path: Path) -> None:
    for facet_id in _facet_ids():
        result = run_cli("pdf", f"--{facet_id}", "findes-ikke", "--out", tmp_path / "x.pdf")
        assert result.returncode == 2 and f"--{facet_id}" in result.stderr, facet_id
        assert not (tmp_path / "x.pdf").exists()


def test_generate_writes_the_pages_without_building_the_site(records_dir: Path, skeleton: Path, tmp_path: Path) -> None:
    result = run_cli("generate", "--records", records_dir, "--config", skeleton, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Sider genereret:" in result.stdout
    docs = skeleton.parent / "docs"
    assert (docs / "indsatser" / "eksempel.md").is_file() and (docs / "data" / "dcat.jsonld").is_file()
    assert not (tmp_path / "site").exists() and not (skeleton.parent / "site").exists()


def test_schema_writes_the_schema_the_project_has() -> None:
    """`build.py schema` rewrites schema/intervention.schema.json from the vocabulary: committed, it is what
    the command writes, so the run changes nothing."""
    before = paths.SCHEMA.read_bytes()
    result = run_cli("schema")
    assert result.returncode == 0, result.stderr
    assert "Skemaet er skrevet til schema/intervention.schema.json" in result.stdout
    assert paths.SCHEMA.read_bytes() == before


def test_the_readmes_way_to_serve_the_built_folder(real_site: BuiltSite) -> None:
    """`.venv/bin/python -m http.server -d site` as the README gives it: the module takes `-d`."""
    command = re.search(r"`\.venv/bin/python (-m http\.server -d site)`", README)
    assert command
    argv = command.group(1).split()
    help_text = subprocess.run([sys.executable, *argv[:2], "--help"], capture_output=True, text=True, check=True).stdout
    assert "-d DIRECTORY" in help_text or "--directory" in help_text
    assert (real_site.out / "index.html").is_file()  # what it serves: the built folder
