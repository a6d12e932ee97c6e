"""Two processors for one build: a piece of the work in a forked child while this process does the rest.

A whole build renders about ten thousand pages and data files from records already in memory. Forking hands
the child the loaded catalogue, the compiled templates and the vocabulary without copying or pickling them;
only the child's result (strings) comes back, through a pipe. Used where the work splits into two halves of
similar size (the record pages against everything else), and only with two or more processors to run them on.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")


class ChildFailed(RuntimeError):
    """The forked child raised; the message carries its traceback."""


def processors() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return sys.platform == "linux" and processors() >= 2


class Child(Generic[T]):
    """The result of `compute` run in a forked child; `result()` waits for it."""

    def __init__(self, compute: Callable[[], T]) -> None:
        read, write = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: compute, send, and leave without running the parent's exit handlers
            status = 0
            try:
                os.close(read)
                with contextlib.suppress(OSError, AttributeError):
                    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
                if os.getppid() != parent:
                    os._exit(1)
                try:
                    payload = pickle.dumps((True, compute()), protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
                    payload = pickle.dumps((False, traceback.format_exc()))
                    status = 1
                with os.fdopen(write, "wb") as stream:
                    stream.write(payload)
            finally:
                os._exit(status)
        os.close(write)
        self._pid, self._read = pid, read
        self._done = False

    def result(self) -> T:
        try:
            with os.fdopen(self._read, "rb") as stream:
                data = stream.read()
            self._read = -1
            self._reap()
        finally:
            self.close()
        if not data:
            raise ChildFailed("the child process ended without a result")
        ok, value = pickle.loads(data)
        if not ok:
            raise ChildFailed(str(value))
        return value

    def _reap(self) -> None:
        if not self._done:
            os.waitpid(self._pid, 0)
            self._done = True

    def close(self) -> None:
        """Stop the child if it is still running (the parent failed or was interrupted) and reap it."""
        if self._read >= 0:
            with contextlib.suppress(OSError):
                os.close(self._read)
            self._read = -1
        if not self._done:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            self._reap()


@contextmanager
def beside(compute: Callable[[], T]) -> Iterator[Child[T]]:
    """Run `compute` in a forked child for the duration of the block; ask the child for its result inside it.
    Leaving the block early (an error here, Ctrl-C) stops the child."""
    child = Child(compute)
    try:
        yield child
    finally:
        child.close()
