"""The file system as it really is, odd values, every problem once, and usage errors: a Danish message with
file, line and field, the right exit code, never a traceback. Driven in-process (catalogue.cli.main)."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from catalogue.cli import main

from .conftest import FIXTURES, checked, edit, load_project

GOOD = (FIXTURES / "eksempel.yaml").read_text(encoding="utf-8")
OTHER = (FIXTURES / "andet-eksempel.yaml").read_text(encoding="utf-8")


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "interventions"
    folder.mkdir()
    (folder / "andet-eksempel.yaml").write_text(OTHER, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["check", "--records", "interventions", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err.splitlines()


def edited(*pairs: tuple[str, str]) -> str:
    return edit(GOOD, *pairs)


# --- the file system -------------------------------------------------------------------------------------


def test_symbolic_links_inside_and_outside_are_refused(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = records.parent / "udenfor.yaml"
    outside.write_text(GOOD.replace("id: eksempel", "id: ude"), encoding="utf-8")
    (records / "ude.yaml").symlink_to(outside)
    (records / "kopi.yaml").symlink_to(records / "andet-eksempel.yaml")
    code, lines = check(capsys)
    message = "er et symbolsk link; en indsats skal være en almindelig fil i mappen (kopiér filen i stedet)"
    assert code == 1
    # A link's path is shown as the editor sees it in the folder, not where it points.
    assert lines == [
        f"interventions/kopi.yaml:1: {message}",
        f"interventions/ude.yaml:1: {message}",
        "2 fejl i 2 filer. Ret fejlene, og kør check igen.",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file whatever its permissions")
def test_unreadable_file_and_folder(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = records / "eksempel.yaml"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    try:
        assert (
            check(capsys)[1][0]
            == "interventions/eksempel.yaml:1: filen kan ikke læses (adgang nægtet; tjek filens rettigheder)"
        )
    finally:
        locked.chmod(0o644)


def test_unreadable_file_as_root_is_simulated(
    records: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root can read anything, so the permission error is raised where the file is opened."""
    (records / "eksempel.yaml").write_text(GOOD, encoding="utf-8")
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object):  # noqa: ANN202
        if self.name == "eksempel.yaml":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refuse)
    code, lines = check(capsys)
    assert code == 1
    assert lines[0] == "interventions/eksempel.yaml:1: filen kan ikke læses (adgang nægtet; tjek filens rettigheder)"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("EKSEMPEL.YAML", "filnavnet skal ende på .yaml med små bogstaver, ikke .YAML"),
        ("eksempel.Yaml", "filnavnet skal ende på .yaml med små bogstaver, ikke .Yaml"),
        ("eksempel.yml", "filnavnet skal ende på .yaml, ikke .yml"),
        (
            "med mellemrum.yaml",
            "filnavnet skal være små bogstaver a-z, tal og bindestreger (æ→ae, ø→oe, å→aa), fx 'duaa-baby.yaml'",
        ),
        (
            "københavn.yaml",
            "filnavnet skal være små bogstaver a-z, tal og bindestreger (æ→ae, ø→oe, å→aa), fx 'duaa-baby.yaml'",
        ),
        ("con.yaml", "'con' er et reserveret filnavn i Windows; vælg et andet id og filnavn"),
        ("noter.txt", "er ikke en indsats (en indsats er en .yaml-fil); flyt filen ud af mappen med indsatser"),
    ],
)
def test_odd_file_names(records: Path, capsys: pytest.CaptureFixture[str], name: str, message: str) -> None:
    (records / name).write_text(GOOD, encoding="utf-8")
    code, lines = check(capsys)
    assert (code, lines) == (
        1,
        [f"interventions/{name}:1: {message}", "1 fejl i 1 fil. Ret fejlene, og kør check igen."],
    )


