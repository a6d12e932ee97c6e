"""A generation with nothing changed renders nothing; any change to the inputs or to a generated file does."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue import build, paths
from catalogue.build import generate
from catalogue.project import Project
from catalogue.records.model import Catalogue

from .conftest import checked


def _checked(records: Path, config: Path) -> tuple[Project, Catalogue]:
    result = checked(records, config=config)
    return result.dated, result.valid


def test_nothing_changed_renders_nothing(records_dir: Path, skeleton: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = checked(records_dir, config=skeleton)
    first = generate(result.dated, result.valid)
    assert first.written

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("rendered although nothing changed")

    monkeypatch.setattr(build, "render_all", fail)
    second = generate(result.dated, result.valid)
    assert (second.written, second.removed, second.unchanged) == ([], [], len(first.written))


def test_a_changed_record_or_a_touched_output_renders_again(records_dir: Path, skeleton: Path) -> None:
    docs = skeleton.parent / "docs"
    generate(*_checked(records_dir, skeleton))
    page = docs / "indsatser" / "eksempel.md"
    original = page.read_bytes()
    page.write_bytes(b"edited by hand")
    repaired = generate(*_checked(records_dir, skeleton))
    assert repaired.written == ["indsatser/eksempel.md"]
    assert page.read_bytes() == original

    record = records_dir / "eksempel.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("Tre måneder", "Fire måneder"), encoding="utf-8")
    changed = generate(*_checked(records_dir, skeleton))
    assert "indsatser/eksempel.md" in changed.written
    assert "Fire måneder" in page.read_text(encoding="utf-8")


def test_every_module_of_the_generator_is_an_input() -> None:
    """A change to any module (not only the output stage's own folder) must make the generator render again."""
    from catalogue.output import fingerprint

    covered = {p.resolve() for p in fingerprint._files(fingerprint._PACKAGE)}
    for module in ("site/catalogue_page.py", "records/validate.py", "pdf/book.py", "text.py"):
        assert (paths.ROOT / "catalogue" / module).resolve() in covered, module
