"""GraphQL for the candidate lifecycle: types, loaders, inputs, queries, mutations."""
