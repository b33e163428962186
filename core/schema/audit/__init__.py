"""The audit log of mutations: the schema extension that writes it (``extension``), and
the query that reads it; no inputs, no mutations."""
