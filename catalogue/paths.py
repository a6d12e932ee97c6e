"""Where the project's inputs live, relative to the repository root."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "interventions"
VOCABULARY = ROOT / "vocabulary" / "vocabulary.yaml"
SCHEMA = ROOT / "schema" / "intervention.schema.json"
TEMPLATES = ROOT / "templates"
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
SITE = ROOT / "site"
