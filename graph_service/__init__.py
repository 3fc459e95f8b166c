"""Org-structure knowledge graph service: government bodies, duties and reforms in Neo4j."""

__version__ = "0.1.0"
