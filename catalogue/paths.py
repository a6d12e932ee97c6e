"""Where the project's inputs live, relative to the repository root."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "interventions"
VOCABULARY = ROOT / "vocabulary" / "vocabulary.yaml"
SCHEMA = ROOT / "schema" / "intervention.schema.json"
VOCABULARY_SCHEMA = ROOT / "schema" / "vocabulary.schema.json"
TEMPLATES = ROOT / "templates"
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
SITE = ROOT / "site"


def shown(path: Path) -> str:
    """A project file as a message names it: relative to the repository when it is inside it."""
    try:
        return path.resolve().relative_to(ROOT.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
