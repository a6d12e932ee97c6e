"""The searchable catalogue (/katalog/): static pages for reading without JavaScript, and the compact data
files its script searches and filters.

Files, all under `katalog/` (the generator owns the folder):

- `index.md` and `side-N.md`: every record as a card, PAGE_SIZE cards a page, so the first page stays small
  at 10,000 records; the script replaces the list with live results.
- `indeks.json`: what the page needs before it shows results, column by column (see `build_index`): ids,
  titles, ages, one-line summaries and each record's filter terms as small bit sets.
- `soeg/<hex of a two-letter prefix>.json`: the full-text index, split by the first two letters of each
  token so a query fetches only the shards of its own words. Tokens are normalised and stemmed here with the
  same rules as `assets/katalog.js` uses on the query. Each posting says in which fields (FIELDS) the record
  has the word, so the script can rank (name above description above the rest) and say why a card matched.
  `soeg/foldet/` holds the folded tokens (below) the same way.
- `detaljer/<n>.json`: the compare view's facts, {id: facts}, DETAILS_PER_FILE records a file on average;
  a record is in file `detail_file(id)` (FNV-1a of its id, as `assets/sammenlign.js` computes it), so the
  view fetches only the files of the records compared, and a catalogue of 10,000 records has a hundred-odd
  files there instead of 10,000 (the engine checks and copies every file on every build).
- `oversigt.md`: age bands against themes and mechanisms, each count a link to the filtered catalogue.
- `sammenlign.md`: the compare view (its script is `assets/sammenlign.js`).

How Danish is matched (the script applies the same rules to the query; tests compare the two):

- "aa" is read as "å" (Aarhus = Århus, aabenhed = åbenhed), on both sides.
- Compounds: a token is also indexed under its tail when the tail and the head are words of the catalogue
  on their own (tail ≥ 4 letters; the head may end in a linking s or e): "plejeforældre" is found by
  "forældre", "adfærdsproblemer" by "problemer". Only the catalogue's own vocabulary counts, so "ning" or
  "lig" never do.
- Folded tokens: words with æ, ø or å are also indexed with æ → ae, ø → o, å → a, for a query typed without
  them ("dua" finds DUÅ). A query word with æ, ø or å matches only the exact tokens.
- Legal references: "§ 32" and "§§ 28–30" become the tokens "§32" (and "§28", "§29", "§30"), matched whole.
- Ranking, in the script: records with more of the query's words first; then, per word, in each field the
  quality of its best match there (the word itself; a longer word, a compound's tail or a folded form; a
  folded longer word, a misspelling or a shorter form) times the field's weight (WEIGHTS), summed over the
  fields, each word's sum weighed by how rare the word is in the catalogue; ties in evidence, then name order.
- `tekst/<id>.json`: the text of a record's searched fields (record_text), fetched for the cards in view, so
  "Fundet i" can quote the matched word in its field.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache, partial
from typing import Any

import snowballstemmer
from markupsafe import Markup

from catalogue.project import Project
from catalogue.records import ages
from catalogue.records.citations import keys_in, numbering
from catalogue.records.citations import strip as strip_citations
from catalogue.records.evidence import brief as evidence_brief
from catalogue.records.facets import Facet, facets, headings
from catalogue.records.model import Catalogue, Entry, facet_values
from catalogue.records.vocabulary import Vocabulary
from catalogue.render_cache import NoCache, RenderCache
from catalogue.site import layout
from catalogue.site.pages import render
from catalogue.text import age_range, danish_number, html_text

# The vocabulary of the filter whose cards show each record's finding for the chosen problem.
PROBLEMS = "problem_areas"
PAGE_SIZE = 100
# The overview of the offer (oversigt.md): a table per list, counting records by age band.
MATRIX_LISTS = ("problem_areas", "themes", "mechanisms")
SUMMARY_LINE = 160
# Common Danish words that would otherwise sit in every record's index (Snowball's Danish list, shortened).
STOPWORDS = frozenset(
    """ad af alle alt anden at blev blive bliver da de dem den denne der deres det dette dig din disse dog du
    efter eller en end er et for fra ham han hans har havde have hende hendes her hos hun hvad hvis hvor i ikke
    ind jeg jer jo kan kunne man mange med meget men mig min mine mit mod ned noget nogle nu når og også om op
    os over på selv sig sin sine sit skal skulle som sådan thi til ud under var vi vil ville vor være været""".split()  # noqa: SIM905
)

# Where a record's words are found, in the order of their bits in a posting's field mask, with the tier
# that orders them (0 first) and the Danish name a card gives in "Fundet i: …".
FIELDS = (
    ("navn", 0),
    ("beskrivelse", 1),
    ("målgruppe", 1),
    ("mål", 2),
    ("aktiviteter", 2),
    ("mekanismer", 2),
    ("problemområder", 2),
    ("lovgrundlag", 2),  # the first reference: the record's main legal basis
    # The thesaurus's words (vocabulary.yaml: thesaurus) that the record's other text uses (evidence, Danish
    # use, implementation …), then the words that find it by its terms (their labels and everyday words) or
    # as synonyms of its own words.
    ("øvrig tekst", 3),
    ("beslægtede ord", 4),
    ("lovgrundlag", 4),  # the further references
)
LAW, OWN, RELATED, LAW_MORE = 7, 8, 9, 10
# What a match in each field weighs in the ranking (the script sums them over the fields that have the word):
# the name most, then the main legal basis, the description, target group and problem areas, the record's
# terms, then the other fields; a mention in the rest of the text least. So a record whose name, summary and
# terms are about the word ranks above one that mentions it once in passing.
WEIGHTS = (12, 6, 6, 4, 3, 3, 6, 8, 1, 4, 3)
COMPOUND = 2048  # set in a field mask when its best field has the token only as the tail of a compound
MIN_TAIL = 4
# A record whose target age spans more age bands than this is not found by an age band's everyday words.
BROAD = 2
# The vocabularies whose term labels find a record that has the term (field "beslægtede ord").
LABELLED = ("problem_areas", "mechanisms", "settings", "age_bands", "themes")
# Word endings that are also words, but in a long word mostly a suffix ("organisering", "fællesskab").
SUFFIXES = frozenset({"ring", "skab", "mest"})
MIN_HEAD = 3
MAX_RANGE = 20  # "§§ 28–30" stands for each paragraph in between, up to this many

_COMBINING = re.compile(r"[\u0300-\u036f]")
_WORD = re.compile(r"(?:§+|\bparagraf(?:fen|ferne|fer)?\s)\s*([0-9]+)(?:\s*[–-]\s*([0-9]+))?|[a-z0-9æøå]+")
_SPLIT = re.compile(r"[^a-z0-9æøå]+")
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def normalise(text: str) -> str:
    """Lower case; æ, ø, å kept (ä, ö read as æ, ø; "aa" as å); other accents dropped (é → e)."""
    text = unicodedata.normalize("NFD", text.lower())
    text = text.replace("a\u030a", "å").replace("a\u0308", "æ").replace("o\u0308", "ø")
    return _COMBINING.sub("", text).replace("aa", "å")


def fold(word: str) -> str:
    """A word as typed without æ, ø, å: "duå" → "dua", "forældre" → "foraeldre"."""
    return word.translate(_FOLD)


_STEMMER = snowballstemmer.stemmer("danish")


@cache  # a catalogue repeats its words: stem each once
def stem(word: str) -> str:
    """The reference Snowball Danish stemmer: "forældrene" → "forældr", "familierne" → "famili"."""
    return _STEMMER.stemWord(word)


def words(text: str) -> list[str]:
    """The searchable words of a text: normalised, two letters or more, no stop words; a paragraph sign and
    its number are one word ("§ 32", "paragraf 32" → "§32"), a range each of its paragraphs."""
    text = normalise(text)
    if "§" not in text and "paragraf" not in text:  # the common case, faster
        return [w for w in _SPLIT.split(text) if len(w) >= 2 and w not in STOPWORDS]
    found = []
    for match in _WORD.finditer(text):
        first, last = match.group(1, 2)
        if first is None:
            word = match.group()
            if len(word) >= 2 and word not in STOPWORDS:
                found.append(word)
        elif last is not None and 0 < int(last) - int(first) <= MAX_RANGE:
            found += [f"§{n}" for n in range(int(first), int(last) + 1)]
        else:
            found.append(f"§{first}")
    return found


def token(word: str) -> str:
    """The indexed form of a word: its stem; a paragraph ("§32") as it is."""
    return word if word.startswith("§") else stem(word)


@cache  # the thesaurus's words are read against every record
def word_tokens(text: str) -> tuple[str, ...]:
    """The tokens of a word or phrase of the thesaurus ("psykisk sårbar" → two)."""
    return tuple(token(word) for word in words(text))


def field_texts(entry: Entry, related: tuple[list[str], list[str]] | None = None) -> list[tuple[int, str]]:
    """What the search box matches, as (position in FIELDS, text): name, summary, target group, outcomes,
    activities, mechanisms, the problem areas and the legal basis, its first reference apart (so "§ 32" and
    "barnets lov" are found); the thesaurus's words (`related`: related_words, when already known); citations
    are left out."""
    d = entry.data
    parts = [(0, entry.title), (1, d["summary"]), (2, d["target_group"])]
    parts += [(3, outcome) for outcome in d.get("outcomes", [])]
    parts += [(4, activity) for activity in d["activities"]]
    for term, explanation in entry.mechanisms:
        parts += [(5, term.label), (5, explanation)]
    parts += [(6, area.label) for area, _, _ in entry.problem_areas]
    laws = [law["reference"] for law in d.get("legal_basis", [])]
    parts += [(LAW, law) for law in laws[:1]] + [(LAW_MORE, law) for law in laws[1:]]
    own, others = related or related_words(entry)
    parts += [(OWN, word) for word in own] + [(RELATED, word) for word in others]
    return [(field, strip_citations(text)) for field, text in parts]


def related_words(entry: Entry) -> tuple[list[str], list[str]]:
    """The thesaurus's words that find a record (vocabulary.yaml: thesaurus): the words of the thesaurus the
    record's text uses itself (any field); and the words that find it by its terms (the labels of its problem
    areas, mechanisms, settings, age bands and themes, and every word of each group with one of those terms),
    and every word of each group without terms of which its text uses a word (synonyms); whether its text uses
    the word itself or not. A word counts as used when it starts one of the record's tokens, as the search
    matches.
    """
    vocabulary = entry.vocabulary
    mine = {(f.vocabulary, str(v)) for f in facets(vocabulary) for v in facet_values(entry, f)}
    if len(entry.bands) > BROAD:  # a record for every age is not about newborns or teenagers
        mine = {term for term in mine if term[0] != "age_bands"}
    found: dict[str, None] = {}
    for name, term_id in sorted(mine):
        if name in LABELLED:
            term = next((t for t in vocabulary.lists[name].values() if str(t.id) == term_id), None)
            if term is not None:
                found[term.label] = None
    if not vocabulary.thesaurus:
        return [], list(found)
    tokens = sorted({token(w) for w in words(" ".join(_texts(entry.data)))})
    used: dict[str, None] = {}
    for group in vocabulary.thesaurus:
        its = [w for w in group.words if all(_starts(tokens, part) for part in word_tokens(w))]
        used.update(dict.fromkeys(its))
        if (group.terms and not mine.isdisjoint(group.terms)) or (not group.terms and its):
            # A phrase ("psykisk sårbar") finds the record only through the record's own text: indexed here,
            # each of its words would find every record with the term ("psykisk" all with parents' problems).
            found.update((w, None) for w in group.words if len(word_tokens(w)) == 1)
    return list(used), list(found)


# How "Fundet i" names the vocabulary a related word leads to.
KINDS = {
    "problem_areas": "problemområde",
    "mechanisms": "virksom mekanisme",
    "settings": "arena",
    "age_bands": "aldersgruppe",
    "themes": "tema",
}


def related_leads(entry: Entry, own: list[str] | None = None) -> list[list[str]]:
    """Where each word of "beslægtede ord" (related_words) leads: [what it leads to ("arena: Sundhedsplejen",
    or for a synonym "indsatsen nævner: familiebehandling"), then its words], for "Fundet i" on the card."""
    vocabulary = entry.vocabulary
    mine = [(f.vocabulary, str(v)) for f in facets(vocabulary) for v in facet_values(entry, f)]
    if len(entry.bands) > BROAD:
        mine = [term for term in mine if term[0] != "age_bands"]
    leads = []
    for name, term_id in mine:
        term = next((t for t in vocabulary.lists[name].values() if str(t.id) == term_id), None)
        if name not in LABELLED or term is None:
            continue
        found = [term.label]
        for group in vocabulary.thesaurus:
            if (name, term_id) in group.terms:
                found += group.words
        leads.append([f"{KINDS[name]}: {term.label}", *dict.fromkeys(found)])
    own = own if own is not None else related_words(entry)[0]
    for group in vocabulary.thesaurus:
        its = [w for w in group.words if w in own]
        if not group.terms and its:
            leads.append([f"indsatsen nævner: {', '.join(its)}", *group.words])
    return leads


def record_text(entry: Entry, related: tuple[list[str], list[str]] | None = None) -> dict[str, Any]:
    """What a card's "Fundet i" quotes from: the text of each searched field as [field, text] (citations left
    out; the thesaurus's fields apart), and where the related words lead (`related_leads`). One small file per
    record, fetched only for the cards a reader sees."""
    related = related or related_words(entry)
    texts = [[field, text] for field, text in field_texts(entry, related) if field not in (OWN, RELATED)]
    return {"f": texts, "b": related_leads(entry, related[0])}


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _starts(tokens: list[str], prefix: str) -> bool:
    """Whether a token of the sorted list starts with `prefix`."""
    at = bisect_left(tokens, prefix)
    return at < len(tokens) and tokens[at].startswith(prefix)


def search_text(entry: Entry) -> str:
    """All the searchable text of a record, one field a line."""
    return "\n".join(text for _, text in field_texts(entry))


def summary_line(text: str, limit: int = SUMMARY_LINE) -> str:
    """The summary's first sentence, cut at a word before `limit` characters."""
    text = " ".join(text.split())
    match = re.search(r"[.!?](\s|$)", text)
    line = text[: match.start() + 1] if match else text
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"


