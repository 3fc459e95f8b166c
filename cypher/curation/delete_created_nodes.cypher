// Remove nodes an edit created (retraction), with their relationships.
// Parameters: uids (list).
// Returns: deleted (count).
UNWIND $uids AS uid
MATCH (n:Record {uid: uid})
DETACH DELETE n
RETURN count(*) AS deleted
