"""Write N valid, realistic synthetic records for benchmarks.

    python benchmarks/synthetic.py --count 1000 --out /tmp/records

Danish text of varied length from a small phrase bank, every vocabulary term in use, related links
between records. Deterministic: the same count gives the same files.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalogue import paths  # noqa: E402
from catalogue.records.evidence import derived_level  # noqa: E402
from catalogue.records.vocabulary import load_vocabulary  # noqa: E402

SUBJECTS = [
    "Forældre",
    "Fagpersoner",
    "Børnene",
    "Familien",
    "De unge",
    "Pædagogerne",
    "Sundhedsplejersken",
    "Gruppelederen",
    "Skolesocialrådgiveren",
    "Kommunen",
]
VERBS = [
    "øver sig i at",
    "får viden om, hvordan man kan",
    "arbejder systematisk med at",
    "lærer at",
    "mødes jævnligt for at",
    "bliver støttet i at",
    "får redskaber til at",
    "drøfter, hvordan de kan",
]
OBJECTS = [
    "aflæse barnets signaler",
    "skabe trygge rammer i hverdagen",
    "opdage tegn på mistrivsel tidligt",
    "styrke samspillet i familien",
    "deltage i fællesskaber med jævnaldrende",
    "sætte tydelige og varme grænser",
    "samarbejde på tværs af faggrupper",
    "følge op på barnets udvikling",
    "støtte barnets sprog og leg",
    "finde en fritidsaktivitet, der passer til barnet",
]
TAILS = [
    "",
    " i dagtilbuddet",
    " i skolen",
    " derhjemme",
    " sammen med andre familier",
    " med hjælp fra en fast voksen",
    " over flere måneder",
    " i lokalsamfundet",
]
NAMES = ["Trygge", "Tidlige", "Fælles", "Stærke", "Gode", "Nære", "Små", "Åbne", "Lette", "Varme"]
NOUNS = [
    "skridt",
    "start",
    "rammer",
    "relationer",
    "fællesskaber",
    "familier",
    "overgange",
    "samtaler",
    "hverdage",
    "spor",
]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(TAILS)}."


def text(rng: random.Random, low: int, high: int) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(low, high)))


def study_fields(vocabulary, design: str, rng: random.Random) -> dict:
    """What the evidence rule reads of a study of this design (catalogue/records/evidence.py)."""
    kind = vocabulary.study_designs[design].data.get("role", "none")
    fields: dict = {}
    if kind == "controlled":
        fields |= {"comparator": rng.choice(vocabulary.ids("comparators")), "independent": rng.random() < 0.5}
    if kind in ("controlled", "review"):
        fields["central_outcome"] = rng.random() < 0.8
    if kind in ("controlled", "review") or (kind == "uncontrolled" and rng.random() < 0.5):
        fields["result"] = rng.choice(vocabulary.ids("study_results"))
    return fields


def record(index: int, count: int, rng: random.Random, vocabulary) -> dict:
    def cycle(name: str, offset: int = 0):
        ids = vocabulary.ids(name)
        return ids[(index + offset) % len(ids)]

    low = rng.choice([0, 0, 1, 1, 2, 3, 4, 6, 10, 12, 15])
    high = min(22, low + rng.choice([0, 1, 2, 3, 5, 6, 12]))
    mechanisms = sorted({cycle("mechanisms"), cycle("mechanisms", 5), vocabulary.ids("mechanisms")[rng.randrange(17)]})
    record_id = f"syntetisk-{index:05d}"
    sources = [f"kilde-{n}" for n in range(1, rng.randint(2, 4) + 1)]
    studies = [f"studie-{n}" for n in range(rng.randint(0, 3))]
    keys = sources + studies

    def cited(value: str) -> str:
        """A text with one or two citations, so every source ends up cited somewhere."""
        return f"{value[:-1]} [@{'; @'.join(sorted(set(rng.sample(keys, min(len(keys), rng.randint(1, 2))))))}]."

    kind = cycle("kinds")
    data = {
        "id": record_id,
        "name": f"{rng.choice(NAMES)} {rng.choice(NOUNS)} {index}",
        "short_name": f"SYN {index}",
        "kind": kind,
        "summary": cited(text(rng, 1, 2)),
        "target_group": cited(text(rng, 1, 4)),
        "target_age": {"min": low, "max": high},
        "outcomes": [sentence(rng) for _ in range(rng.randint(2, 5))],
        "activities": [cited(text(rng, 1, 3)) for _ in range(rng.randint(2, 6))],
        "mechanisms": [{"term": m, "explanation": cited(text(rng, 1, 3))} for m in mechanisms],
        "problem_areas": [
            {"area": cycle("problem_areas", n), "finding": cycle("findings", n), "note": cited(text(rng, 1, 2))}
            for n in range(rng.randint(1, 3))
        ],
        "evidence": {
            "level": cycle("evidence_levels"),
            "summary": cited(text(rng, 2, 8)),
            "studies": [
                {
                    "key": key,
                    "citation": f"Forfatter, A. m.fl. ({2000 + (index + n) % 25}). {text(rng, 1, 1)} Tidsskrift, {n + 1}, 1–20.",
                    "year": 2000 + (index + n) % 25,
                    "design": cycle("study_designs", n),
                    **study_fields(vocabulary, cycle("study_designs", n), rng),
                    "country": rng.choice(["Danmark", "Norge", "Sverige", "USA", "Storbritannien"]),
                    "finding": text(rng, 1, 3),
                    "url": f"https://example.org/studie/{index}/{n}",
                }
                for n, key in enumerate(studies)
            ],
            "external_ratings": [
                {
                    "clearinghouse": cycle("clearinghouses"),
                    "rating": "Promising",
                    "url": f"https://example.org/rating/{index}",
                    "rated": "2024-05-01",
                    "accessed": "2026-11-22",
                }
            ]
            if index % 4 == 0
            else [],
        },
        "themes": sorted({cycle("themes"), cycle("themes", 2)}),
        "staircase_step": cycle("staircase_steps"),
        "settings": sorted({cycle("settings"), cycle("settings", 3)}),
        "delivery": {
            "format": cycle("formats"),
            "sessions": cited(f"{rng.randint(4, 20)} møder à {rng.choice([1, 2, 3])} timer."),
            "duration": cited(f"{rng.randint(2, 12)} måneder."),
        },
        "implementation": {
            "delivered_by": cited(text(rng, 1, 1)),
            "training": cited(text(rng, 1, 2)),
            "costs": [
                {
                    "item": "Uddannelse",
                    "amount": 1000 * rng.randint(5, 60),
                    "per": "medarbejder",
                    "year": 2024,
                    "source": sources[0],
                }
            ]
            if index % 3 == 0
            else [],
            "cost_note": cited(text(rng, 1, 1)),
        },
        "danish_context": cited(text(rng, 2, 10)),
        "legal_basis": [
            {
                "reference": "Barnets lov § 30",
                "note": cited(text(rng, 1, 1)),
                "url": "https://www.retsinformation.dk/eli/lta/2025/282",
            }
        ],
        "related": sorted({f"syntetisk-{(index + step) % count:05d}" for step in (1, 7)} - {record_id}),
        "sources": [
            {
                "key": key,
                "title": f"Kilde {n} om indsats {index}",
                "url": f"https://example.org/kilde/{index}/{n}",
                "accessed": "2026-11-22",
            }
            for n, key in enumerate(sources, 1)
        ],
        "last_reviewed": "2026-11-22",
    }
    # Every source cited at least once, as the citation rule asks.
    data["danish_context"] = data["danish_context"][:-1] + f" [@{'; @'.join(keys)}]."
    # The level the scale's rule gives the studies, as an editor would set it.
    data["evidence"]["level"] = derived_level(data, vocabulary).id
    return data


def write_records(count: int, out: Path, seed: int = 1) -> list[Path]:
    vocabulary = load_vocabulary(paths.VOCABULARY)
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for index in range(count):
        data = {k: v for k, v in record(index, count, rng, vocabulary).items() if v is not None}
        path = out / f"{data['id']}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8")
        files.append(path)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Eksempel: python benchmarks/synthetic.py --count 1000 --out /tmp/records",
    )
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    write_records(args.count, args.out, args.seed)
    print(f"{args.count} syntetiske indsatser skrevet i {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
