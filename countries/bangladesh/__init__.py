"""Bangladesh: agreement 2017. See README.md for sources."""
