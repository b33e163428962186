"""Training plans: drafted, applied for, certified, changed and ended (reference B2); the
object type is in core.schema.lifecycle.types, which the candidate links from."""