def build_index(catalogue: Catalogue, cache: RenderCache | None = None) -> dict[str, Any]:
    """The page's index, column by column (it compresses better so): the filters (vocabulary.yaml: facets)
    with their terms, and one entry per record in each column, in the catalogue's name order.

    `f`: per filter its id and its terms' ids (evidence levels with their rank); the labels are the page's
    (its filter form). `a`: the distinct ages as [from (months), to (months, not included), text], by the one
    age rule (catalogue/records/ages.py). `c`: the columns id, title, age (position in `a`), summary (its
    first sentence) and facets: per filter one string, each record's terms as a bit set of their positions
    in the same number of characters of BITS, six terms a character (see `term_bits`). `w`: the search's
    fields (FIELDS) as [Danish name, rank tier], `v` their weights (WEIGHTS), `b` the field of the thesaurus's
    related words (RELATED); `s`: the stop words; `g`: the explanatory pages the header
    search shows after the records (explanatory_pages); `d`: the records' folder below the site's root.
    """
    vocabulary = catalogue.vocabulary
    filters = facets(vocabulary)
    described = [_describe_facet(facet, vocabulary) for facet in filters]
    position = {f.id: {t.id: i for i, t in enumerate(vocabulary.lists[f.vocabulary].values())} for f in filters}
    findings = {t.id: i for i, t in enumerate(vocabulary.findings.values())}
    spans: dict[tuple[int, int, str], int] = {}
    columns: dict[str, list[Any]] = {"id": [], "title": [], "age": [], "summary": [], "findings": []}
    chosen: list[list[str]] = [[] for _ in filters]
    for entry in catalogue.entries:
        row = partial(_index_row, entry, filters, position, findings)
        span, summary, bits, found = (cache or NoCache()).get(("index", entry.digest), row)
        columns["id"].append(entry.id)
        columns["title"].append(entry.title)
        columns["age"].append(spans.setdefault(span, len(spans)))
        columns["summary"].append(summary)
        columns["findings"].append(found)
        for column, terms in zip(chosen, bits, strict=True):
            column.append(terms)
    fields = [list(field) for field in FIELDS]
    return {
        "f": described,
        "a": [list(span) for span in spans],
        "c": {**columns, "facets": ["".join(column) for column in chosen]},
        "r": [[t.id, t.label, 1 if t.data.get("apart") else 0] for t in vocabulary.findings.values()],
        "pf": next((f.id for f in filters if f.vocabulary == PROBLEMS), None),
        "s": sorted(STOPWORDS),
        "w": fields,
        "v": list(WEIGHTS),
        "b": RELATED,
        "g": explanatory_pages(vocabulary),
        "d": layout.RECORDS_DIR,
    }


