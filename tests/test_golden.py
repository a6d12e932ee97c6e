"""Golden tests: each tests/golden/<case>/ holds records and the whole tree of files they must render to
(pages, the catalogue's index and search data, the open data), compared file by file.

Regenerate after an intended change with `python -m pytest tests/test_golden.py --update-golden` (or
`make golden`), then read the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from catalogue.build import render_all

from .conftest import checked

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())
# The edition date is the last commit's in a real build; the golden files must not change with every commit.
EDITION = dt.date(2026, 11, 26)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", CASES)
def test_the_whole_rendered_tree_matches_golden(case: str, update_golden: bool) -> None:
    folder = GOLDEN / case
    result = checked(folder / "interventions", folder, edition=EDITION)
    assert result.problems == []
    rendered = render_all(result.dated, result.valid)
    expected_dir = folder / "expected"
    if update_golden:  # the expected/ folder is the test's own: it is made to hold exactly the rendered tree
        for name in _tree(expected_dir).keys() - rendered.keys():
            (expected_dir / name).unlink()
        for name, content in rendered.items():
            (expected_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / name).write_bytes(content)
    expected = _tree(expected_dir)
    assert sorted(expected.keys() - rendered.keys()) == [], "filer i golden, som ikke længere bliver lavet"
    assert sorted(rendered.keys() - expected.keys()) == [], "nye filer, som golden ikke har"
    for name, content in rendered.items():
        assert content.decode("utf-8") == expected[name].decode("utf-8"), name


def test_golden_cases_cover_every_kind_of_output() -> None:
    """Each case's tree holds record pages, lists, the catalogue's data and the open data."""
    for case in CASES:
        names = _tree(GOLDEN / case / "expected").keys()
        for prefix in ("indsatser/", "mekanismer/", "katalog/indeks.json", "katalog/soeg/", "data/interventions.json"):
            assert any(n.startswith(prefix) for n in names), (case, prefix)
