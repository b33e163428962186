"""What Bangladesh records of a candidate (``countryDetails``): nothing yet."""

from __future__ import annotations

from core.plugin_api import Details


class BangladeshDetails(Details):
    """Bangladesh's candidate details: none, as no rule of the country reads any."""
