// Nodes as they are now, to restore them if the edit is retracted.
// Parameters: uids (list).
// Returns: uid, label (null if the node does not exist), props.
UNWIND $uids AS uid
OPTIONAL MATCH (n:Record {uid: uid})
RETURN uid, [l IN labels(n) WHERE l <> 'Record'][0] AS label, properties(n) AS props
