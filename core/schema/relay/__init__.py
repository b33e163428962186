"""Relay's root fields ``node`` and ``nodes``: any object by its global id.

No types, inputs or mutations of its own (the ``Node`` interface and its base
are in ``core.schema.nodes``, the ids in ``core.schema.ids``).
"""
