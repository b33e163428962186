"""Associations of presidents formed by returnees: members and the businesses they founded."""
