"""The catalogue: sending countries with their agencies, training, returnee
associations and screening rules, and the installed plugins; read-only (no
inputs, no mutations)."""