def explanatory_pages(vocabulary: Vocabulary) -> list[list[str]]:
    """The pages that explain the catalogue's terms, which the header search shows after the records: [title,
    address from the site's root, the section it belongs to, the text it is found by (its label, description
    and the thesaurus's words for it)]."""
    related: dict[tuple[str, str], list[str]] = defaultdict(list)
    for group in vocabulary.thesaurus:
        for pointer in group.terms:
            related[pointer] += group.words
    found = []
    titles = headings(vocabulary)
    for list_name, folder in layout.OVERVIEWS.items():
        title = titles[list_name]
        found.append([title, layout.url(layout.index_page(folder)), "Oversigt", title])
        for term in vocabulary.lists[list_name].values():
            text = " ".join([term.label, term.description, *related[(list_name, str(term.id))]])
            found.append([term.title, layout.term_url(list_name, term.id), title, text])
    evidence = layout.url(layout.index_page(layout.EVIDENCE_DIR))
    found.append(["Om evidens", evidence, "Om evidens", "Om evidens evidensniveauer effekt forskning"])
    for level in vocabulary.evidence_levels.values():
        found.append([level.label, f"{evidence}#{level.id}", "Om evidens", f"{level.label} {level.description}"])
    return found


def _describe_facet(facet: Facet, vocabulary: Vocabulary) -> dict[str, Any]:
    """A filter for the script: its terms' ids; `o`, the reading order of terms that have one (evidence:
    vocabulary.yaml's `order`); `i`, per term the positions of the terms it includes (a hierarchical filter)."""
    terms = list(vocabulary.lists[facet.vocabulary].values())
    at = {t.id: i for i, t in enumerate(terms)}
    described: dict[str, Any] = {"id": facet.id, "t": [[t.id] for t in terms]}
    if any("order" in t.data for t in terms):
        described["o"] = [t.data.get("order", len(terms)) for t in terms]
    if any(t.data.get("includes") for t in terms):
        described["i"] = [[at[i] for i in t.data.get("includes", [])] for t in terms]
    return described


