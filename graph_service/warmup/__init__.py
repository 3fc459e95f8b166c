"""Warming Neo4j up: after start-up, the service asks its own usual questions once, so that users do not pay
for a cold JVM and an empty query-plan cache (the first `counterparts` after a Neo4j start took
19 s on this machine, the next 0.2 s)."""
