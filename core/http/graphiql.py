"""GraphiQL served entirely by the service: our page and its pinned files.

The page loads React, GraphiQL and the explorer plugin from
``/graphiql/assets/`` (see :mod:`core.http.graphiql_assets`), never from a CDN,
so it works on a closed network. Its Content-Security-Policy allows scripts
from the service only, plus the one inline script below by its SHA-256; the
styles GraphiQL injects at run time carry a per-request nonce (its scroll
lock reads ``window.__webpack_nonce__``). Without the files installed the page
says how to install them instead of rendering a blank IDE.
"""

from __future__ import annotations

import base64
import hashlib
import html
import secrets
from pathlib import Path
from typing import ClassVar

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from core.http import graphiql_assets as assets
from core.settings import Settings

ASSETS_PATH = "/graphiql/assets"
ENDPOINT_PATH = "/graphql"

STYLESHEETS = (
    assets.GRAPHIQL.asset("graphiql.min.css"),
    assets.EXPLORER.asset("dist/style.css"),
)
SCRIPTS = (
    assets.REACT.asset("umd/react.production.min.js"),
    assets.REACT_DOM.asset("umd/react-dom.production.min.js"),
    assets.GRAPHIQL.asset("graphiql.min.js"),
    assets.EXPLORER.asset("dist/index.umd.js"),
)

# The endpoint comes from a data attribute, so this text (and its hash) never
# changes. Headers typed into the editor (a bearer token) are not persisted.
INIT_SCRIPT = """
(function () {
  "use strict";
  var root = document.getElementById("graphiql");
  window.__webpack_nonce__ = document.querySelector("style[nonce]").nonce;
  var fetcher = GraphiQL.createFetcher({ url: root.dataset.endpoint });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [GraphiQLPluginExplorer.explorerPlugin()],
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      inputValueDeprecation: true,
    })
  );
})();
"""
PAGE_STYLE = "html, body { height: 100%; margin: 0; } #graphiql { height: 100vh; }"


def _sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


INIT_SCRIPT_HASH = _sha256_source(INIT_SCRIPT)

SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src 'self' {INIT_SCRIPT_HASH}",
            f"style-src 'self' 'nonce-{nonce}'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        )
    )


def render_page(request: Request) -> Response:
    """The GraphiQL page, or a 503 page saying how to install its files."""
    root = html.escape(request.scope.get("root_path", "").rstrip("/"), quote=True)
    if not assets.installed(assets.assets_directory()):
        return _missing_page()
    nonce = secrets.token_urlsafe(18)
    links = "\n".join(
        f'<link rel="stylesheet" href="{root}{ASSETS_PATH}/{path}">' for path in STYLESHEETS
    )
    scripts = "\n".join(f'<script src="{root}{ASSETS_PATH}/{path}"></script>' for path in SCRIPTS)
    page = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>imjapan-api GraphiQL</title>
<link rel="icon" href="data:,">
{links}
<style nonce="{nonce}">{PAGE_STYLE}</style>
</head>
<body>
<div id="graphiql" data-endpoint="{root}{ENDPOINT_PATH}">Loading GraphiQL…</div>
{scripts}
<script>{INIT_SCRIPT}</script>
</body>
</html>
"""
    headers = {**SECURITY_HEADERS, "Content-Security-Policy": content_security_policy(nonce)}
    return HTMLResponse(page, headers=headers)


def _missing_page() -> Response:
    page = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>GraphiQL is not installed</title></head>
<body>
<h1>GraphiQL is not installed</h1>
<p>This server does not have GraphiQL's files yet. On the server, run
<code>imjapan assets fetch</code> (or <code>python3 dev.py setup</code> in a
development checkout), then reload this page. The GraphQL API itself works:
POST queries to this URL.</p>
</body>
</html>
"""
    headers = {**SECURITY_HEADERS, "Content-Security-Policy": "default-src 'none'"}
    return HTMLResponse(page, status_code=503, headers=headers)


class AssetFiles(StaticFiles):
    """The installed files, and only those the page uses, with long cache lifetimes.

    The directory may appear after start-up (``imjapan assets fetch`` on a
    running server), so it is not required to exist.
    """

    CONTENT_TYPES: ClassVar[dict[str, str]] = {
        ".js": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
    }
    SERVED: ClassVar[frozenset[str]] = frozenset((*STYLESHEETS, *SCRIPTS))

    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory, check_dir=False)

    async def check_config(self) -> None:
        """Missing files are a 404 per request, not an error at the first one."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        if Path(path).as_posix() not in self.SERVED:
            raise HTTPException(status_code=404)
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Content-Type"] = self.CONTENT_TYPES[Path(path).suffix]
        if response.status_code in (200, 304):
            # Every URL names a package version: its content never changes.
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
            response.headers["X-Content-Type-Options"] = "nosniff"
            response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        return response


def graphiql_routes(settings: Settings) -> list[BaseRoute]:
    """The assets route when GraphiQL is on; nothing in production."""
    if not settings.graphiql_enabled:
        return []
    return [Mount(ASSETS_PATH, app=AssetFiles(assets.assets_directory()), name="graphiql")]
