"""Outputs never destroy anything: the build replaces only folders it built itself and refuses everything
else, before touching anything, with one Danish sentence and exit 2.

Every case runs in a throw-away copy of the project (paths.ROOT points at it), so a regression harms only a
temporary folder."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from catalogue import paths
from catalogue.cli import main
from catalogue.output.safety import MARKER

from .conftest import FIXTURES, copy_site_skeleton

# The checkout this test runs from; the fixture below points paths.ROOT at a throw-away copy.
REPO = paths.ROOT
SITE_HINT = "vælg en ny eller tom mappe til websitet, fx --out site"
PDF_HINT = "vælg et nyt filnavn uden for projektets mapper med indsatser og sider, fx --out mit-katalog.pdf"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project's skeleton with two records, as the project root, and the working folder."""
    root = tmp_path / "projekt"
    copy_site_skeleton(root)
    (root / "interventions").mkdir()
    for file in FIXTURES.glob("*.yaml"):
        shutil.copy(file, root / "interventions" / file.name)
    (root / "docs" / "om.md").write_text("# Om\n\nHåndskrevet side.\n", encoding="utf-8")
    shutil.copy(paths.ROOT / "pyproject.toml", root / "pyproject.toml")
    monkeypatch.setattr(paths, "ROOT", root)
    monkeypatch.setattr(paths, "RECORDS", root / "interventions")
    monkeypatch.setattr(paths, "SITE", root / "site")
    monkeypatch.chdir(root)
    return root


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(folder.rglob("*"))
    }


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--records", "interventions", "--config", "mkdocs.yml", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("out", "message"),
    [
        (".", f"--out . er eller indeholder projektet; {SITE_HINT}"),
        ("..", f"--out .. er eller indeholder projektet; {SITE_HINT}"),
        ("/", f"--out / er roden af filsystemet; {SITE_HINT}"),
        ("interventions", f"--out interventions er eller indeholder mappen med indsatser; {SITE_HINT}"),
        ("docs", f"--out docs er eller indeholder mappen med websitets sider (docs); {SITE_HINT}"),
        ("docs/udgivet", f"--out docs/udgivet ligger i mappen med websitets sider (docs); {SITE_HINT}"),
        ("interventions/site", f"--out interventions/site ligger i mappen med indsatser; {SITE_HINT}"),
        ("mkdocs.yml", f"--out mkdocs.yml er en fil og ikke en mappe; {SITE_HINT}"),
    ],
)
@pytest.mark.parametrize("command", ["site", None], ids=["site", "all"])
def test_refused_outputs_touch_nothing(
    project: Path, capsys: pytest.CaptureFixture[str], out: str, message: str, command: str | None
) -> None:
    before = tree(project.parent)
    code, stdout, stderr = run(capsys, *([command] if command else []), "--out", out)
    assert (code, stdout, stderr) == (2, "", f"build.py: {message}\n")
    assert tree(project.parent) == before


