"""The second processor of a whole build (catalogue/parallel.py): the child's result comes back whole, its
failure is raised here, an interrupted build leaves no child behind, and the pages are the same bytes with
and without it."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from benchmarks.synthetic import write_records
from catalogue import build, parallel

from .conftest import checked

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is Linux/Unix only")


def test_the_childs_result_comes_back_whole() -> None:
    text = "æøå " * 200_000  # more than a pipe holds at once
    assert parallel.Child(lambda: [("side.md", text)]).result() == [("side.md", text)]


def test_a_failure_in_the_child_is_raised_with_its_traceback() -> None:
    def fails() -> None:
        raise ValueError("skabelonen mangler")

    with pytest.raises(parallel.ChildFailed, match="skabelonen mangler") as raised:
        parallel.Child(fails).result()
    assert "Traceback" in str(raised.value)


def test_leaving_early_stops_the_child() -> None:
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt), parallel.beside(lambda: time.sleep(60)) as child:
        raise KeyboardInterrupt
    assert time.monotonic() - started < 10
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left running
        os.kill(child._pid, 0)


def test_a_whole_build_renders_the_same_files_with_and_without_a_second_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = tmp_path / "records"
    write_records(build.PARALLEL_FROM, records)
    result = checked(records, tmp_path, edition=dt.date(2026, 11, 1))
    project, catalogue = result.dated, result.valid
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    forked = []
    original = parallel.Child.__init__

    def counting(self: parallel.Child, compute) -> None:  # noqa: ANN001
        forked.append(True)
        original(self, compute)

    monkeypatch.setattr(parallel.Child, "__init__", counting)
    together = build.render_all(project, catalogue)
    assert forked, "the whole build did not use the second process"
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    alone = build.render_all(project, catalogue)
    assert len(forked) == 1
    assert list(together) == list(alone)
    assert together == alone


def test_checking_in_two_processes_finds_the_same_records_and_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = tmp_path / "records"
    write_records(build.PARALLEL_FROM + 1, records)
    files = sorted(records.glob("*.yaml"))
    files[3].write_text(files[3].read_text(encoding="utf-8") + "\nnavn: [\n", encoding="utf-8")  # syntax
    text = files[8].read_text(encoding="utf-8")
    files[8].write_text(text.replace("\nkind: ", "\nkind: ukendt-", 1), encoding="utf-8")  # schema
    (records / "Forkert navn.yaml").write_text("id: x\n", encoding="utf-8")  # not a record's file name

    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    together = checked(records, tmp_path)
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    alone = checked(records, tmp_path)
    assert together.catalogue is None and alone.catalogue is None
    assert len(together.problems) >= 3
    assert sorted(together.problems) == sorted(alone.problems)
    assert [s.data for s in together.sources] == [s.data for s in alone.sources]
    assert [s.display for s in together.sources] == [s.display for s in alone.sources]
    assert together.count == alone.count

    files[3].write_text(files[3].read_text(encoding="utf-8").replace("\nnavn: [\n", "\n"), encoding="utf-8")
    files[8].write_text(text, encoding="utf-8")
    (records / "Forkert navn.yaml").unlink()
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    together_valid = checked(records, tmp_path).valid
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    alone_valid = checked(records, tmp_path).valid
    assert [e.data for e in together_valid.entries] == [e.data for e in alone_valid.entries]
    assert len(together_valid.entries) == build.PARALLEL_FROM + 1