def _index_row(
    entry: Entry, filters: list[Facet], position: dict[str, dict[Any, int]], findings: dict[str, int]
) -> tuple[tuple[int, int, str], str, list[str], str]:
    """A record's age span, summary line, facet bits and findings: what build_index needs of it, kept on the
    Entry (a new vocabulary makes new Entries). The findings are one digit (a position in `findings`) per
    problem area of the record, in the order of the problem filter's terms."""
    span = (*ages.span(entry.data["target_age"]), str(age_range(entry.data["target_age"])))
    bits = [term_bits([position[f.id][v] for v in facet_values(entry, f)], len(position[f.id])) for f in filters]
    problems = next((position[f.id] for f in filters if f.vocabulary == PROBLEMS), {})
    by_area = sorted((problems.get(area.id, 0), findings[finding.id]) for area, finding, _ in entry.problem_areas)
    return span, summary_line(strip_citations(entry.data["summary"])), bits, "".join(str(f) for _, f in by_area)


BITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"


def term_bits(positions: list[int], terms: int) -> str:
    """Term positions as a bit set in characters of BITS, the first character for positions 0–5, the next
    for 6–11 and so on, as many characters as `terms` needs: [0, 2, 7] of 8 terms → "52"."""
    bits = sum(1 << p for p in positions)
    return "".join(BITS[(bits >> shift) & 63] for shift in range(0, max(terms, 1), 6))


