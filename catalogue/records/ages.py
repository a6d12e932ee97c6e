"""The one age rule: ages as practitioners read them.

A target age "11–17 år" includes 17-year-olds (up to the 18th birthday); "0–12 måneder" runs from birth to
the end of the twelfth month and does not include a two-year-old. Internally every span is counted in
months, half-open: [first month, month after the last). The catalogue page, the PDF's chapters and the
tailored PDF's `--age` all read ages through this module (the page's script gets the months in its index).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MONTHS = {"aar": 12, "maaneder": 1}


def span(target: Mapping[str, Any]) -> tuple[int, int]:
    """A record's target age as months [from, to)."""
    factor = MONTHS[target.get("unit", "aar")]
    return target["min"] * factor, (target["max"] + 1) * factor


def band_span(band: Any) -> tuple[int, int]:
    """An age band (min and max in whole years, both included) as months [from, to)."""
    return band.min * 12, (band.max + 1) * 12


def child_span(age: float) -> tuple[float, float]:
    """A child's age as asked: a whole number of years is that whole year of life ("a 4-year-old", from
    the 4th to the 5th birthday); a fraction is that moment (2.5 is two and a half)."""
    months = age * 12
    return (months, months + 12) if float(age).is_integer() else (months, months + 1e-9)


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def fits_child(target: Mapping[str, Any], age: float) -> bool:
    return overlaps(span(target), child_span(age))


def label(target: Mapping[str, Any]) -> str:
    """'11–17 år', '4 år', '0–12 måneder'."""
    unit = "måneder" if target.get("unit") == "maaneder" else "år"
    if target["min"] == target["max"]:
        return f"{target['min']} {'måned' if unit == 'måneder' and target['min'] == 1 else unit}"
    return f"{target['min']}–{target['max']} {unit}"
