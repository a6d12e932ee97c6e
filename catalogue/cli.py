"""Command line: parses arguments and calls the library. Exit 0 on success, 1 for invalid records or a
failed build, 2 for wrong usage (argparse's own convention)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from . import paths
from .build import CheckResult, check, generate
from .problems import format_problems
from .publish import PublishError, build_site
from .schema import default_schema, schema_text

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


def _checked(args: argparse.Namespace) -> CheckResult | None:
    result = check(args.records, Path.cwd())
    if result.problems:
        print(format_problems(result.problems), file=sys.stderr)
        return None
    print(f"Alle {result.count} indsatser er gyldige.")
    return result


def cmd_check(args: argparse.Namespace) -> int:
    return 0 if _checked(args) else 1


def cmd_site(args: argparse.Namespace) -> int:
    result = _checked(args)
    if result is None:
        return 1
    started = time.perf_counter()
    report = generate(result.catalogue, args.config)
    print(f"Sider genereret: {report.summary()}.")
    try:
        build_site(args.config, args.out)
    except PublishError as error:
        print(f"Websitet kunne ikke bygges; det forrige website er urørt.\n{error}", file=sys.stderr)
        return 1
    print(f"Websitet er bygget i {args.out} på {time.perf_counter() - started:.1f} s.")
    return 0


def cmd_all(args: argparse.Namespace) -> int:
    return cmd_site(args)


def cmd_schema(args: argparse.Namespace) -> int:
    paths.SCHEMA.write_text(schema_text(default_schema()), encoding="utf-8")
    print(f"Skemaet er skrevet til {paths.SCHEMA.relative_to(paths.ROOT)} med ordlisternes værdier.")
    return 0


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

    command(
        "check",
        cmd_check,
        "Tjek alle indsatser og vis hver fejl med fil, linje og felt.",
        "python build.py check --records interventions/",
        out=False,
    )
    command(
        "site",
        cmd_site,
        "Tjek, generer siderne og byg websitet (alt undtagen PDF).",
        "python build.py site --out site/",
    )
    command(
        "schema",
        cmd_schema,
        "Skriv JSON-skemaet med ordlisternes værdier til schema/ (efter en ændring i ordlisten).",
        "python build.py schema",
        out=False,
    )
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
