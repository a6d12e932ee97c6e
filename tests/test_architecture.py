"""The package's shape: no module imports itself round a cycle (type-checking and function-level imports count
too), every address of the site is composed in catalogue/site/layout.py, every "Trin N: …" in the vocabulary,
and no module keeps project data in a cache of its own."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from catalogue import paths

PACKAGE = paths.ROOT / "catalogue"


def _module(path: Path) -> str:
    parts = path.relative_to(paths.ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path) -> set[str]:
    """Every module of the package that `path` imports, wherever the import stands."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from catalogue.site import layout` imports the module catalogue.site.layout.
            found |= {f"{node.module}.{alias.name}" for alias in node.names} | {node.module}
    return {name for name in found if name in MODULES and name != "catalogue"}


GRAPH = {name: imports(path) - {name} for name, path in MODULES.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The graph's strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_package_has_no_import_cycle() -> None:
    assert len(GRAPH) > 40
    assert cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    # The two cycles the package had (issue 29), and a longer one.
    assert cycles({"pages": {"book"}, "book": {"pages"}, "model": set()}) == [["book", "pages"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_type_checking_and_function_level_imports_count(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from catalogue.records.model import Entry\n"
        "def f():\n    from catalogue.site import layout\n    import catalogue.records.ages\n",
        encoding="utf-8",
    )
    assert imports(module) == {
        "catalogue.records.model",
        "catalogue.site",
        "catalogue.site.layout",
        "catalogue.records.ages",
    }


# Folders of the site as the code would spell them when composing an address by hand.
_SITE_FOLDERS = re.compile(
    r"(^|[/])(indsatser|aldersgrupper|problemer|mekanismer|temaer|indsatstrappen|evidens|katalog|aabne-data|data)([/.]|$)"
)


def _path_strings(tree: ast.AST) -> Iterator[str]:
    """The strings that are paths: those with a "/" or a file's extension, and the parts of a Path joined
    with "/" (`folder / "katalog"`)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            for side in (node.left, node.right):
                if isinstance(side, ast.Constant) and isinstance(side.value, str):
                    yield side.value
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and ("/" in node.value or re.search(r"\.(md|json|jsonld|csv|pdf)$", node.value))
        ):
            yield node.value


def test_every_address_is_composed_in_the_layout() -> None:
    """No module but site/layout.py spells a folder or page of the site (sentences and URLs aside)."""
    offenders = [
        f"{name}: {text[:80]!r}"
        for name, path in MODULES.items()
        if name != "catalogue.site.layout"
        for text in _path_strings(ast.parse(path.read_text(encoding="utf-8")))
        # Sentences (docstrings, help), template names and URLs of other hosts are no addresses here.
        if _SITE_FOLDERS.search(text) and not re.search(r"\s", text) and not text.endswith(".j2") and "://" not in text
    ]
    assert offenders == []


def test_the_address_check_finds_an_address(tmp_path: Path) -> None:
    module = "from pathlib import Path\nA = 'indsatser/x.md'\nB = Path('site') / 'katalog' / 'indeks.json'\n"
    found = [t for t in _path_strings(ast.parse(module)) if _SITE_FOLDERS.search(t)]
    assert sorted(found) == ["indsatser/x.md", "katalog"]


def test_staircase_titles_are_composed_in_one_place() -> None:
    """'Trin N: label' is the vocabulary's `term_titles` (Term.title): no template or module writes it."""
    pattern = re.compile(r"Trin \{|Trin \"\s*~|f\"Trin |\"Trin \" ~|Trin \{\{")
    places = [
        p.relative_to(paths.ROOT).as_posix()
        for p in [*PACKAGE.rglob("*.py"), *(paths.ROOT / "templates").rglob("*.j2")]
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert places == []
    vocabulary = (paths.ROOT / "vocabulary" / "vocabulary.yaml").read_text(encoding="utf-8")
    assert vocabulary.count('"Trin {id}: {label}"') == 1


# The package's caches: each a pure function of its arguments (words, a schema's text), none a loader.
PURE_CACHES = {
    "catalogue.text._age_range",
    "catalogue.site.catalogue_page.stem",
    "catalogue.site.catalogue_page._forms",
    "catalogue.site.catalogue_page.word_tokens",
    "catalogue.records.validate._fast_validator",
    "catalogue.records.vocabulary_check._fast_validator",
}


def test_no_module_caches_project_data() -> None:
    """Project data (vocabulary, schema, settings, publisher, templates) comes from the Project handed down:
    no module keeps a loader of its own behind functools' caches."""
    cached = set()
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                re.match(r"(functools\.)?(cache|lru_cache)\b", ast.unparse(d)) for d in node.decorator_list
            ):
                cached.add(f"{name}.{node.name}")
    assert cached <= PURE_CACHES, cached - PURE_CACHES


def test_the_theme_and_the_script_address_what_the_layout_names() -> None:
    """Two places the generator does not write, the theme's header and the catalogue's script, spell the
    search's files: they must be the layout's."""
    from catalogue.site import layout

    header = (paths.ROOT / "overrides" / "partials" / "header.html").read_text(encoding="utf-8")
    assert f"'{layout.CATALOGUE_INDEX}'" in header and f"'{layout.SEARCH_DIR}/'" in header
    script = (paths.ROOT / "docs" / "assets" / "katalog.js").read_text(encoding="utf-8")
    texts = layout.TEXTS_DIR.removeprefix(layout.CATALOGUE_DIR + "/")
    assert layout.SEARCH_DIR.count("/") == 1 and f'"../{texts}/"' in script
