"""`python build.py new "Navn"`: a new record from templates/editors/scaffold/, with every field and a Danish hint.

Every value the editor must write is a placeholder ("UDFYLD: …"), so a fresh record fails `check` with one
message per field until it is filled in (see placeholders.py).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
import unicodedata
from pathlib import Path

import jinja2

from catalogue.project import Project
from catalogue.records.load import display_path
from catalogue.records.vocabulary import Vocabulary

TEMPLATE = "editors/scaffold/intervention.yaml.j2"
MAX_ID = 80  # the schema's maxLength for id
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


class ScaffoldError(Exception):
    pass


def slugify(name: str) -> str:
    """'De Utrolige År – Baby' → 'de-utrolige-aar-baby': æ→ae, ø→oe, å→aa, other accents stripped."""
    text = name.casefold().translate(_DANISH)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > MAX_ID:
        slug = slug[:MAX_ID].rsplit("-", 1)[0] if "-" in slug[:MAX_ID] else slug[:MAX_ID]
    return slug


def _yaml(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: safe for any text, colons and quotes included.
    return json.dumps(value, ensure_ascii=False)


def _comment(value: str) -> str:
    return " ".join(str(value).split())


def scaffold_text(
    name: str, record_id: str, vocabulary: Vocabulary, templates: Path, today: dt.date | None = None
) -> str:

    def vocabulary_terms(list_name: str, indent: str) -> str:
        terms = ", ".join(f"{term.id} ({term.label})" for term in vocabulary.lists[list_name].values())
        lines = textwrap.wrap(f"Tilladt: {terms}", width=110 - len(indent), break_on_hyphens=False)
        return f"\n{indent}#   ".join(lines)

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(yaml=_yaml, comment=_comment)
    return env.get_template(TEMPLATE).render(
        id=record_id,
        name=" ".join(name.split()),
        today=(today or dt.date.today()).isoformat(),
        vocabulary_terms=vocabulary_terms,
    )


def new_record(project: Project, name: str, record_id: str | None = None) -> Path:
    """Write <records>/<slug>.yaml; refuses to overwrite an existing record."""
    records_dir = project.records
    if not name.strip():
        raise ScaffoldError('navnet er tomt; skriv indsatsens navn, fx python build.py new "De Utrolige År – Baby"')
    record_id = record_id or slugify(name)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", record_id):
        raise ScaffoldError(
            f"'{record_id}' kan ikke bruges som id; navnet skal indeholde bogstaver eller tal, "
            "eller angiv et id med --id (små bogstaver a-z, tal og bindestreger)"
        )
    if not records_dir.is_dir():
        raise ScaffoldError(f"mappen {records_dir} findes ikke")
    target = records_dir / f"{record_id}.yaml"
    try:
        with target.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(scaffold_text(name, record_id, project.vocabulary, project.templates))
    except FileExistsError:
        raise ScaffoldError(
            f"{display_path(target, Path.cwd())} findes allerede; ret den eksisterende indsats, eller vælg et andet id med --id"
        ) from None
    return target