def shard_key(token: str) -> str:
    return token[:2]


def shard_file(key: str) -> str:
    """File name of a shard: the hex of its prefix's UTF-8 bytes, so æ, ø, å stay out of URLs."""
    return key.encode("utf-8").hex() + ".json"


def compound_tails(tokens: Iterable[str], vocabulary: set[str]) -> dict[str, list[str]]:
    """The tails under which each token is also indexed: the ends that are words of `vocabulary` on their
    own (≥ MIN_TAIL letters, not a suffix of SUFFIXES) after a head that is one too (≥ MIN_HEAD letters,
    perhaps with a linking s or e). `vocabulary` holds the words and their stems. Work is the number of
    tokens times their length."""
    found = {}
    for whole in tokens:
        tails = []
        for cut in range(MIN_HEAD, len(whole) - MIN_TAIL + 1):
            tail, head = whole[cut:], whole[:cut]
            if tail in vocabulary and tail not in SUFFIXES and _is_head(head, vocabulary):
                tails.append(tail)
        if tails:
            found[whole] = tails
    return found


def _is_head(head: str, vocabulary: set[str]) -> bool:
    bare = head[:-1]
    return head in vocabulary or (head[-1] in "se" and len(bare) >= MIN_HEAD and bare in vocabulary)


RecordTokens = tuple[dict[str, int], dict[str, int], frozenset[str], frozenset[str]]


