"""The bounded least-recently-used map behind the service's caches (``core.lru``)."""

from __future__ import annotations

from core.lru import LRU


def test_the_least_recently_used_entry_goes_first() -> None:
    cache: LRU[str, int] = LRU(2)
    assert cache.put("a", 1) and cache.put("b", 2)
    assert cache.get("a") == 1  # now the most recently used
    assert cache.put("c", 3)
    assert ("a" in cache, "b" in cache, "c" in cache) == (True, False, True)
    assert cache.get("b") is None
    assert len(cache) == 2


def test_bounded_in_entries_and_in_cost() -> None:
    cache: LRU[str, str] = LRU(2, max_bytes=10)
    cache.put("a", "1234", 4)
    cache.put("b", "1234", 4)
    assert cache.get("a") == "1234"
    cache.put("c", "1234", 4)  # three entries: the least recently used ("b") goes
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == ("1234", None, "1234")
    cache.put("d", "123456789", 9)  # 17 in all: "a" and "c" go
    assert (len(cache), cache.get("d"), cache.bytes) == (1, "123456789", 9)
    assert not cache.put("e", "x" * 11, 11)  # more than the whole budget: not kept
    assert (cache.get("e"), cache.get("d"), cache.bytes) == (None, "123456789", 9)


def test_the_accounting_follows_replacements_and_removals() -> None:
    cache: LRU[str, str] = LRU(None, max_bytes=100)
    cache.put("a", "x", 30)
    cache.put("a", "y", 20)  # replaced: its old cost is given back
    cache.put("b", "z", 50)
    assert (cache.get("a"), cache.bytes) == ("y", 70)
    cache.discard("a")
    cache.discard("missing")
    assert (len(cache), cache.bytes) == (1, 50)
    cache.clear()
    assert (len(cache), cache.bytes, cache.get("b")) == (0, 0, None)


def test_without_bounds_nothing_goes_and_a_zero_bound_keeps_nothing() -> None:
    unbounded: LRU[int, int] = LRU(None)
    for number in range(1000):
        unbounded.put(number, number, cost=1_000_000)
    assert len(unbounded) == 1000
    closed: LRU[str, int] = LRU(0)
    assert not closed.put("a", 1)
    assert len(closed) == 0


def test_a_kept_none_is_not_told_from_a_missing_key_by_get() -> None:
    """Callers that keep None (a plan the compiled path does not know) ask ``in`` first."""
    cache: LRU[str, int | None] = LRU(2)
    cache.put("unknown", None)
    assert cache.get("unknown") is None
    assert "unknown" in cache and "other" not in cache
