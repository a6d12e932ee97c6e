"""The catalogue page (/katalog/), its overview and the compare view in real Chromium, against the real
records built with the CLI and served on 127.0.0.1. Every test fails on a request to any other host."""

from __future__ import annotations

import math
import re
import shutil
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from catalogue.records import ages
from catalogue.records.citations import keys_in, numbering
from catalogue.records.citations import strip as strip_citations
from catalogue.records.filters import parameters, selection
from catalogue.site.catalogue_page import (
    FIELDS,
    STOPWORDS,
    WEIGHTS,
    all_words,
    build_search_shards,
    detail_file,
    field_texts,
    fold,
    normalise,
    search_text,
    stem,
    token,
    words,
)

from ..conftest import FIXTURES, checked, copy_site_skeleton, edit, run_cli
from ..test_catalogue_page import postings
from .conftest import READY, SIZES, guarded_context, guarded_tab, served

playwright_api = pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

RESULT = checked()
CATALOGUE = RESULT.valid
SCHEMA = RESULT.dated.schema
assert CATALOGUE is not None
ENTRIES = CATALOGUE.entries
ALL_IDS = [e.id for e in ENTRIES]
FACET_LISTS = parameters(CATALOGUE.vocabulary)


COMPARE_ROWS = [
    "Alder",
    "Type",
    "Evidens",
    "Forsøg",
    "Hjælper med",
    "Indsatstrappen",
    "Udføres af",
    "Uddannelse og licens",
    "Udbyder i Danmark",
    "Udgifter",
    "Om udgifterne",
    "Brug i Danmark",
    "Lovgrundlag",
    "Form",
    "Varighed",
    "Omfang",
    "Virksomme mekanismer",
]


def open_catalogue(page: object, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}/katalog/{query}")
    page.wait_for_function(READY)


def shown_ids(page: object, where: str = "#k-results, #k-late") -> list[str]:
    """The cards' records in reading order: the results, then those studied without effect on a chosen problem.
    Shows every card first ("Vis flere" adds SHOW cards at a time)."""
    while page.is_visible("#k-more"):
        page.click("#k-more")
    hrefs = page.eval_on_selector_all(
        f":is({where}) .k-card-title a", "links => links.map(a => a.getAttribute('href'))"
    )
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]


def apart_last(ids: list[str], problems: list[str]) -> list[str]:
    """Records in the order the page shows them when `problems` are chosen: those studied without effect on
    every chosen problem they target come after the others."""
    late = {i for i in ids if CATALOGUE.by_id[i].without_effect_on(problems)}
    return [i for i in ids if i not in late] + [i for i in ids if i in late]


def status(page: object) -> str:
    return page.text_content("#k-status") or ""


def expect_status(page: object, count: int) -> None:
    """The announced count; with a query the results are ranked, and the status says so."""
    wanted = (
        f"Viser alle {len(ENTRIES)} indsatser"
        if count == len(ENTRIES)
        else "Ingen indsatser passer til søgningen"
        if count == 0
        else f"Viser {count} af {len(ENTRIES)} indsatser"
    )
    ranked = ", bedste match først" if count > 1 and page.input_value("#k-q").strip() else ""
    apart = " [0-9]+ af dem er undersøgt uden at vise effekt på det valgte problem og står til sidst\\."
    playwright_api.expect(page.locator("#k-status")).to_have_text(
        re.compile(f"^{re.escape(wanted)}({ranked})?\\.({apart})?$")
    )


def search_for(page: object, text: str) -> None:
    """Type a query after clearing the box, so a result count equal to the last query's is not taken for it."""
    page.fill("#k-q", "")
    expect_status(page, len(ENTRIES))
    page.fill("#k-q", text)


def option_count(page: object, facet: str, value: str) -> int:
    text = page.text_content(f'#k-facet-{facet} input[value="{value}"] ~ .k-count') or ""
    return int(text.strip("()"))


def expected(age: float | None = None, **values: list[str]) -> list[str]:
    return [e.id for e in selection(CATALOGUE.vocabulary, age, **values).apply(ENTRIES)]


def containing(prefix: str) -> list[str]:
    """Records with a searchable word starting with `prefix` (plain prefix check, no stemming)."""
    return [e.id for e in ENTRIES if any(w.startswith(prefix) for w in words(search_text(e)))]


SHARDS = build_search_shards(CATALOGUE)
EXACT, FOLDED = postings(SHARDS, thesaurus=True), postings(SHARDS, exact=False, thesaurus=True)
FIELD_BITS = (1 << len(FIELDS)) - 1
LEVELS = CATALOGUE.vocabulary.evidence_levels
EVIDENCE_ORDER = [e.evidence.data.get("order", len(LEVELS)) for e in ENTRIES]


def one_edit(a: str, b: str) -> bool:
    """One letter changed, left out, added, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :])
    return a[i:] == b[i + 1 :]


EXACT_MATCH, NEAR, FAR = 4, 3, 2  # the script's qualities of a match (assets/katalog.js)
MIN_SHORT, MAX_CUT = 6, 4


def word_matches(word: str) -> dict[int, tuple[int, int]]:
    """One query word: {record position: (score, the field that weighs most in it)}. A word matches tokens it
    starts (a paragraph only itself); typed without æ, ø, å and not itself a token of the catalogue, also
    folded tokens (with "oe" read as ø too); a shorter form of it that is a token (up to MAX_CUT letters less)
    and the tokens that start with that; with no match at all and five letters or more, the tokens one edit
    away. Per field the best quality of a match there (the word itself 4, a longer word, a compound's tail or a
    folded word 3, the rest 2) times the field's weight, summed over the fields."""
    wanted = token(word)
    paragraph = word[0] == "§"
    folded = fold(word) == word and not paragraph and wanted not in EXACT
    best: dict[int, list[int]] = {}
    top: dict[int, tuple[int, int]] = {}

    def take(records: dict[int, int], exact: bool, quality: int, near: int) -> None:
        for record, mask in records.items():
            q = quality if exact and mask <= FIELD_BITS else near  # a compound's tail is never exact
            fields = best.setdefault(record, [0] * len(FIELDS))
            for f in range(len(FIELDS)):
                if mask & (1 << f) and fields[f] < q:
                    fields[f] = q
                    if WEIGHTS[f] * q > top.get(record, (0, 0))[0]:
                        top[record] = (WEIGHTS[f] * q, f)

    def scan(index: dict[str, dict[int, int]], prefix: str, whole: bool, exact: int, near: int) -> None:
        for name, records in index.items():
            if name == prefix or (not whole and name.startswith(prefix)):
                take(records, name == prefix, exact, near)

    scan(EXACT, wanted, paragraph, EXACT_MATCH, NEAR)
    if folded:
        scan(FOLDED, wanted, False, NEAR, FAR)
        alt = token(word.replace("oe", "o")) if "oe" in word else wanted
        if alt != wanted:
            scan(FOLDED, alt, False, NEAR, FAR)
    if not paragraph:
        for cut in range(len(wanted) - 1, max(MIN_SHORT, len(wanted) - MAX_CUT) - 1, -1):
            if wanted[:cut] in EXACT and wanted[:cut][:2] == wanted[:2]:
                scan(EXACT, wanted[:cut], False, FAR, FAR)
                break
    if not best and not paragraph and len(wanted) >= 5:
        for index in (EXACT, FOLDED) if folded else (EXACT,):
            for name in [n for n in index if n[:2] == wanted[:2] and one_edit(n, wanted)]:
                scan(index, name, True, FAR, FAR)
    return {r: (sum(WEIGHTS[f] * q for f, q in enumerate(fields)), top[r][1]) for r, fields in best.items()}


