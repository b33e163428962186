"""Content negotiation for ``/graphql``: which media type to answer in, from ``Accept``."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
OFFERED = (GRAPHQL_RESPONSE_JSON, JSON)
"""The response media types, preferred first: the first wins when ``Accept`` rates both alike."""
UTF_8 = ("utf-8", "utf8")


@dataclass(frozen=True)
class MediaRange:
    """One entry of an ``Accept`` header: ``type/subtype``, its charset if any, its q-value."""

    type: str
    subtype: str
    charset: str | None = None
    q: float = 1.0

    def specificity(self, media_type: str) -> int | None:
        """How closely this range names ``media_type`` (2 exactly, 1 by ``type/*``,
        0 by ``*/*``), or None when it does not cover it in UTF-8."""
        if self.charset is not None and self.charset not in UTF_8:
            return None
        type_, _, subtype = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 0
        if self.type != type_:
            return None
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == subtype else None


def parse_accept(header: str) -> list[MediaRange]:
    """The media ranges of an ``Accept`` header; malformed entries and q-values are skipped."""
    ranges = []
    for item in header.split(","):
        media, *parameters = (part.strip() for part in item.split(";"))
        type_, slash, subtype = media.lower().partition("/")
        if not (slash and type_ and subtype):
            continue
        charset, q = None, 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            name, value = name.strip().lower(), value.strip().strip('"').lower()
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = math.nan
            elif name == "charset":
                charset = value
        if 0.0 <= q <= 1.0:
            ranges.append(MediaRange(type_, subtype, charset, q))
    return ranges


def quality(media_type: str, ranges: list[MediaRange]) -> float:
    """The q-value ``ranges`` give ``media_type``: that of the most specific range covering it."""
    best: tuple[int, float] | None = None
    for media_range in ranges:
        specificity = media_range.specificity(media_type)
        if specificity is None:
            continue
        candidate = (specificity, media_range.q)
        if best is None or candidate > best:
            best = candidate
    return best[1] if best is not None else 0.0


@lru_cache(maxsize=256)  # a client sends the same header every time
def negotiate(accept: str | None) -> str | None:
    """The media type to answer in, or None when ``accept`` allows neither (406).

    No ``Accept`` header counts as ``application/graphql-response+json``, as the
    specification asks of servers since 2025-01-01; ``*/*`` rates both types
    alike, so it gets the preferred one too. ``application/json`` is chosen only
    when the client rates it higher, as a client that knows only it does.
    """
    if accept is None or not accept.strip():
        return GRAPHQL_RESPONSE_JSON
    ranges = parse_accept(accept)
    chosen, best = None, 0.0
    for media_type in OFFERED:
        q = quality(media_type, ranges)
        if q > best:
            chosen, best = media_type, q
    return chosen
