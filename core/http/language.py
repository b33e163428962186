"""The language of a ``/graphql`` answer, from ``Accept-Language``.

:class:`Language` negotiates the request's language once
(:func:`core.i18n.negotiate`: English by default, ``ja``, and the languages
the plugins' catalogues add), sets it in :data:`core.i18n.LOCALE` for
everything that runs within the request (the schema renders messages with
it), and marks the answer with ``Content-Language`` and
``Vary: Accept-Language``, so a shared cache between the service and its
clients never gives a Japanese answer to an English client. The service's
own response cache (:mod:`core.http.response_cache`) keys its entries by the
same negotiated language.

It sits outside the response cache, so a cached answer is marked too.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.i18n import LOCALE, negotiate


def request_locale(scope: Scope) -> str:
    """The negotiated language of an HTTP request."""
    return negotiate(Headers(scope=scope).get("accept-language"))


class Language:
    """ASGI middleware choosing the language of the answers on ``path``."""

    def __init__(self, app: ASGIApp, *, path: str = "/graphql") -> None:
        self.app = app
        self.path = path.rstrip("/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        locale = request_locale(scope)

        async def send_marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["content-language"] = locale
                headers.add_vary_header("Accept-Language")
            await send(message)

        token = LOCALE.set(locale)
        try:
            await self.app(scope, receive, send_marked)
        finally:
            LOCALE.reset(token)