def matches(query: str) -> dict[int, tuple[int, float]]:
    """The search as specified, on the generated index: {record position: (words it has, score)} of the records
    with at least one word of the query; each word's scores weighed by its inverse document frequency."""
    found = [word_matches(w) for w in words(query)]
    n = len(ENTRIES)
    result: dict[int, tuple[int, float]] = {}
    for best in found:
        idf = math.log((n - len(best) + 0.5) / (len(best) + 0.5) + 1)
        for record, (score, _) in best.items():
            count, total = result.get(record, (0, 0.0))
            result[record] = (count + 1, total + score * idf)
    return result


def ranked(query: str) -> list[str]:
    """The matches, best first (the words a record has, then its score); among equals the better documented
    (evidence order), then the name order."""
    found, size = matches(query), len(words(query))
    return [
        ENTRIES[r].id
        for r in sorted(found, key=lambda r: ((size - found[r][0]) * 1e6 - found[r][1], EVIDENCE_ORDER[r], r))
    ]


def unknown(query: str) -> list[str]:
    return [w for w in words(query) if not word_matches(w)]


# ---- the script's Danish text rules are the generator's ------------------------------------------------


def test_script_normalises_and_stems_like_the_generator(page: object, site_url: str) -> None:
    open_catalogue(page, site_url)
    extra = {"Forældrene", "FAMILIETERAPI", "Ärger", "Öre", "café", "Åben", "Aarhus", "aabenhed", "DUÅ"}
    vocabulary = sorted(all_words(ENTRIES) | extra)
    got = page.evaluate(
        "ws => ws.map(w => [Katalog.normalise(w), Katalog.token(Katalog.normalise(w)), Katalog.fold(w)])", vocabulary
    )
    want = [[normalise(w), token(normalise(w)), fold(w)] for w in vocabulary]
    mismatches = [(w, g, x) for w, g, x in zip(vocabulary, got, want, strict=True) if g != x]
    assert len(vocabulary) > 1000
    assert any(w.startswith("§") for w in vocabulary)
    assert mismatches == []


def test_script_splits_text_into_words_like_the_generator(page: object, site_url: str) -> None:
    """Every record's text, and the paragraph forms a reader types, become the same words on both sides."""
    open_catalogue(page, site_url)
    texts = [search_text(e) for e in ENTRIES]
    texts += ["§ 32", "§32", "§§ 28–30", "§§ 30-28", "§ 1–99", "servicelovens § 11, stk. 2", "Aarhus aabenhed"]
    got = page.evaluate("([ts, stop]) => ts.map(t => Katalog.words(t, new Set(stop)))", [texts, sorted(STOPWORDS)])
    assert got == [words(t) for t in texts]


# ---- typing ----------------------------------------------------------------------------------------------


def test_all_cards_show_before_any_choice(page: object, site_url: str) -> None:
    open_catalogue(page, site_url)
    expect_status(page, len(ENTRIES))
    assert shown_ids(page) == ALL_IDS
    assert page.is_hidden("#k-static")
    assert page.get_attribute("#k-status", "aria-live") == "polite"


def test_typing_finds_word_forms(page: object, site_url: str) -> None:
    open_catalogue(page, site_url)
    parents = containing("forældr")
    assert 0 < len(parents) < len(ENTRIES)
    for typed in ("forældre", "Forældrene", "FORÆLDRENES"):
        page.fill("#k-q", typed)
        expect_status(page, len(ranked(typed)))
        assert shown_ids(page) == ranked(typed), typed
        assert set(parents) <= set(shown_ids(page))
    # The one record with the word itself first; the thesaurus's synonyms (familiebehandling) after it.
    for typed in ("familieterapi", "Familieterapien"):
        page.fill("#k-q", typed)
        expect_status(page, len(ranked(typed)))
        assert shown_ids(page) == ranked(typed) and shown_ids(page)[0] == "fft"


def test_more_words_rank_records_with_every_word_first_and_keep_danish_letters(page: object, site_url: str) -> None:
    open_catalogue(page, site_url)
    page.fill("#k-q", "Duå")
    duaa = containing("duå")
    assert {"duaa-baby", "duaa-smaaboern"} <= set(duaa)
    expect_status(page, len(duaa))
    assert sorted(shown_ids(page)) == sorted(duaa) and shown_ids(page) == ranked("duå")
    page.fill("#k-q", "duå småbørn")
    both = [i for i in duaa if i in containing("småbørn")]
    assert "duaa-smaaboern" in both and len(both) < len(duaa)
    expect_status(page, len(ranked("duå småbørn")))
    shown = shown_ids(page)
    assert shown == ranked("duå småbørn") and sorted(shown[: len(both)]) == sorted(both)
    page.fill("#k-q", "zzzqqq")
    expect_status(page, 0)
    assert shown_ids(page) == []


def test_search_matches_activities_and_mechanisms(page: object, site_url: str) -> None:
    open_catalogue(page, site_url)
    # "generaliseringsfasen" appears only in FFT's activities; "tilknytning" in mechanism labels/explanations.
    page.fill("#k-q", "generaliseringsfasen")
    expect_status(page, 1)
    assert shown_ids(page) == ["fft"]
    page.fill("#k-q", "tilknytning")
    wanted = containing("tilknytning")
    expect_status(page, len(ranked("tilknytning")))
    assert set(wanted) <= set(shown_ids(page))
    assert shown_ids(page) == ranked("tilknytning")


# ---- Danish matching, legal references, ranking, why a card matched ---------------------------------------