def test_a_folder_of_the_users_is_refused_and_kept(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = project.parent / "mine"
    mine.mkdir()
    (mine / "vigtigt.txt").write_text("min tekst", encoding="utf-8")
    code, _, stderr = run(capsys, "site", "--out", str(mine))
    assert code == 2
    assert stderr == (
        f"build.py: --out {mine} er ikke tom og er ikke et website, som build.py har bygget; {SITE_HINT} "
        "(build.py erstatter kun sine egne websites)\n"
    )
    assert (mine / "vigtigt.txt").read_text(encoding="utf-8") == "min tekst"


def test_a_symbolic_link_as_output_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = project.parent / "et-sted"
    target.mkdir()
    (project.parent / "link").symlink_to(target)
    code, _, stderr = run(capsys, "site", "--out", str(project.parent / "link"))
    assert code == 2 and "er et symbolsk link" in stderr


def test_own_site_is_replaced_and_marked_and_an_empty_folder_is_used(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = project.parent / "tom"
    empty.mkdir()
    assert run(capsys, "site", "--out", str(empty))[0] == 0
    assert (empty / MARKER).is_file() and (empty / "index.html").is_file()
    (empty / "gammel-side.html").write_text("fra sidste bygning", encoding="utf-8")
    assert run(capsys, "site", "--out", str(empty))[0] == 0
    assert not (empty / "gammel-side.html").exists()
    assert not [p for p in project.parent.iterdir() if p.name.startswith(".tom.")]


def test_leftovers_of_an_interrupted_build_are_removed_only_when_ours(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ours = project.parent / ".site.new-4242"
    ours.mkdir()
    (ours / MARKER).write_text((project / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (ours / "noget.txt").write_text("ikke vores", encoding="utf-8")
    assert run(capsys, "site", "--out", str(project.parent / "site"))[0] == 0
    # A folder with content and a marker of the wrong content is not ours: it stays.
    assert ours.exists()
    from catalogue.output.safety import MARKER_TEXT

    (ours / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    old = project.parent / ".site.old-4243"
    shutil.copytree(ours, old)
    assert run(capsys, "site", "--out", str(project.parent / "site"))[0] == 0
    assert not ours.exists() and not old.exists()


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("interventions/x.yaml", f"--out interventions/x.yaml ligger i mappen med indsatser; {PDF_HINT}"),
        ("docs/udvalg.pdf", f"--out docs/udvalg.pdf ligger i mappen med websitets sider (docs); {PDF_HINT}"),
        ("udvalg.txt", f"--out udvalg.txt skal være en .pdf-fil; {PDF_HINT}"),
        ("docs", f"--out docs er eller indeholder mappen med websitets sider (docs); {PDF_HINT}"),
    ],
)
def test_pdf_out_refused(project: Path, capsys: pytest.CaptureFixture[str], out: str, message: str) -> None:
    before = tree(project)
    code, stdout, stderr = run(capsys, "pdf", "--age", "4", "--out", out)
    assert (code, stdout, stderr) == (2, "", f"build.py: {message}\n")
    assert tree(project) == before


def test_pdf_never_overwrites_a_file_it_did_not_make(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    theirs = project.parent / "rapport.pdf"
    theirs.write_bytes(b"%PDF-1.7 en andens rapport")
    code, _, stderr = run(capsys, "pdf", "--out", str(theirs), "--kind", "indsats")
    assert code == 2
    assert stderr == (
        f"build.py: --out {theirs} findes allerede og er ikke en PDF, som build.py har lavet; {PDF_HINT}\n"
    )
    assert theirs.read_bytes() == b"%PDF-1.7 en andens rapport"
    ours = project.parent / "udvalg.pdf"
    assert run(capsys, "pdf", "--out", str(ours), "--kind", "indsats")[0] == 0
    first = ours.read_bytes()
    assert run(capsys, "pdf", "--out", str(ours), "--kind", "indsats")[0] == 0  # its own: replaced
    assert ours.read_bytes() == first


def _build_process(root: Path, out: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    code = (
        "import sys; from pathlib import Path; from catalogue import paths; "
        f"paths.ROOT = Path({str(root)!r}); paths.RECORDS = paths.ROOT / 'interventions'; "
        "from catalogue.cli import main; "
        f"sys.exit(main(['--records', 'interventions', '--config', 'mkdocs.yml', 'site', '--out', {str(out)!r}]))"
    )
    return subprocess.Popen([sys.executable, "-c", code], cwd=root, env=env, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "sigkill"])
def test_an_interrupted_build_leaves_the_previous_site_whole(project: Path, how: signal.Signals) -> None:
    out = project.parent / "site"
    first = _build_process(project, out)
    assert first.wait(timeout=120) == 0, first.stderr.read() if first.stderr else ""
    before = tree(out)
    (project / "interventions" / "eksempel.yaml").write_text(
        (project / "interventions" / "eksempel.yaml").read_text(encoding="utf-8").replace("Tre måneder", "Fem"),
        encoding="utf-8",
    )
    process = _build_process(project, out)
    # Interrupt while the engine runs (the staging folder exists), or as late as it comes.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(project.parent.glob(".site.new-*")):
        time.sleep(0.01)
    process.send_signal(how)
    process.wait(timeout=60)
    stderr = process.stderr.read() if process.stderr else ""
    assert "Traceback" not in stderr
    if how == signal.SIGINT and process.returncode == 130:
        assert "Afbrudt" in stderr
    assert tree(out) == before or (out / MARKER).is_file() and (out / "index.html").is_file()
    # The next build clears whatever the interrupted one left behind.
    again = _build_process(project, out)
    assert again.wait(timeout=120) == 0
    assert not [p for p in project.parent.iterdir() if p.name.startswith(".site.")]
