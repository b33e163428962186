"""A GraphQL source whose error locations cost what the error's position costs.

graphql-core's ``Source.get_location`` finds an error's line by scanning the
whole body for line breaks, and stops only at the first one past the
position. A one-line document of 1 MB, refused at its 2,001st token, thus
cost a scan of the whole megabyte for each location: a fifth of the server's
time while two clients sent hostile documents (``python -m bench.hostile``).
Here the scan ends at the position; the result is the same.
"""

from __future__ import annotations

import re

from graphql import Source, SourceLocation

_LINE_BREAK = re.compile(r"\r\n|[\n\r]")
"""Line terminators as GraphQL (and graphql-core) count them."""


class LocatedSource(Source):
    """``Source`` with :meth:`get_location` bounded by the position."""

    def get_location(self, position: int) -> SourceLocation:
        line, line_start = 1, 0
        # position + 1: a "\r\n" that starts just before the position is one break.
        for match in _LINE_BREAK.finditer(self.body, 0, position + 1):
            if match.start() >= position:
                break
            line_start = match.end()
            line += 1
        return SourceLocation(line, position + 1 - line_start)
