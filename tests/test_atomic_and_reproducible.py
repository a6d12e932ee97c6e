"""A failed build changes nothing; two builds of the same input are byte-identical; records are never touched."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .conftest import run_cli


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


def test_two_builds_are_byte_identical(records_dir: Path, skeleton: Path, tmp_path: Path) -> None:
    """The full build (PDF included) twice from scratch: the same bytes, file for file."""
    env_before = os.environ.get("SOURCE_DATE_EPOCH")
    first, second = tmp_path / "first", tmp_path / "second"
    docs = skeleton.parent / "docs"
    assert run_cli("--records", records_dir, "--config", skeleton, "--out", first).returncode == 0
    (docs / "katalog.pdf").unlink()
    assert run_cli("--records", records_dir, "--config", skeleton, "--out", second).returncode == 0
    assert (first / "katalog.pdf").is_file()
    a, b = snapshot(first), snapshot(second)
    assert a.keys() == b.keys()
    assert {k: v[0] for k, v in a.items()} == {k: v[0] for k, v in b.items()}
    assert os.environ.get("SOURCE_DATE_EPOCH") == env_before
