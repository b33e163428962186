"""Database access: one async engine per service instance."""

from core.db.session import Database

__all__ = ["Database"]
