"""Rendered pieces kept between renders, keyed by what they show.

The live preview owns one and hands it to the render stage on every save: a record page, a catalogue card or a
data row whose key (the record's digest, the digests of what else it shows) is unchanged is not rendered
again. A whole build passes none and renders everything. Records stay plain data: nothing is kept on them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class RenderCache:
    """What was rendered in the last whole render, and what this one used so far. `sweep` ends a whole
    render: what it did not use is forgotten, so the cache holds one catalogue's pieces, not every save's."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, Any] = {}
        self._used: dict[Hashable, Any] = {}
        self.made = 0  # pieces rendered anew (for tests and the preview's report)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._used or key in self._kept

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        if key in self._used:
            return self._used[key]
        if key in self._kept:
            value = self._kept[key]
        else:
            value = make()
            self.made += 1
        self._used[key] = value
        return value

    def shared(self, key: Hashable, make: Callable[[], T]) -> T:
        """A small piece many pages use in one render (a record's item in a list, its citation numbers)."""
        return self.get(key, make)

    def sweep(self) -> None:
        if self._used:
            self._kept, self._used = self._used, {}


class NoCache(RenderCache):
    """A whole build's: renders every piece once and keeps none, but the small pieces many pages share
    (`shared`), which it keeps while the one render that made it lasts."""

    def __init__(self) -> None:
        super().__init__()
        self._shared: dict[Hashable, Any] = {}

    def __contains__(self, key: Hashable) -> bool:
        return False

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        self.made += 1
        return make()

    def shared(self, key: Hashable, make: Callable[[], T]) -> T:
        if key not in self._shared:
            self._shared[key] = make()
        return self._shared[key]

    def sweep(self) -> None:
        pass
