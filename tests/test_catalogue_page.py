"""The catalogue page's generated files as pure functions: the index, the search shards, the Danish text rules,
the static cards and their escaping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from catalogue.build import check, render_all
from catalogue.records import ages
from catalogue.records.citations import strip as strip_citations
from catalogue.records.facets import facets, values
from catalogue.site.catalogue_page import (
    PAGE_SIZE,
    build_index,
    build_search_shards,
    normalise,
    render_catalogue,
    shard_file,
    stem,
    summary_line,
    words,
)


def _catalogue(records_dir: Path):
    result = check(records_dir, records_dir.parent)
    assert result.problems == []
    return result.catalogue


def test_index_rows_follow_the_catalogue(records_dir: Path) -> None:
    """The script learns the filters and the row layout from the index: one list of term positions per filter
    (vocabulary.yaml: facets), ages as months by the one age rule."""
    catalogue = _catalogue(records_dir)
    index = build_index(catalogue)
    layout = index["l"]
    filters = index["f"]
    assert [f["id"] for f in filters] == [f.id for f in facets(catalogue.vocabulary)]
    by_id = {f["id"]: f for f in filters}
    assert [t[0] for t in by_id["band"]["t"]] == list(catalogue.vocabulary.age_bands)
    assert [t[2] for t in by_id["evidence"]["t"]] == [t.rank for t in catalogue.vocabulary.evidence_levels.values()]
    assert [row[layout["id"]] for row in index["r"]] == [e.id for e in catalogue.entries]
    for entry, row in zip(catalogue.entries, index["r"], strict=True):
        assert row[layout["title"]] == entry.title
        assert (row[layout["from"]], row[layout["to"]]) == ages.span(entry.data["target_age"])
        assert row[layout["age"]] == ages.label(entry.data["target_age"])
        for number, facet in enumerate(facets(catalogue.vocabulary)):
            terms = by_id[facet.id]["t"]
            assert [terms[i][0] for i in row[layout["facets"] + number]] == values(entry, facet), facet.id
    assert "[@" not in json.dumps(index)  # citations stay on the record pages


def test_shards_hold_every_word_with_its_records(records_dir: Path) -> None:
    catalogue = _catalogue(records_dir)
    shards = build_search_shards(catalogue)
    found: dict[str, set[int]] = {}
    for key, shard in shards.items():
        assert shard["t"] == sorted(shard["t"])
        for token, gaps in zip(shard["t"], shard["p"], strict=True):
            assert token[:2] == key
            numbers, at = set(), 0
            for gap in gaps:
                at += gap
                numbers.add(at)
            found[token] = numbers
    first = catalogue.entries[0]
    name_stem = stem(words(first.name)[0])
    assert 0 in found[name_stem]
    for number, entry in enumerate(catalogue.entries):
        for activity in entry.data["activities"]:
            for word in words(strip_citations(activity)):
                assert number in found[stem(word)], word


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
    files = dict(render_catalogue(catalogue))
    page = files["katalog/index.md"]
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>fed" not in page
    assert "Farlig &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;fed&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    index = json.loads(files["katalog/indeks.json"])
    # JSON keeps text as text; the script only ever sets it with textContent.
    assert any(row[index["l"]["title"]].startswith(data["name"]) for row in index["r"])


def test_static_pages_split_at_page_size(records_dir: Path) -> None:
    catalogue = _catalogue(records_dir)
    many = catalogue.entries[0]
    catalogue.entries = [many] * (PAGE_SIZE + 1)
    names = [name for name, _ in render_catalogue(catalogue) if name.endswith(".md")]
    assert "katalog/index.md" in names and "katalog/side-2.md" in names and "katalog/side-3.md" not in names


def test_catalogue_files_are_owned_by_the_writer(records_dir: Path) -> None:
    planned = render_all(_catalogue(records_dir))
    assert {"katalog/index.md", "katalog/indeks.json", "katalog/oversigt.md", "katalog/sammenlign.md"} <= set(planned)
    assert any(name.startswith("katalog/soeg/") for name in planned)
