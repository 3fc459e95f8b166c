// Delete seed nodes that the files no longer hold, with their relationships.
// Parameters: uids: list of node uids.
// Returns: deleted (count).
UNWIND $uids AS uid
MATCH (n:Record {uid: uid})
WHERE n.origin = 'seed'
DETACH DELETE n
RETURN count(*) AS deleted
