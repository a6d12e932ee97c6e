"""Build the generated pages with ProperDocs and with Zensical and report what differs.

Run after `make site` (the pages in docs/ must be generated):

    .venv/bin/python scripts/compare_engines.py --zensical /path/to/zensical

It prints a Markdown report: pages only one engine wrote, and pages whose main text differs, with the first
differing line. Exit 0 whatever differs (the report is for reading); exit 2 when an engine fails to build.
Used by the non-blocking CI job in .github/workflows/zensical.yml.
"""

from __future__ import annotations

import argparse
import difflib
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalogue.output.publish import engine_command, engine_environment  # noqa: E402

ARTICLE = re.compile(r"<article[^>]*>(.*?)</article>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def main_text(page: Path) -> list[str]:
    """The words a reader sees in the page's article, one line per block, without markup."""
    found = ARTICLE.search(page.read_text(encoding="utf-8", errors="replace"))
    body = found.group(1) if found else ""
    body = re.sub(r"</(p|li|h\d|tr|dt|dd|div)>", "\n", body)
    lines = (" ".join(html.unescape(TAG.sub(" ", line)).split()) for line in body.splitlines())
    return [line for line in lines if line]


def pages(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*.html")}


def report(first: Path, second: Path, names: tuple[str, str]) -> str:
    a, b = pages(first), pages(second)
    out = [f"# {names[0]} og {names[1]} på de samme sider", ""]
    out.append(f"- Sider: {len(a)} ({names[0]}), {len(b)} ({names[1]})")
    only = sorted(a.keys() - b.keys()), sorted(b.keys() - a.keys())
    for name, missing in zip(names, only, strict=True):
        if missing:
            out.append(f"- Kun {name}: {len(missing)} sider, fx {', '.join(missing[:5])}")
    differing = []
    for page in sorted(a.keys() & b.keys()):
        left, right = main_text(a[page]), main_text(b[page])
        if left != right:
            diff = [line for line in difflib.unified_diff(left, right, lineterm="", n=0) if line[:1] in "+-"]
            differing.append((page, [line for line in diff if line[:3] not in ("---", "+++")][:2]))
    out.append(f"- Sider med forskellig hovedtekst: {len(differing)} af {len(a.keys() & b.keys())}")
    for page, lines in differing[:20]:
        out.append(f"  - `{page}`: " + " / ".join(f"`{line[:100]}`" for line in lines))
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zensical", required=True, help="the zensical command")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        ours = Path(work) / "properdocs"
        # Zensical wants the config, docs_dir and site_dir in one project folder.
        config = args.config.resolve()
        theirs, copy = config.with_name(".zensical-site"), config.with_name(".zensical-compare.yml")
        if theirs.exists() or copy.exists():
            print(f"{theirs.name} eller {copy.name} findes allerede; slet dem, hvis de er fra en afbrudt kørsel")
            return 2
        if subprocess.run(
            engine_command("properdocs", args.config, ours), env=engine_environment(), check=False
        ).returncode:
            return 2
        text = re.sub(r"^site_dir:.*$", f"site_dir: {theirs.name}", config.read_text(encoding="utf-8"), flags=re.M)
        copy.write_text(text, encoding="utf-8")
        try:
            if subprocess.run([args.zensical, "build", "-c", "-f", str(copy)], check=False).returncode:
                return 2
            print(report(ours, theirs, ("ProperDocs", "Zensical")))
        finally:
            copy.unlink()
            shutil.rmtree(theirs, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
