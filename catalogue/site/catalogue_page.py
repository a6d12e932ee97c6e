"""The searchable catalogue (/katalog/): static pages for reading without JavaScript, and the compact data
files its script searches and filters.

Files, all under `katalog/` (the generator owns the folder):

- `index.md` and `side-N.md`: every record as a card, PAGE_SIZE cards a page, so the first page stays small
  at 10,000 records; the script replaces the list with live results.
- `indeks.json`: what the page needs before it shows results: the facet vocabularies and one short row per
  record (ids as list positions, vocabulary terms as small ints, a one-line summary).
- `soeg/<hex of a two-letter prefix>.json`: the full-text index, split by the first two letters of each
  token so a query fetches only the shards of its own words. Tokens are normalised and stemmed here with the
  same rules as `assets/katalog.js` uses on the query.
- `detaljer/<id>.json`: the compare view's facts for one record, fetched only for the records compared.
- `oversigt.md`: age bands against themes and mechanisms, each count a link to the filtered catalogue.
- `sammenlign.md`: the compare view.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from catalogue.records.filters import PARAMETERS
from catalogue.records.model import Catalogue, Entry
from catalogue.site.pages import render
from catalogue.text import age_range

FOLDER = "katalog"
PAGE_SIZE = 100
SUMMARY_LINE = 160
# Facets in the order of the page and the query string; value: the vocabulary list their ids come from.
# The same parameters as catalogue/records/filters.py, which the PDF's filters use.
FACETS = PARAMETERS
FACET_LABELS = {
    "band": "Aldersgruppe",
    "kind": "Type",
    "theme": "Tema",
    "mechanism": "Virksom mekanisme",
    "evidence": "Evidens",
    "setting": "Arena",
    "step": "Indsatstrappen",
}

# Common Danish words that would otherwise sit in every record's index (Snowball's Danish list, shortened).
STOPWORDS = frozenset(
    """ad af alle alt anden at blev blive bliver da de dem den denne der deres det dette dig din disse dog du
    efter eller en end er et for fra ham han hans har havde have hende hendes her hos hun hvad hvis hvor i ikke
    ind jeg jer jo kan kunne man mange med meget men mig min mine mit mod ned noget nogle nu når og også om op
    os over på selv sig sin sine sit skal skulle som sådan thi til ud under var vi vil ville vor være været""".split()  # noqa: SIM905
)

_COMBINING = re.compile(r"[\u0300-\u036f]")
_SPLIT = re.compile(r"[^a-z0-9æøå]+")
_VOWELS = frozenset("aeiouyæåø")
_S_ENDING = frozenset("abcdfghjklmnoprtvyzå")
_UNDOUBLE = frozenset("bdfgklmnprst")
_MAIN_SUFFIXES = sorted(
    """hed ethed ered e erede ende erende ene erne ere en heden eren er heder erer heds es endes erendes enes
    ernes eres ens hedens erens ers ets erets et eret""".split(),  # noqa: SIM905
    key=len,
    reverse=True,
)


def normalise(text: str) -> str:
    """Lower case; æ, ø, å kept (ä, ö read as æ, ø); other accents dropped (é → e)."""
    text = unicodedata.normalize("NFD", text.lower())
    text = text.replace("a\u030a", "å").replace("a\u0308", "æ").replace("o\u0308", "ø")
    return _COMBINING.sub("", text)


def _r1(word: str) -> int:
    for i in range(1, len(word)):
        if word[i - 1] in _VOWELS and word[i] not in _VOWELS:
            return max(i + 1, 3)
    return len(word)


def _consonant_pair(word: str, p1: int) -> str:
    if len(word) - 2 >= p1 and word[-2:] in ("gd", "dt", "gt", "kt"):
        return word[:-1]
    return word


@cache  # a catalogue repeats its words: stem each once
def stem(word: str) -> str:
    """The Snowball Danish stemmer: "forældrene" → "forældr", "familierne" → "famili"."""
    p1 = _r1(word)
    for suffix in _MAIN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= p1:
            word = word[: -len(suffix)]
            break
    else:
        if word.endswith("s") and len(word) - 1 >= p1 and len(word) > 1 and word[-2] in _S_ENDING:
            word = word[:-1]
    word = _consonant_pair(word, p1)
    if word.endswith("igst"):
        word = word[:-2]
    for suffix in ("elig", "lig", "els", "ig", "løst"):
        if word.endswith(suffix) and len(word) - len(suffix) >= p1:
            word = word[:-1] if suffix == "løst" else _consonant_pair(word[: -len(suffix)], p1)
            break
    if len(word) - 1 >= p1 and len(word) > 1 and word[-1] in _UNDOUBLE and word[-1] == word[-2]:
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    """The searchable words of a text: normalised, two letters or more, no stop words."""
    return [w for w in _SPLIT.split(normalise(text)) if len(w) >= 2 and w not in STOPWORDS]


def search_text(entry: Entry) -> str:
    """What the search box matches: name, summary, target group, activities and mechanisms."""
    d = entry.data
    parts = [entry.title, d["summary"], d["target_group"], *d["activities"]]
    for term, explanation in entry.mechanisms:
        parts += [term.label, explanation]
    return "\n".join(parts)


def summary_line(text: str, limit: int = SUMMARY_LINE) -> str:
    """The summary's first sentence, cut at a word before `limit` characters."""
    text = " ".join(text.split())
    match = re.search(r"[.!?](\s|$)", text)
    line = text[: match.start() + 1] if match else text
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"


