"""The data layer: the only code that talks to Neo4j."""
