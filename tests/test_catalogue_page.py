"""The catalogue page's generated files as pure functions: the index, the search shards, the Danish text rules,
the static cards and their escaping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from catalogue.build import render_all
from catalogue.records import ages
from catalogue.records.citations import strip as strip_citations
from catalogue.records.facets import facets
from catalogue.records.model import facet_values
from catalogue.site.catalogue_page import (
    BITS,
    COMPOUND,
    FIELDS,
    LAW,
    OWN,
    PAGE_SIZE,
    RELATED,
    build_index,
    build_search_shards,
    compound_tails,
    detail,
    detail_file,
    detail_files,
    field_texts,
    fold,
    normalise,
    render_catalogue,
    shard_file,
    stem,
    summary_line,
    term_bits,
    token,
    words,
)
from catalogue.text import age_range

from .conftest import checked, edit, load_project

PROJECT = load_project()


def _catalogue(records_dir: Path):
    result = checked(records_dir, records_dir.parent)
    assert result.problems == []
    return result.catalogue


def test_index_columns_follow_the_catalogue(records_dir: Path) -> None:
    """The script learns the filters from the index: per filter a bit set of each record's terms
    (vocabulary.yaml: facets), ages as months by the one age rule, shared between records of the same age."""
    catalogue = _catalogue(records_dir)
    catalogue.entries = catalogue.entries * 3  # the same ages again: one entry each in `a`
    index = build_index(catalogue)
    filters, columns = index["f"], index["c"]
    assert [f["id"] for f in filters] == [f.id for f in facets(catalogue.vocabulary)]
    by_id = {f["id"]: f for f in filters}
    assert [t[0] for t in by_id["band"]["t"]] == list(catalogue.vocabulary.age_bands)
    assert by_id["evidence"]["o"] == [t.order for t in catalogue.vocabulary.evidence_levels.values()]
    levels = list(catalogue.vocabulary.evidence_levels.values())
    assert by_id["evidence"]["i"] == [
        [[t.id for t in levels].index(i) for i in t.data.get("includes", [])] for t in levels
    ]
    assert "i" not in by_id["band"] and "o" not in by_id["band"]
    findings = list(catalogue.vocabulary.findings)
    assert [r[0] for r in index["r"]] == findings and index["pf"] == "problem"
    assert columns["id"] == [e.id for e in catalogue.entries]
    assert len(index["a"]) == len({ages.span(e.data["target_age"]) for e in catalogue.entries})
    for number, entry in enumerate(catalogue.entries):
        assert columns["title"][number] == entry.title
        low, high, text = index["a"][columns["age"][number]]
        assert (low, high) == ages.span(entry.data["target_age"]) and text == str(age_range(entry.data["target_age"]))
        assert columns["summary"][number] == summary_line(strip_citations(entry.data["summary"]))
        # One finding per problem area, in the order of the problem filter's terms.
        areas = list(catalogue.vocabulary.problem_areas)
        pairs = sorted((areas.index(a.id), findings.index(f.id)) for a, f, _ in entry.problem_areas)
        assert columns["findings"][number] == "".join(str(f) for _, f in pairs)
        for place, facet in enumerate(facets(catalogue.vocabulary)):
            terms = by_id[facet.id]["t"]
            width = -(-len(terms) // 6)
            assert len(columns["facets"][place]) == width * len(catalogue.entries)
            chars = columns["facets"][place][number * width : (number + 1) * width]
            bits = sum(BITS.index(c) << (6 * k) for k, c in enumerate(chars))
            assert [t[0] for i, t in enumerate(terms) if bits & (1 << i)] == facet_values(entry, facet), facet.id
    assert "[@" not in json.dumps(index)  # citations stay on the record pages


def postings(shards: dict, exact: bool = True, thesaurus: bool = False) -> dict[str, dict[int, int]]:
    """The shards read back: {token: {record position: field mask}}, exact or folded tokens; without the
    thesaurus's fields unless `thesaurus` (test_thesaurus.py tests those)."""
    tokens, lists = ("t", "p") if exact else ("ft", "fp")
    found: dict[str, dict[int, int]] = {}
    for key, shard in shards.items():
        assert shard.get(tokens, []) == sorted(shard.get(tokens, []))
        for name, flat in zip(shard.get(tokens, []), shard.get(lists, []), strict=True):
            assert name[:2] == key
            at, masks = 0, {}
            for gap, mask in zip(flat[::2], flat[1::2], strict=True):
                at += gap
                if not thesaurus:
                    mask &= ~((1 << OWN) | (1 << RELATED))
                if mask & ~COMPOUND:
                    masks[at] = mask
            if masks:
                found[name] = masks
    return found


