"""Where a word of the printed catalogue may be hyphenated: at the joints of a Danish compound, and nowhere else.

WeasyPrint's own hyphenation (Pyphen's Danish patterns) breaks where no Dane would ("konflik-tniveau",
"Indsat-strappens"), inside names ("heads-pace", "Soci-alstyrelsen") and English titles by Danish rules. The
book therefore sets `hyphens: manual` (catalogue.css) and the build puts a soft hyphen (U+00AD) at each
joint this module finds, so those are the only places a line can end inside a word:

- a joint is where a word splits into parts that are words of the catalogue on their own (the words of its
  records and vocabulary), each at least MIN_PART letters, a part before a joint perhaps with a linking "s"
  or "e" ("fravær|s|registrering" → "fraværs-registrering"), the last perhaps with an inflection ending
  ("indsats|trappens");
- a word is never broken if it is capitalised or has a capital or a digit inside (a name, a brand, an
  abbreviation, or a sentence's first word), if it is a word of a record's name or short name, or if it is
  in vocabulary/unbreakable.txt (names written in lower case: "headspace");
- text in another language is not marked at all: the templates set reference lists with `hyphens: none`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalogue import paths
from catalogue.text import keep_phrases

SOFT_HYPHEN = "\u00ad"
UNBREAKABLE = paths.ROOT / "vocabulary" / "unbreakable.txt"
# The shortest part of a compound that may stand on either side of a joint (as hyphenate-limit-chars' 4 4).
MIN_PART = 4
# The shortest word that is hyphenated at all.
MIN_WORD = 2 * MIN_PART
LINKS = ("s", "e")
# Inflection endings a compound's last part may have beyond a word of the catalogue, longest first.
ENDINGS = (
    "ernes",
    "erne",
    "enes",
    "ene",
    "ens",
    "ets",
    "ers",
    "ere",
    "nes",
    "er",
    "en",
    "et",
    "es",
    "ne",
    "ns",
    "e",
    "s",
    "n",
    "r",
    "t",
)
# Endings taken off a word of the catalogue to give a stem that may be the first part of a compound
# ("konflikter" → "konflikt|niveau"); only stems of STEM_MIN letters or more.
STEM_ENDINGS = ("erne", "ene", "ens", "ets", "ers", "er", "en", "et")
STEM_MIN = 5
# Words that are mostly endings inside a long word: never a part of a compound ("behandl|ingen").
NOT_PARTS = frozenset(
    {
        "ingen",
        "inger",
        "ingerne",
        "ende",
        "ender",
        "else",
        "elser",
        "elsen",
        "ning",
        "ninger",
        "heden",
        "lige",
        "ligt",
        "iske",
        "ring",
        "skab",
        "mest",
        "erne",
        "ernes",
        "eret",
        "iceret",
        "anden",
        "rene",
        "ilitet",
        "ation",
        "ering",
        "eringen",
    }
)
_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)*|\w+", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]+")
_TAG_OR_TEXT = re.compile(r"<(/?)([a-zA-Z0-9]+)[^>]*>|[^<]+")
# Elements whose text is never marked: headings and links (titles in lists and the contents, addresses; set
# with `hyphens: none` anyway, and a heading's text becomes its bookmark), citation numbers, table headers.
UNMARKED = frozenset({"h1", "h2", "h3", "h4", "a", "sup", "th", "caption", "title", "style"})


def read_unbreakable(path: Path = UNBREAKABLE) -> frozenset[str]:
    lines = (line.split("#", 1)[0].strip().lower() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line)


def words_of(values: Iterable[Any], lower_only: bool = False) -> set[str]:
    """Every word (letters only, lower case) in the strings found anywhere in `values`; with `lower_only`
    only those written in lower case there (a word only ever capitalised is a name: "Mind My Mind")."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if " " not in value:
                return  # an id, a key, an address: not prose
            found.update(
                w if lower_only else w.lower() for w in _LETTERS.findall(value) if not lower_only or w.islower()
            )
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for value in values:
        walk(value)
    return found


