"""HTTP endpoints besides GraphQL: health and plugin listing."""