def test_a_newline_in_a_file_name_stays_on_one_line(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (records / "to\nlinjer.yaml").write_text(GOOD, encoding="utf-8")
    code, lines = check(capsys)
    assert code == 1
    assert lines[0].startswith("interventions/to\\nlinjer.yaml:1: filnavnet skal være små bogstaver")


def test_a_newline_at_the_end_of_a_file_name_is_reported(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A name ending in a newline before .yaml passed a pattern anchored with `$` (which matches before a
    final newline) and got no message of its own."""
    (records / "ny\n.yaml").write_text(GOOD, encoding="utf-8")
    code, lines = check(capsys)
    assert code == 1
    assert lines[0] == (
        "interventions/ny\\n.yaml:1: filnavnet skal være små bogstaver a-z, tal og bindestreger (æ→ae, ø→oe, å→aa), "
        "fx 'duaa-baby.yaml'"
    )


def test_sub_folder_is_reported_and_hidden_files_and_readme_are_skipped(
    records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (records / "gamle").mkdir()
    (records / ".DS_Store").write_bytes(b"\0\1")
    (records / "README.md").write_text("# Indsatser\n", encoding="utf-8")
    code, lines = check(capsys)
    assert (code, lines) == (
        1,
        [
            "interventions/gamle:0: er en mappe; indsatser skal ligge direkte i mappen med indsatser, undermapper læses ikke",
            "1 fejl i 1 fil. Ret fejlene, og kør check igen.",
        ],
    )


def test_records_that_is_a_file_or_missing(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--records", "interventions/andet-eksempel.yaml"])
    err = capsys.readouterr().err.splitlines()
    assert (code, err[0]) == (
        1,
        "interventions/andet-eksempel.yaml:0: er en fil, ikke en mappe; --records skal være mappen med indsatser",
    )
    code = main(["check", "--records", "findes-ikke"])
    err = capsys.readouterr().err.splitlines()
    assert (code, err[0]) == (1, "findes-ikke:0: mappen med indsatser findes ikke; angiv en mappe med --records")


def test_id_that_collides_with_a_generated_page(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (records / "index.yaml").write_text(GOOD.replace("id: eksempel", "id: index"), encoding="utf-8")
    code, lines = check(capsys)
    assert code == 1
    assert lines[0] == (
        "interventions/index.yaml:2: id: id'et 'index' er reserveret til en side, som kataloget selv laver; vælg et andet id"
    )


def test_very_large_file_is_refused_before_it_is_read(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = records / "stor.yaml"
    with big.open("wb") as handle:  # a sparse file: 2 GB on paper, nothing on disk
        handle.truncate(2_000_000_000)
    started = time.perf_counter()
    code, lines = check(capsys)
    assert time.perf_counter() - started < 5
    assert (code, lines[0]) == (1, "interventions/stor.yaml:1: filen fylder 2000.0 MB; en indsats må højst fylde 1 MB")


# --- values ----------------------------------------------------------------------------------------------

VALUE_CASES = {
    "NaN": (
        ("year: 2020", "year: !!float .nan"),
        "evidence.studies[0].year: '.nan' er ikke et endeligt tal (NaN eller uendelig); skriv et almindeligt tal, fx 2018",
    ),
    "infinity": (
        ("year: 2020", "year: 1e400"),
        "evidence.studies[0].year: '1e400' er ikke et endeligt tal (NaN eller uendelig); skriv et almindeligt tal, fx 2018",
    ),
    "thousands of digits": (
        ("year: 2020", "year: " + "9" * 5000),
        "evidence.studies[0].year: tallet har 5000 cifre; skriv et almindeligt tal, fx 2018",
    ),
    "float for integer": (
        ("year: 2020", "year: 2020.0"),
        "evidence.studies[0].year: skal være et helt tal, men er tallet 2020.0; skriv 2020",
    ),
    "boolean for number": (
        ("year: 2020", "year: true"),
        "evidence.studies[0].year: skal være et helt tal, men er True (ja/nej)",
    ),
    "null for number": (("year: 2020", "year: ~"), "evidence.studies[0].year: skal være et helt tal, men er tom"),
    "date out of range": (
        ("last_reviewed: 2026-11-22", "last_reviewed: 1066-10-14"),
        "last_reviewed: '1066-10-14' er ikke en gyldig dato; skriv en dato, der findes, på formen ÅÅÅÅ-MM-DD, fx 2026-11-22 (mellem 1900 og 2100)",
    ),
    "C1 control": (
        ("name: Eksempel på en indsats", 'name: "Eks\\x85empel"'),
        "name: indeholder et usynligt styretegn (U+0085); slet det",
    ),
    "noncharacter": (
        ("name: Eksempel på en indsats", 'name: "Eks\\uFDD0empel"'),
        "name: indeholder et ugyldigt tegn (U+FDD0); slet det",
    ),
    "lone surrogate": (
        ("name: Eksempel på en indsats", 'name: "Eks\\uD800empel"'),
        "name: indeholder et ugyldigt tegn (U+D800); slet det",
    ),
    "bidi override": (
        ("name: Eksempel på en indsats", 'name: "Eks\\u202Eempel"'),
        "name: indeholder et tegn til retningsstyring (U+202E); slet det",
    ),
    "only invisible": (
        ("name: Eksempel på en indsats", 'name: "\\u200B\\u00A0 "'),
        "name: er tom: den indeholder kun mellemrum eller usynlige tegn",
    ),
}


@pytest.mark.parametrize(("edit", "message"), VALUE_CASES.values(), ids=VALUE_CASES.keys())
def test_odd_values(records: Path, capsys: pytest.CaptureFixture[str], edit: tuple[str, str], message: str) -> None:
    (records / "eksempel.yaml").write_text(edited(edit), encoding="utf-8")
    code, lines = check(capsys)
    assert code == 1
    assert [line.split(": ", 1)[1] for line in lines[:-1]] == [message], lines
    assert lines[-1] == "1 fejl i 1 fil. Ret fejlene, og kør check igen."


def test_markdown_characters_in_a_name_come_out_literally(
    records: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (records / "eksempel.yaml").write_text(
        edited(("name: Eksempel på en indsats", "name: 'C# og *stjerner* #'")), encoding="utf-8"
    )
    from catalogue.site.pages import render_record_pages

    result = checked(records)
    pages = dict(render_record_pages(result.dated, result.valid))
    heading = next(line for line in pages["indsatser/eksempel.md"].splitlines() if line.startswith("# "))
    import markdown

    html = markdown.markdown(heading)
    assert "<h1>C# og *stjerner* # (EPI)</h1>" in html.replace("&#35;", "#"), html


def test_published_json_is_strict_json(records: Path) -> None:
    from catalogue.site.exports import render_exports

    (records / "eksempel.yaml").write_text(GOOD, encoding="utf-8")
    result = checked(records)

    def refuse(token: str) -> None:
        raise ValueError(f"not JSON: {token}")

    for name, content in render_exports(result.dated, result.valid):
        if name.endswith(".json"):
            json.loads(content, parse_constant=refuse)


# --- every problem, once ---------------------------------------------------------------------------------


def test_duplicate_key_and_unknown_key_reported_in_one_run(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edited(
        ("kind: indsats\n", "kind: indsats\nname: Et andet navn\n"), ("last_reviewed:", "typo_felt: x\nlast_reviewed:")
    )
    (records / "eksempel.yaml").write_text(text, encoding="utf-8")
    code, lines = check(capsys)
    assert code == 1
    assert any("name: feltet står to gange" in line for line in lines)
    assert any("ukendt felt 'typo_felt'" in line for line in lines)


def test_an_invalid_record_still_exists_for_records_that_relate_to_it(
    records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (records / "eksempel.yaml").write_text("id: eksempel\nname: [ikke lukket\n", encoding="utf-8")
    assert "related:" not in OTHER
    (records / "andet-eksempel.yaml").write_text(OTHER + "related:\n  - eksempel\n", encoding="utf-8")
    code, lines = check(capsys)
    assert code == 1
    assert not [line for line in lines if "findes ikke som indsats" in line]


def test_forty_thousand_misspelt_related_ids_are_capped_within_seconds(
    records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    related = "".join(f"\n  - ukendt-{i}" for i in range(40_000))
    text = GOOD.replace("related:\n  - andet-eksempel", f"related:{related}")
    (records / "eksempel.yaml").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    code, lines = check(capsys)
    assert time.perf_counter() - started < 10
    assert code == 1
    assert len(lines) <= 25
    assert [line for line in lines if line.endswith("… og 39980 andre relaterede id'er, der ikke findes")]


# --- other commands --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["serve", "--port", "99999"],
            "build.py serve: fejl: argument --port: porten skal være et helt tal fra 1 til 65535, ikke '99999'",
        ),
        (
            ["serve", "--port", "-1"],
            "build.py serve: fejl: argument --port: porten skal være et helt tal fra 1 til 65535, ikke '-1'",
        ),
        (
            ["serve", "--port", "otte"],
            "build.py serve: fejl: argument --port: porten skal være et helt tal fra 1 til 65535, ikke 'otte'",
        ),
        (
            ["frob"],
            "build.py: fejl: argument KOMMANDO: ugyldigt valg: 'frob' (vælg mellem 'check', 'site', 'generate', 'schema', 'new', 'fieldguide', 'serve', 'pdf')",
        ),
        (["check", "--nope"], "build.py: fejl: ukendte argumenter: --nope"),
        (
            ["pdf", "--age", "fire", "--out", "x.pdf"],
            "build.py pdf: --age skal være en alder i år, fx 4 eller 2,5, ikke 'fire'",
        ),
        (
            ["site", "--config", "findes-ikke.yml"],
            "build.py: --config findes-ikke.yml findes ikke; angiv websitets konfiguration, fx --config mkdocs.yml",
        ),
    ],
)
def test_usage_errors_exit_2_in_danish(
    records: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    try:
        code = main(argv)
    except SystemExit as stop:  # argparse's own errors
        code = int(stop.code or 0)
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines()[-1] == message
    assert "Traceback" not in err


def test_pdf_wraps_a_word_of_thousands_of_characters(tmp_path: Path) -> None:
    """The print stylesheet lets any word break rather than run off the page."""
    from catalogue.pdf.book import stylesheet

    css = stylesheet(load_project())
    assert "overflow-wrap: anywhere" in css
    shutil.rmtree(tmp_path, ignore_errors=True)
