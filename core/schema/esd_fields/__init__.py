"""The ESD fields (育成就労産業分野) with their work categories and transfer periods."""
