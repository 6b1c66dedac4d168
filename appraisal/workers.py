"""Work spread over this machine's cores: how many workers, and a forked map.

``fork_map`` is how the report draws its figures and renders its formats side by side:
each item goes to a forked process, which inherits what it needs (nothing is pickled but
the items and the results), and ``gc.freeze`` keeps a worker's collector from scanning
(and so copying) what it inherited. With one worker, too few items to pay for the fork,
or no ``fork`` on this platform, the items are done here, one after another, with the
same results. A process that runs threads (the Streamlit server) must not fork.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """One a core, at most four."""
    return min(4, os.cpu_count() or 1)


def fork_map(fn: Callable[[T], R], items: Sequence[T], workers: int, *, least: int = 2) -> list[R]:
    """``[fn(x) for x in items]``, in up to ``workers`` forked processes when there are at
    least ``least`` items (in order, whoever did them)."""
    if workers <= 1 or len(items) < max(least, 2) or "fork" not in mp.get_all_start_methods():
        return [fn(x) for x in items]
    with ProcessPoolExecutor(
        max_workers=min(workers, len(items)), mp_context=mp.get_context("fork"), initializer=gc.freeze
    ) as pool:
        return list(pool.map(fn, items))
