"""`check --links`: ask every external URL in the records whether it still answers.

For editors with network access; never run in CI (the tests use a server on localhost). Each distinct URL
is asked once, a few at a time, with HEAD and, where a server refuses HEAD, GET.
"""

from __future__ import annotations

import ssl
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from catalogue.problems import Problem
from catalogue.records.load import FieldPath, SourceRecord, dotted

USER_AGENT = "inspirationskatalog-linkcheck/1.0"


def record_urls(record: SourceRecord) -> Iterator[tuple[FieldPath, str]]:
    def walk(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
        if isinstance(value, dict):
            for key, child in value.items():
                if (key == "url" or key.endswith("_url")) and isinstance(child, str):
                    yield path + (key,), child
                else:
                    yield from walk(child, path + (key,))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                yield from walk(child, path + (index,))

    yield from walk(record.data, ())


def probe(url: str, timeout: float, context: ssl.SSLContext | None) -> str | None:
    """None when the URL answers with success, else a Danish reason."""
    last = ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
                if response.status < 400:
                    return None
                last = f"svarer med HTTP {response.status}"
        except urllib.error.HTTPError as error:
            last = f"svarer med HTTP {error.code}"
            if error.code not in (403, 405, 501):  # some servers refuse HEAD but answer GET
                return last
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            return f"svarer ikke ({reason})"
    return last


def check_links(
    records: list[SourceRecord], timeout: float = 10.0, workers: int = 8, context: ssl.SSLContext | None = None
) -> list[Problem]:
    where: dict[str, list[tuple[SourceRecord, FieldPath]]] = defaultdict(list)
    for record in records:
        for path, url in record_urls(record):
            where[url].append((record, path))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        reasons = dict(zip(where, pool.map(lambda u: probe(u, timeout, context), where), strict=True))
    return sorted(
        Problem(record.display, record.line_of(path), dotted(path), f"linket {reason}: {url}")
        for url, reason in reasons.items()
        if reason
        for record, path in where[url]
    )
