"""What a long command says while it works: one line per stage with counts and seconds, and a counter for
steps that take a while (the PDF's parts). On a terminal the counter rewrites its line; in a log (CI, a
pipe) it prints a plain line now and then instead, so the log stays readable."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

# In a log, a counter prints at most this often (seconds), besides its first and last value.
LOG_EVERY = 5.0

Tick = Callable[[int, int], None]


class Progress:
    def __init__(self, stream: TextIO | None = None, live: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdout
        self.live = self.stream.isatty() if live is None else live
        self._started = time.perf_counter()

    def start(self, text: str) -> None:
        """A stage begins: `text` says what is being done."""
        self._started = time.perf_counter()
        self._print(f"{text} …")

    def done(self, text: str) -> None:
        """The stage that began last is over: `text` says what came of it, with the seconds it took."""
        self._print(f"{text} ({time.perf_counter() - self._started:.1f} s)")

    def counter(self, label: str) -> Tick:
        """A function to call with (done, total) as a step advances, e.g. 'PDF: dele sat' 3/24."""
        last = [0.0]

        def tick(done: int, total: int) -> None:
            now = time.perf_counter()
            text = f"  {label} {done}/{total}"
            if self.live:
                end = "\n" if done >= total else ""
                self.stream.write(f"\r{text}{end}")
                self.stream.flush()
            elif done in (1, total) or now - last[0] >= LOG_EVERY:
                last[0] = now
                self._print(text)

        return tick

    def _print(self, text: str) -> None:
        print(text, file=self.stream, flush=True)


class Quiet(Progress):
    """For callers that want no output (tests of the library, the preview's rebuilds)."""

    def _print(self, text: str) -> None:
        pass

    def counter(self, label: str) -> Tick:
        return lambda done, total: None
