"""Pre-entry training: cohorts, enrolment, training results, completion; its object types are in
core.schema.lifecycle.types, its cohorts listed by the lifecycle's query (no types, no queries)."""
