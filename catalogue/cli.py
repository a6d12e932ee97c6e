"""Command line: parses arguments, makes the project once, and calls the library. Exit 0 on success, 1 for
invalid records or a failed build, 2 for wrong usage (argparse's own convention)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from catalogue import edition, paths
from catalogue.build import CheckResult, check, generate
from catalogue.editors.annotations import in_github_actions, report_to_github
from catalogue.editors.argparse_da import danish_argparse
from catalogue.editors.fieldguide import GuideError, current_guide, field_guide, update_guide
from catalogue.editors.links import check_links
from catalogue.editors.scaffold import ScaffoldError, new_record
from catalogue.editors.serve import serve
from catalogue.output.lock import PREVIEW, Busy, exclusive
from catalogue.output.publish import PublishError, build_site, docs_dir, engine_name
from catalogue.output.safety import OutputRefused, check_pdf_out, check_site_out
from catalogue.output.write import write_file_atomically
from catalogue.pdf.book import render_leaflet, render_pdf
from catalogue.problems import CHECK_AGAIN, WRITES_NOTHING, did_you_mean, format_problems, printable
from catalogue.progress import Progress
from catalogue.project import Project, ProjectError
from catalogue.records.facets import facets
from catalogue.records.filters import FilterError, Selection, selection
from catalogue.records.history import unrecorded_changes
from catalogue.records.load import display_path
from catalogue.records.schema import schema_text
from catalogue.records.vocabulary import load_vocabulary
from catalogue.site import layout

EPILOG_ALL = "Eksempel: python build.py --out site/"


class UsageError(Exception):
    """Wrong usage, found before anything is read or written: a Danish sentence, exit 2. `command` names what
    the sentence is about (`build.py pdf` for the PDF's own options)."""

    def __init__(self, message: str, command: str = "build.py") -> None:
        super().__init__(message)
        self.command = command


PDF = "build.py pdf"


class Failed(Exception):
    """The command could not do its work; what went wrong has been said. Exit 1."""


# ---- what every command shares: the project, the check, the lock -------------------------------------------


def _project(args: argparse.Namespace, closing: str = WRITES_NOTHING) -> Project:
    """The project, made once from the command line: --records and --config reach every stage from here."""
    config = args.config
    if not config.is_file():
        raise UsageError(f"--config {config} findes ikke; angiv websitets konfiguration, fx --config mkdocs.yml")
    try:
        docs_dir(config)
    except (OSError, ValueError, yaml.YAMLError):
        raise UsageError(f"--config {config} kan ikke læses som en mkdocs.yml; tjek filen") from None
    try:
        return Project.load(args.records, config)
    except ProjectError as error:
        print(format_problems(error.problems, closing), file=sys.stderr)
        raise Failed from None


def _valid(count: int) -> str:
    return "Indsatsen er gyldig." if count == 1 else f"Alle {count} indsatser er gyldige."


def _checked(project: Project, quiet: bool = False, closing: str = WRITES_NOTHING) -> CheckResult:
    """Every record checked; their problems printed (and annotated on GitHub), or the valid catalogue."""
    result = check(project, Path.cwd())
    if in_github_actions():
        report_to_github(result.problems, result.count)
    if result.problems:
        print(format_problems(result.problems, closing), file=sys.stderr)
        raise Failed
    if not quiet:
        print(_valid(result.count))
    warning = project.publisher.warning()
    if warning:
        print(warning, file=sys.stderr)
    return result


@contextmanager
def _building(project: Project, command: str) -> Iterator[None]:
    """The checkout's build lock (catalogue/output/lock.py), beside the site's configuration, with the
    edition's time pinned for every tool the build runs."""
    with exclusive(project.config.resolve().parent, command), edition.pinned(project.edition_time):
        yield


def _seconds(started: float) -> str:
    return f"{time.perf_counter() - started:.1f} s"


# ---- the commands: each a short function over the library ---------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    project = _project(args, CHECK_AGAIN)
    result = _checked(project, closing=CHECK_AGAIN)
    for reminder in unrecorded_changes(result.sources, project.records):
        print(f"Påmindelse: {reminder}")
    if args.links:
        dead = check_links(result.sources)
        if dead:
            print(format_problems(dead, CHECK_AGAIN), file=sys.stderr)
            return 1
        print("Alle links svarer.")
    return 0


def cmd_site(args: argparse.Namespace, pdf: bool = False) -> int:
    project = _project(args)
    try:
        out = check_site_out(args.out, project.records, docs_dir(project.config))
    except OutputRefused as refused:
        raise UsageError(str(refused)) from None
    progress = Progress()
    progress.start(f"Tjekker indsatserne i {display_path(project.records, Path.cwd())}")
    result = _checked(project, quiet=True)
    progress.done(_valid(result.count).rstrip("."))
    project = result.dated
    with _building(project, "site"):
        report = generate(project, result.valid, pdf=pdf, progress=progress)
        print(f"Sider skrevet til {display_path(docs_dir(project.config), Path.cwd())}: {report.summary()}.")
        progress.start(f"Bygger websitet med {engine_name(project.settings.engine)}")
        try:
            build_site(project, out)
        except PublishError as error:
            report.rollback(docs_dir(project.config))
            print(
                f"Websitet kunne ikke bygges; det forrige website og de forrige sider er urørte.\n{error}",
                file=sys.stderr,
            )
            return 1
    progress.done(f"Websitet er bygget i {display_path(out, Path.cwd())}")
    return 0


def cmd_all(args: argparse.Namespace) -> int:
    return cmd_site(args, pdf=True)


def cmd_generate(args: argparse.Namespace) -> int:
    result = _checked(_project(args))
    started = time.perf_counter()
    with _building(result.dated, "generate"):
        report = generate(result.dated, result.valid)
    print(f"Sider genereret: {report.summary()} på {time.perf_counter() - started:.2f} s.")
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    """The printed catalogue, by what was asked: the whole book into docs/ (for the site), a book tailored
    by filters into a file, or one intervention's leaflet into a file."""
    project = _project(args)
    chosen = _pdf_selection(args, project)
    if args.record_id is not None:
        if args.pdf_out is None or not chosen.is_everything:
            raise UsageError(
                "en folder med én indsats skrives til en fil og tager ingen filtre, "
                f"fx --id {args.record_id} --out folder.pdf",
                PDF,
            )
        return _pdf_leaflet(project, args.record_id, _pdf_out(args, project))
    if args.pdf_out is not None:
        return _pdf_tailored(project, chosen, _pdf_out(args, project))
    if not chosen.is_everything:
        raise UsageError(
            "et tilpasset udvalg skrives til en fil, fx --out mit-katalog.pdf "
            "(katalog.pdf i websitet rummer altid hele kataloget)",
            PDF,
        )
    return _pdf_book(project)


def _pdf_book(project: Project) -> int:
    """The whole book into the site's docs/, with the pages that link to it."""
    result = _checked(project)
    started = time.perf_counter()
    with _building(result.dated, "pdf"):
        report = generate(result.dated, result.valid, pdf=True, progress=Progress())
    print(f"Sider genereret: {report.summary()}.")
    target = docs_dir(project.config) / layout.PDF_NAME
    print(f"Kataloget er skrevet til {target} på {_seconds(started)}; python build.py bygger websitet med det.")
    return 0


def _pdf_tailored(project: Project, chosen: Selection, out: Path) -> int:
    """The book of the interventions a selection picks, into a file of the user's."""
    result = _checked(project)
    started = time.perf_counter()
    progress = Progress()
    progress.start("Sætter det tilpassede katalog")
    with edition.pinned(result.dated.edition_time):
        printed = render_pdf(result.dated, result.valid, chosen, tick=progress.counter("PDF: dele sat"))
    if not printed.entries:
        print("build.py pdf: ingen indsatser passer til udvalget; intet er skrevet", file=sys.stderr)
        return 1
    _write_pdf(out, printed.content)
    print(f"{len(printed.entries)} indsatser på {printed.pages} sider er skrevet til {out} på {_seconds(started)}.")
    return 0


def _pdf_leaflet(project: Project, record_id: str, out: Path) -> int:
    """One intervention's leaflet, into a file of the user's."""
    result = _checked(project)
    started = time.perf_counter()
    entry = result.valid.by_id.get(record_id)
    if entry is None:
        hint = did_you_mean(record_id, result.valid.by_id) or " (id'et står i opslagets adresse og filnavn)"
        raise UsageError(f"der er ingen indsats med id '{printable(record_id)}'{hint}", PDF)
    with edition.pinned(result.dated.edition_time):
        printed = render_leaflet(result.dated, result.valid, entry)
    _write_pdf(out, printed.content)
    pages = f"{printed.pages} {'side' if printed.pages == 1 else 'sider'}"
    print(f"Folderen om {entry.title} på {pages} er skrevet til {out} på {_seconds(started)}.")
    return 0


def _pdf_out(args: argparse.Namespace, project: Project) -> Path:
    try:
        return check_pdf_out(args.pdf_out, project.records, docs_dir(project.config))
    except OutputRefused as refused:
        raise UsageError(str(refused)) from None


def _pdf_selection(args: argparse.Namespace, project: Project) -> Selection:
    age = None
    if args.age is not None:
        try:
            age = float(args.age.replace(",", "."))
        except ValueError:
            raise UsageError(f"--age skal være en alder i år, fx 4 eller 2,5, ikke '{args.age}'", PDF) from None
    given = {facet.id: getattr(args, facet.id, None) for facet in facets(project.vocabulary)}
    try:
        return selection(project.vocabulary, age, **given)
    except FilterError as error:
        raise UsageError(str(error), PDF) from None


def _write_pdf(out: Path, content: bytes) -> None:
    """Write the PDF the user asked for; say in Danish why not when it cannot be written."""
    try:
        write_file_atomically(out, content)
    except OSError as error:
        print(f"build.py pdf: {out} kunne ikke skrives: {error.strerror}", file=sys.stderr)
        raise Failed from None


def cmd_schema(args: argparse.Namespace) -> int:
    project = _project(args)
    project.schema_file.write_text(schema_text(project.schema), encoding="utf-8")
    print(f"Skemaet er skrevet til {paths.shown(project.schema_file)} med ordlisternes værdier.")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    try:
        target = new_record(_project(args), args.name, args.id)
    except ScaffoldError as error:
        print(f"Indsatsen blev ikke oprettet: {error}", file=sys.stderr)
        return 1
    shown = display_path(target, Path.cwd())
    print(f"Oprettet {shown}. Udfyld felterne, der begynder med UDFYLD, og kør: python build.py check")
    return 0


def cmd_fieldguide(args: argparse.Namespace) -> int:
    project = _project(args)
    guide = field_guide(project.schema, project.vocabulary)
    try:
        if args.check:
            if current_guide() != guide:
                print("Feltguiden i CONTRIBUTING.md er forældet; kør: python build.py fieldguide", file=sys.stderr)
                return 1
            print("Feltguiden i CONTRIBUTING.md er opdateret.")
            return 0
        changed = update_guide(guide)
    except GuideError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Feltguiden i CONTRIBUTING.md {'er skrevet' if changed else 'var allerede opdateret'}.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    project = _project(args)
    with exclusive(project.config.resolve().parent, PREVIEW):
        return serve(project, args.port)


# ---- the parser: each shared option set up once -------------------------------------------------------------


def port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"porten skal være et helt tal fra 1 til 65535, ikke '{printable(text)}'")
    return int(text)


