"""Text from records is text: escaping for Markdown and HTML, and Danish formatting of values."""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from catalogue.records import ages
from catalogue.records.citations import Citer, parts

# Constructs that only mean something at the start of a block: headings, lists, quotes, definitions.
_BLOCK_START = re.compile(r"^(\s*)([#>+\-:=]|\d+[.)])")
_MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


# This runs for every value of every page, so the common case (prose with none of the special
# characters) is one regex search. HTML's specials become entities, Markdown's inline specials get a
# backslash, and all whitespace (newlines too) becomes one space.
_ESCAPE = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "\n": " ", "\r": " ", "\t": " "} | {
    c: "\\" + c for c in "\\`*_{}[]!#"
}
_SPECIAL = re.compile("[" + re.escape("".join(_ESCAPE)) + "]")
_SPACES = re.compile(r"  +")


def md_inline(value: Any) -> str:
    """Escape one paragraph of plain text so Markdown shows it literally and no HTML gets through."""
    text = str(value)
    if _SPECIAL.search(text):
        text = _SPECIAL.sub(lambda m: _ESCAPE[m.group()], text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    if _BLOCK_START.match(text):
        text = _BLOCK_START.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), text)
    return text


def md_paragraphs(value: Any) -> Markup:
    """Multi-paragraph plain text (paragraphs separated by a blank line) as escaped Markdown."""
    paragraphs = re.split(r"\n\s*\n", str(value).strip())
    return Markup("\n\n".join(md_inline(p) for p in paragraphs if p.strip()))


