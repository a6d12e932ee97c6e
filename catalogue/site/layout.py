"""Every address and file name of the site, in one place: the pages, the PDF, the exports, the linked data and
the preview ask here where a thing lives, so a folder is renamed by one edit.

Paths are relative to docs/ (what the generator writes: `….md`, data files); URLs are the addresses the built
site serves them at, relative to the site's root (`indsatser/<id>/`), or absolute under the publisher's URL.
"""

from __future__ import annotations

# Folders and pages the generator owns under docs/ (it git-ignores them and may empty them); hand-written
# pages live beside them.
RECORDS_DIR = "indsatser"
# The vocabulary lists with an overview and a page per term: list → folder. (Their titles are the vocabulary's:
# each facet's `heading`.)
OVERVIEWS = {
    "age_bands": "aldersgrupper",
    "problem_areas": "problemer",
    "mechanisms": "mekanismer",
    "themes": "temaer",
    "staircase_steps": "indsatstrappen",
}
EVIDENCE_DIR = "evidens"
ABOUT_DIR = "om"
DATA_DIR = "data"
CATALOGUE_DIR = "katalog"
HOME = "index.md"
OPEN_DATA = "aabne-data.md"
ACCESSIBILITY = f"{ABOUT_DIR}/tilgaengelighed.md"
# The printed catalogue, written by `python build.py` and `python build.py pdf` only.
PDF_NAME = "katalog.pdf"

GENERATED = (
    HOME,
    RECORDS_DIR,
    *OVERVIEWS.values(),
    EVIDENCE_DIR,
    ABOUT_DIR,
    OPEN_DATA,
    DATA_DIR,
    CATALOGUE_DIR,
    PDF_NAME,
)

# The open data (data/).
JSON = f"{DATA_DIR}/interventions.json"
CSV = f"{DATA_DIR}/interventions.csv"
EXCEL = f"{DATA_DIR}/indsatser-excel.csv"
SCHEMA = f"{DATA_DIR}/schema.json"
DCAT = f"{DATA_DIR}/dcat.jsonld"
# What the last generation read and wrote (output/fingerprint.py).
FINGERPRINT = f"{DATA_DIR}/.fingerprint.json"

# The catalogue page (katalog/): its pages, its index, the search's shards, the compare view's details.
CATALOGUE_INDEX = f"{CATALOGUE_DIR}/indeks.json"
SEARCH_DIR = f"{CATALOGUE_DIR}/soeg"
FOLDED_DIR = f"{SEARCH_DIR}/foldet"  # the shards of words typed without æ, ø, å
DETAILS_DIR = f"{CATALOGUE_DIR}/detaljer"
TEXTS_DIR = f"{CATALOGUE_DIR}/tekst"  # the text a card's "Fundet i" quotes, one file per record
MATRIX = f"{CATALOGUE_DIR}/oversigt.md"
COMPARE = f"{CATALOGUE_DIR}/sammenlign.md"


def record_page(record_id: str) -> str:
    return f"{RECORDS_DIR}/{record_id}.md"


def url(page: str) -> str:
    """Where the site serves a generated page (MkDocs' directory URLs): `a/b.md` → `a/b/`, `a/index.md` → `a/`."""
    stem = page.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def record_url(record_id: str) -> str:
    return url(record_page(record_id))


def record_address(base: str, record_id: str) -> str | None:
    """The record's page on the web under the site's address (mkdocs.yml: extra.publisher.url), if it has one."""
    return f"{base.rstrip('/')}/{record_url(record_id)}" if base else None


def address(base: str, path: str) -> str | None:
    """A published file's address on the web, if the site has one."""
    return f"{base.rstrip('/')}/{path}" if base else None


def index_page(folder: str) -> str:
    return f"{folder}/index.md"


def term_page(list_name: str, term_id: object) -> str:
    return f"{OVERVIEWS[list_name]}/{term_id}.md"


def term_url(list_name: str, term_id: object) -> str:
    return f"{OVERVIEWS[list_name]}/{term_id}/"


def in_catalogue(path: str) -> str:
    """A path of the catalogue's folder as its own pages address it (`katalog/indeks.json` → `indeks.json`)."""
    return path.removeprefix(f"{CATALOGUE_DIR}/")


def catalogue_page(number: int) -> str:
    """The catalogue's static pages of cards (reading without JavaScript): index.md, side-2.md, …"""
    return f"{CATALOGUE_DIR}/{'index' if number == 1 else f'side-{number}'}.md"


def record_text(record_id: str) -> str:
    return f"{TEXTS_DIR}/{record_id}.json"


def details(number: int) -> str:
    return f"{DETAILS_DIR}/{number}.json"
