"""Machine-readable descriptions: schema.org JSON-LD on each record page, and the dataset in DCAT-AP-DK.

Both are built as data and serialised with json.dumps, never by pasting text into a template, so record text
cannot break their syntax; the page's copy also escapes "<", ">" and "&" so it cannot end its <script>.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from markupsafe import Markup

from catalogue.project import Project
from catalogue.records.citations import strip as strip_citations
from catalogue.records.model import Catalogue, Entry
from catalogue.records.vocabulary import Term
from catalogue.settings import Publisher, Site
from catalogue.site import layout
from catalogue.site.exports import DATA_FILES
from catalogue.text import count

LANGUAGE = "da"
# DCAT-AP's controlled vocabularies (the EU's authority tables), which DCAT-AP-DK uses too.
_AUTHORITY = "http://publications.europa.eu/resource/authority"
_IANA = "https://www.iana.org/assignments/media-types"
# "Population and society": the data theme for social services for children and families.
THEME = f"{_AUTHORITY}/data-theme/SOCI"
# The dataset's keywords: the terms of these vocabulary lists that records use.
_KEYWORDS: dict[str, Callable[[Entry], Iterable[Term]]] = {
    "themes": lambda entry: entry.themes,
    "problem_areas": lambda entry: (area for area, _, _ in entry.problem_areas),
}


def script_json(data: Any) -> Markup:
    """JSON for an inline <script>: still valid JSON, but with no "<", ">" or "&" that HTML could read as the
    end of the script or a comment, and no line or paragraph separator."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return Markup(text)


def _plain(text: str) -> str:
    return " ".join(strip_citations(str(text)).split())


def _years(value: float, unit: str) -> float | int:
    years = value / 12 if unit == "maaneder" else value
    return int(years) if float(years).is_integer() else round(years, 2)


def _organisation(publisher: Publisher) -> dict[str, Any]:
    organisation: dict[str, Any] = {"@type": "Organization", "name": publisher.name}
    if publisher.url:
        organisation["url"] = publisher.url
    if publisher.email:
        organisation["email"] = publisher.email
    return organisation


def modified(entry: Entry) -> str:
    """The day the record last changed: its newest change, or its last review when that is later."""
    dates = [entry.data["last_reviewed"], *(change["date"] for change in entry.changes)]
    return max(dates)


def record_jsonld(entry: Entry, page_url: str | None, publisher: Publisher, site: Site) -> dict[str, Any]:
    """A record page as a schema.org Article about the intervention; the age range as its audience."""
    d = entry.data
    age = d["target_age"]
    unit = age.get("unit", "aar")
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": entry.title,
        "name": entry.title,
        "description": _plain(d["summary"]),
        "inLanguage": LANGUAGE,
        "dateModified": modified(entry),
        "publisher": _organisation(publisher),
        "isPartOf": {"@type": "WebSite", "name": site.name, **({"url": publisher.url} if publisher.url else {})},
        "genre": entry.kind.label,
        "keywords": [t.label for t in entry.themes],
        "audience": {
            "@type": "PeopleAudience",
            "audienceType": _plain(d["target_group"]),
            "suggestedMinAge": _years(age["min"], unit),
            # The record's max is included ("11–17 år" covers 17-year-olds), as schema.org's is.
            "suggestedMaxAge": _years(age["max"], unit),
        },
        "citation": [{"@type": "CreativeWork", "name": s["title"], "url": s["url"]} for s in d["sources"]],
    }
    if entry.problem_areas:
        data["about"] = [{"@type": "Thing", "name": area.label} for area, _, _ in entry.problem_areas]
    if entry.changes:
        data["datePublished"] = entry.changes[-1]["date"]
    if d.get("short_name"):
        data["alternateName"] = d["short_name"]
    if publisher.licence_url:
        data["license"] = publisher.licence_url
    if page_url:
        data["url"] = page_url
        data["mainEntityOfPage"] = page_url
    return data


def record_script(entry: Entry, publisher: Publisher, site: Site) -> Markup:
    """The <script type="application/ld+json"> block of a record page, on one line (a raw HTML block in
    Markdown must not contain a blank line)."""
    page_url = layout.record_address(publisher.url, entry.id)
    body = script_json(record_jsonld(entry, page_url, publisher, site))
    return Markup('<script type="application/ld+json">') + body + Markup("</script>")


def _address(publisher: Publisher, path: str) -> str:
    """An absolute address on the published site, or (without a configured address) one relative to
    data/dcat.jsonld, which JSON-LD resolves against the file's own address."""
    if publisher.url:
        return f"{publisher.url.rstrip('/')}/{path}"
    folder = f"{layout.DATA_DIR}/"
    return path.removeprefix(folder) if path.startswith(folder) else f"../{path}"