def test_shards_hold_every_word_with_its_records_and_fields(records_dir: Path) -> None:
    catalogue = _catalogue(records_dir)
    found = postings(build_search_shards(catalogue), thesaurus=True)
    first = catalogue.entries[0]
    name_stem = stem(words(first.name)[0])
    assert found[name_stem][0] & 1  # the name is field 0
    checked = 0
    for number, entry in enumerate(catalogue.entries):
        for field, text in field_texts(entry):
            for word in words(text):
                assert found[token(word)][number] & (1 << field), (word, FIELDS[field][0])
                checked += 1
    assert checked > 40


def _with_texts(records_dir: Path, summary: str, target_group: str = "") -> None:
    path = records_dir / "eksempel.yaml"
    text = path.read_text(encoding="utf-8")
    replacements = [
        (
            "summary: Et fiktivt forældrekursus, som testene bruger til at afprøve generatoren [@kilde-1].",
            f"summary: {summary}",
        )
    ]
    if target_group:
        replacements.append(
            (
                "target_group: Forældre til børn i alderen 1–3 år, som er bekymrede for barnets trivsel [@kilde-1].",
                f"target_group: {target_group}",
            )
        )
    path.write_text(edit(text, *replacements), encoding="utf-8")


def test_compounds_are_indexed_under_tails_that_are_words_of_the_catalogue(records_dir: Path) -> None:
    _with_texts(
        records_dir,
        "Plejefamilier med adfærdsproblemer og en vurdering [@kilde-1].",
        "Hundetrænere og deres problemer [@kilde-1].",
    )
    other = records_dir / "andet-eksempel.yaml"
    other.write_text(
        edit(
            other.read_text(encoding="utf-8"),
            ("Fagpersoner i skolen [@kilde-1].", "Familier, pleje, hunde, trænere og adfærd [@kilde-1]."),
        ),
        encoding="utf-8",
    )
    catalogue = _catalogue(records_dir)
    number, second = (1, 0) if catalogue.entries[1].id == "eksempel" else (0, 1)
    found = postings(build_search_shards(catalogue))
    summary, target = (1 << [name for name, _ in FIELDS].index(f) for f in ("beskrivelse", "målgruppe"))
    # Only inside compounds: found under the tail, in the compound's field, marked as a compound match.
    assert found["famili"][number] == summary | COMPOUND
    assert found["træn"][number] == target | COMPOUND
    assert found["plejefamili"][number] == summary
    # Inside a compound in the description and as a word of its own in the target group (ranked alike): both
    # fields, no compound mark.
    assert found["problem"][number] == summary | target
    # The other record has the words themselves.
    assert found["famili"][second] == target
    # Tails only where head and tail are words: "ring" is a suffix.
    assert found[stem("vurdering")][number] == summary and "ring" not in found


def test_compound_tails_need_a_word_on_each_side() -> None:
    vocabulary = {"pleje", "plej", "forældr", "ældr", "adfærd", "problem", "ring", "vurdering", "lig", "ning"}
    tails = compound_tails(
        ["plejeforældr", "adfærdsproblem", "forældr", "vurdering", "organisering", "behandling", "venlig"], vocabulary
    )
    assert tails == {"plejeforældr": ["forældr"], "adfærdsproblem": ["problem"]}
    # "for" is no word here (a stop word), "ring" a suffix, "lig" and "ning" too short.


def test_compound_tails_take_linear_time_in_the_tokens() -> None:
    vocabulary = {f"ord{i:05d}" for i in range(20_000)}
    tokens = [f"ord{i:05d}ord{i + 1:05d}" for i in range(20_000)]
    tails = compound_tails(tokens, vocabulary)
    assert len(tails) == 19_999 and tails["ord00001ord00002"] == ["ord00002"]


def test_words_with_danish_letters_are_also_indexed_folded(records_dir: Path) -> None:
    _with_texts(records_dir, "DUÅ hjælper forældre i Aarhus og Århus med åbenhed [@kilde-1].")
    catalogue = _catalogue(records_dir)
    number = [e.id for e in catalogue.entries].index("eksempel")
    shards = build_search_shards(catalogue)
    exact, folded = postings(shards), postings(shards, exact=False)
    assert number in folded["dua"] and number in folded[stem("foraeldre")] and number in folded["arhus"]
    assert number in exact["duå"] and number in exact["århus"]
    # Only words with æ, ø, å get a folded form: an ASCII word is found as itself.
    assert "hjælp" not in folded and stem("hjaelper") in folded
    assert all(fold(t) == t for t in folded)
    assert words("aabenhed Aarhus AALBORG") == ["åbenhed", "århus", "ålborg"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Barnets lov § 32, stk. 1, nr. 5", ["barnets", "lov", "§32", "stk", "nr"]),
        ("§32", ["§32"]),
        ("servicelovens §11a", ["servicelovens", "§11"]),
        ("Barnets lov §§ 28–30", ["barnets", "lov", "§28", "§29", "§30"]),
        ("§§ 30-28 og § 1–99", ["§30", "§1"]),
    ],
)
def test_paragraphs_are_one_word(text: str, found: list[str]) -> None:
    assert words(text) == found


