"""A bounded least-recently-used map: the one implementation behind the service's caches.

The parser and validation caches, the response cache, the persisted queries'
documents, the compiled plans and statements, and the tokens seen lately are
each bounded in entries, some also in an estimated size. ``functools.lru_cache``
caches a function's results, not values put by the caller, and bounds only the
count; ``cachetools.LRUCache`` bounds one measure, and the parser cache needs
two (entries and bytes). This is both, in one place.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRU(Generic[K, V]):
    """Values by key, the least recently used evicted first, within ``max_entries``
    (None: no bound) and ``max_bytes`` (None: no bound), the latter the sum of the
    costs given to :meth:`put`.

    ``bytes`` is that sum for the entries kept, so a test or a metric can read
    the cache's own accounting.
    """

    __slots__ = ("_entries", "bytes", "max_bytes", "max_entries")

    def __init__(self, max_entries: int | None, *, max_bytes: int | None = None) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def get(self, key: K) -> V | None:
        """The value of ``key``, now the most recently used; None when none is kept."""
        found = self._entries.get(key)
        if found is None:
            return None
        self._entries.move_to_end(key)
        return found[0]

    def put(self, key: K, value: V, cost: int = 0) -> bool:
        """Keep ``value`` as the most recently used, evicting the least recently used
        past the bounds; False (nothing kept) when it alone is over a bound."""
        if (self.max_entries is not None and self.max_entries < 1) or (
            self.max_bytes is not None and cost > self.max_bytes
        ):
            return False
        self.discard(key)
        while self._entries and self._over(cost):
            _, (_, evicted) = self._entries.popitem(last=False)
            self.bytes -= evicted
        self._entries[key] = (value, cost)
        self.bytes += cost
        return True

    def discard(self, key: K) -> None:
        found = self._entries.pop(key, None)
        if found is not None:
            self.bytes -= found[1]

    def clear(self) -> None:
        self._entries.clear()
        self.bytes = 0

    def _over(self, cost: int) -> bool:
        """Whether one more entry of ``cost`` would break a bound."""
        return (self.max_entries is not None and len(self._entries) >= self.max_entries) or (
            self.max_bytes is not None and self.bytes + cost > self.max_bytes
        )