def finalize_markdown(value: Any) -> Any:
    """Jinja `finalize` for Markdown templates: every `{{ }}` is escaped unless marked safe."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return md_inline(value)


def html_text(value: Any) -> Markup:
    return escape(" ".join(str(value).split()))


def link_target(url: str) -> Markup:
    """A validated https URL made safe as a Markdown link destination: no spaces, brackets or quotes."""
    return Markup(quote(str(url), safe=":/?#@!$&*+,;=%~"))


# Values below come from validated numbers and dates: their output is safe as it stands.
def danish_number(value: float | int) -> Markup:
    """A number as Danish prints it: thousands separated by a full stop, a decimal comma: 2000000 → 2.000.000,
    2.5 → 2,5, 1234.5 → 1.234,5."""
    whole, _, fraction = f"{abs(value):.6f}".rstrip("0").rstrip(".").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    sign = "-" if value < 0 else ""
    return Markup(f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}")


# Where a line may not break: set as a no-break space (U+00A0) or, after a dash, a word joiner (U+2060).
NO_BREAK_SPACE = "\u00a0"
WORD_JOINER = "\u2060"
_DASH_IN_NUMBERS = re.compile(r"(?<=\d)([–-])(?=\d)")
_NUMBER = re.compile(r"^\W*\d[\d.,–-]*\W*$")
_SHORT_WORD = re.compile(r"^\W*[^\W\d_]{1,3}\W*$")
_OPENS = "(«»„“\"'"
_DASHES = ("–", "—")


def keep_together(text: str) -> str:
    """Where a line of a title, a list or a label must not break, for the page and the print alike:

    - after a short word (three letters or fewer: "og", "i", "En", "for"), so no line ends in one;
    - after a number, so it stays with its unit ("1.000 dage", "18 år"), and inside a range ("0–18");
    - after the first word of a parenthesis ("(Fælles opsporing"), and before a dash, so no line starts with
      one ("Back2School – indsats").
    Whitespace becomes single spaces."""
    words = str(text).split()
    out: list[str] = []
    for word, following in zip(words, [*words[1:], ""], strict=True):
        out.append(_DASH_IN_NUMBERS.sub(r"\1" + WORD_JOINER, word))
        if not following:
            break
        binds = (
            _SHORT_WORD.match(word) is not None
            or _NUMBER.match(word) is not None
            or (word[0] in _OPENS and word[-1].isalpha())
            or following in _DASHES
        )
        out.append(NO_BREAK_SPACE if binds else " ")
    return "".join(out)


# What a line of prose must not separate (a no-break space between): "§ 32" and "§§ 28–30", "stk. 2",
# "ca. 1.000", "nr. 3", "jf. § 11", an amount and "kr.", a number and "pct.", an initial and the name after it;
# and the two sides of a slash between words.
_KEEP_PHRASES = (
    re.compile(r"(§) (?=\d)"),
    re.compile(r"(?<![^\W\d_])((?:[Ss]tk|[Cc]a|[Nn]r|[Jj]f|[Kk]ap|[Pp]kt|[Bb]ilag)\.?) (?=\S)"),
    re.compile(r"(\d) (?=(?:kr|mio|mia|pct)\.|kr\b|procent\b|%|år\b|måneder\b|uger\b|timer\b)"),
    re.compile(r"(?<![^\W\d_])([A-ZÆØÅ]\.) (?=[A-ZÆØÅ][a-zæøå])"),
)
# A slash between two words ("MI/KAT", "og/eller") is no place for a line to break: a word joiner after it.
_SLASH = re.compile(r"(?<=\w)/(?=\w)")


def keep_phrases(text: str) -> str:
    """Prose with a no-break space where a line must not break (_KEEP_PHRASES)."""
    if "/" in text:
        text = _SLASH.sub("/" + WORD_JOINER, text)
    if not any(c in text for c in "§.0123456789"):
        return text
    for pattern in _KEEP_PHRASES:
        text = pattern.sub(r"\1" + NO_BREAK_SPACE, text)
    return text


# Longer than any host and most paths' parts, shorter than a line of a source list (about 110 characters).
URL_PART_LENGTH = 60
_URL_START = re.compile(r"^[a-z]+://[^/?#]*/?")
_URL_BREAK = re.compile(r"(?<=/)(?=[^/])|(?=[?&=#])")


def html_url_breaks(url: Any) -> Markup:
    """A web address to print, escaped, that breaks only between its parts: a break opportunity (<wbr>) after
    the host and each later slash and before "?", "&", "=" and "#". Each part (the scheme and host
    "https://www.sst.dk/" first) is a <span class="url-part">, which the stylesheet keeps on one line, so a
    part is not broken at a hyphen either; a part longer than URL_PART_LENGTH is left free to break."""
    text = str(url)
    start = _URL_START.match(text)
    host = start.group() if start else ""
    pieces = ([host] if host else []) + [p for p in _URL_BREAK.split(text[len(host) :]) if p]
    return Markup("<wbr>").join(
        Markup('<span class="url-part">{}</span>').format(p) if len(p) <= URL_PART_LENGTH else escape(p) for p in pieces
    )


def age_range(age: dict[str, Any]) -> Markup:
    """'11–17 år', '0–12 måneder' (ages.py's label, safe: numbers and fixed words only), never broken over
    two lines."""
    return _age_range(age["min"], age["max"], age.get("unit", "aar"))


@functools.lru_cache(maxsize=1024)
def _age_range(low: int, high: int, unit: str) -> Markup:
    # A catalogue has few distinct ages, and every list shows one per record: at 10,000 records the lists
    # asked for it 70,000 times.
    return Markup(escape(keep_together(ages.label({"min": low, "max": high, "unit": unit}))))


def danish_date(value: str | dt.date) -> Markup:
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    return Markup(f"{day.day}. {_MONTHS[day.month - 1]} {day.year}")


def count(number: int, singular: str, plural: str) -> str:
    """`3|count("indsats", "indsatser")` → "3 indsatser"."""
    return f"{number} {singular if number == 1 else plural}"


# Filters for values that are the same in every output format (they return safe text): the Markdown pages'
# and the print HTML's environments both start from these.
VALUE_FILTERS = {
    "age": age_range,
    "number": danish_number,
    "date": danish_date,
    "count": count,
    # Plain text, not Markup: each environment escapes it for its format.
    "keep": keep_together,
}


def _links(numbered: list[tuple[int, str, str | None]]) -> str:
    links = (
        f'<a href="#{target}"' + (f' id="{own}"' if own else "") + f">{number}</a>" for number, target, own in numbered
    )
    return '<sup class="cite">' + ",".join(links) + "</sup>"


def md_cited(value: Any, citer: Citer) -> Markup:
    """One paragraph of record text as escaped Markdown, its [@key] citations as numbered links."""
    out = []
    for prose, keys in parts(str(value)):
        out.append(md_inline(prose))
        if keys:
            out.append(_links(citer.numbered(keys)))
    return Markup("".join(out))


def md_cited_paragraphs(value: Any, citer: Citer) -> Markup:
    paragraphs = re.split(r"\n\s*\n", str(value).strip())
    return Markup("\n\n".join(md_cited(p, citer) for p in paragraphs if p.strip()))


def html_cited_paragraphs(value: Any, citer: Citer) -> Markup:
    paragraphs = re.split(r"\n\s*\n", str(value).strip())
    return Markup("\n").join(Markup("<p>{}</p>").format(html_cited(p, citer)) for p in paragraphs if p.strip())


def html_cited(value: Any, citer: Citer) -> Markup:
    """Record text as HTML (the printed catalogue), citations as numbered links."""
    out = []
    for prose, keys in parts(" ".join(str(value).split())):
        out.append(str(escape(prose)))
        if keys:
            out.append(_links(citer.numbered(keys)))
    return Markup("".join(out))


def template_environment(templates: Path, **options: Any) -> jinja2.Environment:
    """A Jinja environment with what the site's and the print's templates share: strict about undefined
    values, block tags leave no blank lines, the VALUE_FILTERS. `options` says how values are escaped."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        # Templates do not change during a build (the preview makes a new environment when they do): no
        # stat of the template file on every page.
        auto_reload=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        **options,
    )
    env.filters.update(VALUE_FILTERS)
    return env
