"""Strawberry types of the core schema, one module per concept.

They are separate from the plugin contracts (``core.domain.contracts``) and are
built from them with ``from_contract``; the catalogue is static, so the whole
tree is built once at start-up and served as plain attributes.
"""
