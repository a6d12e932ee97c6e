"""Every kind of mistake an editor can make, and the exact message `check` prints for it.

Each case edits the valid fixture record as an editor would (so line numbers are real) and pins the
whole output line: the message text is part of the interface.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import FIXTURES, checked, edit, run_cli

BASE = (FIXTURES / "eksempel.yaml").read_text(encoding="utf-8")
F = "interventions/eksempel.yaml"


def edited(*replacements: tuple[str, str]) -> str:
    return edit(BASE, *replacements)


# The fixture with a change history after its last line (line 88 on), so no other case's line moves.
WITH_CHANGES = BASE + (
    "changes:\n"
    "  - date: 2026-11-01\n"
    "    description: Oprettet.\n"
    "  - date: 2026-11-22\n"
    "    description: Antallet af møder er rettet fra otte til ti efter udbyderens nye beskrivelse.\n"
)


def with_changes(*replacements: tuple[str, str]) -> str:
    return edit(WITH_CHANGES, *replacements)


CASES = {
    "yaml syntax error": (
        edited(("name: Eksempel på en indsats", "name: [Eksempel på en indsats")),
        [
            f"{F}:4: YAML-syntaksfejl: en liste i firkantede parenteser [ … ] er ikke afsluttet rigtigt; tjek kommaer "
            "og den afsluttende ], og sæt en tekst med kolon i anførselstegn (i det, der begynder i linje 3)",
        ],
    ),
    "duplicate key": (
        edited(("kind: indsats\n", "kind: indsats\nname: Et andet navn\n")),
        [
            f"{F}:6: name: feltet står to gange (første gang i linje 3); slet det ene, ellers bliver kun det sidste brugt",
        ],
    ),
    "unknown key (typo)": (
        edited(("summary:", "sumary:")),
        [
            f"{F}:2: summary: feltet mangler; det er påkrævet",
            f"{F}:6: sumary: ukendt felt 'sumary'; mente du 'summary'? (tilladte felter her: id, name, short_name, kind, summary, target_group, target_age, outcomes, activities, mechanisms, problem_areas, evidence, themes, staircase_step, settings, delivery, implementation, danish_context, legal_basis, related, sources, last_reviewed, changes, editor_notes)",
        ],
    ),
    "wrong type": (
        edited(("  min: 1\n", "  min: et år\n")),
        [
            f"{F}:9: target_age.min: skal være et helt tal, men er teksten 'et år'",
        ],
    ),
    "list expected": (
        edited(
            ("outcomes:\n  - Et mere positivt samspil mellem forældre og barn.", "outcomes: Et mere positivt samspil.")
        ),
        [
            f"{F}:12: outcomes: skal være en liste (punkter, der begynder med '- '), men er teksten 'Et mere positivt samspil.'",
        ],
    ),
    "unknown vocabulary term": (
        edited(("  level: teoretisk-begrundet", "  level: høj")),
        [
            f"{F}:25: evidence.level: 'høj' er ikke en gyldig værdi fra ordlisten 'evidence_levels' (tilladt: dokumenteret-effekt-i-danmark, dokumenteret-effekt, indikation-for-effekt, blandede-resultater, lovende, teoretisk-begrundet, ikke-undersoegt, ingen-effekt)",
        ],
    ),
    "near-miss vocabulary term": (
        edited(("  - term: sensitivt-samspil", "  - term: tilknytningen")),
        [
            f"{F}:17: mechanisms[0].term: 'tilknytningen' er ikke en gyldig værdi fra ordlisten 'mechanisms' (tilladt: tilknytning, sensitivt-samspil, positiv-opdragelse, viden-om-barnets-udvikling, netvaerk-og-erfaringsudveksling, socialisering-og-faellesskab, familiens-samspil, motivation-og-alliance, sproglig-stimulering, maalrettet-paedagogisk-praksis, tidlig-opsporing, tvaerfagligt-samarbejde, let-adgang-til-hjaelp, barnets-perspektiv, kompetenceudvikling, ledelse-og-styring, oekonomisk-stoette); mente du 'tilknytning'?",
        ],
    ),
    "source key against the schema's pattern": (
        edited(("  - key: kilde-2", "  - key: 2-kilde"), ("[@kilde-2]", "[@2-kilde]")),
        [
            f"{F}:82: sources[1].key: '2-kilde' skal begynde med et lille bogstav og må kun indeholde små bogstaver a-z, tal og bindestreger, fx 'sbst-2019'",
        ],
    ),
    "min greater than max": (
        edited(("  min: 1\n  max: 3", "  min: 5\n  max: 3")),
        [
            f"{F}:9: target_age.min: 'min' (5) er større end 'max' (3); byt om på dem",
        ],
    ),
    "id differs from file name": (
        edited(("id: eksempel", "id: et-andet-id")),
        [
            f"{F}:2: id: id'et 'et-andet-id' skal være det samme som filnavnet ('eksempel'); ret id'et eller omdøb filen",
        ],
    ),
    "related id that does not exist": (
        edited(("  - andet-eksempel", "  - andet-eksempl")),
        [
            f"{F}:76: related[0]: 'andet-eksempl' findes ikke som indsats i kataloget; mente du 'andet-eksempel'?",
        ],
    ),
    "impossible date": (
        edited(("last_reviewed: 2026-11-22", "last_reviewed: 2026-02-30")),
        [
            f"{F}:86: last_reviewed: '2026-02-30' er ikke en gyldig dato; skriv en dato, der findes, på formen ÅÅÅÅ-MM-DD, fx 2026-11-22",
        ],
    ),
    "date in another format": (
        edited(("last_reviewed: 2026-11-22", "last_reviewed: 22.11.2026")),
        [
            f"{F}:86: last_reviewed: '22.11.2026' er ikke en gyldig dato; skriv en dato, der findes, på formen ÅÅÅÅ-MM-DD, fx 2026-11-22",
        ],
    ),
    "url that is not http(s)": (
        edited(("    url: https://example.org/kilde-1", "    url: ftp://example.org/kilde-1")),
        [
            f"{F}:80: sources[0].url: 'ftp://example.org/kilde-1' er ikke et gyldigt link; kun fulde https-adresser er tilladt, fx 'https://www.retsinformation.dk/…'",
        ],
    ),
    "missing required field": (
        edited(("  level: teoretisk-begrundet\n", "")),
        [
            f"{F}:24: evidence.level: feltet mangler; det er påkrævet",
        ],
    ),
    "empty text": (
        edited(("name: Eksempel på en indsats", 'name: ""')),
        [
            f"{F}:3: name: må ikke være tom",
        ],
    ),
    "too few sources": (
        edited(
            (
                "  - key: kilde-2\n    title: Anden kilde\n    url: https://example.org/kilde-2\n    accessed: 2026-11-22\n",
                "",
            )
        ),
        [
            f"{F}:77: sources: skal have mindst 2 punkter, men har 1",
        ],
    ),
    "step out of range": (
        edited(("staircase_step: 3", "staircase_step: 7")),
        [
            f"{F}:43: staircase_step: '7' er ikke en gyldig værdi fra ordlisten 'staircase_steps' (tilladt: 1, 2, 3, 4, 5, 6)",
        ],
    ),
    "control character": (
        edited(("  cost_note: Ingen; det er et eksempel [@kilde-2].", '  cost_note: "Ingen\\u0007 pris [@kilde-2]"')),
        [
            f"{F}:68: implementation.cost_note: indeholder et usynligt styretegn (U+0007); slet det",
        ],
    ),
    "repeated theme": (
        edited(("themes:\n  - nye-typer-tilbud", "themes:\n  - nye-typer-tilbud\n  - nye-typer-tilbud")),
        [
            f"{F}:41: themes: 'nye-typer-tilbud' står mere end én gang; fjern gentagelsen",
        ],
    ),
    "citation that points nowhere": (
        edited(("Tre måneder [@kilde-1]", "Tre måneder [@kilde-3]")),
        [
            f"{F}:50: delivery.duration: [@kilde-3] henviser til en kilde, der ikke findes under sources eller evidence.studies; mente du 'kilde-2'?",
        ],
    ),
    "source that nothing cites": (
        edited(
            (
                "last_reviewed:",
                "  - key: ubrugt\n    title: Tredje kilde\n    url: https://example.org/kilde-3\n"
                "    accessed: 2026-11-22\nlast_reviewed:",
            )
        ),
        [
            f"{F}:86: sources[2].key: kilden 'ubrugt' henvises der ikke til nogen steder; henvis til den med [@ubrugt] der, hvor den bruges, eller fjern den",
        ],
    ),
    "fact without a citation": (
        edited(("  training: Fire dages uddannelse [@kilde-2]", "  training: Fire dages uddannelse")),
        [
            f"{F}:53: implementation.training: mangler en kildehenvisning; skriv [@nøgle] efter det, kilden siger (nøglerne står under sources og evidence.studies), eller 'Ikke oplyst', hvis ingen kilde siger det",
        ],
    ),
    "citation with a typo in its syntax": (
        edited(("Tre måneder [@kilde-1]", "Tre måneder [@kilde 1]")),
        [
            f"{F}:50: delivery.duration: '[@kilde 1]' er ikke en gyldig kildehenvisning; skriv [@nøgle] eller [@a; @b]",
            f"{F}:50: delivery.duration: mangler en kildehenvisning; skriv [@nøgle] efter det, kilden siger (nøglerne står under sources og evidence.studies), eller 'Ikke oplyst', hvis ingen kilde siger det",
        ],
    ),
    "intervention without a staircase step": (
        edited(("staircase_step: 3\n", "")),
        [
            f"{F}:2: staircase_step: feltet mangler; en indsats (kind: indsats) skal have trin på indsatstrappen; kun organisatoriske tiltag kan udelade det",
        ],
    ),
    "intervention without problem areas": (
        edited(
            (
                "problem_areas:\n  - area: tilknytning-og-samspil\n    finding: positiv-effekt\n"
                "    note: Det fiktive forsøg fandt et bedre samspil [@forfatter2020].\n",
                "",
            )
        ),
        [
            f"{F}:2: problem_areas: feltet mangler; en indsats (kind: indsats) skal have problemområder; kun organisatoriske tiltag kan udelade det",
        ],
    ),
    "two sources with one key": (
        edited(
            (
                "last_reviewed:",
                "  - key: kilde-1\n    title: Tredje kilde\n    url: https://example.org/kilde-3\n"
                "    accessed: 2026-11-22\nlast_reviewed:",
            )
        ),
        [
            f"{F}:86: sources[2].key: nøglen 'kilde-1' bruges to gange; giv hver kilde sin egen nøgle",
        ],
    ),
    "change dated in the future": (
        with_changes(("  - date: 2026-11-22\n", "  - date: 2099-12-31\n")),
        [f"{F}:91: changes[1].date: '2099-12-31' ligger i fremtiden; skriv den dag, ændringen blev lavet"],
    ),
    "impossible change date": (
        with_changes(("  - date: 2026-11-01", "  - date: 2026-11-31")),
        [
            f"{F}:89: changes[0].date: '2026-11-31' er ikke en gyldig dato; skriv en dato, der findes, på formen ÅÅÅÅ-MM-DD, fx 2026-11-22",
        ],
    ),
    "empty change description": (
        with_changes(("    description: Oprettet.", '    description: "  "')),
        [f"{F}:90: changes[0].description: er tom: den indeholder kun mellemrum eller usynlige tegn"],
    ),
    "change without a description": (
        with_changes(("    description: Oprettet.\n", "")),
        [f"{F}:89: changes[0].description: feltet mangler; det er påkrævet"],
    ),
    "change history that is not a list": (
        with_changes(
            ("changes:\n  - date: 2026-11-01\n    description: Oprettet.\n", "changes: Oprettet 2026-11-01\n"),
            (
                "  - date: 2026-11-22\n    description: Antallet af møder er rettet fra otte til ti efter udbyderens nye beskrivelse.\n",
                "",
            ),
        ),
        [
            f"{F}:88: changes: skal være en liste (punkter, der begynder med '- '), men er teksten 'Oprettet 2026-11-01'",
        ],
    ),
    "level that the evidence rule does not give": (
        edited(("  level: teoretisk-begrundet", "  level: lovende")),
        [
            f"{F}:25: evidence.level: 'lovende' følger ikke evidensskalaens regel, som ud fra studierne (0 kontrollerede "
            "forsøg på et centralt effektmål) giver 'teoretisk-begrundet' (Teoretisk begrundet); ret niveauet, ret "
            "studiernes felter, eller begrund afvigelsen i én sætning i 'level_reason'",
        ],
    ),
    "controlled study without what the rule reads": (
        edited(("      design: kvalitativ", "      design: rct")),
        [
            f"{F}:28: evidence.studies[0].{field}: feltet mangler; et kontrolleret studie (lodtrækningsforsøg (rct)) "
            f"skal angive '{field}', for at evidensskalaens regel kan læse det"
            for field in ("central_outcome", "comparator", "independent", "result")
        ],
    ),
    "editor's aside in public text": (
        edited(
            ("danish_context: Bruges ikke i Danmark;", "danish_context: I de læste kilder bruges den ikke i Danmark;")
        ),
        [
            f"{F}:70: danish_context: 'i de læste kilder' hører ikke til i offentlig tekst; skriv, hvad der vides "
            "(fx 'Prisen er ikke offentliggjort'), eller flyt det til editor_notes",
        ],
    ),
    "calque in public text": (
        edited(("summary: Et fiktivt forældrekursus,", "summary: Et fiktivt forældrekursus leveret af kommunen,")),
        [f"{F}:6: summary: 'leveret af' hører ikke til i offentlig tekst; skriv 'gives af' eller 'varetages af'"],
    ),
    "big number without thousands separators": (
        edited(("danish_context: Bruges ikke i Danmark;", "danish_context: Koster 2000000 kr.;")),
        [f"{F}:70: danish_context: '2000000': skriv store tal med punktum som tusindtalsseparator, fx '2.000.000'"],
    ),
    "colon inside a sentence in a list": (
        edited(
            (
                "  - Et mere positivt samspil mellem forældre og barn.",
                "  - Samspil: mere positivt mellem forældre og barn.",
            )
        ),
        [
            f"{F}:13: outcomes[0]: skal være tekst, men er en samling af felter; står der et kolon efterfulgt af "
            "mellemrum inde i teksten? Så sæt hele teksten i anførselstegn",
        ],
    ),
    "colon inside a sentence": (
        edited(("name: Eksempel på en indsats", "name: Eksempel: en indsats")),
        [
            f"{F}:3: YAML-syntaksfejl: et kolon efterfulgt af et mellemrum inde i en tekst læses som starten på et nyt "
            "felt, eller linjen er rykket for langt ind; ryk den på plads, eller sæt hele teksten i anførselstegn "
            '("…"), eller skriv >- efter feltnavnet og teksten indrykket på linjerne under',
        ],
    ),
    "raw control character": (
        edited(("name: Eksempel på en indsats", "name: Eksempel\x80 på en indsats")),
        [f"{F}:3: indeholder et ugyldigt styretegn (U+0080) i linjen; slet det"],
    ),
    "vocabulary value written with capitals": (
        edited(("  level: teoretisk-begrundet", "  level: Teoretisk begrundet")),
        [
            f"{F}:25: evidence.level: 'Teoretisk begrundet' er ikke en gyldig værdi fra ordlisten 'evidence_levels' "
            "(tilladt: dokumenteret-effekt-i-danmark, dokumenteret-effekt, indikation-for-effekt, blandede-resultater, "
            "lovende, teoretisk-begrundet, ikke-undersoegt, ingen-effekt); mente du 'teoretisk-begrundet'?",
        ],
    ),
    "vocabulary value written as its Danish label": (
        edited(("  format: gruppe", "  format: Forløb med hele familien")),
        [
            f"{F}:48: delivery.format: 'Forløb med hele familien' er ikke en gyldig værdi fra ordlisten 'formats' "
            "(tilladt: gruppe, individuel, familie, kombineret, personale, organisation); mente du 'familie' (Forløb "
            "med hele familien)?",
        ],
    ),
    "age beyond the catalogue's range": (
        edited(("  max: 3", "  max: 200")),
        [
            f"{F}:10: target_age.max: 200 år ligger uden for katalogets aldersspænd (højst 25 år); kataloget handler "
            "om børn og unge",
        ],
    ),
    "age in months": (
        edited(("  unit: aar", "  unit: uger")),
        [
            f"{F}:11: target_age.unit: 'uger' er ikke en gyldig værdi fra ordlisten 'age_units' (tilladt: aar, maaneder)",
        ],
    ),
}


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_each_mistake_has_an_exact_message(tmp_path: Path, text: str, expected: list[str]) -> None:
    folder = tmp_path / "interventions"
    folder.mkdir()
    write(folder, "eksempel.yaml", text)
    write(folder, "andet-eksempel.yaml", (FIXTURES / "andet-eksempel.yaml").read_text(encoding="utf-8"))
    result = checked(folder, tmp_path)
    assert result.catalogue is None
    assert [str(p) for p in sorted(result.problems)] == expected


def test_duplicate_ids_are_reported_in_both_places(tmp_path: Path) -> None:
    folder = tmp_path / "interventions"
    folder.mkdir()
    write(folder, "eksempel.yaml", BASE)
    write(folder, "kopi.yaml", BASE)
    write(folder, "andet-eksempel.yaml", (FIXTURES / "andet-eksempel.yaml").read_text(encoding="utf-8"))
    problems = [str(p) for p in sorted(checked(folder, tmp_path).problems)]
    assert problems == [
        "interventions/kopi.yaml:2: id: id'et 'eksempel' bruges også i interventions/eksempel.yaml; "
        "hver indsats skal have sit eget id",
        "interventions/kopi.yaml:2: id: id'et 'eksempel' skal være det samme som filnavnet ('kopi'); "
        "ret id'et eller omdøb filen",
    ]


def test_every_problem_in_every_file_is_reported_in_one_run(tmp_path: Path) -> None:
    folder = tmp_path / "interventions"
    folder.mkdir()
    write(
        folder, "eksempel.yaml", edited(("staircase_step: 3", "staircase_step: 9"), ("kind: indsats", "kind: kursus"))
    )
    write(
        folder,
        "andet-eksempel.yaml",
        (FIXTURES / "andet-eksempel.yaml")
        .read_text(encoding="utf-8")
        .replace("  min: 6\n  max: 6", "  min: 6\n  max: 2"),
    )
    result = run_cli("check", "--records", folder, cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ")[0] for line in lines[:-1]] == [
        "interventions/andet-eksempel.yaml:8",
        "interventions/eksempel.yaml:5",
        "interventions/eksempel.yaml:43",
    ]
    assert lines[-1] == "3 fejl i 2 filer. Ret fejlene, og kør check igen."
    assert "Traceback" not in result.stderr


def test_seven_independent_mistakes_in_one_record_are_reported_in_one_run(tmp_path: Path) -> None:
    """Vocabulary, address, citation, age order, `related`, history and public text: one `check`, every
    mistake once, in line order, and a closing line that says what to do."""
    folder = tmp_path / "interventions"
    folder.mkdir()
    text = with_changes(
        ("  level: teoretisk-begrundet", "  level: høj"),
        ("url: https://example.org/forsoeg", "url: www.example.org/forsoeg"),
        (
            "danish_context: Bruges ikke i Danmark; indsatsen findes kun i testene [@kilde-1].",
            "danish_context: Bruges ikke [@kilde-9]. [@kilde-1]",
        ),
        ("  min: 1\n", "  min: 9\n"),
        ("  - andet-eksempel", "  - andet-eksmpel"),
        ("  - date: 2026-11-22", "  - date: 2099-11-22"),
        ("summary: Et fiktivt forældrekursus,", "summary: Et fiktivt forældrekursus leveret af kommunen,"),
    )
    write(folder, "eksempel.yaml", text)
    write(folder, "andet-eksempel.yaml", (FIXTURES / "andet-eksempel.yaml").read_text(encoding="utf-8"))
    result = run_cli("check", "--records", folder, cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    fields = [line.split(": ")[1] for line in lines[:-1]]
    assert fields == [
        "summary",
        "target_age.min",
        "evidence.level",
        "evidence.studies[0].url",
        "danish_context",
        "related[0]",
        "changes[1].date",
    ]
    assert lines[-1] == "7 fejl i 1 fil. Ret fejlene, og kør check igen."


def test_valid_records_pass(records_dir: Path, tmp_path: Path) -> None:
    from catalogue.settings import load_publisher

    result = run_cli("check", "--records", records_dir, cwd=tmp_path)
    # On stderr only the warning that the catalogue has no publisher yet (mkdocs.yml's are placeholders).
    warning = f"{load_publisher().warning()}\n"
    assert (result.returncode, result.stdout, result.stderr) == (0, "Alle 2 indsatser er gyldige.\n", warning)
