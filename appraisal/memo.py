"""A small, thread-safe, bounded memo for the engine's pure computations.

:func:`appraisal.run.run` computes each heavy part of an appraisal (SMAA, the economic
Monte Carlo, switching values...) from the slice of the inputs it depends on. The memo
keys every part on the dataset it was computed from (by identity: an entry goes when
its dataset is garbage-collected) and on a text key of that slice, so the app, the
report and a second browser session asking for the same part share one computation.
Entries beyond ``size`` are dropped least recently used first.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    def __init__(self, size: int = 512):
        self.size = size
        self._items: OrderedDict[tuple[int, str], Any] = OrderedDict()
        self._lock = threading.Lock()
        self._owners: dict[int, weakref.finalize] = {}
        self.hits = 0
        self.misses = 0

    def get(self, owner: object, key: str, compute: Callable[[], T]) -> T:
        """The memoised value of ``compute()`` for ``(owner, key)``."""
        k = (id(owner), key)
        with self._lock:
            if k in self._items:
                self._items.move_to_end(k)
                self.hits += 1
                return self._items[k]
        value = compute()  # outside the lock: parts for other keys run meanwhile
        with self._lock:
            self.misses += 1
            if id(owner) not in self._owners:
                self._owners[id(owner)] = weakref.finalize(owner, self._forget, id(owner))
            self._items[k] = value
            self._items.move_to_end(k)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def _forget(self, owner_id: int) -> None:
        with self._lock:
            for k in [k for k in self._items if k[0] == owner_id]:
                del self._items[k]
            self._owners.pop(owner_id, None)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._items)