# The options commands share: name → (argparse settings, default). A subcommand's default is suppressed, so
# `build.py --out X site` keeps X.
SHARED: dict[str, tuple[dict[str, object], object]] = {
    "--records": (
        {"type": Path, "metavar": "DIR", "help": "mappen med indsatser (standard: interventions/)"},
        paths.RECORDS,
    ),
    "--config": (
        {
            "type": Path,
            "metavar": "FILE",
            "help": "MkDocs-konfigurationen: websitets navn og udgiver, og dens docs_dir, hvor de genererede "
            "sider skrives (standard: mkdocs.yml)",
        },
        paths.MKDOCS_CONFIG,
    ),
    "--out": (
        {"type": Path, "metavar": "DIR", "help": "hvor det byggede website skrives (standard: site/)"},
        paths.SITE,
    ),
}


def _shared(parser: argparse.ArgumentParser, names: tuple[str, ...], top: bool = False) -> None:
    for name in names:
        settings, default = SHARED[name]
        parser.add_argument(name, default=default if top else argparse.SUPPRESS, **settings)  # type: ignore[arg-type]


PROJECT = ("--records", "--config")
BUILD = (*PROJECT, "--out")


def _check_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--links", action="store_true", help="spørg også hvert eksternt link, om det svarer (kræver netværk; ikke i CI)"
    )


