"""Golden tests: each tests/golden/<case>/ holds records and the exact files they must render to.

Regenerate after an intended change with `python -m pytest tests/test_golden.py --update-golden`,
then read the diff before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.build import check, render_all

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_rendered_files_match_golden(case: str, update_golden: bool) -> None:
    folder = GOLDEN / case
    result = check(folder / "interventions", folder)
    assert result.problems == []
    rendered = render_all(result.catalogue)
    expected_dir = folder / "expected"
    wanted = (folder / "files.txt").read_text(encoding="utf-8").split()
    for name in wanted:
        target = expected_dir / name
        if update_golden:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(rendered[name])
        assert rendered[name].decode("utf-8") == target.read_bytes().decode("utf-8"), name


def test_every_golden_case_lists_its_files() -> None:
    for case in CASES:
        assert (GOLDEN / case / "files.txt").read_text(encoding="utf-8").split(), case
