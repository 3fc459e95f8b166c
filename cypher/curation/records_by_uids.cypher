// The stored records (as written, JSON) and versions of nodes by uid.
// Parameters: uids (list).
// Returns: uid, label, record (JSON string or null), version (int or null); no row for an unknown uid.
UNWIND $uids AS uid
MATCH (n:Record {uid: uid})
RETURN n.uid AS uid, [l IN labels(n) WHERE l <> 'Record'][0] AS label, n.record AS record, n.version AS version
