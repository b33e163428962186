"""Database access: one async engine per service instance."""