def _new_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("name", metavar="NAVN", help="indsatsens navn; id'et og filnavnet laves af det (æ→ae, ø→oe, å→aa)")
    sub.add_argument("--id", metavar="ID", help="vælg selv id'et (små bogstaver a-z, tal og bindestreger)")


def _fieldguide_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--check", action="store_true", help="skriv ikke; afslut med 1, hvis feltguiden er forældet")


def _serve_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--port", type=port, default=8000, help="porten på 127.0.0.1 (standard: 8000)")


@dataclass(frozen=True)
class Command:
    name: str
    run: Callable[[argparse.Namespace], int]
    help: str
    example: str
    options: tuple[str, ...] = PROJECT  # the shared options it takes
    arguments: Callable[[argparse.ArgumentParser], None] | None = None  # its own


def _pdf_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--out",
        dest="pdf_out",
        type=Path,
        default=None,
        metavar="FILE",
        help="skriv PDF'en til denne fil i stedet; websitet røres ikke (nødvendig med filtre og --id)",
    )
    sub.add_argument(
        "--id",
        dest="record_id",
        metavar="ID",
        help="lav en folder med én indsats i bogens udseende (indsatsens id, fx marte-meo): alle afsnit, "
        "dens egne kilder og en kolofonlinje med udgiver, licens, udgave og opslagets adresse; kræver --out",
    )
    sub.add_argument("--age", metavar="ÅR", help="kun indsatser for et barn på denne alder, fx 4 eller 2,5")
    # The filters are the vocabulary's (facets); a vocabulary that cannot be read offers none here, and the
    # command then says what is wrong with it (Project.load).
    try:
        vocabulary = load_vocabulary(paths.VOCABULARY)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, yaml.YAMLError):
        return
    for facet in facets(vocabulary):
        sub.add_argument(
            f"--{facet.id}",
            action="append",
            metavar="ID",
            help=f"{facet.label} (id fra ordlisten {facet.vocabulary}); kan gentages, og så er det enten-eller",
        )


