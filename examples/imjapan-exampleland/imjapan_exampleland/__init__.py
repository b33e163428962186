"""EXAMPLE country plugin for imjapan-api; Exampleland is not a real country."""