def test_compounds_are_found_by_their_last_word(page: object, site_url: str) -> None:
    """ "problemer" finds "adfærdsproblemer": records with the word only inside a compound are found too."""
    open_catalogue(page, site_url)
    only_inside = [ENTRIES[r].id for r, mask in EXACT["problem"].items() if ENTRIES[r].id not in containing("problem")]
    assert only_inside, "no record has 'problem' only inside a compound any more: pick another word"
    assert all(
        any(re.search(r"\w+problem", text.lower()) for _, text in field_texts(CATALOGUE.by_id[i])) for i in only_inside
    )
    page.fill("#k-q", "problemer")
    expect_status(page, len(ranked("problemer")))
    shown = shown_ids(page)
    assert set(only_inside) <= set(shown) and set(containing("problem")) <= set(shown)
    assert shown == ranked("problemer")


def test_typed_without_danish_letters_and_aa_for_aa(page: object, site_url: str) -> None:
    open_catalogue(page, site_url)
    duaa = containing("duå")
    # "dua" (no å on the keyboard) finds DUÅ; "duaa" reads as "duå".
    for typed in ("dua", "DUA", "duaa"):
        page.fill("#k-q", typed)
        expect_status(page, len(duaa))
        assert sorted(shown_ids(page)) == sorted(duaa), typed
    # "aabenhed" reads as "åbenhed", whose stem "åben" starts "Åben og anonym rådgivning".
    open_records = containing("åben")
    assert open_records and stem("åbenhed") == "åben"
    search_for(page, "aabenhed")
    expect_status(page, len(ranked("aabenhed")))
    assert set(open_records) <= set(shown_ids(page))
    # "foraeldre" finds what "forældre" finds, but a query with æ, ø, å matches only the exact words, and a
    # word typed without them is folded only when it is not itself a word of the catalogue: "sorg" (grief) is,
    # so it never finds "sørge" (see to), nor "far" (father) "får" (gets).
    search_for(page, "foraeldre")
    expect_status(page, len(ranked("forældre")))
    assert sorted(shown_ids(page)) == sorted(ranked("forældre"))
    search_for(page, "bør")
    expect_status(page, len(ranked("bør")))
    assert shown_ids(page) == ranked("bør")
    for plain in ("sorg", "far"):
        assert plain in EXACT and set(FOLDED[plain]) - set(EXACT[plain]), plain  # some have only "sørge", "får"
        search_for(page, plain)
        expect_status(page, len(ranked(plain)))
        shown = shown_ids(page)
        assert shown == ranked(plain) and set(shown) == {ENTRIES[r].id for r in EXACT[plain]}


def _cites(paragraph: int) -> list[str]:
    pattern = re.compile(rf"§\s*{paragraph}(?!\d)")
    return [e.id for e in ENTRIES if any(pattern.search(law["reference"]) for law in e.data.get("legal_basis", []))]


def test_legal_references_are_searchable(page: object, site_url: str) -> None:
    open_catalogue(page, site_url)
    citing = _cites(32)
    assert 0 < len(citing) < len(ENTRIES)
    for typed in ("§ 32", "§32", "§§ 32"):
        page.fill("#k-q", typed)
        expect_status(page, len(citing))
        assert sorted(shown_ids(page)) == sorted(citing), typed
    # Each card names the legal basis, at once as "lovgrundlag «§ 32»", then quoting the reference.
    why = page.locator("#k-results .k-why").all_text_contents()
    assert len(why) == len(citing)
    assert all(
        w in ("Fundet i: lovgrundlag «§ 32»",) or re.fullmatch(r"Fundet i: lovgrundlag: .*§ 32.*", w) for w in why
    )
    # The main legal basis first: the records whose first reference is § 32 before those that cite it later.
    first = [
        e.id for e in ENTRIES if re.search(r"§\s*32(?!\d)", (e.data.get("legal_basis") or [{}])[0].get("reference", ""))
    ]
    assert set(shown_ids(page)[: len(first)]) == set(first)
    # A paragraph is matched whole: "§ 3" is not "§ 32" or "§ 30".
    search_for(page, "§ 3")
    expect_status(page, len(_cites(3)))
    barnets_lov = [
        e.id for e in ENTRIES if any("Barnets lov" in law["reference"] for law in e.data.get("legal_basis", []))
    ]
    search_for(page, "barnets lov")
    expect_status(page, len(ranked("barnets lov")))
    assert set(barnets_lov) <= set(shown_ids(page))
    # Several words: the records with all of them first, then those with some.
    search_for(page, "barnets lov § 32")
    expect_status(page, len(ranked("barnets lov § 32")))
    shown = shown_ids(page)
    complete = [ENTRIES[r].id for r, (count, _) in matches("barnets lov § 32").items() if count == 3]
    assert shown == ranked("barnets lov § 32") and complete and set(complete) <= set(citing)
    assert set(shown[: len(complete)]) == set(complete) and len(shown) > len(complete)


def test_ranking_weighs_where_the_word_is(page: object, site_url: str) -> None:
    """The word in the name and in many weighty fields first; a record that mentions it in one lower field last."""
    open_catalogue(page, site_url)
    page.fill("#k-q", "forældre")
    expect_status(page, len(ranked("forældre")))
    shown = shown_ids(page)
    assert shown == ranked("forældre") and shown != sorted(shown, key=ALL_IDS.index)
    scores = word_matches("forældre")
    assert [scores[ALL_IDS.index(i)][0] for i in shown] == sorted((s for s, _ in scores.values()), reverse=True)
    names = [stem(w) for w in words(CATALOGUE.by_id[shown[0]].title)]
    assert any(n.startswith("forældr") for n in names)  # the first has the word in its name
    # Without a query, the name order again.
    page.fill("#k-q", "")
    expect_status(page, len(ENTRIES))
    assert shown_ids(page) == ALL_IDS
    assert page.locator("#k-results .k-why").count() == 0