def _facet_ids(entry: Entry) -> dict[str, list[Any]]:
    d = entry.data
    return {
        "band": [b.id for b in entry.bands],
        "kind": [d["kind"]],
        "theme": list(d["themes"]),
        "mechanism": [m["term"] for m in d["mechanisms"]],
        "evidence": [d["evidence"]["level"]],
        "setting": list(d["settings"]),
        "step": [d["staircase_step"]],
    }


def build_index(catalogue: Catalogue) -> dict[str, Any]:
    """The page's index: facet vocabularies and one row per record, in the catalogue's name order.

    Row: [id, title, min age, max age, kind, evidence, step, [themes], [mechanisms], [settings], summary line],
    vocabulary terms as positions in `f`. Age bands are not stored: the script derives them from the ages.
    """
    vocabulary = catalogue.vocabulary
    facets: dict[str, list[list[Any]]] = {}
    position: dict[str, dict[Any, int]] = {}
    for facet, list_name in FACETS.items():
        terms = list(vocabulary.lists[list_name].values())
        position[facet] = {t.id: i for i, t in enumerate(terms)}
        rows = []
        for t in terms:
            row: list[Any] = [t.id, t.label]
            if facet == "band":
                row += [t.min, t.max]
            elif facet == "evidence":
                row.append(t.rank)
            rows.append(row)
        facets[facet] = rows
    records = []
    for entry in catalogue.entries:
        d = entry.data
        records.append(
            [
                entry.id,
                entry.title,
                d["target_age"]["min"],
                d["target_age"]["max"],
                position["kind"][d["kind"]],
                position["evidence"][d["evidence"]["level"]],
                position["step"][d["staircase_step"]],
                [position["theme"][t] for t in d["themes"]],
                [position["mechanism"][m["term"]] for m in d["mechanisms"]],
                [position["setting"][s] for s in d["settings"]],
                summary_line(d["summary"]),
            ]
        )
    return {"f": facets, "s": sorted(STOPWORDS), "r": records}


def shard_key(token: str) -> str:
    return token[:2]


def shard_file(key: str) -> str:
    """File name of a shard: the hex of its prefix's UTF-8 bytes, so æ, ø, å stay out of URLs."""
    return key.encode("utf-8").hex() + ".json"


