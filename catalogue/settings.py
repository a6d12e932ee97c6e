"""Project settings from pyproject.toml's `[tool.catalogue]`: where the records live on the forge.

The repository URL is configuration, not MkDocs' `repo_url`: with that, Material fetches repository
facts from a third-party API in the reader's browser. The generator makes plain links instead, and only
when a repository is configured: empty or absent, no page offers to edit a file that is not there.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml

from catalogue import paths


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class Settings:
    repository: str | None = None
    branch: str = "main"
    engine: str = "properdocs"

    def edit_url(self, path: str) -> str | None:
        """The forge's editor for a file in the repository (GitHub's web editor); None without a repository."""
        if not self.repository:
            return None
        return f"{self.repository}/edit/{quote(self.branch)}/{quote(path)}"


def load_settings(pyproject: Path = paths.ROOT / "pyproject.toml") -> Settings:
    try:
        table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("catalogue", {})
    except FileNotFoundError:
        return Settings()
    repository = table.get("repository") or None  # "" (not yet published) is no repository
    if repository is not None and (not isinstance(repository, str) or not repository.startswith("https://")):
        raise SettingsError(f"{pyproject.name}: [tool.catalogue] repository skal være en https-adresse")
    branch = table.get("branch", "main")
    engine = table.get("engine", "properdocs")
    if engine not in ("properdocs", "mkdocs"):
        raise SettingsError(f"{pyproject.name}: [tool.catalogue] engine skal være 'properdocs' eller 'mkdocs'")
    return Settings(repository.rstrip("/") if repository else None, branch, engine)


@dataclass(frozen=True)
class Publisher:
    """Who publishes the catalogue (mkdocs.yml: extra.publisher): the site's footer, the 'Om kataloget' page
    and the PDF's colophon read these facts from that one place."""

    name: str = "Redaktionen for inspirationskataloget"
    email: str = ""
    url: str = ""
    licence: str = ""
    licence_url: str = ""
    data_licence: str = ""
    data_licence_url: str = ""

    @property
    def unset(self) -> tuple[str, ...]:
        """The contact facts the catalogue does not have yet: 'email' and 'url' (empty, or a placeholder)."""
        return tuple(field for field in ("email", "url") if not getattr(self, field))

    def warning(self) -> str | None:
        """What `check` and the build say while the catalogue has no publisher's address or site address."""
        if not self.unset:
            return None
        missing = " og ".join({"email": "e-mailadresse (email)", "url": "webadresse (url)"}[f] for f in self.unset)
        return (
            f"Advarsel: kataloget har endnu ingen udgiver: mkdocs.yml extra.publisher mangler {missing}. "
            "Siderne, PDF'en og de åbne data nævner derfor ingen kontakt- eller webadresse, "
            "og websitet udgives ikke på GitHub Pages, før de er udfyldt."
        )


# What a page, the PDF's colophon and a leaflet say instead of a contact address the catalogue does not have.
NO_PUBLISHER = (
    "Kataloget har endnu ingen kontaktadresse og ingen fast webadresse; de står her, når kataloget har en udgiver."
)

# Host names reserved for examples and tests (RFC 2606, RFC 6761): an address under one is a placeholder, and
# a placeholder is published as what it is, nothing.
RESERVED_HOSTS = ("invalid", "example", "test", "localhost", "example.com", "example.net", "example.org")


def is_placeholder(value: str) -> bool:
    """An e-mail or web address on a reserved host, e.g. redaktion@inspirationskatalog.invalid."""
    text = value.strip()
    host = text.rpartition("@")[2] if "@" in text and "://" not in text else (urlsplit(text).hostname or "")
    host = host.lower().rstrip(".")
    return any(host == reserved or host.endswith("." + reserved) for reserved in RESERVED_HOSTS)


def read_config(config: Path) -> dict[str, Any]:
    """mkdocs.yml as data. It may hold tags such as !ENV; their values do not matter to the generator."""
    loader: Any = type("ConfigLoader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load(config.read_text(encoding="utf-8"), Loader=loader) or {}


def load_publisher(config: Path = paths.MKDOCS_CONFIG) -> Publisher:
    try:
        data = read_config(config)
    except (OSError, yaml.YAMLError):
        return Publisher()
    given = (data.get("extra") or {}).get("publisher") or {}
    known = {key: str(value or "") for key, value in given.items() if key in Publisher.__dataclass_fields__}
    # Only real addresses reach a reader: a placeholder counts as not given.
    for key in ("email", "url"):
        if key in known and is_placeholder(known[key]):
            known[key] = ""
    return Publisher(**known)


@dataclass(frozen=True)
class Site:
    """The site's name and description (mkdocs.yml: site_name, site_description), for metadata about it."""

    name: str = "Inspirationskatalog"
    description: str = ""


def load_site(config: Path = paths.MKDOCS_CONFIG) -> Site:
    try:
        data = read_config(config)
    except (OSError, yaml.YAMLError):
        return Site()
    return Site(
        " ".join(str(data.get("site_name") or Site.name).split()),
        " ".join(str(data.get("site_description") or "").split()),
    )
