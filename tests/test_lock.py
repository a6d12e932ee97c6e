"""The lock files in requirements/ agree with pyproject.toml's bounds: every dependency is pinned, to a
version the bounds allow, with hashes; the site's lock holds no test tooling. Regenerate with `make lock`."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from catalogue import paths

PYPROJECT = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SITE_LOCK = paths.ROOT / "requirements" / "site.txt"
TEST_LOCK = paths.ROOT / "requirements" / "test.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
TEST_ONLY = {"pytest", "playwright", "ruff", "pre-commit", "mypy", "axe-playwright-python", "pypdf"}


def pins(lock: Path) -> dict[str, list[Version]]:
    """Package → pinned versions (a universal lock may pin two versions under different markers)."""
    found: dict[str, list[Version]] = {}
    for match in map(PIN.match, lock.read_text(encoding="utf-8").splitlines()):
        if match:
            found.setdefault(canonicalize_name(match[1]), []).append(Version(match[2]))
    return found


def requirements(*groups: str) -> list[Requirement]:
    project = PYPROJECT["project"]
    listed = list(project["dependencies"])
    for group in groups:
        listed += project["optional-dependencies"][group]
    return [Requirement(text) for text in listed]


def stale(wanted: list[Requirement], pinned: dict[str, list[Version]]) -> list[str]:
    problems = []
    for requirement in wanted:
        versions = pinned.get(canonicalize_name(requirement.name))
        if not versions:
            problems.append(f"{requirement.name} mangler")
        elif not all(requirement.specifier.contains(v, prereleases=True) for v in versions):
            problems.append(f"{requirement.name} {', '.join(map(str, versions))} er uden for {requirement.specifier}")
    return problems


@pytest.mark.parametrize(("lock", "groups"), [(SITE_LOCK, ()), (TEST_LOCK, ("test",))], ids=["site", "test"])
def test_lock_file_pins_every_dependency_within_its_bounds(lock: Path, groups: tuple[str, ...]) -> None:
    assert stale(requirements(*groups), pins(lock)) == [], f"{lock.name} er forældet; kør: make lock"


def test_every_pin_has_hashes() -> None:
    for lock in (SITE_LOCK, TEST_LOCK):
        entries = re.split(r"\n(?=[A-Za-z0-9])", lock.read_text(encoding="utf-8").split("\n", 2)[2])
        unhashed = [e.split()[0] for e in entries if e.strip() and "--hash=sha256:" not in e]
        assert unhashed == [], f"{lock.name}: uden hash: {unhashed}"


def test_site_lock_holds_no_test_tooling_and_agrees_with_the_test_lock() -> None:
    site, test = pins(SITE_LOCK), pins(TEST_LOCK)
    assert TEST_ONLY & set(site) == set()
    assert set(test) >= TEST_ONLY
    assert {name: versions for name, versions in site.items() if test.get(name) != versions} == {}


def test_the_staleness_check_can_fail() -> None:
    """The check above would catch a bound the lock no longer meets and a dependency it lacks."""
    pinned = {"jinja2": [Version("3.1.6")]}
    wanted = [Requirement("jinja2>=4"), Requirement("pikepdf>=9")]
    assert stale(wanted, pinned) == ["jinja2 3.1.6 er uden for >=4", "pikepdf mangler"]
