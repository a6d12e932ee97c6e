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

import snowballstemmer

from catalogue.records import ages
from catalogue.records.citations import strip as strip_citations
from catalogue.records.facets import facets, values
from catalogue.records.model import Catalogue, Entry
from catalogue.site.pages import render
from catalogue.text import age_range, danish_number

FOLDER = "katalog"
PAGE_SIZE = 100
SUMMARY_LINE = 160
# Common Danish words that would otherwise sit in every record's index (Snowball's Danish list, shortened).
STOPWORDS = frozenset(
    """ad af alle alt anden at blev blive bliver da de dem den denne der deres det dette dig din disse dog du
    efter eller en end er et for fra ham han hans har havde have hende hendes her hos hun hvad hvis hvor i ikke
    ind jeg jer jo kan kunne man mange med meget men mig min mine mit mod ned noget nogle nu når og også om op
    os over på selv sig sin sine sit skal skulle som sådan thi til ud under var vi vil ville vor være været""".split()  # noqa: SIM905
)

_COMBINING = re.compile(r"[\u0300-\u036f]")
_SPLIT = re.compile(r"[^a-z0-9æøå]+")


def normalise(text: str) -> str:
    """Lower case; æ, ø, å kept (ä, ö read as æ, ø); other accents dropped (é → e)."""
    text = unicodedata.normalize("NFD", text.lower())
    text = text.replace("a\u030a", "å").replace("a\u0308", "æ").replace("o\u0308", "ø")
    return _COMBINING.sub("", text)


_STEMMER = snowballstemmer.stemmer("danish")


@cache  # a catalogue repeats its words: stem each once
def stem(word: str) -> str:
    """The reference Snowball Danish stemmer: "forældrene" → "forældr", "familierne" → "famili"."""
    return _STEMMER.stemWord(word)


def words(text: str) -> list[str]:
    """The searchable words of a text: normalised, two letters or more, no stop words."""
    return [w for w in _SPLIT.split(normalise(text)) if len(w) >= 2 and w not in STOPWORDS]


def search_text(entry: Entry) -> str:
    """What the search box matches: name, summary, target group, activities, mechanisms, the problem areas
    and the legal basis (so "§ 32" and "barnets lov" are found); citations are left out."""
    d = entry.data
    parts = [entry.title, d["summary"], d["target_group"], *d["activities"]]
    for term, explanation in entry.mechanisms:
        parts += [term.label, explanation]
    for area, _, _ in entry.problem_areas:
        parts.append(area.label)
    for law in d.get("legal_basis", []):
        parts.append(law["reference"])
    return strip_citations("\n".join(parts))


def summary_line(text: str, limit: int = SUMMARY_LINE) -> str:
    """The summary's first sentence, cut at a word before `limit` characters."""
    text = " ".join(text.split())
    match = re.search(r"[.!?](\s|$)", text)
    line = text[: match.start() + 1] if match else text
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"


def build_index(catalogue: Catalogue) -> dict[str, Any]:
    """The page's index: the filters (vocabulary.yaml: facets) with their terms, the row layout, and one row
    per record in the catalogue's name order. The script learns the filters and the layout from here.

    Row: [id, title, age from (months), age to (months, not included), age as text, summary line, then one
    list of term positions per filter, in the order of `f`]. Ages follow catalogue/records/ages.py.
    """
    vocabulary = catalogue.vocabulary
    filters = facets(vocabulary)
    position: dict[str, dict[Any, int]] = {}
    described = []
    for facet in filters:
        terms = list(vocabulary.lists[facet.vocabulary].values())
        position[facet.id] = {t.id: i for i, t in enumerate(terms)}
        rows = []
        for t in terms:
            row: list[Any] = [t.id, f"Trin {t.id}: {t.label}" if facet.id == "step" else t.label]
            if facet.vocabulary == "evidence_levels":
                row.append(t.rank)
            rows.append(row)
        described.append({"id": facet.id, "label": facet.label, "t": rows})
    records = []
    for entry in catalogue.entries:
        low, high = ages.span(entry.data["target_age"])
        row = [entry.id, entry.title, low, high, str(age_range(entry.data["target_age"])), _summary(entry)]
        row += [[position[f.id][v] for v in values(entry, f)] for f in filters]
        records.append(row)
    layout = {"id": 0, "title": 1, "from": 2, "to": 3, "age": 4, "summary": 5, "facets": 6}
    return {"f": described, "l": layout, "s": sorted(STOPWORDS), "r": records}


def _summary(entry: Entry) -> str:
    kind = "" if entry.is_intervention else "Organisatorisk tiltag. "
    return kind + summary_line(strip_citations(entry.data["summary"]))


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
    """The compare view's facts for one record, as display text (citations left out): what a leader needs
    for a decision."""
    d = entry.data
    delivery, impl = d["delivery"], d["implementation"]
    plain = strip_citations
    costs = [
        f"{c['item']}: {danish_number(c['amount'])} kr. {entry.vocabulary.cost_units[c['per']].label} ({c['year']})"
        for c in impl.get("costs", [])
    ]
    return {
        "id": entry.id,
        "title": entry.title,
        "age": str(age_range(d["target_age"])),
        "kind": entry.kind.label,
        "problems": [f"{area.label}: {finding.label.lower()}" for area, finding, _ in entry.problem_areas],
        "format": entry.format.label,
        "duration": plain(delivery.get("duration", "")),
        "sessions": plain(delivery.get("sessions", "")),
        "delivered_by": plain(impl["delivered_by"]),
        "training": plain(" ".join(filter(None, (impl["training"], impl.get("certification", ""))))),
        "provider": impl.get("provider", {}).get("name", ""),
        "costs": costs,
        "cost_note": plain(impl["cost_note"]),
        "danish_use": summary_line(plain(d["danish_context"]), 300),
        "step": f"Trin {entry.step.id}: {entry.step.label}" if entry.step else "Virker på tværs af trappen",
        "legal_basis": [law["reference"] for law in d.get("legal_basis", [])],
        "mechanisms": [term.label for term, _ in entry.mechanisms],
        "evidence": entry.evidence.label,
        "evidence_line": summary_line(plain(d["evidence"]["summary"]), 240),
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
    filters = [(f.id, f.label, list(vocabulary.lists[f.vocabulary].values())) for f in facets(vocabulary)]
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
                facets=filters,
                summary_line=lambda text: summary_line(strip_citations(text)),
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
                ("problem", "Hvad indsatserne skal hjælpe med", matrix(catalogue, "problem_areas")),
                ("theme", "Temaer", matrix(catalogue, "themes")),
                ("mechanism", "Virksomme mekanismer", matrix(catalogue, "mechanisms")),
            ],
        ),
    )
    yield f"{FOLDER}/sammenlign.md", render("site/katalog/compare.md.j2")


def all_words(entries: Iterable[Entry]) -> set[str]:
    """Every searchable word of the records (for checking the script's stemmer against this one)."""
    return {w for e in entries for w in words(search_text(e))}
