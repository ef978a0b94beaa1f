"""The public GraphQL API (Strawberry): schema, resolvers, DataLoaders, limits."""