def record_tokens(entry: Entry, related: tuple[list[str], list[str]] | None = None) -> RecordTokens:
    """A record's tokens with the fields they are in (bit i: FIELDS[i]): the exact ones and the folded ones
    (only for words that have æ, ø or å), then its words and their folded forms."""
    exact: dict[str, int] = defaultdict(int)
    folded: dict[str, int] = defaultdict(int)
    seen: set[str] = set()
    seen_plain: set[str] = set()
    for field, text in field_texts(entry, related):
        bit = 1 << field
        found = words(text)
        seen.update(found)
        for word in found:
            indexed, plain, plain_token = _forms(word)
            exact[indexed] |= bit
            seen_plain.add(plain)
            if plain_token:
                folded[plain_token] |= bit
    return dict(exact), dict(folded), frozenset(seen), frozenset(seen_plain)


@cache  # a catalogue repeats its words
def _forms(word: str) -> tuple[str, str, str]:
    """A word's token, its folded form, and that form's token if it differs from the word ("" if not)."""
    plain = fold(word)
    return token(word), plain, stem(plain) if plain != word else ""


def _with_tails(tokens: list[dict[str, int]], vocabulary: set[str]) -> list[dict[str, int]]:
    """Each record's tokens plus the compound tails of its words, in the fields of those words; marked COMPOUND
    where that match is better than the record's own use of the tail as a word (if any)."""
    tails = compound_tails({t for masks in tokens for t in masks if not t.startswith("§")}, vocabulary)
    result = []
    for masks in tokens:
        extra: dict[str, int] = defaultdict(int)
        for whole, mask in masks.items():
            for tail in tails.get(whole, ()):
                extra[tail] |= mask
        merged = dict(masks)
        for tail, mask in extra.items():
            own = masks.get(tail, 0)
            # Marked when its best field is one where the record has the tail only inside a compound.
            merged[tail] = own | mask | (COMPOUND if _tier(mask & ~own) < _tier(own) else 0)
        result.append(merged)
    return result


def _tier(mask: int) -> int:
    """The best rank tier of the fields in a mask (len(FIELDS) for none)."""
    return min((tier for bit, (_, tier) in enumerate(FIELDS) if mask & (1 << bit)), default=len(FIELDS))


def build_search_shards(
    catalogue: Catalogue, cache: RenderCache | None = None, per_record: list[RecordTokens] | None = None
) -> dict[str, dict[str, Any]]:
    """The full-text index, split by token prefix: {prefix: {"t": [tokens, sorted], "p": [postings, …]},
    and "ft", "fp" the same for folded tokens}.

    A token's postings are flat pairs [gap, field mask, gap, field mask, …]: record positions in
    `indeks.json` as gaps from the previous one, and the fields (bit i: FIELDS[i], COMPOUND) it is in there.
    """
    if per_record is None:
        cache = cache or NoCache()
        per_record = [cache.get(("search", e.digest), partial(record_tokens, e)) for e in catalogue.entries]
    seen: set[str] = set().union(*(words for _, _, words, _ in per_record))
    seen_plain: set[str] = set().union(*(plain for _, _, _, plain in per_record))
    exact = [(masks, folded) for masks, folded, _, _ in per_record]
    # The words as written and as stemmed; as typed without æ, ø, å likewise.
    vocabulary = seen | {t for masks, _ in exact for t in masks}
    plain = seen_plain | {stem(w) for w in seen_plain}
    shards: dict[str, dict[str, Any]] = defaultdict(dict)
    for (tokens, postings), records in (
        (("t", "p"), _with_tails([masks for masks, _ in exact], vocabulary)),
        (("ft", "fp"), _with_tails([masks for _, masks in exact], plain)),
    ):
        index: dict[str, list[int]] = defaultdict(list)
        last: dict[str, int] = {}
        for number, masks in enumerate(records):
            for name in sorted(masks):
                index[name] += [number - last.get(name, 0), masks[name]]
                last[name] = number
        for name in sorted(index):
            shard = shards[shard_key(name)]
            shard.setdefault(tokens, []).append(name)
            shard.setdefault(postings, []).append(index[name])
    return dict(shards)


