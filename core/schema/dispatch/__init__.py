"""Host companies, dispatch to Japan, stages, return and withdrawal; its object types are in
core.schema.lifecycle.types, its host companies listed by the lifecycle's query (no types, no
queries)."""
