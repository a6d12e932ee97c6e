"""Debian's Chromium as Playwright launches it in the tests and the benchmarks (never `playwright install`).

The flags keep it from calling home: this machine's network is closed, and the tests refuse any request that
leaves 127.0.0.1.
"""

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
