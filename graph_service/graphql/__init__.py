"""The GraphQL layer: types built from domain models, resolvers that call the data layer."""
