// Every relationship the seed loader owns, to diff against the files, with the digest of the
// properties the loader wrote.
// Parameters: none.
// One row holding them all (one long list decodes ~4x faster than as many records).
// Returns: relationships: list of [rid, type, start uid, end uid, digest (null if written before digests)].
MATCH (a:Record)-[r]->(b:Record)
WHERE r.origin = 'seed'
RETURN collect([r.rid, type(r), a.uid, b.uid, r.seedDigest]) AS relationships