COMMANDS = (
    Command(
        "check",
        cmd_check,
        "Tjek alle indsatser og vis hver fejl med fil, linje og felt.",
        "python build.py check --records interventions/",
        arguments=_check_arguments,
    ),
    Command(
        "site", cmd_site, "Tjek, generer siderne og byg websitet (alt undtagen PDF).", "python build.py site", BUILD
    ),
    Command(
        "generate",
        cmd_generate,
        "Tjek og generer siderne og de åbne data i docs/ uden at bygge websitet (til fx mkdocs serve).",
        "python build.py generate",
    ),
    Command(
        "schema",
        cmd_schema,
        "Skriv JSON-skemaet med ordlisternes værdier til schema/ (efter en ændring i ordlisten).",
        "python build.py schema",
        (),
    ),
    Command(
        "new",
        cmd_new,
        "Opret en ny indsats fra skabelonen: interventions/<id>.yaml med alle felter og en vejledning til hvert.",
        'python build.py new "De Utrolige År – Baby"',
        ("--records",),
        _new_arguments,
    ),
    Command(
        "fieldguide",
        cmd_fieldguide,
        "Skriv feltguiden i CONTRIBUTING.md ud fra skemaet og ordlisten (efter en ændring i dem).",
        "python build.py fieldguide",
        (),
        _fieldguide_arguments,
    ),
    Command(
        "serve",
        cmd_serve,
        "Forhåndsvis websitet på 127.0.0.1, mens du redigerer: siden opdateres, når du gemmer en indsats.",
        "python build.py serve --port 8000",
        arguments=_serve_arguments,
    ),
    Command(
        "pdf",
        cmd_pdf,
        "Lav det trykte katalog som PDF: hele kataloget til docs/katalog.pdf (til websitet), "
        "eller med --out et tilpasset udvalg med de samme filtre som katalogsidens adresse, "
        "eller med --id og --out en folder med én indsats.",
        "python build.py pdf --age 4 --theme nye-typer-tilbud --out mit-katalog.pdf",
        arguments=_pdf_arguments,
    ),
)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="build.py",
        description="Bygger inspirationskataloget: tjekker indsatserne, genererer siderne og bygger websitet.",
        epilog=EPILOG_ALL,
    )
    _shared(main, BUILD, top=True)
    main.set_defaults(run=cmd_all)
    commands = main.add_subparsers(title="kommandoer", metavar="KOMMANDO")
    for command in COMMANDS:
        sub = commands.add_parser(
            command.name, help=command.help, description=command.help, epilog=f"Eksempel: {command.example}"
        )
        _shared(sub, command.options)
        if command.arguments:
            command.arguments(sub)
        sub.set_defaults(run=command.run)
    return main


def main(argv: list[str] | None = None) -> int:
    """Run a command. Wrong usage exits 2, a failure 1, Ctrl-C 130; no input or argument gives a traceback
    (CATALOGUE_DEBUG=1 shows it, for developers)."""
    danish_argparse()
    # Ctrl-C can land inside a library's cleanup (a logging lock, a pool's finaliser); Python then prints a
    # traceback of it as an "ignored" exception. The interruption is reported once, below, instead.
    default_hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: (
        None if isinstance(unraisable.exc_value, KeyboardInterrupt) else default_hook(unraisable)
    )
    try:
        args = parser().parse_args(argv)
        return int(args.run(args))
    except UsageError as error:
        print(f"{error.command}: {error}", file=sys.stderr)
        return 2
    except Failed:
        return 1
    except Busy as error:
        print(f"build.py: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nAfbrudt. Et website, der allerede var bygget, er urørt.", file=sys.stderr)
        return 130
    except Exception as error:
        if os.environ.get("CATALOGUE_DEBUG"):
            raise
        if isinstance(error, OSError):
            where = f" ({error.filename})" if error.filename else ""
            print(f"build.py: en fil kunne ikke læses eller skrives{where}: {error.strerror}", file=sys.stderr)
        else:
            print(
                f"build.py: uventet fejl ({type(error).__name__}: {printable(str(error))[:300]}). "
                "Kør igen med CATALOGUE_DEBUG=1 for detaljer, og meld fejlen til redaktionen.",
                file=sys.stderr,
            )
        return 1
    finally:
        sys.unraisablehook = default_hook
