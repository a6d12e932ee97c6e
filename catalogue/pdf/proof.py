"""Proofreading a printed catalogue: what a print designer checks on every page, read back from the PDF.

Used by the tests (the real book) and by benchmarks/run.py (the 1,000-record book):

- `hyphenations`: every word broken at a line end (WeasyPrint marks such a break with U+2010, a text hyphen
  is U+002D) with where it was broken;
- `bad_hyphenations`: those broken outside the joints pdf/hyphenation.py allows for the word;
- `split_phrases`: lines that end in "§", "stk.", "ca.", "nr." or a citation group's comma, or start with "kr."
  or "pct.", which should have stayed with what follows or precedes them;
- `type_sizes`: every font size the text is set in, in points.
"""

from __future__ import annotations

import math
import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from catalogue.pdf.hyphenation import Hyphenator

HYPHENATE_CHARACTER = "\u2010"
_BROKEN = re.compile(r"([^\W\d_]+)" + HYPHENATE_CHARACTER + "$")
_REST = re.compile(r"([^\W\d_]+)")
_ENDS_BADLY = re.compile(r"(?:^|\s)(?:§§?|[Ss]tk\.|[Cc]a\.|[Nn]r\.|[Jj]f\.)$")
_STARTS_BADLY = re.compile(r"^(?:kr\.|pct\.)")
# A citation group split after a comma: "…ord1," at a line's end and its next number on the following line. (A
# line ending "…ord1," before a word is a single citation followed by the sentence's own comma.)
_GROUP_END = re.compile(r"[^\W\d_]\d+(?:,\d+)*,$")
_GROUP_REST = re.compile(r"^\d")


@dataclass(frozen=True)
class Hyphenation:
    page: int  # 1-based
    head: str  # the letters before the break
    tail: str  # the letters after it, on the next line

    @property
    def word(self) -> str:
        return self.head + self.tail

    def __str__(self) -> str:
        return f"{self.head}-{self.tail} (side {self.page})"


def page_lines(pdf: Path) -> list[list[str]]:
    """Each page's lines of text, as pdftotext lays them out."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    return [page.splitlines() for page in out.decode("utf-8").split("\f")]


def _pairs(pages: list[list[str]]) -> list[tuple[int, str, str]]:
    """(page, line, the next line) within each column of each page. pdftotext -layout puts a page's columns
    (a table's, an index's) side by side on one line: a line is cut into cells at runs of three spaces or
    more, and a cell's next line is the cell that starts at the same place on the next line with text."""
    found = []
    for number, lines in enumerate(pages, 1):
        rows = [
            [(m.start(), m.group()) for m in re.finditer(r"\S+(?: {1,2}\S+)*", line)] for line in lines if line.strip()
        ]
        for row, following in zip(rows, rows[1:], strict=False):
            for start, cell in row:
                below = [text for place, text in following if abs(place - start) <= 2]
                if below:
                    found.append((number, cell, below[0]))
    return found


def hyphenations(pdf: Path) -> list[Hyphenation]:
    found = []
    for page, line, following in _pairs(page_lines(pdf)):
        head = _BROKEN.search(line)
        if head:
            tail = _REST.match(following)
            found.append(Hyphenation(page, head.group(1), tail.group(1) if tail else ""))
    return found


def bad_hyphenations(pdf: Path, hyphenator: Hyphenator) -> list[Hyphenation]:
    """The words broken where `hyphenator` allows no break."""
    return [h for h in hyphenations(pdf) if len(h.head) not in hyphenator.joints(h.word)]


def badly_split(line: str, following: str) -> bool:
    """True when a line ends or the next begins where a phrase that belongs together was split."""
    return bool(
        _ENDS_BADLY.search(line)
        or _STARTS_BADLY.match(following)
        or (_GROUP_END.search(line) and _GROUP_REST.match(following))
    )


def split_phrases(pdf: Path) -> list[str]:
    return [
        f"»{line[-30:]} / {following[:20]}« (side {page})"
        for page, line, following in _pairs(page_lines(pdf))
        if badly_split(line, following)
    ]


def type_sizes(pdf: Path) -> Counter[float]:
    """How many runs of text are set in each font size (points, to a tenth)."""
    from pypdf import PdfReader

    sizes: Counter[float] = Counter()

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
            sizes[round(size * scale, 1)] += 1

    for page in PdfReader(str(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return sizes
