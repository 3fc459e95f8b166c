// Every relationship the seed loader owns, to diff against the files, with the digest of the
// properties the loader wrote. The rid names the type and both ends (graph_service/ingest/
// graph_plan.py), so they are not read here: reading both ends' uids more than doubled the time
// (52 s against 22 s for the national synthetic set); seed_relationship_ends.cypher reads them
// for the relationships that go.
// Parameters: none.
// One row holding them all (one long list decodes ~4x faster than as many records).
// Returns: relationships: list of [rid, digest (null if written before digests)].
MATCH ()-[r]->()
WHERE r.origin = 'seed'
RETURN collect([r.rid, r.seedDigest]) AS relationships
