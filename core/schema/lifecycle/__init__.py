"""The candidate lifecycle: candidates, recruitment calls and criteria, tests, screening."""
