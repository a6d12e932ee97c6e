"""The one writer: refuses bad paths and second writes, skips unchanged files, removes stale ones."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from catalogue.output.write import WriteError, plan_outputs, write_outputs

OWNED = ("index.md", "indsatser", "data")


def test_refuses_a_path_outside_its_folders() -> None:
    for name in ("../mkdocs.yml", "/etc/passwd", "andet.md", "indsatser/../../x.md"):
        with pytest.raises(WriteError):
            plan_outputs([(name, "x")], OWNED)


def test_refuses_a_second_write_to_the_same_path() -> None:
    with pytest.raises(WriteError, match="genereret to gange"):
        plan_outputs([("indsatser/a.md", "1"), ("indsatser/a.md", "2")], OWNED)


def test_unchanged_files_are_not_touched_and_stale_ones_removed(tmp_path: Path) -> None:
    planned = plan_outputs([("indsatser/a.md", "æøå"), ("indsatser/b.md", "b")], OWNED)
    first = write_outputs(tmp_path, planned, OWNED)
    assert sorted(first.written) == ["indsatser/a.md", "indsatser/b.md"]
    assert (tmp_path / "indsatser/a.md").read_text(encoding="utf-8") == "æøå"
    os.utime(tmp_path / "indsatser/a.md", (1, 1))
    (tmp_path / "indsatser/gammel.md").write_text("stale", encoding="utf-8")
    (tmp_path / "haandskrevet.md").write_text("mine", encoding="utf-8")
    second = write_outputs(tmp_path, planned, OWNED)
    assert second.written == [] and second.unchanged == 2
    assert second.removed == ["indsatser/gammel.md"]
    assert (tmp_path / "indsatser/a.md").stat().st_mtime == 1
    assert (tmp_path / "haandskrevet.md").read_text(encoding="utf-8") == "mine"


def test_an_owned_file_no_longer_produced_is_removed(tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text("old", encoding="utf-8")
    report = write_outputs(tmp_path, plan_outputs([("indsatser/a.md", "a")], OWNED), OWNED)
    assert report.removed == ["index.md"]


def test_changed_files_are_written_first_and_renamed_into_place_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every changed file is written before the first is renamed into place (the live preview's engine sees
    them change together), and a failure on the way leaves every target as it was, with no file behind."""
    from catalogue.output import write

    write_outputs(tmp_path, plan_outputs([("indsatser/a.md", "gammel"), ("data/x.json", "{}")], OWNED), OWNED)
    events: list[str] = []
    add, publish = write._Staging.add, write._Staging.publish
    monkeypatch.setattr(write._Staging, "add", lambda self, *a: events.append("skriv") or add(self, *a))
    monkeypatch.setattr(write._Staging, "publish", lambda self, *a: events.append("omdøb") or publish(self, *a))
    planned = [("indsatser/a.md", "ny"), ("data/x.json", "[]"), ("data/y.json", "1"), ("index.md", "forside")]
    write_outputs(tmp_path, plan_outputs(planned, OWNED), OWNED)
    assert events == ["skriv"] * 4 + ["omdøb"] * 4
    assert (tmp_path / "indsatser/a.md").read_text(encoding="utf-8") == "ny"

    (tmp_path / "data" / "blokeret").write_text("en fil, ikke en mappe", encoding="utf-8")
    events.clear()
    with pytest.raises(OSError):
        write_outputs(
            tmp_path, plan_outputs([("indsatser/a.md", "nyere"), ("data/blokeret/z.json", "1")], OWNED), OWNED
        )
    assert "omdøb" not in events  # it failed before anything was renamed into place
    assert (tmp_path / "indsatser/a.md").read_text(encoding="utf-8") == "ny"
    assert not list(tmp_path.parent.glob(f".{tmp_path.name}.skrives-*"))  # the staging folder is gone
    assert not [p for p in tmp_path.rglob(".*") if p.is_file()]
