"""The GraphQL object types, one module per area. They declare the schema: the read path
answers them from Cypher projections already in their final form (graph_service.read), so
they carry no resolvers of their own (see graph_service/graphql/queries.py)."""
