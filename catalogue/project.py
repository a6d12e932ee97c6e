"""The project: everything a build reads besides the records' contents, read once and handed to every stage.

Made once from the command line (`Project.load`: the records folder and the site's configuration), as MkDocs
makes its config and passes it down. Nothing below reads the project's files on its own: the vocabulary,
schema, settings, publisher, site name, templates and edition date all come from here, so `--config` and
`--records` reach every page, the PDF and the data. The preview makes a new one when one of its files changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from catalogue import edition, paths
from catalogue.problems import Problem
from catalogue.records.model import Catalogue
from catalogue.records.schema import load_schema
from catalogue.records.vocabulary import Vocabulary, load_vocabulary
from catalogue.records.vocabulary_check import vocabulary_problems
from catalogue.settings import Publisher, Settings, Site, load_publisher, load_settings, load_site

T = TypeVar("T")


class ProjectError(ValueError):
    """A project file (vocabulary, schema, settings) that cannot be used: its problems, in Danish."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True, eq=False)
class Project:
    records: Path
    config: Path
    vocabulary: Vocabulary
    schema: dict[str, Any]
    settings: Settings
    publisher: Publisher
    site: Site
    templates: Path = paths.TEMPLATES
    vocabulary_file: Path = paths.VOCABULARY
    schema_file: Path = paths.SCHEMA
    pyproject: Path = paths.ROOT / "pyproject.toml"
    # The edition's time (catalogue/edition.py); None until the records are known when neither
    # SOURCE_DATE_EPOCH nor the repository's last commit gives it (see `dated`).
    epoch: int | None = None
    # What the stages make from the project once (their template environments): derived, never changed.
    _derived: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def load(
        cls,
        records: Path = paths.RECORDS,
        config: Path = paths.MKDOCS_CONFIG,
        vocabulary_file: Path = paths.VOCABULARY,
        schema_file: Path = paths.SCHEMA,
        pyproject: Path = paths.ROOT / "pyproject.toml",
        templates: Path = paths.TEMPLATES,
    ) -> Project:
        problems = vocabulary_problems(vocabulary_file)
        if problems:
            raise ProjectError(problems)
        vocabulary = load_vocabulary(vocabulary_file)
        return cls(
            records=records,
            config=config,
            vocabulary=vocabulary,
            schema=load_schema(schema_file, vocabulary),
            settings=load_settings(pyproject),
            publisher=load_publisher(config),
            site=load_site(config),
            templates=templates,
            vocabulary_file=vocabulary_file,
            schema_file=schema_file,
            pyproject=pyproject,
            epoch=edition.given_epoch(),
        )

    def dated(self, catalogue: Catalogue) -> Project:
        """The project with its edition's time, from the records when nothing else gives it."""
        if self.epoch is not None:
            return self
        return dataclasses.replace(self, epoch=edition.newest_review(catalogue), _derived={})

    @property
    def edition_time(self) -> int:
        """The edition's time (seconds since 1970, as SOURCE_DATE_EPOCH): one for everything a build stamps."""
        if self.epoch is None:
            raise ValueError("the project has no edition date before its records are read (Project.dated)")
        return self.epoch

    @property
    def edition(self) -> dt.date:
        """The edition's date, printed on the pages, the data and the PDF."""
        return edition.edition_date(self.edition_time)

    def derived(self, name: str, make: Callable[[Project], T]) -> T:
        """What a stage makes from the project (a template environment), made once per project."""
        if name not in self._derived:
            self._derived[name] = make(self)
        return self._derived[name]
