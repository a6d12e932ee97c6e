"""Browser fixtures: the real catalogue built once with the CLI, served on 127.0.0.1, and Debian's Chromium
driven by Playwright. Every page fixture fails its test on a request to any other host or a script error."""

from __future__ import annotations

import contextlib
import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ..conftest import BuiltSite
from .chromium import ARGS, CHROMIUM

playwright_api = pytest.importorskip("playwright.sync_api")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_dir(real_site: BuiltSite) -> Path:
    return real_site.out


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A browser that leaves a page drops its pending requests: not an error of the site or the test.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def served(folder: Path) -> Iterator[str]:
    """A built site served on 127.0.0.1 (a free port) for as long as the caller keeps it: yields its base URL."""
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    yield from served(site_dir)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/install-system-packages.sh)")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def guarded_context(browser: object, **options: object) -> tuple[object, list[str]]:
    """A browser context that refuses and records every request to a host other than 127.0.0.1."""
    context = browser.new_context(locale="da-DK", **options)
    offsite: list[str] = []

    def route(r: object) -> None:
        if urlsplit(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:
            offsite.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return context, offsite


@contextlib.contextmanager
def guarded_tab(browser: object, **options: object) -> Iterator[object]:
    """A tab (context `options`, e.g. a viewport) that fails its user on a request off 127.0.0.1 or a script
    error, checked when it is closed."""
    context, offsite = guarded_context(browser, **options)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert offsite == [], f"requests off 127.0.0.1: {offsite}"
    assert errors == [], f"script errors: {errors}"


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    with guarded_tab(browser) as tab:
        yield tab


# The catalogue page has drawn its results once its status line says what it shows.
READY = "(s => s !== null && /^(Viser|Ingen)/.test(s.textContent))(document.getElementById('k-status'))"

# The two sizes every page is looked at in: a laptop and a phone.
SIZES = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def sized(request: pytest.FixtureRequest, browser: object) -> Iterator[object]:
    """A guarded tab at laptop or phone size (`page.size_name`)."""
    with guarded_tab(browser, viewport=SIZES[request.param]) as page:
        page.size_name = request.param  # type: ignore[attr-defined]
        yield page