def test_legal_references_are_indexed_in_their_field(records_dir: Path) -> None:
    catalogue = _catalogue(records_dir)
    found = postings(build_search_shards(catalogue))
    number = [e.id for e in catalogue.entries].index("eksempel")
    assert found["§30"][number] == 1 << LAW
    assert found["lov"][number] & (1 << LAW)


def test_index_names_the_fields_and_their_ranks(records_dir: Path) -> None:
    index = build_index(_catalogue(records_dir))
    assert index["w"] == [list(f) for f in FIELDS]
    assert [tier for _, tier in FIELDS] == sorted(tier for _, tier in FIELDS)
    assert FIELDS[0] == ("navn", 0) and FIELDS[LAW][0] == "lovgrundlag"


def test_stop_words_and_short_words_are_not_indexed() -> None:
    assert words("Og i en FFT-terapeut, 3 år & 12 børn") == ["fft", "terapeut", "år", "12", "børn"]


@pytest.mark.parametrize(
    ("text", "normalised"),
    [("FORÆLDRE", "forældre"), ("Åben Ø", "åben ø"), ("Café naïve", "cafe naive"), ("Ärger Öl", "ærger øl")],
)
def test_normalise_keeps_danish_letters(text: str, normalised: str) -> None:
    assert normalise(text) == normalised


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("forældre", "forældr"),
        ("forældrene", "forældr"),
        ("forældrenes", "forældr"),
        ("familieterapien", "familieterapi"),
        ("familier", "famili"),
        ("sundhedsplejersker", "sundhedsplejersk"),
    ],
)
def test_stem_examples(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed


def test_summary_line_is_the_first_sentence_cut_at_a_word() -> None:
    assert summary_line("Kort. Mere tekst her.") == "Kort."
    long = "ord " * 100
    line = summary_line(long, 40)
    assert line.endswith("…") and len(line) <= 40 and not line.endswith(" …")


@pytest.mark.parametrize(
    ("positions", "terms", "text"),
    [([0, 2, 7], 8, "52"), ([], 3, "0"), ([5], 6, "w"), ([0, 1, 2, 3, 4, 5, 12], 13, "_01"), ([], 0, "0")],
)
def test_term_bits(positions: list[int], terms: int, text: str) -> None:
    assert term_bits(positions, terms) == text


def test_shard_file_names_are_ascii() -> None:
    assert shard_file("fo") == "666f.json"
    assert shard_file("æb") == "c3a662.json"


def test_record_text_is_escaped_in_every_output(records_dir: Path) -> None:
    path = records_dir / "eksempel.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["name"] = 'Farlig <script>alert("x")</script> & <b>fed</b>'
    data["summary"] = "<img src=x onerror=alert(1)> Opsummering med \"citat\" og 'apostrof' [@kilde-1]."
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    catalogue = _catalogue(records_dir)
    files = dict(render_catalogue(PROJECT, catalogue))
    page = files["katalog/index.md"]
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>fed" not in page
    assert "Farlig &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;fed&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    index = json.loads(files["katalog/indeks.json"])
    # JSON keeps text as text; the script only ever sets it with textContent.
    assert any(title.startswith(data["name"]) for title in index["c"]["title"])


def test_static_pages_split_at_page_size(records_dir: Path) -> None:
    catalogue = _catalogue(records_dir)
    many = catalogue.entries[0]
    catalogue.entries = [many] * (PAGE_SIZE + 1)
    names = [name for name, _ in render_catalogue(PROJECT, catalogue) if name.endswith(".md")]
    assert "katalog/index.md" in names and "katalog/side-2.md" in names and "katalog/side-3.md" not in names


def test_catalogue_files_are_owned_by_the_writer(records_dir: Path) -> None:
    result = checked(records_dir, records_dir.parent)
    planned = render_all(result.dated, result.valid)
    assert {"katalog/index.md", "katalog/indeks.json", "katalog/oversigt.md", "katalog/sammenlign.md"} <= set(planned)
    assert any(name.startswith("katalog/soeg/") for name in planned)


def test_detail_files_are_fnv_1a_of_the_id_and_hold_every_record_once(records_dir: Path) -> None:
    # The published FNV-1a 32-bit test vectors.
    assert [detail_file(text, 2**32) for text in ("", "a", "foobar")] == [0x811C9DC5, 0xE40C292C, 0xBF9CF968]
    catalogue = checked(records_dir).valid
    files = {name: json.loads(text) for name, text in render_catalogue(PROJECT, catalogue) if "/detaljer/" in name}
    assert len(files) == detail_files(len(catalogue.entries))
    held = {record_id: name for name, facts in files.items() for record_id in facts}
    assert sorted(held) == sorted(e.id for e in catalogue.entries)
    for entry in catalogue.entries:
        assert held[entry.id] == f"katalog/detaljer/{detail_file(entry.id, len(files))}.json"
        assert files[held[entry.id]][entry.id] == detail(entry, PROJECT.schema)
    assert detail_files(64) == 1 and detail_files(65) == 2 and detail_files(10_000) == 157
