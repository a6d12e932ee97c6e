"""Small benchmark runs (N = 10 and 20) so the benchmark code cannot rot; full runs are by hand."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.synthetic import write_records
from catalogue import paths

from .conftest import checked


def test_synthetic_records_pass_check(tmp_path: Path) -> None:
    write_records(60, tmp_path / "records")
    result = checked(tmp_path / "records")
    assert result.problems == []
    entries = result.catalogue.entries
    vocabulary = result.catalogue.vocabulary
    used = {m["term"] for e in entries for m in e.data["mechanisms"]}
    assert used == set(vocabulary.mechanisms)
    # Levels follow the studies by the scale's rule (catalogue/records/evidence.py), and the records reach most.
    assert len({e.data["evidence"]["level"] for e in entries}) >= len(vocabulary.evidence_levels) - 2
    assert all(e.data["related"] for e in entries)


def test_small_benchmark_run(tmp_path: Path) -> None:
    report, raw = tmp_path / "BENCHMARKS.md", tmp_path / "figures.json"
    result = subprocess.run(
        [
            sys.executable,
            str(paths.ROOT / "benchmarks" / "run.py"),
            "--counts",
            "10",
            "--pdf-max",
            "10",
            "--repeats",
            "1",
            "--report",
            str(report),
            "--json",
            str(raw),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    figures = json.loads(raw.read_text(encoding="utf-8"))[0]
    assert figures["count"] == 10
    assert figures["noop_rewritten"] == 0
    assert figures["pdf_pages"] > 10
    assert figures["pdf_bad_breaks"] == 0 and figures["pdf_split_phrases"] == 0 and figures["pdf_type_sizes"] <= 6
    assert figures["page_kb_gz"] > 0 and figures["keystroke_ms"] > 0 and figures["facet_click_ms"] > 0
    assert figures["search_index_mb"] > 0 and figures["record_page_kb"] > 0
    assert figures["header_kb_gz"] > 0 and figures["header_keystroke_ms"] > 0
    # The relevance set on the 60 real records (N = 10 adds no synthetic ones): the targets hold.
    assert figures["relevance_records"] == 60 and figures["relevance_recall"] >= 0.9
    assert figures["relevance_false_hits"] == 0 and figures["relevance_empty"] == 0
    text = report.read_text(encoding="utf-8")
    assert "| measure | N = 10 |" in text and "Machine:" in text


def test_small_preview_benchmark_run() -> None:
    """The save → browser benchmark at N = 20, one save: it runs, and the preview showed the change."""
    result = subprocess.run(
        [sys.executable, str(paths.ROOT / "benchmarks" / "preview.py"), "--counts", "20", "--saves", "1"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    found = {row["edit"]: row for row in map(json.loads, result.stdout.strip().splitlines())}
    assert set(found) == {"summary", "name", "burst"}
    for figures in found.values():
        assert figures["records"] == 20
        assert 0 < figures["save_to_browser_s_median"] < 60
    for edit in ("summary", "name"):
        assert found[edit]["save_to_browser_s_median"] <= found[edit]["all_pages_agree_s_median"] < 120
    assert 0 < found["burst"]["lists_agree_after_last_shown_s"] < 180