def test_each_card_says_why_it_matched(page: object, site_url: str) -> None:
    """At once the field that weighs most in the match ("Fundet i: målgruppe «tilknytning»"); when the card is in
    view, a few words of that field around the word, marked ("målgruppe: … en god <mark>tilknytning</mark> …")."""
    open_catalogue(page, site_url)
    page.fill("#k-q", "tilknytning")
    expect_status(page, len(ranked("tilknytning")))
    found = word_matches("tilknytning")
    names = [name for name, _ in FIELDS]
    first = page.locator("#k-results .k-card").first.locator(".k-why mark")
    first.wait_for()
    for record_id, why in zip(shown_ids(page), page.locator("#k-results .k-why").all(), strict=True):
        field = names[found[ALL_IDS.index(record_id)][1]]
        text = why.text_content()
        if why.locator("mark").count() == 0:
            assert text == f"Fundet i: {field} «tilknytning»", record_id
            continue
        assert text.startswith(f"Fundet i: {field}: "), (record_id, text)
        marked = why.locator("mark").text_content()
        assert stem(normalise(marked)).endswith("tilknytning") or "tilknytning" in normalise(marked), marked
        if field != "beslægtede ord":
            # The quote is the field's own text around the word.
            quoted = text.removeprefix(f"Fundet i: {field}: ").strip("… ").removesuffix(" …")
            texts = [" ".join(t.split()) for f, t in field_texts(CATALOGUE.by_id[record_id]) if names[f] == field]
            assert any(quoted.strip(" …") in t for t in texts), (record_id, quoted)
    # Read in the card, after its summary; the live region only announces the count.
    assert page.locator("#k-status .k-why").count() == 0
    assert page.locator("#k-results .k-card").first.locator(".k-summary + .k-why").count() == 1


def test_the_quote_marks_the_word_in_its_field(page: object, site_url: str) -> None:
    """The issue's example: "sorg" quotes the target group where a record has the word (here inside
    "kærestesorg"), and a word found through the thesaurus says what it leads to."""
    open_catalogue(page, site_url, "?q=sorg")
    expect_status(page, len(ranked("sorg")))
    card = page.locator("#k-results .k-card").first
    card.locator(".k-why mark").wait_for()
    text = card.locator(".k-why").text_content()
    assert re.fullmatch(r"Fundet i: målgruppe: … .+ kærestesorg, .+ …", text), text
    assert card.locator(".k-why mark").text_content() == "kærestesorg"
    related = page.locator("#k-results .k-why", has_text="beslægtede ord").first
    related.locator("mark").wait_for()
    assert (
        related.text_content() == "Fundet i: beslægtede ord: sorg (problemområde: Angst og indadreagerende problemer)"
    )


def test_quotes_are_fetched_only_for_cards_in_view(page: object, site_url: str) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    open_catalogue(page, site_url, "?q=forældre")
    expect_status(page, len(ranked("forældre")))
    page.locator("#k-results .k-card .k-why mark").first.wait_for()
    page.wait_for_timeout(300)
    texts = [u for u in fetched if u.startswith("/katalog/tekst/")]
    assert 0 < len(texts) < len(ranked("forældre"))
    assert texts[0] == f"/katalog/tekst/{ranked('forældre')[0]}.json"


def test_an_unknown_word_is_reported_and_the_others_still_answer(page: object, site_url: str) -> None:
    open_catalogue(page, site_url, "?q=%C2%A7+32+zzzqqq")
    citing = _cites(32)
    assert unknown("§ 32 zzzqqq") == ["zzzqqq"]
    playwright_api.expect(page.locator("#k-status")).to_have_text(
        f"Ingen indsatser nævner «zzzqqq»; viser resultater for «§ 32». Viser {len(citing)} af {len(ENTRIES)} "
        "indsatser, bedste match først."
    )
    assert sorted(shown_ids(page)) == sorted(citing)
    # Only unknown words: nothing, and the drop buttons say what each leaves.
    search_for(page, "zzzqqq xxxyyy")
    expect_status(page, 0)
    assert page.locator("#k-suggest button").all_text_contents() == [
        "ordet «zzzqqq» (0 indsatser)",
        "ordet «xxxyyy» (0 indsatser)",
        f"søgeordene «zzzqqq xxxyyy» ({len(ENTRIES)} indsatser)",
    ]


def test_zero_results_offer_to_drop_one_choice(page: object, site_url: str) -> None:
    open_catalogue(page, site_url, "?q=%C2%A7+32&age=25")
    expect_status(page, 0)
    citing = _cites(32)
    buttons = page.locator("#k-suggest button").all_text_contents()
    assert f"alderen (25 år) ({len(citing)} indsatser)" in buttons
    page.locator("#k-suggest button", has_text="alderen").click()
    expect_status(page, len(citing))
    assert page.input_value("#k-q") == "§ 32" and page.input_value("#k-age") == ""


