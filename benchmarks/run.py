"""Benchmarks at catalogue scale, against plain MkDocs (and Zensical) in the same run.

    python benchmarks/run.py                       # N = 100, 1,000, 10,000; writes BENCHMARKS.md
    python benchmarks/run.py --counts 50 --report /tmp/b.md --pdf-max 50

For each N: synthetic records (benchmarks/synthetic.py), then wall time and peak memory of `check`,
generating the pages, the site build, a second build with nothing changed and the PDF (up to --pdf-max);
the HTML size of a record page; the header search index; in Chromium, the bytes the catalogue page downloads
(gzip-compressed, as a server would send them) and the time from a keystroke or facet click to updated results
(median of repeated runs); and plain MkDocs building N equivalent Markdown pages, with Zensical beside it
when it is installed (`pip install zensical`).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import write_records  # noqa: E402
from catalogue import paths  # noqa: E402
from catalogue.settings import load_settings  # noqa: E402
from tests.browser.chromium import ARGS as CHROMIUM_ARGS  # noqa: E402
from tests.browser.chromium import CHROMIUM  # noqa: E402
from tests.conftest import copy_site_skeleton  # noqa: E402

BUILD = [sys.executable, str(ROOT / "build.py")]


@dataclass
class Run:
    seconds: float
    peak_mb: float
    output: str


def _children() -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                found.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    return found


def _tree_pss_mb(pid: int) -> float:
    """Proportional set size of a process and all its descendants: what they take together, shared pages
    (a forked worker's, say) counted once."""
    children, todo, total = _children(), [pid], 0
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
    return total / 1024


def measure(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Wall time and peak memory of one child process and its descendants: the larger of the largest
    single process's peak resident memory (from `wait4`) and the peak of the whole tree's summed PSS,
    sampled four times a second (the PDF is typeset in several worker processes at once)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    tree_peak = 0.0
    running = threading.Event()
    running.set()

    def sample() -> None:
        nonlocal tree_peak
        while running.is_set():
            if Path("/proc").is_dir():
                tree_peak = max(tree_peak, _tree_pss_mb(process.pid))
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = process.stdout.read() if process.stdout else ""
    running.clear()
    sampler.join()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{output[-3000:]}")
    return Run(seconds, max(usage.ru_maxrss / 1024, tree_peak), output)


@dataclass
class Row:
    count: int
    figures: dict[str, float | str] = field(default_factory=dict)


def step_seconds(output: str) -> float:
    """The generation step's own time, as `build.py generate` prints it ("… på 1.23 s.")."""
    found = re.search(r"Sider genereret: .* på ([0-9.]+) s", output)
    if not found:
        raise RuntimeError(f"no generation time in: {output[-500:]}")
    return float(found.group(1))


def plain_pages(count: int, project: Path, generated: Path) -> Path:
    """N plain Markdown pages with the same text as the record pages, in a bare MkDocs Material project."""
    docs = project / "docs"
    (docs / "indsatser").mkdir(parents=True)
    for page in sorted((generated / "indsatser").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        (docs / "indsatser" / page.name).write_text(text, encoding="utf-8")
    (docs / "index.md").write_text("# Forside\n\n[Alle](indsatser/index.md)\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        "site_name: Plain\ntheme:\n  name: material\n  language: da\n  font: false\n"
        "plugins:\n  - search:\n      lang: da\nmarkdown_extensions:\n  - toc\n  - attr_list\n  - md_in_html\n"
        "  - def_list\n  - tables\nnav:\n  - Forside: index.md\n  - Alle: indsatser/index.md\n",
        encoding="utf-8",
    )
    return config


def plain_site(project: Path, generated: Path) -> Path:
    """The same docs/ folder as the site build used (every generated page and data file), in a bare
    ProperDocs Material project: no overrides, no extra CSS, a two-item nav. What the engine alone costs."""
    shutil.copytree(generated, project / "docs", ignore=shutil.ignore_patterns(".*"))
    config = project / "mkdocs.yml"
    config.write_text(
        "site_name: Plain\ntheme:\n  name: material\n  language: da\n  font: false\n"
        "plugins:\n  - search:\n      lang: da\nmarkdown_extensions:\n  - toc\n  - attr_list\n  - md_in_html\n"
        "  - def_list\n  - tables\nvalidation:\n  omitted_files: ignore\n"
        "nav:\n  - Forside: index.md\n  - Alle: indsatser/index.md\n",
        encoding="utf-8",
    )
    return config


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


# In-page timing: from the input event or click to the moment the page has updated the result status,
# which it does after rendering the new results. Successive inputs alternate between a word and the
# empty query, so every step changes the results.
_TIME = """async ([selector, value, shown = '#k-status']) => {
  const status = document.querySelector(shown);
  const before = status.textContent;
  const element = document.querySelector(selector);
  return await new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (status.textContent !== before) { observer.disconnect(); resolve(performance.now() - started); }
    });
    observer.observe(status, {childList: true, characterData: true, subtree: true});
    const started = performance.now();
    if (value === null) { element.click(); }
    else { element.value = value; element.dispatchEvent(new Event('input', {bubbles: true})); }
    setTimeout(() => { observer.disconnect(); resolve(-1); }, 10000);
  });
}"""


def browser_figures(site: Path, repeats: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    figures: dict[str, float] = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            bodies: dict[str, bytes] = {}

            def keep(response) -> None:  # noqa: ANN001
                with contextlib.suppress(Exception):  # a redirect or aborted request has no body
                    bodies[response.url] = response.body()

            page.on("response", keep)
            page.goto(f"{base}/katalog/?q=for%C3%A6ldre", wait_until="networkidle")
            page.wait_for_selector("#k-results > *", state="attached", timeout=30_000)
            compressed = {url: len(gzip.compress(body, 6)) for url, body in bodies.items()}
            figures["page_kb_gz"] = sum(compressed.values()) / 1024
            page.remove_listener("response", keep)

            # The header's search on another page: what it downloads for a query, and a keystroke there.
            bodies.clear()
            page.on("response", keep)
            page.goto(f"{base}/om/", wait_until="networkidle")
            page.fill("#site-q", "familie")
            page.wait_for_selector("#site-search-results .site-search__link", timeout=30_000)
            page.wait_for_load_state("networkidle")
            figures["header_kb_gz"] = sum(len(gzip.compress(b, 6)) for b in bodies.values()) / 1024
            page.remove_listener("response", keep)
            header = []
            for i in range(repeats):
                header.append(
                    page.evaluate(_TIME, ["#site-q", HEADER_WORDS[i % len(HEADER_WORDS)], "#site-search-results"])
                )
            figures["header_keystroke_ms"] = statistics.median(header)

            page.goto(f"{base}/katalog/", wait_until="networkidle")
            page.wait_for_selector("#k-form:not([hidden])", timeout=30_000)
            # Plain words, a paragraph, two words, a word typed without æ (folded shards) and the tail of a
            # compound ("skolesocialrådgiveren").
            words = ["forældre", "§ 30", "skole", "foraeldre", "familieterapi", "barnets lov", "tidlig"]
            words += ["socialrådgiver", "fritid", "samspil", "leg", "sprog"]
            typing = []
            for i in range(repeats):
                typing.append(page.evaluate(_TIME, ["#k-q", words[i % len(words)]]))
                page.evaluate(_TIME, ["#k-q", ""])
            figures["keystroke_ms"] = statistics.median(typing)
            boxes = page.locator("#k-form input[type=checkbox]")
            total = boxes.count()
            clicks = []
            for i in range(repeats):
                selector = f"#k-form input[type=checkbox] >> nth={(i // 2) % max(1, total)}"
                page.locator(selector).evaluate("el => el.setAttribute('data-bench', '1')")
                clicks.append(page.evaluate(_TIME, ["[data-bench='1']", None]))
                page.locator(selector).evaluate("el => el.removeAttribute('data-bench')")
            figures["facet_click_ms"] = statistics.median(clicks)
            if -1 in typing or -1 in clicks or -1 in header:
                raise RuntimeError("the catalogue page did not update its result status within 10 s")
        finally:
            browser.close()
    return figures


# Successive header queries, each with a different answer (the header's status changes every time).
HEADER_WORDS = ["forældre", "§ 30", "skole", "foraeldre", "familieterapi", "barnets lov", "tidlig", "fritid"]


def relevance_figures(count: int, work: Path) -> dict[str, float]:
    """The relevance set (tests/relevance/queries.yaml) on the real records among synthetic ones, `count` in
    all (the real ones alone when `count` is smaller): recall at 10, false hits in the first five, queries with
    expected records that found nothing."""
    from playwright.sync_api import sync_playwright

    from tests.relevance.run import run as run_relevance

    records = work / "relevance-records"
    real = sorted((ROOT / "interventions").glob("*.yaml"))
    write_records(max(0, count - len(real)), records)
    for path in real:
        shutil.copy(path, records / path.name)
    config = copy_site_skeleton(work / "relevance-project")
    site = work / "relevance-site"
    env = dict(os.environ, SOURCE_DATE_EPOCH="1795392000")
    measure([*BUILD, "site", "--records", str(records), "--config", str(config), "--out", str(site)], env=env)
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            found = run_relevance(browser.new_page(), f"{base}/katalog/")
        finally:
            browser.close()
    return {
        "relevance_records": len(list(records.glob("*.yaml"))),
        "relevance_recall": found.recall,
        "relevance_false_hits": found.false_hits,
        "relevance_empty": len(found.empty),
    }


def zensical_command() -> list[str] | None:
    found = shutil.which("zensical") or (
        str(Path(sys.executable).with_name("zensical")) if Path(sys.executable).with_name("zensical").exists() else None
    )
    return [found] if found else None


# Parts of a run that can be left out (--skip), for a quicker run at 10,000 records: the second build and the
# no-op generation, the plain engine on the record pages only (the old comparison) and on every page, Zensical,
# the relevance set among synthetic records.
SKIPPABLE = ("rebuilds", "plain-records", "plain-all", "zensical", "relevance")


def bench(count: int, work: Path, pdf_max: int, repeats: int, browser: bool, skip: tuple[str, ...] = ()) -> Row:
    row = Row(count)
    records = work / "records"
    write_records(count, records)
    config = copy_site_skeleton(work / "project")
    docs = config.parent / "docs"
    site = work / "site"
    env = dict(os.environ, SOURCE_DATE_EPOCH="1795392000")
    common = ["--records", str(records)]

    run = measure([*BUILD, "check", *common], env=env)
    row.figures |= {"check_s": run.seconds, "check_mb": run.peak_mb}
    run = measure([*BUILD, "generate", *common, "--config", str(config)], env=env)
    row.figures["generation_step_ms_per_record"] = step_seconds(run.output) * 1000 / count
    row.figures |= {
        "generate_s": run.seconds,
        "generate_mb": run.peak_mb,
        "generate_ms_per_record": run.seconds * 1000 / count,
    }
    shutil.rmtree(docs / "indsatser")  # the site build below generates from scratch
    run = measure([*BUILD, "site", *common, "--config", str(config), "--out", str(site)], env=env)
    row.figures |= {"site_s": run.seconds, "site_mb": run.peak_mb}
    if "rebuilds" not in skip:
        before = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
        run = measure([*BUILD, "generate", *common, "--config", str(config)], env=env)
        after = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
        row.figures["noop_generation_step_s"] = step_seconds(run.output)
        rewritten = sum(before.get(p) != m for p, m in after.items())
        row.figures |= {"noop_generate_s": run.seconds, "noop_rewritten": rewritten}
        run = measure([*BUILD, "site", *common, "--config", str(config), "--out", str(site)], env=env)
        row.figures |= {"second_site_s": run.seconds}

    pages = [p for p in (site / "indsatser").glob("*/index.html")]
    row.figures["record_page_kb"] = statistics.mean(p.stat().st_size for p in pages) / 1024
    row.figures["record_page_kb_max"] = max(p.stat().st_size for p in pages) / 1024
    search_files = [site / "katalog" / "indeks.json", *(site / "katalog" / "soeg").rglob("*.json")]
    row.figures["search_index_mb"] = sum(p.stat().st_size for p in search_files) / 1e6

    if "plain-records" not in skip:
        plain_config = plain_pages(count, work / "plain", docs)
        run = measure(
            engine_build(plain_config, work / "plain-site"),
            env=env,
        )
        row.figures |= {"plain_mkdocs_s": run.seconds, "ratio_to_plain": row.figures["site_s"] / run.seconds}
    if "plain-all" not in skip:
        plain_all = plain_site(work / "plain-all", docs)
        run = measure(
            engine_build(plain_all, work / "plain-all-site"),
            env=env,
        )
        row.figures |= {"plain_all_s": run.seconds, "ratio_to_plain_all": row.figures["site_s"] / run.seconds}
    zensical = zensical_command() if "zensical" not in skip else None
    if zensical:
        try:
            run = measure([*zensical, "build", "-c", "-f", str(config)], cwd=config.parent, env=env)
            row.figures["zensical_s"] = run.seconds
            if "plain_mkdocs_s" in row.figures:
                row.figures["zensical_ratio"] = run.seconds / row.figures["plain_mkdocs_s"]
            index = config.parent / "site" / "search.json"
            if index.exists():
                row.figures["zensical_search_mb"] = index.stat().st_size / 1e6
        except RuntimeError as error:
            row.figures["zensical_s"] = f"fejl: {str(error).splitlines()[0][:60]}"

    if count <= pdf_max:
        pdf = work / "katalog.pdf"
        run = measure([*BUILD, "pdf", *common, "--out", str(pdf)], env=env)
        from pypdf import PdfReader

        pages_count = len(PdfReader(str(pdf)).pages)
        row.figures |= {
            "pdf_s": run.seconds,
            "pdf_mb": run.peak_mb,
            "pdf_pages": pages_count,
            "pdf_pages_per_s": pages_count / run.seconds,
        } | proof_figures(pdf, records)
    if browser:
        row.figures |= browser_figures(site, repeats)
        if "relevance" not in skip:
            row.figures |= relevance_figures(count, work)
    return row


def engine_build(config: Path, out: Path) -> list[str]:
    """The project's engine (pyproject.toml) building `config` alone, quietly, into `out`."""
    engine = load_settings(paths.ROOT / "pyproject.toml").engine
    return [sys.executable, "-m", engine, "build", "-q", "-f", str(config), "-d", str(out)]


def proof_figures(pdf: Path, records: Path) -> dict[str, float]:
    """The book's typography read back (catalogue/pdf/proof.py): hyphenated words, those broken outside a
    compound's joints, phrases split from what follows, and the number of font sizes."""
    from catalogue.build import check
    from catalogue.pdf import proof
    from catalogue.pdf.hyphenation import Hyphenator
    from catalogue.project import Project

    catalogue = check(Project.load(records)).catalogue
    assert catalogue is not None
    bad = proof.bad_hyphenations(pdf, Hyphenator.of(catalogue))
    split = proof.split_phrases(pdf)
    for problem in [*bad, *split][:20]:
        print(f"  PDF: {problem}", file=sys.stderr)
    return {
        "pdf_hyphenated": len(proof.hyphenations(pdf)),
        "pdf_bad_breaks": len(bad),
        "pdf_split_phrases": len(split),
        "pdf_type_sizes": len(proof.type_sizes(pdf)),
    }


COLUMNS = [
    ("check_s", "check (s)"),
    ("check_mb", "check peak (MB)"),
    ("generate_s", "generate (s)"),
    ("generate_ms_per_record", "generate command per record (ms)"),
    ("generation_step_ms_per_record", "generation step per record (ms)"),
    ("generate_mb", "generate peak (MB)"),
    ("site_s", "site build (s)"),
    ("site_mb", "site peak (MB)"),
    ("plain_mkdocs_s", "plain engine (ProperDocs) on the record pages only (s)"),
    ("ratio_to_plain", "ratio to plain engine (record pages only)"),
    ("plain_all_s", "plain engine on every generated page and data file (s)"),
    ("ratio_to_plain_all", "ratio to plain engine (same pages)"),
    ("zensical_s", "Zensical, same mkdocs.yml and pages (s)"),
    ("zensical_ratio", "Zensical to plain ProperDocs"),
    ("zensical_search_mb", "Zensical search index (MB)"),
    ("second_site_s", "second build (s)"),
    ("noop_generate_s", "no-op generate command (s)"),
    ("noop_generation_step_s", "no-op generation step (s)"),
    ("noop_rewritten", "files rewritten by no-op"),
    ("record_page_kb", "record page HTML (KB, mean)"),
    ("record_page_kb_max", "record page HTML (KB, max)"),
    ("search_index_mb", "search index, whole: indeks.json and every shard (MB)"),
    ("pdf_pages", "PDF pages"),
    ("pdf_s", "PDF (s)"),
    ("pdf_pages_per_s", "PDF pages/s"),
    ("pdf_mb", "PDF peak (MB)"),
    ("pdf_hyphenated", "PDF words hyphenated at a line end"),
    ("pdf_bad_breaks", "… of them outside a compound's joints"),
    ("pdf_split_phrases", 'PDF "§", "ca.", citation groups split from what follows'),
    ("pdf_type_sizes", "PDF font sizes"),
    ("page_kb_gz", "catalogue page download (KB gz)"),
    ("keystroke_ms", "keystroke → results (ms, median)"),
    ("facet_click_ms", "facet click → results (ms, median)"),
    ("header_kb_gz", "header search on another page: download for a query (KB gz)"),
    ("header_keystroke_ms", "header search: keystroke → results (ms, median)"),
    ("relevance_records", "relevance set: records searched (the 60 real among synthetic)"),
    ("relevance_recall", "relevance set: recall at 10"),
    ("relevance_false_hits", "relevance set: false hits in the first five"),
    ("relevance_empty", "relevance set: empty answers where a record is expected"),
]


def fmt(value: float | str | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; Python {platform.python_version()}"


def report(rows: list[Row], note: str) -> str:
    header = "| measure | " + " | ".join(f"N = {r.count:,}" for r in rows) + " |"
    lines = [header, "| --- | " + " | ".join("---:" for _ in rows) + " |"]
    for key, label in COLUMNS:
        if any(key in r.figures for r in rows):
            lines.append(f"| {label} | " + " | ".join(fmt(r.figures.get(key)) for r in rows) + " |")
    return f"## Run of {dt.date.today().isoformat()}\n\nMachine: {machine()}.\n\n" + "\n".join(lines) + "\n\n" + note


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmarks at catalogue scale.", epilog="Eksempel: python benchmarks/run.py --counts 100 1000"
    )
    parser.add_argument("--counts", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--pdf-max", type=int, default=1000, help="largest N that also renders the PDF")
    parser.add_argument("--repeats", type=int, default=15, help="browser measurements per figure")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--report",
        type=Path,
        default=ROOT / "BENCHMARKS.md",
        help="where the table goes: the '## Run' section of this file is replaced",
    )
    parser.add_argument("--json", type=Path, help="also write the raw figures as JSON")
    parser.add_argument("--skip", nargs="+", choices=SKIPPABLE, default=[], help="parts of the run to leave out")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as temporary:
        for count in args.counts:
            print(f"N = {count} …", flush=True)
            work = Path(temporary) / str(count)
            rows.append(bench(count, work, args.pdf_max, args.repeats, not args.no_browser, tuple(args.skip)))
            print(json.dumps(rows[-1].figures, ensure_ascii=False, default=str), flush=True)
    table = report(rows, "")
    existing = args.report.read_text(encoding="utf-8") if args.report.exists() else ""
    marker = "<!-- results -->"
    if marker in existing:
        head, _, rest = existing.partition(marker)
        tail = rest[rest.find("<!-- /results -->") :] if "<!-- /results -->" in rest else "<!-- /results -->\n"
        args.report.write_text(f"{head}{marker}\n{table}\n{tail}", encoding="utf-8")
    else:
        args.report.write_text(f"# Benchmarks\n\n{marker}\n{table}\n<!-- /results -->\n", encoding="utf-8")
    if args.json:
        args.json.write_text(
            json.dumps([{"count": r.count, **r.figures} for r in rows], indent=2, default=str), encoding="utf-8"
        )
    print(f"Tabellen er skrevet til {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
