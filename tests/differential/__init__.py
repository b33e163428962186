"""The differential test: every query of the corpus answered alike by the compiled
read path and the resolver path (``Settings.compiled_reads``), for every role, on
SQLite and PostgreSQL. See docs/testing.md, "The differential test"."""