# ---- a small catalogue of its own: a compound whose last word only other records have ----------------------


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The two fixture records, the second with "plejeforældre" (and never "forældre"), "Århus" and a
    reference to Serviceloven § 11."""
    base = tmp_path_factory.mktemp("lille")
    records = base / "interventions"
    records.mkdir()
    for file in FIXTURES.glob("*.yaml"):
        shutil.copy(file, records / file.name)
    other = records / "andet-eksempel.yaml"
    other.write_text(
        edit(
            other.read_text(encoding="utf-8"),
            (
                "summary: Et fiktivt organisatorisk tiltag [@kilde-1].",
                "summary: Et fiktivt tiltag for plejeforældre i Århus [@kilde-1].",
            ),
            ("Et månedligt møde [@kilde-1].", "Et månedligt møde om pleje [@kilde-1]."),
            (
                "legal_basis: []",
                "legal_basis:\n  - reference: Serviceloven § 11, stk. 3\n    note: Forebyggelse [@kilde-1].\n"
                "    url: https://www.retsinformation.dk/eli/lta/2024/1",
            ),
        ),
        encoding="utf-8",
    )
    config = copy_site_skeleton(base / "project")
    out = base / "site"
    result = run_cli("site", "--records", records, "--config", config, "--out", out)
    assert result.returncode == 0, result.stderr
    yield from served(out)


def _small(page: object, url: str, query: str) -> list[tuple[str, str]]:
    page.goto(f"{url}/katalog/")
    page.wait_for_function(READY)
    page.fill("#k-q", query)
    # Until every card quotes its field (the record's text fetched), or nothing is found.
    page.wait_for_function(
        "(() => { const w = [...document.querySelectorAll('#k-results .k-why')];"
        " return (w.length && w.every(p => p.querySelector('mark')))"
        " || /^Ingen/.test(document.getElementById('k-status').textContent); })()"
    )
    cards = page.locator("#k-results .k-card")
    return [
        (cards.nth(i).locator(".k-card-title a").text_content(), cards.nth(i).locator(".k-why").text_content())
        for i in range(cards.count())
    ]


def test_small_catalogue_compound_aa_and_law(page: object, small_site: str) -> None:
    plain = {path.stem: path.read_text(encoding="utf-8") for path in FIXTURES.glob("*.yaml")}
    assert "plejeforældre" not in plain["andet-eksempel"]
    found = _small(page, small_site, "forældre")
    # The record with the word itself first; the one with it only in "plejeforældre" after it.
    assert [title for title, _ in found] == ["Eksempel på en indsats (EPI)", "Andet eksempel"]
    assert found[1][1] == "Fundet i: beskrivelse: Et fiktivt tiltag for plejeforældre i Århus."
    assert page.locator("#k-results .k-card").nth(1).locator(".k-why mark").text_content() == "plejeforældre"
    found = _small(page, small_site, "servicelovens § 11")
    assert found == [("Andet eksempel", "Fundet i: lovgrundlag: Serviceloven § 11, stk. 3")]
    found = _small(page, small_site, "Aarhus")
    assert found == [("Andet eksempel", "Fundet i: beskrivelse: Et fiktivt tiltag for plejeforældre i Århus.")]


# ---- facets, counts, combinations ------------------------------------------------------------------------


@pytest.mark.parametrize("facet", list(FACET_LISTS))
def test_each_facet_counts_and_filters(page: object, site_url: str, facet: str) -> None:
    open_catalogue(page, site_url)
    page.click(f"#k-facet-{facet} summary")
    terms = CATALOGUE.vocabulary.lists[FACET_LISTS[facet]]
    for term_id in terms:
        # A broader term counts the terms it includes (evidence: "Dokumenteret effekt" counts "…, også i Danmark").
        assert option_count(page, facet, str(term_id)) == len(expected(**{facet: [str(term_id)]})), term_id
    term_id = max(terms, key=lambda t: len(CATALOGUE.with_term(FACET_LISTS[facet], t)))
    page.check(f'#k-facet-{facet} input[value="{term_id}"]')
    want = expected(**{facet: [str(term_id)]})
    if facet == "problem":
        want = apart_last(want, [str(term_id)])
    expect_status(page, len(want))
    assert shown_ids(page) == want
    assert parse_qs(urlsplit(page.url).query)[facet] == [str(term_id)]
    page.uncheck(f'#k-facet-{facet} input[value="{term_id}"]')
    expect_status(page, len(ENTRIES))


def test_age_and_facets_combine_with_counts(page: object, site_url: str) -> None:
    open_catalogue(page, site_url)
    page.fill("#k-age", "4")
    want = expected(4)
    assert 0 < len(want) < len(ENTRIES)
    expect_status(page, len(want))
    assert shown_ids(page) == want
    # Counts now say how many of the 4-year-olds' cards each option would leave.
    for mechanism in CATALOGUE.vocabulary.mechanisms:
        assert option_count(page, "mechanism", mechanism) == len(expected(4, mechanism=[mechanism])), mechanism
    page.click("#k-facet-kind summary")
    page.check('#k-facet-kind input[value="indsats"]')
    want = expected(4, kind=["indsats"])
    expect_status(page, len(want))
    assert shown_ids(page) == want
    # Within one facet, options widen (or); a facet's own counts ignore its own choice.
    page.check('#k-facet-kind input[value="organisatorisk-tiltag"]')
    expect_status(page, len(expected(4)))
    assert option_count(page, "kind", "indsats") == len(expected(4, kind=["indsats"]))
    page.uncheck('#k-facet-kind input[value="organisatorisk-tiltag"]')
    page.click("#k-facet-evidence summary")
    levels = {e.evidence.id for e in ENTRIES if e.id in want}
    level = sorted(levels)[0]
    page.check(f'#k-facet-evidence input[value="{level}"]')
    want = expected(4, kind=["indsats"], evidence=[level])
    expect_status(page, len(want))
    assert shown_ids(page) == want
    assert option_count(page, "kind", "organisatorisk-tiltag") == len(
        expected(4, kind=["organisatorisk-tiltag"], evidence=[level])
    )


def test_decimal_age_and_text_combine(page: object, site_url: str) -> None:
    open_catalogue(page, site_url, "?age=0.5&q=for%C3%A6ldre")
    want = [i for i in ranked("forældre") if i in expected(0.5)]
    expect_status(page, len(want))
    assert shown_ids(page) == want
    assert page.input_value("#k-age") == "0.5" and page.input_value("#k-q") == "forældre"


def test_reset_clears_everything(page: object, site_url: str) -> None:
    open_catalogue(page, site_url, "?q=familie&age=12&theme=nye-typer-tilbud&sort=alder")
    assert len(ENTRIES) > int(re.sub(r"\D", " ", status(page)).split()[0])
    page.click("#k-reset")
    expect_status(page, len(ENTRIES))
    assert page.input_value("#k-q") == "" and page.input_value("#k-age") == ""
    assert page.input_value("#k-sort") == ""
    assert page.eval_on_selector_all("#k-form input[type=checkbox]:checked", "b => b.length") == 0
    assert urlsplit(page.url).query == ""
    assert shown_ids(page) == ALL_IDS


def test_a_chosen_problem_never_offers_no_effect_silently(page: object, site_url: str) -> None:
    """For every problem area: each card shows the finding for that problem, and no intervention whose
    finding for it is "no effect" stands among the others; they follow under their own heading."""
    open_catalogue(page, site_url)
    findings = CATALOGUE.vocabulary.findings
    for area in CATALOGUE.vocabulary.problem_areas.values():
        targeting = expected(problem=[area.id])
        if not targeting:
            continue
        page.goto(f"{site_url}/katalog/?problem={area.id}")
        page.wait_for_function(READY)
        late = [i for i in targeting if CATALOGUE.by_id[i].without_effect_on([area.id])]
        assert shown_ids(page, "#k-results") == [i for i in targeting if i not in late], area.id
        assert shown_ids(page, "#k-late") == late, area.id
        assert page.is_visible("#k-late-title") == bool(late)
        for card in page.locator("#k-results .k-card, #k-late .k-card").all():
            record = card.locator(".k-card-title a").get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
            finding = next(f for a, f, _ in CATALOGUE.by_id[record].problem_areas if a.id == area.id)
            assert card.locator(".k-finding").text_content() == f"{area.label}: {finding.label}"
        if late:
            assert page.text_content("#k-late-title") == f"Undersøgt uden effekt på det valgte problem ({len(late)})"
            assert findings["ingen-effekt"].label in page.locator("#k-late").text_content()


# ---- sorting --------------------------------------------------------------------------------------------


def test_sorting(page: object, site_url: str) -> None:
    open_catalogue(page, site_url)
    position = {e.id: i for i, e in enumerate(ENTRIES)}
    page.select_option("#k-sort", "alder")
    by_age = sorted(ENTRIES, key=lambda e: (*ages.span(e.data["target_age"]), position[e.id]))
    playwright_api.expect(page.locator("#k-results .k-card-title a").first).to_have_text(by_age[0].title)
    assert shown_ids(page) == [e.id for e in by_age]
    page.select_option("#k-sort", "evidens")
    by_evidence = sorted(ENTRIES, key=lambda e: (e.evidence.order, position[e.id]))
    playwright_api.expect(page.locator("#k-results .k-card-title a").first).to_have_text(by_evidence[0].title)
    assert shown_ids(page) == [e.id for e in by_evidence]
    assert "sort=evidens" in page.url
    page.select_option("#k-sort", "")
    playwright_api.expect(page.locator("#k-results .k-card-title a").first).to_have_text(ENTRIES[0].title)
    assert shown_ids(page) == ALL_IDS


# ---- the URL ----------------------------------------------------------------------------------------------


def test_url_round_trip_and_back_button(page: object, site_url: str) -> None:
    open_catalogue(page, site_url)
    page.fill("#k-q", "familie")
    after_text = ranked("familie")
    assert set(containing("famili")) <= set(after_text)
    expect_status(page, len(after_text))
    page.click("#k-facet-band summary")
    page.check('#k-facet-band input[value="unge"]')
    page.check('#k-facet-band input[value="skoleboern"]')
    page.select_option("#k-sort", "alder")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": ["familie"], "band": ["skoleboern", "unge"], "sort": ["alder"]}
    both = [i for i in expected(band=["skoleboern", "unge"]) if i in after_text]
    expect_status(page, len(both))
    shown = shown_ids(page)

    # The same address in a fresh tab gives the same view.
    other = page.context.new_page()
    open_catalogue(other, site_url, "?" + urlsplit(page.url).query)
    assert shown_ids(other) == shown
    assert other.input_value("#k-q") == "familie" and other.input_value("#k-sort") == "alder"
    assert other.is_checked('#k-facet-band input[value="unge"]')
    other.close()

    page.go_back()  # undo the sort
    playwright_api.expect(page.locator("#k-sort")).to_have_value("")
    assert sorted(shown_ids(page)) == sorted(shown)
    page.go_back()  # undo "skoleboern"
    expect_status(page, len([i for i in expected(band=["unge"]) if i in after_text]))
    assert not page.is_checked('#k-facet-band input[value="skoleboern"]')
    page.go_back()  # undo "unge"
    page.go_back()  # undo the typing: one history entry for the whole word
    expect_status(page, len(ENTRIES))
    assert page.input_value("#k-q") == ""
    page.go_forward()
    expect_status(page, len(after_text))
    assert page.input_value("#k-q") == "familie"


def test_unknown_values_in_the_url_are_ignored(page: object, site_url: str) -> None:
    open_catalogue(page, site_url, "?band=ingen-saadan&sort=%3Cscript%3E&q=%3Cb%3Efft")
    assert page.input_value("#k-sort") == ""
    expect_status(page, 1)
    assert shown_ids(page) == ["fft"]


# ---- compare ----------------------------------------------------------------------------------------------


def test_compare_two_to_four(page: object, site_url: str) -> None:
    open_catalogue(page, site_url)
    picks = ALL_IDS[:5]
    for record_id in picks[:2]:
        page.check(f'.k-pick[value="{record_id}"]')
    playwright_api.expect(page.locator("#k-compare-count")).to_have_text("2 indsatser valgt.")
    for record_id in picks[2:4]:
        page.check(f'.k-pick[value="{record_id}"]')
    assert page.is_disabled(f'.k-pick[value="{picks[4]}"]')
    href = page.get_attribute("#k-compare-link", "href")
    assert parse_qs(urlsplit(href).query) == {"id": picks[:4]}
    page.click("#k-compare-link")
    page.wait_for_selector("#k-compare-table table")
    assert urlsplit(page.url).path == "/katalog/sammenlign/"
    headers = page.eval_on_selector_all("#k-compare-table thead th", "ths => ths.map(t => t.textContent)")
    assert headers == [CATALOGUE.by_id[i].title for i in picks[:4]]
    rows = page.eval_on_selector_all("#k-compare-table tbody th", "ths => ths.map(t => t.textContent)")
    # The rows a leader needs for a budget decision.
    assert rows == COMPARE_ROWS
    first = CATALOGUE.by_id[picks[0]]
    evidence_row = page.locator("#k-compare-table tbody tr").nth(COMPARE_ROWS.index("Evidens"))
    assert evidence_row.locator("td").first.evaluate("td => td.firstChild.textContent").startswith(first.evidence.label)
    mechanisms = (
        page.locator("#k-compare-table tbody tr").nth(COMPARE_ROWS.index("Virksomme mekanismer")).locator("td").first
    )
    assert mechanisms.locator("li").all_text_contents() == [t.label for t, _ in first.mechanisms]


def test_four_programmes_with_the_longest_names_fit_side_by_side_on_a_laptop(browser: object, site_url: str) -> None:
    """A leader compares four programmes at 1366 × 768 without scrolling sideways: the table fits its column."""
    longest = sorted(CATALOGUE.entries, key=lambda e: -len(e.title))[:4]
    with guarded_tab(browser, viewport=SIZES["laptop"]) as page:
        page.goto(f"{site_url}/katalog/sammenlign/?" + "&".join(f"id={e.id}" for e in longest))
        page.wait_for_selector("#k-compare-table table")
        fit = page.evaluate(
            "(t => [t.scrollWidth, t.parentElement.clientWidth])(document.querySelector('#k-compare-table table'))"
        )
        headers = page.eval_on_selector_all("#k-compare-table thead th", "ths => ths.map(t => t.textContent)")
    assert headers == [e.title for e in longest]
    assert fit[0] <= fit[1], f"the table is {fit[0]} px wide in a column of {fit[1]} px"


def test_compare_script_finds_each_records_detail_file_as_the_generator_files_it(page: object, site_url: str) -> None:
    page.goto(f"{site_url}/katalog/sammenlign/?id=fft&id=keep")
    page.wait_for_selector("#k-compare-table table")
    ids = [e.id for e in ENTRIES] + [f"syntetisk-{n:05d}" for n in range(2000)] + ["a", "foobar", "x-1-2"]
    for files in (1, 7, 64, 157):
        got = page.evaluate("([ids, n]) => ids.map(id => Sammenlign.detailFile(id, n))", [ids, files])
        assert got == [detail_file(i, files) for i in ids]


def test_compare_url_is_shareable_and_reports_unknown_ids(page: object, site_url: str) -> None:
    page.goto(f"{site_url}/katalog/sammenlign/?id=fft&id=keep&id=findes-ikke")
    page.wait_for_selector("#k-compare-table table")
    assert "Findes ikke i kataloget: findes-ikke." in page.text_content("#k-compare-status")
    cost_row = page.locator("#k-compare-table tbody tr").nth(COMPARE_ROWS.index("Om udgifterne")).locator("td")
    assert cost_row.evaluate_all("tds => tds.map(td => td.firstChild.textContent)") == [
        strip_citations(CATALOGUE.by_id[i].data["implementation"]["cost_note"]) for i in ("fft", "keep")
    ]
    # Every fact links to the sources its text cites, on the record's own page.
    for column, record_id in enumerate(("fft", "keep")):
        entry = CATALOGUE.by_id[record_id]
        numbers = numbering(entry.data, SCHEMA)
        cited = sorted({numbers[k] for k in keys_in(entry.data["implementation"]["cost_note"])})
        hrefs = cost_row.nth(column).locator(".k-cites a").evaluate_all("a => a.map(x => x.getAttribute('href'))")
        assert hrefs == [f"../../indsatser/{record_id}/#kilde-{n}" for n in cited]
    page.goto(f"{site_url}/katalog/sammenlign/?id=fft")
    playwright_api.expect(page.locator("#k-compare-status")).to_have_text(
        "Vælg mindst to indsatser i kataloget for at sammenligne dem."
    )


# ---- overview matrix --------------------------------------------------------------------------------------


def test_matrix_counts_and_links(page: object, site_url: str) -> None:
    page.goto(f"{site_url}/katalog/oversigt/")
    bands = list(CATALOGUE.vocabulary.age_bands)
    for facet, list_name, table in (
        ("problem", "problem_areas", 0),
        ("theme", "themes", 1),
        ("mechanism", "mechanisms", 2),
    ):
        rows = page.locator("table.k-matrix").nth(table).locator("tbody tr")
        terms = list(CATALOGUE.vocabulary.lists[list_name])
        assert rows.count() == len(terms)
        for r, term in enumerate(terms):
            # A count links to the catalogue; an empty field is a dash, not a link to nothing.
            cells = (
                rows.nth(r)
                .locator("td")
                .evaluate_all("tds => tds.map(td => td.querySelector('a') ? td.querySelector('a').textContent : '0')")
            )
            # A problem's row counts only what was not studied without effect on it (those are named apart).
            counted = [
                len(
                    [
                        i
                        for i in expected(band=[b], **{facet: [term]})
                        if not CATALOGUE.by_id[i].without_effect_on([term])
                    ]
                )
                for b in bands
            ]
            assert [int(c) for c in cells] == counted, term
    # Follow a cell: the catalogue shows exactly that many cards before those studied without effect.
    link = page.locator("table.k-matrix").first.locator("tbody tr").first.locator("td a").nth(2)
    number = int(link.text_content())
    link.click()
    page.wait_for_url("**/katalog/?*")
    page.wait_for_function(READY)
    assert len(shown_ids(page, "#k-results")) == number


# ---- without JavaScript ------------------------------------------------------------------------------------


def test_without_javascript_every_card_reads(browser: object, site_url: str) -> None:
    context, offsite = guarded_context(browser, java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{site_url}/katalog/")
    assert tab.is_hidden("#k-form")
    assert tab.is_visible("#k-static")
    cards = tab.locator("#k-static .k-card")
    assert cards.count() == len(ENTRIES)
    titles = tab.locator("#k-static .k-card-title a").all_text_contents()
    assert titles == [e.title for e in ENTRIES]
    first = ENTRIES[0]
    meta = cards.first.locator(".k-meta").text_content()
    assert first.kind.label in meta and first.evidence.label in meta
    tab.locator("#k-static .k-card-title a").first.click()
    assert urlsplit(tab.url).path == f"/indsatser/{first.id}/"
    tab.goto(f"{site_url}/katalog/oversigt/")
    assert tab.locator("table.k-matrix").count() == 3
    tab.goto(f"{site_url}/katalog/sammenlign/")
    assert tab.is_visible(".k-nojs")
    context.close()
    assert offsite == []


# ---- keyboard and accessibility --------------------------------------------------------------------------


def test_keyboard_only(page: object, site_url: str) -> None:
    open_catalogue(page, site_url)
    page.focus("#k-q")
    page.keyboard.type("familieterapi")
    expect_status(page, len(ranked("familieterapi")))
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    expect_status(page, len(ENTRIES))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "k-age"
    page.keyboard.type("15")
    expect_status(page, len(expected(15)))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "k-sort"
    page.keyboard.press("Tab")
    # The folded "Filtre" control (open beside the results at this size), then the first filter.
    assert page.evaluate("document.activeElement.parentElement.id") == "k-filters"
    assert page.evaluate("document.getElementById('k-filters').open")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.parentElement.id") == "k-facet-band"
    page.keyboard.press("Enter")  # opens the age band facet
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "band"
    page.keyboard.press("Space")
    first_band = next(iter(CATALOGUE.vocabulary.age_bands))
    expect_status(page, len(expected(15, band=[first_band])))
    # Reset is reachable and operable from the keyboard too.
    page.focus("#k-reset")
    page.keyboard.press("Enter")
    expect_status(page, len(ENTRIES))
    assert page.evaluate("document.activeElement.id") == "k-q"


def _serious(page: object) -> list[tuple[str, str, list[str]]]:
    results = axe_module.Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        found.append((violation["id"], violation["help"], targets))
    return found


def test_axe_finds_nothing_serious(page: object, site_url: str) -> None:
    open_catalogue(page, site_url, "?q=for%C3%A6ldre&band=foerskoleboern")
    for facet in FACET_LISTS:
        page.click(f"#k-facet-{facet} summary")
    page.check(f".k-pick[value='{shown_ids(page)[0]}']")
    assert _serious(page) == []
    page.goto(f"{site_url}/katalog/oversigt/")
    assert _serious(page) == []
    page.goto(f"{site_url}/katalog/sammenlign/?id=fft&id=keep")
    page.wait_for_selector("#k-compare-table table")
    assert _serious(page) == []


def test_front_page_links_to_the_catalogue(page: object, site_url: str) -> None:
    page.goto(f"{site_url}/")
    # One search field: the page's own, which is the header's search (the header has none here).
    assert page.locator("input[type=search]").count() == 1 and page.locator("#site-search").count() == 0
    page.fill("#home-q", "familieterapi")
    page.wait_for_selector("#home-search-results .site-search__link")
    hrefs = page.eval_on_selector_all(
        "#home-search-results .site-search__list:first-of-type a", "a => a.map(x => x.pathname)"
    )
    assert hrefs == [f"/indsatser/{i}/" for i in ranked("familieterapi")[:5]]
    page.click(".home-search button[type=submit]")
    page.wait_for_selector("#k-results .k-card")
    assert urlsplit(page.url).path == "/katalog/"
    assert shown_ids(page) == ranked("familieterapi")
    page.goto(f"{site_url}/")
    link = page.locator("article .home-problems a").first
    link.click()
    page.wait_for_selector("#k-results .k-card")
    assert parse_qs(urlsplit(page.url).query)["problem"] == [next(iter(CATALOGUE.vocabulary.problem_areas))]


def test_query_in_the_address_stays_the_pages_own(page: object, site_url: str) -> None:
    """`?q=` belongs to the catalogue's field: the page has no header search it could fill."""
    open_catalogue(page, site_url, "?q=familieterapi&age=12")
    page.wait_for_load_state("load")
    assert page.locator("#site-search").count() == 0
    assert parse_qs(urlsplit(page.url).query) == {"q": ["familieterapi"], "age": ["12"]}
    assert page.input_value("#k-q") == "familieterapi"
    page.click("#k-reset")
    expect_status(page, len(ENTRIES))


