"""Skip rendering when nothing that shapes the output has changed since the last generation.

The generator writes `data/.fingerprint.json` with a digest of its inputs (records, templates, vocabulary,
schema, settings, the site's configuration, its own code, the edition date) and a
digest of every file it wrote. When the inputs digest matches and every file is still as written, the
generation step only reads and compares: at a thousand records that is ~20× less work than rendering.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from catalogue.project import Project
from catalogue.site import layout

FILE = layout.FINGERPRINT
# The whole generator: a change to any of its modules (records, site, pdf …) changes what it renders.
_PACKAGE = Path(__file__).resolve().parent.parent


def _digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=16).hexdigest()


def _files(base: Path) -> list[Path]:
    return sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def inputs_digest(project: Project, pdf: bool) -> str:
    digest = hashlib.blake2b(digest_size=16)
    records = project.records
    digest.update(f"pdf={pdf};epoch={project.epoch};records={records}".encode())
    sources = [
        *(_files(records) if records.is_dir() else []),
        *_files(project.templates),
        *_files(_PACKAGE),
        project.vocabulary_file,
        project.schema_file,
        project.pyproject,
        project.config,  # the publisher and the site's name are printed on the pages
    ]
    for file in sources:
        digest.update(str(file).encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def manifest(inputs: str, planned: dict[str, bytes]) -> bytes:
    outputs = {name: _digest(content) for name, content in sorted(planned.items())}
    return json.dumps({"inputs": inputs, "outputs": outputs}, indent=0, sort_keys=True).encode()


def unchanged(docs: Path, inputs: str) -> int | None:
    """The number of generated files when the inputs match the last generation and every file it wrote is
    still as written; else None."""
    try:
        stored = json.loads((docs / FILE).read_bytes())
        if stored.get("inputs") != inputs:
            return None
        for name, expected in stored["outputs"].items():
            if _digest((docs / name).read_bytes()) != expected:
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return len(stored["outputs"]) + 1
