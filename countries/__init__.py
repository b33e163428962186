"""The five sending countries bundled with imjapan-api.

Each sub-package is a country plugin registered through the
``imjapan.countries`` entry-point group, exactly as a separately installed
plugin package would be. Core never imports this package.
"""
