"""A failed build changes nothing; two builds of the same input are byte-identical; records are never touched."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from .conftest import run_cli, run_process


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under `folder`: content hash and modification time."""
    return {
        p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_failed_engine_build_leaves_site_and_generated_pages_as_they_were(
    records_dir: Path, skeleton: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert run_cli("site", "--records", records_dir, "--config", skeleton, "--out", out).returncode == 0
    docs = skeleton.parent / "docs"
    records_before, docs_before, site_before = snapshot(records_dir), snapshot(docs), snapshot(out)

    # A record changes, but a hand-written page now breaks the strict build.
    record = records_dir / "eksempel.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("Tre måneder", "Fire måneder"), encoding="utf-8")
    records_before = snapshot(records_dir)
    (docs / "brudt.md").write_text("# Brudt\n\n[Et link](findes-ikke.md)\n", encoding="utf-8")
    docs_before["brudt.md"] = snapshot(docs)["brudt.md"]

    result = run_cli("site", "--records", records_dir, "--config", skeleton, "--out", out)
    assert result.returncode == 1
    assert "Websitet kunne ikke bygges; det forrige website og de forrige sider er urørte." in result.stderr
    assert "findes-ikke.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(docs) == docs_before
    assert snapshot(out) == site_before
    assert snapshot(records_dir) == records_before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".site.")]


# Simulates a machine without libharfbuzz-subset0 (as a fresh machine without Chromium is): WeasyPrint then
# subsets the PDF's fonts with fontTools, which stamps them with the time unless told the edition's.
WITHOUT_HARFBUZZ_SUBSET = """
import os, cffi
_dlopen = cffi.FFI.dlopen
def dlopen(self, name, *args, **kwargs):
    if "harfbuzz-subset" in str(name):
        with open(os.environ["HIDDEN_LIBRARY_LOG"], "a") as log:
            log.write(str(name) + "\\n")
        raise OSError(f"{name}: hidden by the test")
    return _dlopen(self, name, *args, **kwargs)
cffi.FFI.dlopen = dlopen
"""


@pytest.mark.parametrize("subsetter", ["harfbuzz", "fonttools"])
def test_two_builds_are_byte_identical(records_dir: Path, skeleton: Path, tmp_path: Path, subsetter: str) -> None:
    """Two builds from scratch, seconds apart, with no SOURCE_DATE_EPOCH given: the same bytes, file for file.
    With this machine's font subsetter the whole build (site and PDF); without it (fontTools) the PDF, the
    only output fonts are subset for."""
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "GITHUB_ACTIONS")}
    log = tmp_path / "hidden.log"
    command: list[str | Path] = ["--records", records_dir, "--config", skeleton]
    if subsetter == "fonttools":  # the PDF is the only output whose fonts are subset
        (tmp_path / "hide").mkdir()
        (tmp_path / "hide" / "sitecustomize.py").write_text(WITHOUT_HARFBUZZ_SUBSET, encoding="utf-8")
        env |= {"PYTHONPATH": str(tmp_path / "hide"), "HIDDEN_LIBRARY_LOG": str(log)}
        command = ["pdf", *command]
    first, second = tmp_path / "first", tmp_path / "second"
    pdf_only = subsetter == "fonttools"

    def build(out: Path) -> None:
        assert run_process(*command, "--out", out / "katalog.pdf" if pdf_only else out, env=env).returncode == 0
        if not pdf_only:
            (skeleton.parent / "docs" / "katalog.pdf").unlink()  # a whole build also publishes it in docs/

    build(first)
    time.sleep(1.1)  # font timestamps have a resolution of one second
    build(second)
    assert (first / "katalog.pdf").is_file()
    # The simulation took effect in the PDF's workers, or the test proves nothing about fontTools.
    assert (subsetter == "fonttools") == log.is_file()
    a, b = snapshot(first), snapshot(second)
    assert a.keys() == b.keys()
    assert {k: v[0] for k, v in a.items()} == {k: v[0] for k, v in b.items()}
