"""Dashboard statistics per country and year."""
