"""Editors look at a pull request's site from the workflow's artefact: what the workflow uploads holds a guide
with a one-line server command, CONTRIBUTING says exactly that, and the command serves the site as built."""

from __future__ import annotations

import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import yaml

from catalogue import paths

from .conftest import BuiltSite

WORKFLOW = paths.ROOT / ".github" / "workflows" / "pull-request.yml"


def _steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps: list[dict[str, Any]] = workflow["jobs"]["check"]["steps"]
    return steps


def _artefact() -> tuple[str, str, Path, str]:
    """(artefact name, uploaded folder, the guide's source file, its name in the artefact), from the workflow."""
    steps = _steps()
    upload = next(i for i, s in enumerate(steps) if str(s.get("uses", "")).startswith("actions/upload-artifact"))
    name, folder = steps[upload]["with"]["name"], steps[upload]["with"]["path"].rstrip("/")
    build = next(s["run"] for s in steps[:upload] if "build.py site" in str(s.get("run", "")))
    assert f"--out {folder}" in build  # the folder uploaded is the one built
    copies = [shlex.split(s["run"]) for s in steps[:upload] if str(s.get("run", "")).startswith("cp ")]
    guide = next(c for c in copies if c[2].startswith(folder + "/"))
    return name, folder, paths.ROOT / guide[1], guide[2].removeprefix(folder + "/")


def _command(guide: str) -> str:
    commands = re.findall(r"^\s*(python3 -m http\.server .*)$", guide, re.MULTILINE)
    assert len(commands) == 1, guide
    return commands[0].strip()


def test_contributing_says_what_the_artefact_holds() -> None:
    name, _, source, inside = _artefact()
    guide = source.read_text(encoding="utf-8")
    command = _command(guide)
    contributing = (paths.ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = contributing[contributing.index("**Når pull requestet er oprettet**") :]
    section = section[: section.index("\n## ")]
    assert f"artefaktet `{name}`" in section and f"`{inside}`" in section
    assert f"```sh\n{command}\n```" in section  # the very command, as the guide gives it
    assert "http://127.0.0.1:8000/" in section and "http://127.0.0.1:8000/" in guide
    assert "åbn `index.html`." not in section  # the advice that did not work


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_the_guides_command_serves_the_artefact(real_site: BuiltSite, tmp_path: Path) -> None:
    """The artefact as the workflow makes it (the built site and the guide copied in), unpacked, and served
    with the guide's command (on a free port instead of 8000): the front page, a record and the catalogue's
    data load."""
    _, _, source, inside = _artefact()
    unpacked = tmp_path / "website"
    shutil.copytree(real_site.out, unpacked)
    shutil.copy(source, unpacked / inside)
    port = _free_port()
    argv = shlex.split(_command(source.read_text(encoding="utf-8")).replace("8000", str(port)))
    assert argv[:3] == ["python3", "-m", "http.server"]
    server = subprocess.Popen(
        [sys.executable, *argv[1:]], cwd=unpacked, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.05)
        for path in ("/", "/katalog/", "/katalog/indeks.json", "/indsatser/marte-meo/", f"/{inside}"):
            with urllib.request.urlopen(base + path, timeout=5) as response:
                assert response.status == 200, path
                body = response.read()
                assert b"Index of" not in body[:500], path  # a page, not a folder listing
    finally:
        server.terminate()
        server.wait(timeout=10)
