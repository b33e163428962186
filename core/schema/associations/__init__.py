"""Associations of presidents: members and the businesses they founded."""
