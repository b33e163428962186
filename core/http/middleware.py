"""The HTTP guards in front of every route, outermost first.

CORS comes first so that a refusal further in (413, 415) still carries the
CORS headers an allowed page needs to read it; the body limit comes before
anything that reads the body. Headers over their limit are refused before
anything else reads them (the server bounds them too, see
:mod:`core.http.header_limit`).
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from core.http.csrf import JSONOnlyPosts
from core.http.header_limit import HeaderSizeLimit
from core.http.size_limit import RequestSizeLimit
from core.settings import Settings

CORS_METHODS = ("GET", "POST")
CORS_HEADERS = ("authorization", "content-type")
CORS_MAX_AGE = 600


def guard_middleware(settings: Settings) -> list[Middleware]:
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=CORS_METHODS,
            allow_headers=CORS_HEADERS,
            max_age=CORS_MAX_AGE,
        ),
        Middleware(HeaderSizeLimit, max_bytes=settings.max_header_bytes),
        Middleware(RequestSizeLimit, max_bytes=settings.max_body_bytes),
        Middleware(JSONOnlyPosts, path="/graphql"),
    ]
