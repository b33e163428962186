"""The service as the benchmark runs it: ``create_app`` plus the limit routes.

``uvicorn --factory bench.server:create_bench_app`` serves the real
application (settings from the environment, as ``imjapan serve`` reads them)
with the plain handlers of :mod:`bench.limits` mounted under ``/limit/``.
"""

from __future__ import annotations

from starlette.applications import Starlette

from bench.limits import limit_routes
from core.app import create_app
from core.http.collector import tune
from core.schema.catalogue.view import Catalogue
from core.settings import Settings


def create_bench_app() -> Starlette:
    settings = Settings()
    if settings.secret_key is None:
        raise RuntimeError("the benchmark server needs IMJAPAN_SECRET_KEY")
    app = create_app(settings)
    # After the service's own routes, so that /graphql is matched first, as in production.
    app.router.routes.extend(limit_routes())
    app.state.bench_secret = settings.secret_key.get_secret_value()
    app.state.bench_catalogue = Catalogue.build(app.state.registry, app.state.plugins)
    tune(settings)  # as imjapan serve does
    return app