def build_search_shards(catalogue: Catalogue) -> dict[str, dict[str, Any]]:
    """The full-text index, split by token prefix: {prefix: {"t": [stems, sorted], "p": [[gaps], …]}}.

    Each stem's postings are record positions in `indeks.json`, stored as gaps from the previous one.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for number, entry in enumerate(catalogue.entries):
        for token in sorted({stem(w) for w in words(search_text(entry))}):
            postings[token].append(number)
    shards: dict[str, dict[str, Any]] = defaultdict(lambda: {"t": [], "p": []})
    for token in sorted(postings):
        shard = shards[shard_key(token)]
        shard["t"].append(token)
        numbers = postings[token]
        shard["p"].append([numbers[0], *(b - a for a, b in zip(numbers, numbers[1:], strict=False))])
    return dict(shards)


def detail(entry: Entry) -> dict[str, Any]:
    """The compare view's facts for one record, as display text."""
    d = entry.data
    delivery = d["delivery"]
    return {
        "id": entry.id,
        "title": entry.title,
        "age": str(age_range(d["target_age"])),
        "kind": entry.kind.label,
        "format": entry.format.label,
        "duration": delivery["duration"],
        "sessions": delivery.get("sessions", ""),
        "mechanisms": [term.label for term, _ in entry.mechanisms],
        "evidence": entry.evidence.label,
        "cost": d.get("cost", ""),
    }


def matrix(catalogue: Catalogue, list_name: str) -> list[tuple[Any, list[int]]]:
    """Rows of (term, counts per age band): how many records have the term and overlap the band."""
    bands = list(catalogue.vocabulary.age_bands)
    rows = []
    for term in catalogue.vocabulary.lists[list_name].values():
        counts = dict.fromkeys(bands, 0)
        for entry in catalogue.with_term(list_name, term.id):
            for band in entry.bands:
                counts[band.id] += 1
        rows.append((term, [counts[b] for b in bands]))
    return rows


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _pages(entries: list[Entry]) -> list[list[Entry]]:
    return [entries[i : i + PAGE_SIZE] for i in range(0, len(entries), PAGE_SIZE)] or [[]]


def render_catalogue(catalogue: Catalogue, pdf: object | None = None) -> Iterator[tuple[str, str]]:
    """Every file of the catalogue page, rendered with the pages' Jinja environment. `pdf` (a
    render.print.PdfDownload) is set when the build makes the printed catalogue, which the page links to."""
    vocabulary = catalogue.vocabulary
    facets = [(facet, FACET_LABELS[facet], list(vocabulary.lists[name].values())) for facet, name in FACETS.items()]
    pages = _pages(catalogue.entries)
    for number, entries in enumerate(pages, start=1):
        name = "index.md" if number == 1 else f"side-{number}.md"
        yield (
            f"{FOLDER}/{name}",
            render(
                "site/katalog/catalogue.md.j2",
                catalogue=catalogue,
                entries=entries,
                page=number,
                pages=len(pages),
                first=(number - 1) * PAGE_SIZE + 1,
                facets=facets,
                summary_line=summary_line,
                pdf=pdf if number == 1 else None,
            ),
        )
    yield f"{FOLDER}/indeks.json", _json(build_index(catalogue))
    for key, shard in build_search_shards(catalogue).items():
        yield f"{FOLDER}/soeg/{shard_file(key)}", _json(shard)
    for entry in catalogue.entries:
        yield f"{FOLDER}/detaljer/{entry.id}.json", _json(detail(entry))
    yield (
        f"{FOLDER}/oversigt.md",
        render(
            "site/katalog/matrix.md.j2",
            catalogue=catalogue,
            bands=list(vocabulary.age_bands.values()),
            tables=[
                ("theme", "Temaer", matrix(catalogue, "themes")),
                ("mechanism", "Virksomme mekanismer", matrix(catalogue, "mechanisms")),
            ],
        ),
    )
    yield f"{FOLDER}/sammenlign.md", render("site/katalog/compare.md.j2")


def all_words(entries: Iterable[Entry]) -> set[str]:
    """Every searchable word of the records (for checking the script's stemmer against this one)."""
    return {w for e in entries for w in words(search_text(e))}
