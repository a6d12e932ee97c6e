"""The command line: exit codes, help with examples, and nothing written when records are invalid."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run_cli


@pytest.mark.parametrize("command", [[], ["check"], ["site"], ["schema"]])
def test_help_has_an_example(command: list[str]) -> None:
    result = run_cli(*command, "--help")
    assert result.returncode == 0
    assert "Eksempel: python build.py" in result.stdout


def test_wrong_usage_exits_2() -> None:
    result = run_cli("udgiv")
    assert result.returncode == 2
    assert "ugyldigt valg: 'udgiv'" in result.stderr


def test_unknown_option_exits_2() -> None:
    assert run_cli("check", "--hurtigt").returncode == 2


def test_invalid_record_writes_nothing(records_dir: Path, skeleton: Path, tmp_path: Path) -> None:
    broken = records_dir / "eksempel.yaml"
    original = broken.read_bytes().replace(b"staircase_step: 3", b"staircase_step: 8")
    broken.write_bytes(original)
    docs_before = sorted(p.relative_to(skeleton.parent) for p in skeleton.parent.rglob("*"))
    out = tmp_path / "site"
    result = run_cli("site", "--records", records_dir, "--config", skeleton, "--out", out, cwd=tmp_path)
    assert result.returncode == 1
    assert "interventions/eksempel.yaml:43: staircase_step:" in result.stderr
    assert not out.exists()
    assert sorted(p.relative_to(skeleton.parent) for p in skeleton.parent.rglob("*")) == docs_before
    assert broken.read_bytes() == original


def test_site_builds_from_fixture_records(records_dir: Path, skeleton: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_cli("site", "--records", records_dir, "--config", skeleton, "--out", out)
    assert result.returncode == 0, result.stderr
    assert (out / "indsatser" / "eksempel" / "index.html").is_file()
    assert (out / "indsatser" / "andet-eksempel" / "index.html").is_file()


def test_missing_records_folder(tmp_path: Path) -> None:
    result = run_cli("check", "--records", tmp_path / "findes-ikke", cwd=tmp_path)
    assert result.returncode == 1
    assert "findes-ikke:0: mappen med indsatser findes ikke" in result.stderr
