"""Broken and hostile record files: each gets one exact message with file and line, exit 1, quickly and in
modest memory, with no traceback and nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from catalogue import paths

from .conftest import FIXTURES

BASE = (FIXTURES / "eksempel.yaml").read_text(encoding="utf-8")
OTHER = (FIXTURES / "andet-eksempel.yaml").read_text(encoding="utf-8")
F = "interventions/eksempel.yaml"

BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    + "name: *i\n"
)

CASES: dict[str, tuple[bytes, str]] = {
    "malformed yaml": (
        BASE.replace("name: Eksempel på en indsats", 'name: "Eksempel på en indsats').encode(),
        f"{F}:3: YAML-syntaksfejl: det, der begynder her, bliver aldrig afsluttet; mangler der et anførselstegn eller en parentes?",
    ),
    "tabs for indentation": (
        BASE.replace("  min: 1\n", "\tmin: 1\n").encode(),
        f"{F}:9: tabulatortegn bruges til indrykning; YAML kræver mellemrum",
    ),
    "empty file": (b"", f"{F}:1: filen er tom; en indsats skal have alle de påkrævede felter"),
    "only comments": (b"# intet her\n\n", f"{F}:1: filen er tom; en indsats skal have alle de påkrævede felter"),
    "not utf-8": (
        BASE.encode("latin-1", errors="replace"),
        f"{F}:3: filen er ikke gyldig UTF-8; gem den med tegnsættet UTF-8",
    ),
    "byte order mark": (
        b"\xef\xbb\xbf" + BASE.encode(),
        f"{F}:1: filen begynder med et byte order mark (BOM); gem den som UTF-8 uden BOM",
    ),
    "very large file": (
        BASE.encode() + b"# " + b"x" * 1_100_000 + b"\n",
        f"{F}:1: filen fylder 1.1 MB; en indsats må højst fylde 1 MB",
    ),
    "deep nesting": (
        ("cost: " + "[" * 30 + "]" * 30 + "\n").encode(),
        f"{F}:1: cost{'[0]' * 20}: indlejret mere end 20 niveauer; en indsats har højst 5",
    ),
    "very deep nesting": (
        ("cost: " + "[" * 20000 + "]" * 20000 + "\n").encode(),
        f"{F}:1: indlejret for dybt; en indsats må højst have 20 niveauer",
    ),
    "alias bomb": (
        BILLION_LAUGHS.encode(),
        f"{F}:2: b[0]: YAML-aliaser (*navn) er ikke tilladt i en indsats; skriv værdien ud i stedet for at henvise til et anker",
    ),
    "python object tag": (
        BASE.replace(
            "  cost_note: Ingen; det er et eksempel [@kilde-2].", "  cost_note: !!python/object/apply:os.system ['id']"
        ).encode(),
        f"{F}:68: implementation.cost_note: YAML-mærket '!!python/object/apply:os.system' er ikke tilladt; skriv værdien som almindelig tekst, tal, liste eller felter",
    ),
    "custom tag": (
        BASE.replace("  cost_note: Ingen; det er et eksempel [@kilde-2].", "  cost_note: !pris 100").encode(),
        f"{F}:68: implementation.cost_note: YAML-mærket '!pris' er ikke tilladt; skriv værdien som almindelig tekst, tal, liste eller felter",
    ),
    "binary tag": (
        BASE.replace("  cost_note: Ingen; det er et eksempel [@kilde-2].", "  cost_note: !!binary aGVq").encode(),
        f"{F}:68: implementation.cost_note: YAML-mærket '!!binary' er ikke tilladt; skriv værdien som almindelig tekst, tal, liste eller felter",
    ),
    "merge key": (
        BASE.replace("target_age:\n", "target_age:\n  <<: {min: 1}\n").encode(),
        f"{F}:9: target_age: YAML-fletning (<<) er ikke tilladt; skriv felterne ud",
    ),
    "a list instead of a mapping": (
        b"- id: eksempel\n- name: Eksempel\n",
        f"{F}:1: filen indeholder en liste; en indsats skal være felter på formen 'navn: værdi' (fx 'id: eksempel')",
    ),
    "a scalar instead of a mapping": (
        b"Eksempel paa en indsats\n",
        f"{F}:1: filen indeholder en enkelt værdi; en indsats skal være felter på formen 'navn: værdi' (fx 'id: eksempel')",
    ),
    "two documents": (
        (BASE + "---\nid: andet\n").encode(),
        f"{F}:88: YAML-syntaksfejl: filen indeholder mere end ét YAML-dokument (---); en fil er én indsats",
    ),
    "javascript url": (
        BASE.replace("url: https://example.org/kilde-1", "url: javascript:alert(document.cookie)").encode(),
        f"{F}:80: sources[0].url: 'javascript:alert(document.cookie)' er ikke et gyldigt link; kun fulde https-adresser er tilladt, fx 'https://www.retsinformation.dk/…'",
    ),
    "data url": (
        BASE.replace("url: https://example.org/forsoeg", "url: data:text/html;base64,PHNjcmlwdD4=").encode(),
        f"{F}:34: evidence.studies[0].url: 'data:text/html;base64,PHNjcmlwdD4=' er ikke et gyldigt link; kun fulde https-adresser er tilladt, fx 'https://www.retsinformation.dk/…'",
    ),
    "url with a space": (
        BASE.replace("url: https://example.org/kilde-1", 'url: "https://example.org/en kilde"').encode(),
        f"{F}:80: sources[0].url: 'https://example.org/en kilde' er ikke et gyldigt link; kun fulde https-adresser er tilladt, fx 'https://www.retsinformation.dk/…'",
    ),
}


def run_check(folder: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run `check` in a child process; return its result and the peak memory in MB of that process alone
    (wait4's usage of this child, not RUSAGE_CHILDREN, which is the largest of every child the suite ran)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            [sys.executable, str(paths.ROOT / "build.py"), "check", "--records", str(folder)],
            stdout=out,
            stderr=err,
            text=True,
            cwd=folder.parent,
        )
        timer = threading.Timer(30, process.kill)  # an alias bomb must not hang the suite
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(process.args, process.returncode, out.read(), err.read())
    return result, usage.ru_maxrss // 1024


@pytest.mark.parametrize("content, expected", CASES.values(), ids=CASES.keys())
def test_hostile_record(tmp_path: Path, content: bytes, expected: str) -> None:
    folder = tmp_path / "interventions"
    folder.mkdir()
    (folder / "eksempel.yaml").write_bytes(content)
    (folder / "andet-eksempel.yaml").write_text(OTHER, encoding="utf-8")
    result, peak_mb = run_check(folder)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [expected, "1 fejl i 1 fil. Ret fejlene, og kør check igen."]
    assert "Traceback" not in result.stderr + result.stdout
    # A guard against blow-ups (an expanded alias bomb would take gigabytes), not a benchmark.
    assert peak_mb < 400, peak_mb
    assert (folder / "eksempel.yaml").read_bytes() == content


@pytest.mark.parametrize("name", ["Min Indsats.yaml", "æble.yaml", "-start.yaml", "a--b.yaml"])
def test_file_name_that_is_not_a_slug(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "interventions"
    folder.mkdir()
    (folder / name).write_text(BASE, encoding="utf-8")
    result, _ = run_check(folder)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"interventions/{name}:1: filnavnet skal være små bogstaver a-z, tal og bindestreger (æ→ae, ø→oe, å→aa), "
        "fx 'duaa-baby.yaml'"
    )


def test_yml_extension_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "interventions"
    folder.mkdir()
    (folder / "eksempel.yml").write_text(BASE, encoding="utf-8")
    result, _ = run_check(folder)
    assert result.stderr.splitlines()[0] == "interventions/eksempel.yml:1: filnavnet skal ende på .yaml, ikke .yml"
