"""Command line: parses arguments and calls the library. Exit 0 on success, 1 for invalid records or a
failed build, 2 for wrong usage (argparse's own convention)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
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
from catalogue.pdf.book import PDF_NAME, render_leaflet, render_pdf
from catalogue.problems import CHECK_AGAIN, WRITES_NOTHING, did_you_mean, format_problems, printable
from catalogue.progress import Progress
from catalogue.records.facets import facets
from catalogue.records.filters import PARAMETERS, FilterError, Selection, selection
from catalogue.records.history import unrecorded_changes
from catalogue.records.load import display_path
from catalogue.records.model import Catalogue
from catalogue.records.schema import default_schema, schema_text
from catalogue.records.vocabulary import default_vocabulary
from catalogue.settings import default_publisher

EPILOG_ALL = "Eksempel: python build.py --out site/"


def _common(parser: argparse.ArgumentParser, out: bool = True, top: bool = False) -> None:
    # A subcommand's own defaults are suppressed so `build.py --out X site` keeps X.
    def default(value: object) -> object:
        return value if top else argparse.SUPPRESS

    parser.add_argument(
        "--records",
        type=Path,
        default=default(paths.RECORDS),
        metavar="DIR",
        help="mappen med indsatser (standard: interventions/)",
    )
    if out:
        parser.add_argument(
            "--out",
            type=Path,
            default=default(paths.SITE),
            metavar="DIR",
            help="hvor det byggede website skrives (standard: site/)",
        )
        parser.add_argument(
            "--config",
            type=Path,
            default=default(paths.MKDOCS_CONFIG),
            metavar="FILE",
            help="MkDocs-konfigurationen; de genererede sider skrives i dens docs_dir (standard: mkdocs.yml)",
        )


def _valid(count: int) -> str:
    return "Indsatsen er gyldig." if count == 1 else f"Alle {count} indsatser er gyldige."


def _checked(args: argparse.Namespace, quiet: bool = False, closing: str = WRITES_NOTHING) -> CheckResult | None:
    result = check(args.records, Path.cwd())
    if in_github_actions():
        report_to_github(result.problems, result.count)
    if result.problems:
        print(format_problems(result.problems, closing), file=sys.stderr)
        return None
    if not quiet:
        print(_valid(result.count))
    warning = default_publisher().warning()
    if warning:
        print(warning, file=sys.stderr)
    return result


def cmd_check(args: argparse.Namespace) -> int:
    result = _checked(args, closing=CHECK_AGAIN)
    if result is None:
        return 1
    for reminder in unrecorded_changes(result.sources, args.records):
        print(f"Påmindelse: {reminder}")
    if getattr(args, "links", False):
        dead = check_links(result.sources)
        if dead:
            print(format_problems(dead, CHECK_AGAIN), file=sys.stderr)
            return 1
        print("Alle links svarer.")
    return 0


class UsageError(Exception):
    """Wrong usage, found before anything is read or written: a Danish sentence, exit 2."""


def _docs(args: argparse.Namespace) -> Path:
    config = args.config
    if not config.is_file():
        raise UsageError(f"--config {config} findes ikke; angiv websitets konfiguration, fx --config mkdocs.yml")
    try:
        return docs_dir(config)
    except (OSError, ValueError, yaml.YAMLError):
        raise UsageError(f"--config {config} kan ikke læses som en mkdocs.yml; tjek filen") from None


def cmd_site(args: argparse.Namespace, pdf: bool = False) -> int:
    try:
        args.out = check_site_out(args.out, args.records, _docs(args))
    except OutputRefused as refused:
        raise UsageError(str(refused)) from None
    progress = Progress()
    progress.start(f"Tjekker indsatserne i {display_path(args.records, Path.cwd())}")
    result = _checked(args, quiet=True)
    if result is None:
        return 1
    progress.done(_valid(result.count).rstrip("."))
    with _one_build(args, "site"), edition.pinned(edition.source_date_epoch(result.valid)):
        report = generate(result.valid, args.config, args.records, pdf=pdf, progress=progress)
        print(f"Sider skrevet til {display_path(docs_dir(args.config), Path.cwd())}: {report.summary()}.")
        progress.start(f"Bygger websitet med {engine_name()}")
        try:
            build_site(args.config, args.out)
        except PublishError as error:
            report.rollback(docs_dir(args.config))
            print(
                f"Websitet kunne ikke bygges; det forrige website og de forrige sider er urørte.\n{error}",
                file=sys.stderr,
            )
            return 1
    progress.done(f"Websitet er bygget i {display_path(args.out, Path.cwd())}")
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    result = _checked(args)
    if result is None:
        return 1
    started = time.perf_counter()
    with _one_build(args, "generate"), edition.pinned(edition.source_date_epoch(result.valid)):
        report = generate(result.valid, args.config, args.records)
    print(f"Sider genereret: {report.summary()} på {time.perf_counter() - started:.2f} s.")
    return 0


def cmd_all(args: argparse.Namespace) -> int:
    return cmd_site(args, pdf=True)


def cmd_pdf(args: argparse.Namespace) -> int:
    """The printed catalogue: the whole of it into docs/ (for the site), or a tailored one into --out."""
    try:
        selection = _pdf_selection(args)
    except FilterError as error:
        print(f"build.py pdf: {error}", file=sys.stderr)
        return 2
    if args.record_id is not None and (args.pdf_out is None or not selection.is_everything):
        print(
            "build.py pdf: en folder med én indsats skrives til en fil og tager ingen filtre, "
            f"fx --id {args.record_id} --out folder.pdf",
            file=sys.stderr,
        )
        return 2
    if args.pdf_out is None and not selection.is_everything:
        print(
            "build.py pdf: et tilpasset udvalg skrives til en fil, fx --out mit-katalog.pdf "
            "(katalog.pdf i websitet rummer altid hele kataloget)",
            file=sys.stderr,
        )
        return 2
    docs = _docs(args)
    if args.pdf_out is not None:
        try:
            args.pdf_out = check_pdf_out(args.pdf_out, args.records, docs)
        except OutputRefused as refused:
            raise UsageError(str(refused)) from None
    result = _checked(args)
    if result is None:
        return 1
    started = time.perf_counter()
    progress = Progress()
    with edition.pinned(edition.source_date_epoch(result.valid)):
        if args.pdf_out is None:
            with _one_build(args, "pdf"):
                report = generate(result.valid, args.config, args.records, pdf=True, progress=progress)
            target = docs_dir(args.config) / PDF_NAME
            print(f"Sider genereret: {report.summary()}.")
            print(
                f"Kataloget er skrevet til {target} på {time.perf_counter() - started:.1f} s; "
                "python build.py bygger websitet med det."
            )
            return 0
        if args.record_id is not None:
            return _write_leaflet(result.valid, args.record_id, args.pdf_out, started)
        progress.start("Sætter det tilpassede katalog")
        printed = render_pdf(result.valid, selection, tick=progress.counter("PDF: dele sat"))
    if not printed.entries:
        print("build.py pdf: ingen indsatser passer til udvalget; intet er skrevet", file=sys.stderr)
        return 1
    if not _write_pdf(args.pdf_out, printed.content):
        return 1
    print(
        f"{len(printed.entries)} indsatser på {printed.pages} sider er skrevet til {args.pdf_out} "
        f"på {time.perf_counter() - started:.1f} s."
    )
    return 0


def _write_pdf(out: Path, content: bytes) -> bool:
    """Write the PDF the user asked for; say in Danish why not when it cannot be written."""
    try:
        write_file_atomically(out, content)
    except OSError as error:
        print(f"build.py pdf: {out} kunne ikke skrives: {error.strerror}", file=sys.stderr)
        return False
    return True


def _write_leaflet(catalogue: Catalogue, record_id: str, out: Path, started: float) -> int:
    entry = catalogue.by_id.get(record_id)
    if entry is None:
        hint = did_you_mean(record_id, catalogue.by_id) or " (id'et står i opslagets adresse og filnavn)"
        print(f"build.py pdf: der er ingen indsats med id '{printable(record_id)}'{hint}", file=sys.stderr)
        return 2
    printed = render_leaflet(catalogue, entry)
    if not _write_pdf(out, printed.content):
        return 1
    print(
        f"Folderen om {entry.title} på {printed.pages} {'side' if printed.pages == 1 else 'sider'} er skrevet "
        f"til {out} på {time.perf_counter() - started:.1f} s."
    )
    return 0


def _pdf_selection(args: argparse.Namespace) -> Selection:
    age = None
    if args.age is not None:
        try:
            age = float(args.age.replace(",", "."))
        except ValueError:
            raise FilterError(f"--age skal være en alder i år, fx 4 eller 2,5, ikke '{args.age}'") from None
    return selection(default_vocabulary(), age, **{name: getattr(args, name) for name in PARAMETERS})


def cmd_schema(args: argparse.Namespace) -> int:
    paths.SCHEMA.write_text(schema_text(default_schema()), encoding="utf-8")
    print(f"Skemaet er skrevet til {paths.SCHEMA.relative_to(paths.ROOT)} med ordlisternes værdier.")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    try:
        target = new_record(args.name, args.records, args.id)
    except ScaffoldError as error:
        print(f"Indsatsen blev ikke oprettet: {error}", file=sys.stderr)
        return 1
    shown = display_path(target, Path.cwd())
    print(f"Oprettet {shown}. Udfyld felterne, der begynder med UDFYLD, og kør: python build.py check")
    return 0


def cmd_fieldguide(args: argparse.Namespace) -> int:
    try:
        if args.check:
            if current_guide() != field_guide():
                print("Feltguiden i CONTRIBUTING.md er forældet; kør: python build.py fieldguide", file=sys.stderr)
                return 1
            print("Feltguiden i CONTRIBUTING.md er opdateret.")
            return 0
        changed = update_guide()
    except GuideError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Feltguiden i CONTRIBUTING.md {'er skrevet' if changed else 'var allerede opdateret'}.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _docs(args)
    with _one_build(args, PREVIEW):
        return serve(args.records, args.config, args.port)


def _one_build(args: argparse.Namespace, command: str) -> AbstractContextManager[None]:
    """The checkout's build lock (catalogue/output/lock.py), beside the site's configuration."""
    return exclusive(args.config.resolve().parent, command)


def port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"porten skal være et helt tal fra 1 til 65535, ikke '{printable(text)}'")
    return int(text)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="build.py",
        description="Bygger inspirationskataloget: tjekker indsatserne, genererer siderne og bygger websitet.",
        epilog=EPILOG_ALL,
    )
    _common(main, top=True)
    main.set_defaults(run=cmd_all)
    commands = main.add_subparsers(title="kommandoer", metavar="KOMMANDO")

    def command(
        name: str, run: Callable[[argparse.Namespace], int], help: str, example: str, out: bool = True
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help, epilog=f"Eksempel: {example}")
        _common(sub, out)
        sub.set_defaults(run=run)
        return sub

    check_command = command(
        "check",
        cmd_check,
        "Tjek alle indsatser og vis hver fejl med fil, linje og felt.",
        "python build.py check --records interventions/",
        out=False,
    )
    check_command.add_argument(
        "--links", action="store_true", help="spørg også hvert eksternt link, om det svarer (kræver netværk; ikke i CI)"
    )
    command(
        "site",
        cmd_site,
        "Tjek, generer siderne og byg websitet (alt undtagen PDF).",
        "python build.py site --out site/",
    )
    command(
        "generate",
        cmd_generate,
        "Tjek og generer siderne og de åbne data i docs/ uden at bygge websitet (til fx mkdocs serve).",
        "python build.py generate",
    )
    command(
        "schema",
        cmd_schema,
        "Skriv JSON-skemaet med ordlisternes værdier til schema/ (efter en ændring i ordlisten).",
        "python build.py schema",
        out=False,
    )
    new = command(
        "new",
        cmd_new,
        "Opret en ny indsats fra skabelonen: interventions/<id>.yaml med alle felter og en vejledning til hvert.",
        'python build.py new "De Utrolige År – Baby"',
        out=False,
    )
    new.add_argument("name", metavar="NAVN", help="indsatsens navn; id'et og filnavnet laves af det (æ→ae, ø→oe, å→aa)")
    new.add_argument("--id", metavar="ID", help="vælg selv id'et (små bogstaver a-z, tal og bindestreger)")
    guide = command(
        "fieldguide",
        cmd_fieldguide,
        "Skriv feltguiden i CONTRIBUTING.md ud fra skemaet og ordlisten (efter en ændring i dem).",
        "python build.py fieldguide",
        out=False,
    )
    guide.add_argument("--check", action="store_true", help="skriv ikke; afslut med 1, hvis feltguiden er forældet")
    preview = command(
        "serve",
        cmd_serve,
        "Forhåndsvis websitet på 127.0.0.1, mens du redigerer: siden opdateres, når du gemmer en indsats.",
        "python build.py serve --port 8000",
        out=False,
    )
    preview.add_argument(
        "--config",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="FILE",
        help="MkDocs-konfigurationen; de genererede sider skrives i dens docs_dir (standard: mkdocs.yml)",
    )
    preview.add_argument("--port", type=port, default=8000, help="porten på 127.0.0.1 (standard: 8000)")
    _pdf_arguments(
        command(
            "pdf",
            cmd_pdf,
            "Lav det trykte katalog som PDF: hele kataloget til docs/katalog.pdf (til websitet), "
            "eller med --out et tilpasset udvalg med de samme filtre som katalogsidens adresse, "
            "eller med --id og --out en folder med én indsats.",
            "python build.py pdf --age 4 --theme nye-typer-tilbud --out mit-katalog.pdf",
            out=False,
        )
    )
    return main


def _pdf_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--config",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="FILE",
        help="MkDocs-konfigurationen; katalog.pdf skrives i dens docs_dir (standard: mkdocs.yml)",
    )
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
    for facet in facets(default_vocabulary()):
        sub.add_argument(
            f"--{facet.id}",
            action="append",
            metavar="ID",
            help=f"{facet.label} (id fra ordlisten {facet.vocabulary}); kan gentages, og så er det enten-eller",
        )


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
        print(f"build.py: {error}", file=sys.stderr)
        return 2
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
