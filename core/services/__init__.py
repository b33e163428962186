"""The candidate lifecycle: services behind the mutations and queries.

Every service function is keyword-only, takes the session of the mutation's
single transaction and raises :class:`core.errors.DomainValidationError` for a
request it refuses; the transaction then rolls back and nothing is written.
"""
