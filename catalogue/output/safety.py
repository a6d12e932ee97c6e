"""Never delete what we did not make: which output paths a command may write to, decided before anything
is touched.

A site folder is replaced only when it is one of our own sites: it carries MARKER, which the build writes
into every site it builds. Everything else (the project, the records, the hand-written pages, a folder of
the user's, a file) is refused with one Danish sentence that says what to do instead.
"""

from __future__ import annotations

from pathlib import Path

from catalogue import paths
from catalogue.site import layout

MARKER = ".inspirationskatalog-site"
MARKER_TEXT = "Bygget af inspirationskatalogets build.py. Hele mappen erstattes, næste gang websitet bygges.\n"
# A PDF of ours carries this as the first part of its trailer /ID (pdf/typeset.py's pdf_identifier).
PDF_IDENTIFIER = b"inspirationskatalog"


class OutputRefused(Exception):
    """A refused output path; the message is one Danish sentence for the user. Exit code 2."""


def _shown(path: Path) -> str:
    return str(path)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _absolute(path: Path) -> Path:
    """The path with its parent's symbolic links resolved, but not the last part's (a link is refused)."""
    path = Path(path).expanduser()
    return path.parent.resolve() / path.name if path.name not in ("", ".", "..") else path.resolve()


def is_own_site(folder: Path) -> bool:
    marker = folder / MARKER
    try:
        return marker.is_file() and not marker.is_symlink() and marker.read_text(encoding="utf-8") == MARKER_TEXT
    except (OSError, UnicodeDecodeError):
        return False


def _protected(records: Path, docs: Path) -> list[tuple[Path, str]]:
    return [
        (paths.ROOT, "projektet"),
        (records.resolve(), "mappen med indsatser"),
        (docs.resolve(), "mappen med websitets sider (docs)"),
    ]


def _common(target: Path, shown: str, records: Path, docs: Path, what: str) -> None:
    if target == Path(target.anchor):
        raise OutputRefused(f"--out {shown} er roden af filsystemet; {what}")
    for folder, name in _protected(records, docs):
        if _inside(folder, target):
            raise OutputRefused(f"--out {shown} er eller indeholder {name}; {what}")
        if _inside(target, folder) and folder != paths.ROOT:
            raise OutputRefused(f"--out {shown} ligger i {name}; {what}")


def check_site_out(out: Path, records: Path, docs: Path) -> Path:
    """The absolute folder the site may be built into, or OutputRefused. Run before anything is written."""
    target, shown = _absolute(out), _shown(out)
    what = "vælg en ny eller tom mappe til websitet, fx --out site"
    _common(target, shown, records, docs, what)
    if target.is_symlink():
        raise OutputRefused(f"--out {shown} er et symbolsk link; angiv mappen selv, fx --out site")
    if target.exists() and not target.is_dir():
        raise OutputRefused(f"--out {shown} er en fil og ikke en mappe; {what}")
    if target.is_dir() and any(target.iterdir()) and not is_own_site(target) and not _legacy_site(target):
        raise OutputRefused(
            f"--out {shown} er ikke tom og er ikke et website, som build.py har bygget; {what} "
            "(build.py erstatter kun sine egne websites)"
        )
    return target


def _legacy_site(folder: Path) -> bool:
    # The project's own site/ from before sites were marked: the default output, with the catalogue's index.
    return folder == paths.SITE and (folder / layout.CATALOGUE_INDEX).is_file()


def is_own_pdf(file: Path) -> bool:
    try:
        import pikepdf

        with pikepdf.open(file) as pdf:
            identifier = pdf.trailer.get("/ID")
            return identifier is not None and bytes(identifier[0]) == PDF_IDENTIFIER
    except Exception:  # noqa: BLE001 - anything that is not a readable PDF of ours is not ours
        return False


def check_pdf_out(out: Path, records: Path, docs: Path) -> Path:
    """The file a tailored PDF may be written to, or OutputRefused."""
    target, shown = _absolute(out), _shown(out)
    what = "vælg et nyt filnavn uden for projektets mapper med indsatser og sider, fx --out mit-katalog.pdf"
    _common(target, shown, records, docs, what)
    if target.suffix.lower() != ".pdf":
        raise OutputRefused(f"--out {shown} skal være en .pdf-fil; {what}")
    if target.is_symlink():
        raise OutputRefused(f"--out {shown} er et symbolsk link; {what}")
    if target.is_dir():
        raise OutputRefused(f"--out {shown} er en mappe; {what}")
    if target.exists() and not is_own_pdf(target):
        raise OutputRefused(f"--out {shown} findes allerede og er ikke en PDF, som build.py har lavet; {what}")
    return target
