"""argparse's own messages in Danish: a wrong option or value gets a Danish sentence like every other
message of the command line. argparse looks its messages up through the module's `_` at the time it
reports, so replacing that lookup translates them without copying argparse's code."""

from __future__ import annotations

import argparse
from collections.abc import Callable

# argparse's message templates (Python 3.11–3.13) → Danish, with the same %-placeholders.
MESSAGES = {
    "usage: ": "brug: ",
    "options": "tilvalg",
    "optional arguments": "tilvalg",
    "positional arguments": "argumenter",
    "show this help message and exit": "vis denne hjælp og afslut",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fejl: %(message)s\n",
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "the following arguments are required: %s": "disse argumenter mangler: %s",
    "expected one argument": "forventede én værdi",
    "expected at most one argument": "forventede højst én værdi",
    "expected at least one argument": "forventede mindst én værdi",
    "invalid choice: %(value)r (choose from %(choices)s)": "ugyldigt valg: %(value)r (vælg mellem %(choices)s)",
    "invalid choice: %(value)r (choose from %(choices)s)\n": "ugyldigt valg: %(value)r (vælg mellem %(choices)s)\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "ugyldig værdi for %(type)s: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "tvetydigt tilvalg: %(option)s kan være %(matches)s",
    "not allowed with argument %s": "kan ikke bruges sammen med %s",
    "ignored explicit argument %r": "ignorerede værdien %r",
    "one of the arguments %s is required": "et af argumenterne %s skal angives",
    "unexpected option string: %s": "uventet tilvalg: %s",
}


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def danish_argparse() -> None:
    """Make argparse report in Danish (idempotent)."""
    lookup: Callable[[str], str] = translate
    argparse._ = lookup  # type: ignore[attr-defined]
