"""The compiled read path: a validated query whose selection is known here is answered
with one SQL statement per root field, its JSON built by the database.

This package holds the schema's side (which GraphQL field is which column or relation,
the walk over a validated document, the plan it yields, and the schema extension that
answers with it); the SQL is built and run by :mod:`core.services.compiled`. A
selection the walk does not know, a field the caller may not read, or any failure
leaves the query to the resolver path, so answers and errors stay the same.
docs/performance.md ("Compiled read path") describes it.
"""