def dcat(project: Project, catalogue: Catalogue) -> dict[str, Any]:
    """The catalogue and its dataset after DCAT-AP-DK 2.0 (digst.github.io/DCAT-AP-DK/releases/v.2.0/docs/, the
    Danish profile of DCAT-AP 2.0), as one JSON-LD graph.

    The dcat:Catalog has its mandatory dct:title, dct:description, dct:publisher (a foaf:Agent with foaf:name)
    and dcat:dataset, and the recommended dct:language, dct:spatial, dct:modified, dct:license and
    dcat:themeTaxonomy (foaf:homepage only with a real site address). The dcat:Dataset has its mandatory
    dct:title and dct:description, and the recommended dct:publisher, dcat:contactPoint, dcat:distribution
    (each with its mandatory dcat:accessURL, and dct:license, dct:issued), dcat:keyword, dcat:theme, dct:spatial,
    dct:language and dct:modified, and dct:identifier and dcat:landingPage once the site has its address. dct:issued is given for each distribution (this edition's
    files were made on the edition date) and not for the dataset: it has not been published by a publisher
    yet, and a date would not be true. A placeholder contact or site address is never written
    (catalogue/settings.py)."""
    publisher, site, edition = project.publisher, project.site, project.edition
    licence = publisher.data_licence_url or publisher.licence_url
    # Keywords: the catalogue's themes and problem areas in use, in the vocabulary's order.
    used = {name: {term.id for e in catalogue.entries for term in terms(e)} for name, terms in _KEYWORDS.items()}
    lists = catalogue.vocabulary.lists
    keywords = [t.label for name, ids in used.items() for t in lists[name].values() if t.id in ids]
    day = {"@type": "xsd:date", "@value": edition.isoformat()}
    denmark = {"@id": f"{_AUTHORITY}/country/DNK"}
    language = {"@id": f"{_AUTHORITY}/language/DAN"}
    distributions = []
    for file in DATA_FILES:
        if not file.distribution:
            continue
        address = _address(publisher, file.path)
        distribution: dict[str, Any] = {
            "@type": "dcat:Distribution",
            "dct:title": {"@language": LANGUAGE, "@value": file.title},
            "dct:description": {"@language": LANGUAGE, "@value": file.description},
            "dcat:accessURL": {"@id": address},
            "dcat:downloadURL": {"@id": address},
            "dcat:mediaType": {"@id": f"{_IANA}/{file.media_type}"},
            "dct:format": {"@id": f"{_AUTHORITY}/file-type/{file.file_type}"},
            "dct:issued": day,
            "dct:modified": day,
        }
        if licence:
            distribution["dct:license"] = {"@id": licence}
        distributions.append(distribution)
    contact: dict[str, Any] = {"@type": "vcard:Organization", "vcard:fn": publisher.name}
    if publisher.email:
        contact["vcard:hasEmail"] = {"@id": f"mailto:{publisher.email}"}
    agent: dict[str, Any] = {"@type": "foaf:Agent", "foaf:name": publisher.name}
    if publisher.url:
        agent["foaf:homepage"] = {"@id": publisher.url}
    here = _address(publisher, layout.DCAT)
    dataset_id = here + "#datasaet"
    dataset: dict[str, Any] = {
        "@id": dataset_id,
        "@type": "dcat:Dataset",
        "dct:title": {"@language": LANGUAGE, "@value": site.name},
        "dct:description": {
            "@language": LANGUAGE,
            "@value": f"{site.description} {count(len(catalogue.entries), 'indsats', 'indsatser')}.".strip(),
        },
        "dct:publisher": agent,
        "dcat:contactPoint": contact,
        "dct:language": language,
        "dct:spatial": denmark,
        "dcat:theme": {"@id": THEME},
        "dcat:keyword": [{"@language": LANGUAGE, "@value": theme} for theme in keywords],
        "dct:modified": day,
        "dct:conformsTo": {"@id": _address(publisher, layout.SCHEMA)},
        "dcat:distribution": distributions,
    }
    if publisher.url:
        dataset["dcat:landingPage"] = {"@id": _address(publisher, layout.url(layout.OPEN_DATA))}
        # Its address is its identifier, once the catalogue has one of its own (a relative one identifies nothing).
        dataset["dct:identifier"] = {"@type": "xsd:anyURI", "@value": dataset_id}
    catalog: dict[str, Any] = {
        "@id": here + "#katalog",
        "@type": "dcat:Catalog",
        "dct:title": {"@language": LANGUAGE, "@value": f"Åbne data fra {site.name}"},
        "dct:description": {
            "@language": LANGUAGE,
            "@value": f"Katalogets indsatser som åbne data (JSON, CSV og JSON Schema) med denne beskrivelse. "
            f"{site.description}".strip(),
        },
        "dct:publisher": agent,
        "dct:language": language,
        "dct:spatial": denmark,
        "dct:modified": day,
        "dcat:themeTaxonomy": {"@id": f"{_AUTHORITY}/data-theme"},
        "dcat:dataset": {"@id": dataset_id},
    }
    if licence:
        catalog["dct:license"] = {"@id": licence}
    if publisher.url:
        catalog["foaf:homepage"] = {"@id": publisher.url}
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@graph": [catalog, dataset],
    }


def dcat_text(project: Project, catalogue: Catalogue) -> str:
    return json.dumps(dcat(project, catalogue), ensure_ascii=False, indent=2) + "\n"
