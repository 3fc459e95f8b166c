// Take a write lock on the bodies an edit touches and move their version on by one; the
// caller compares the new versions with the ones it expects (optimistic concurrency).
// Parameters: uids (list).
// Returns: uid, version (after the bump).
UNWIND $uids AS uid
MATCH (n:Record {uid: uid})
SET n.version = coalesce(n.version, 0) + 1
RETURN n.uid AS uid, n.version AS version