def detail(entry: Entry, schema: dict[str, Any]) -> dict[str, Any]:
    """The compare view's facts for one record, as display text (citations left out): what a leader needs
    for a decision. Texts are whole fields or generated from structured ones, never prose cut at a guessed
    sentence end. `src` gives, per fact, the numbers of the record page's sources that support it."""
    d = entry.data
    delivery, impl = d["delivery"], d["implementation"]
    plain = strip_citations
    costs = [
        f"{c['item']}: {danish_number(c['amount'])} kr. {entry.vocabulary.cost_units[c['per']].label} ({c['year']})"
        for c in impl.get("costs", [])
    ]
    numbers = numbering(d, schema)
    studies = d["evidence"].get("studies", [])

    def sources(*texts: str, keys: Iterable[str] = ()) -> list[int]:
        cited = [k for text in texts for k in keys_in(text)] + list(keys)
        return sorted({numbers[k] for k in cited if k in numbers})

    evidence = entry.evidence.label
    if d["evidence"].get("level_reason"):
        evidence += ". " + plain(d["evidence"]["level_reason"])
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
        "danish_use": plain(d["danish_context"]),
        "step": entry.step.title if entry.step else "Virker på tværs af trappen",
        "legal_basis": [law["reference"] for law in d.get("legal_basis", [])],
        "mechanisms": [term.label for term, _ in entry.mechanisms],
        "evidence": evidence,
        "evidence_line": evidence_brief(d["evidence"], entry.vocabulary),
        "src": {
            "age": sources(d["target_group"]),
            "problems": sources(*(p["note"] for p in d.get("problem_areas", []))),
            "evidence": sources(d["evidence"]["summary"], d["evidence"].get("level_reason", "")),
            "evidence_line": sources(keys=(s["key"] for s in studies)),
            "delivered_by": sources(impl["delivered_by"]),
            "training": sources(impl["training"], impl.get("certification", "")),
            "costs": sources(keys=(c["source"] for c in impl.get("costs", []))),
            "cost_note": sources(impl["cost_note"]),
            "danish_use": sources(d["danish_context"]),
            "legal_basis": sources(*(law.get("note", "") for law in d.get("legal_basis", []))),
            "duration": sources(delivery.get("duration", "")),
            "sessions": sources(delivery.get("sessions", "")),
            "mechanisms": sources(*(m["explanation"] for m in d["mechanisms"])),
        },
    }


def _search_parts(entry: Entry) -> tuple[RecordTokens, str]:
    """A record's part of the search: its tokens (for the shards) and its text file, from one reading of the
    thesaurus's words for it."""
    related = related_words(entry)
    return record_tokens(entry, related), _json(record_text(entry, related))


def _detail_json(entry: Entry, schema: dict[str, Any]) -> str:
    return _json(detail(entry, schema))


# Records per detail file, on average: one file holds the facts of a few dozen records (about 100 KB).
DETAILS_PER_FILE = 64


