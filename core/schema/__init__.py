"""The GraphQL schema: core types, plugin contributions, composition."""
