"""Dashboard statistics per country and year; read-only (no inputs, no mutations)."""