def test_one_search_index_for_every_page(page: object, site_url: str) -> None:
    """The catalogue page's own field and the header's on every other page search the same index
    (katalog/indeks.json and its shards); the engine's own site index is not built, and no page fetches
    the index before its field is used."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    open_catalogue(page, site_url, "?q=familie")
    page.wait_for_timeout(300)
    assert page.locator("input[type=search]").count() == 1
    page.goto(f"{site_url}/om/")
    page.wait_for_load_state("load")
    assert page.locator("header form#site-search input[name=q]").count() == 1
    before = list(fetched)
    page.fill("#site-q", "familie")
    page.wait_for_selector("#site-search-results .site-search__link")
    indexes = [url for url in fetched if url.endswith(".json") and not re.search("/(soeg|detaljer|tekst)/", url)]
    assert indexes == ["/katalog/indeks.json", "/katalog/indeks.json"]  # once on each page
    assert "/katalog/indeks.json" not in before[before.index("/om/") :]
    assert not [url for url in fetched if "search_index" in url]


# ---- the header's search field on every other page ---------------------------------------------------------


@pytest.mark.parametrize("query", ["adfaerd", "§ 32", "voldsom adfærd", "forældreprogram"])
def test_header_search_answers_as_the_catalogue(page: object, site_url: str, query: str) -> None:
    """The same engine, index and ranking: the header's first records are the catalogue's, then a link to all
    of them there, then the pages that explain the words."""
    page.goto(f"{site_url}/evidens/")
    page.fill("#site-q", query)
    page.wait_for_selector("#site-search-results .site-search__link")
    want = ranked(query)
    assert want
    hrefs = page.eval_on_selector_all(
        "#site-search-results .site-search__list:first-of-type a", "links => links.map(a => a.pathname)"
    )
    assert hrefs == [f"/indsatser/{i}/" for i in want[:5]]
    more = page.locator("#site-search-results .site-search__all")
    assert parse_qs(urlsplit(more.get_attribute("href")).query) == {"q": [query]}
    status = page.text_content("#site-search-status")
    assert f"{len(want)} indsatser passer" in status
    # The link opens the catalogue with the query, and it shows the same records in the same order.
    more.click()
    page.wait_for_function(READY)
    assert urlsplit(page.url).path == "/katalog/" and page.input_value("#k-q") == query
    assert shown_ids(page) == want


def test_header_search_finds_the_explanatory_pages_after_the_records(page: object, site_url: str) -> None:
    page.goto(f"{site_url}/om/")
    page.fill("#site-q", "tilknytning")
    page.wait_for_selector("#site-search-results .site-search__link")
    lists = page.locator("#site-search-results .site-search__list")
    assert lists.count() == 2
    pages = lists.nth(1).locator("a").evaluate_all("links => links.map(a => a.pathname)")
    assert "/problemer/tilknytning-og-samspil/" in pages and "/mekanismer/tilknytning/" in pages
    # A word no record has may still have its page.
    page.fill("#site-q", "evidensniveauer")
    playwright_api.expect(page.locator("#site-search-status")).to_contain_text("Ingen indsatser passer")
    assert page.locator("#site-search-results a").evaluate_all("links => links.map(a => a.pathname)") == ["/evidens/"]
    # An unknown word is said, the rest still answers.
    page.fill("#site-q", "zzzqqq angst")
    playwright_api.expect(page.locator("#site-search-status")).to_contain_text(
        "Ingen indsatser nævner «zzzqqq»; viser resultater for «angst»."
    )


def test_header_search_by_keyboard(page: object, site_url: str) -> None:
    page.goto(f"{site_url}/temaer/")
    page.focus("#site-q")
    page.keyboard.type("angst")
    page.wait_for_selector("#site-search-results .site-search__link")
    page.keyboard.press("ArrowDown")
    first = page.locator("#site-search-results a").first
    assert first.evaluate("a => a === document.activeElement")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "site-q"
    page.keyboard.press("Escape")
    assert page.is_hidden("#site-search-results")
    assert page.evaluate("document.activeElement.id") == "site-q"
    # Enter opens the catalogue with the query.
    page.keyboard.press("Enter")
    page.wait_for_function(READY)
    assert urlsplit(page.url).path == "/katalog/" and page.input_value("#k-q") == "angst"


def test_header_search_without_javascript_opens_the_catalogue(browser: object, site_url: str) -> None:
    context, offsite = guarded_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/mekanismer/")
    page.fill("#site-q", "angst")
    page.click("#site-search button[type=submit]")
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path == "/katalog/" and parse_qs(urlsplit(page.url).query) == {"q": ["angst"]}
    # Without the script, the catalogue's static list of every record reads.
    assert page.locator("#k-static .k-card").count() > 0
    context.close()
    assert offsite == []


def test_header_search_results_pass_axe_at_both_sizes(sized: object, site_url: str) -> None:
    """The open list of the header's answers, at laptop and phone size: nothing serious, and the field and
    its button stay in view beside the wordmark."""
    sized.goto(f"{site_url}/indsatstrappen/")
    sized.fill("#site-q", "voldsom adfærd")
    sized.wait_for_selector("#site-search-results .site-search__link")
    assert _serious(sized) == []
    width = SIZES[sized.size_name]["width"]
    for selector in ("#site-q", "#site-search button[type=submit]", ".site-wordmark__name", "#site-search-results"):
        box = sized.locator(selector).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, selector