@dataclass
class Hyphenator:
    """The joints of the catalogue's compounds. `words`: the words of the catalogue; `unbreakable`: words
    (lower case) never broken."""

    words: frozenset[str]
    unbreakable: frozenset[str]
    _cache: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, catalogue: Any) -> Hyphenator:
        vocabulary = catalogue.vocabulary
        terms = [
            (term.label, str(term.description or "")) for terms in vocabulary.lists.values() for term in terms.values()
        ]
        texts = words_of([e.data for e in catalogue.entries] + terms, lower_only=True)
        names = words_of([e.data.get("name", "") for e in catalogue.entries])
        names |= words_of([e.data.get("short_name", "") for e in catalogue.entries])
        known = {w for w in texts if len(w) >= MIN_PART}
        return cls(frozenset(known | stems(known)), frozenset(names) | read_unbreakable())

    def joints(self, word: str) -> tuple[int, ...]:
        """The places (letters before the break) where `word` may be hyphenated; none for a name."""
        if word in self._cache:
            return self._cache[word]
        found: tuple[int, ...] = ()
        lower = word.lower()
        if len(word) >= MIN_WORD and word.isalpha() and word == lower and lower not in self.unbreakable:
            found = _split(lower, self.words) or ()
        self._cache[word] = found
        return found

    def mark(self, text: str) -> str:
        """Plain text with a soft hyphen at every joint of its words, and the no-break spaces of
        `keep_phrases` (text.py)."""

        def one(match: re.Match[str]) -> str:
            word = match.group()
            cuts = self.joints(word)
            if not cuts:
                return word
            pieces = [word[a:b] for a, b in zip((0, *cuts), (*cuts, len(word)), strict=True)]
            return SOFT_HYPHEN.join(pieces)

        return _LETTERS.sub(one, keep_phrases(text))

    def mark_html(self, html: str) -> str:
        """The text of an HTML document's body marked (`mark`); tags, attributes and the head untouched."""
        start = html.find("<body>")
        if start < 0:
            return html
        out = [html[:start]]
        inside = 0  # how many UNMARKED elements the text is in
        for match in _TAG_OR_TEXT.finditer(html, start):
            tag = match.group(2)
            if tag is None:
                out.append(match.group() if inside else self.mark(match.group()))
                continue
            if tag.lower() in UNMARKED:
                inside += -1 if match.group(1) else 1
            out.append(match.group())
        return "".join(out)


def stems(words: Iterable[str]) -> set[str]:
    """The words' stems without an inflection ending (STEM_ENDINGS), STEM_MIN letters or more."""
    found = set()
    for word in words:
        for ending in STEM_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= STEM_MIN:
                found.add(word[: -len(ending)])
    return found


def _is_word(part: str, words: frozenset[str], last: bool) -> bool:
    if len(part) < MIN_PART or part in NOT_PARTS:
        return False
    if part in words:
        return True
    if last:
        return any(
            part.endswith(ending)
            and len(part) - len(ending) >= MIN_PART
            and part[: -len(ending)] in words
            and part[: -len(ending)] not in NOT_PARTS
            for ending in ENDINGS
        )
    return part[-1] in LINKS and len(part) - 1 >= MIN_PART and part[:-1] in words


def _split(word: str, words: frozenset[str]) -> tuple[int, ...] | None:
    """The joints of the split of `word` into the fewest parts that are all words (None if there is no
    split into two parts or more). Fewest: a word that is two compounds' parts is not cut into smaller
    pieces that happen to be words too."""
    n = len(word)
    # best[i]: the fewest parts word[:i] splits into, and the joints of that split.
    best: list[tuple[int, tuple[int, ...]] | None] = [None] * (n + 1)
    best[0] = (0, ())
    for end in range(MIN_PART, n + 1):
        last = end == n
        for start in range(0, end - MIN_PART + 1):
            before = best[start]
            if before is None or (start == 0 and end == n):
                continue
            if not _is_word(word[start:end], words, last):
                continue
            candidate = (before[0] + 1, (*before[1], start) if start else ())
            current = best[end]
            if current is None or candidate[0] < current[0]:
                best[end] = candidate
    result = best[n]
    return result[1] if result and result[0] >= 2 else None
