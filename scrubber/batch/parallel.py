"""An order-keeping map over a process pool with a bounded window, so memory stays flat."""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_STATE: dict[str, Any] = {}


def jobs_count(jobs: int) -> int:
    """`-j` as a worker count: 0 means every CPU."""
    return max(1, os.cpu_count() or 1) if jobs <= 0 else jobs


def _init(state: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and shuts the pool down
    _STATE["state"] = state


def _call(fn: Callable[[Any, T], R], item: T) -> R:
    return fn(_STATE["state"], item)


def ordered_map(fn: Callable[[Any, T], R], state: Any, items: Iterable[T], jobs: int) -> Iterator[R]:
    """fn(state, item) for each item, results in input order.

    With one job everything runs here. Otherwise `state` (picklable: e.g. Scrubbers) is sent to
    each worker once, and at most 2 x jobs items are in flight, so a long input is never read
    ahead of the output by more than that.
    """
    if jobs <= 1:
        for item in items:
            yield fn(state, item)
        return
    window = 2 * jobs
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(state,)) as pool:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(_call, fn, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