def detail_files(count: int) -> int:
    """How many detail files a catalogue of `count` records has (the compare page tells its script)."""
    return max(1, -(-count // DETAILS_PER_FILE))


def detail_file(record_id: str, files: int) -> int:
    """The detail file of a record: 32-bit FNV-1a of its id (ids are ASCII), modulo the number of files."""
    value = 0x811C9DC5
    for byte in record_id.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % files


def _detail_files(entries: list[Entry], schema: dict[str, Any], cache: RenderCache) -> Iterator[tuple[str, str]]:
    files = detail_files(len(entries))
    found: list[list[Entry]] = [[] for _ in range(files)]
    for entry in entries:
        found[detail_file(entry.id, files)].append(entry)
    for number, members in enumerate(found):
        rows = (f"{_json(e.id)}:{cache.get(('detail', e.digest), partial(_detail_json, e, schema))}" for e in members)
        yield layout.details(number), "{" + ",".join(rows) + "}"


def matrix(catalogue: Catalogue, list_name: str) -> list[tuple[Any, list[int], list[int]]]:
    """Rows of (term, counts per age band, of those the counts studied without effect): how many records have
    the term and overlap the band. Only a problem area has findings; a record whose finding for the area is
    "no effect" is counted apart, so the overview never offers it as help for that problem."""
    bands = list(catalogue.vocabulary.age_bands)
    rows = []
    for term in catalogue.vocabulary.lists[list_name].values():
        counts = dict.fromkeys(bands, 0)
        without = dict.fromkeys(bands, 0)
        for entry in catalogue.with_term(list_name, term.id):
            no_effect = list_name == PROBLEMS and entry.without_effect_on([term.id])
            for band in entry.bands:
                (without if no_effect else counts)[band.id] += 1
        rows.append((term, [counts[b] for b in bands], [without[b] for b in bands]))
    return rows


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _pages(entries: list[Entry]) -> list[list[Entry]]:
    return [entries[i : i + PAGE_SIZE] for i in range(0, len(entries), PAGE_SIZE)] or [[]]


def card(entry: Entry, root: str) -> Markup:
    """A record's static card (reading without JavaScript), escaped HTML; `root` leads from the page to the
    site's root."""
    return Markup(
        '<li class="k-card"><h3 class="k-card-title"><a href="{}{}">{}</a></h3>'
        '<p class="k-meta">{} · {} · Evidens: {}</p><p class="k-summary">{}</p></li>'
    ).format(
        Markup(root),
        Markup(layout.record_url(entry.id)),
        html_text(entry.title),
        html_text(age_range(entry.data["target_age"])),
        html_text(entry.kind.label),
        html_text(entry.evidence.label),
        html_text(summary_line(strip_citations(entry.data["summary"]))),
    )


def render_catalogue(
    project: Project, catalogue: Catalogue, pdf: object | None = None, cache: RenderCache | None = None
) -> Iterator[tuple[str, str]]:
    """Every file of the catalogue page, rendered with the pages' Jinja environment. `pdf` (a
    pdf.book.PdfDownload) is set when the printed catalogue is there to link to."""
    cache = cache or NoCache()
    vocabulary = catalogue.vocabulary
    filters = [(f.id, f.label, list(vocabulary.lists[f.vocabulary].values())) for f in facets(vocabulary)]
    pages = _pages(catalogue.entries)

    def cached_card(entry: Entry, root: str) -> Markup:
        return cache.get(("card", entry.digest, root), partial(card, entry, root))

    for number, entries in enumerate(pages, start=1):
        yield (
            layout.catalogue_page(number),
            render(
                project,
                "site/katalog/catalogue.md.j2",
                catalogue=catalogue,
                entries=entries,
                page=number,
                pages=len(pages),
                first=(number - 1) * PAGE_SIZE + 1,
                facets=filters,
                card=cached_card,
                pdf=pdf if number == 1 else None,
            ),
        )
    yield layout.CATALOGUE_INDEX, _json(build_index(catalogue, cache))
    search = [cache.get(("search", e.digest), partial(_search_parts, e)) for e in catalogue.entries]
    for key, shard in build_search_shards(catalogue, per_record=[tokens for tokens, _ in search]).items():
        # Folded tokens apart: only a word typed without æ, ø, å fetches them.
        if "t" in shard:
            yield f"{layout.SEARCH_DIR}/{shard_file(key)}", _json({"t": shard["t"], "p": shard["p"]})
        if "ft" in shard:
            yield f"{layout.FOLDED_DIR}/{shard_file(key)}", _json({"t": shard["ft"], "p": shard["fp"]})
    yield from _detail_files(catalogue.entries, project.schema, cache)
    for entry, (_, text) in zip(catalogue.entries, search, strict=True):
        yield layout.record_text(entry.id), text
    yield (
        layout.MATRIX,
        render(
            project,
            "site/katalog/matrix.md.j2",
            catalogue=catalogue,
            bands=list(vocabulary.age_bands.values()),
            tables=[
                (facet.id, facet.heading, matrix(catalogue, facet.vocabulary))
                for facet in facets(vocabulary)
                if facet.vocabulary in MATRIX_LISTS
            ],
        ),
    )
    yield layout.COMPARE, render(project, "site/katalog/compare.md.j2", files=detail_files(len(catalogue.entries)))


def all_words(entries: Iterable[Entry]) -> set[str]:
    """Every searchable word of the records (for checking the script's stemmer against this one)."""
    return {w for e in entries for w in words(search_text(e))}
