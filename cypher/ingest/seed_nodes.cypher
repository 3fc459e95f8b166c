// Every node the seed loader owns, to diff against the files.
// Parameters: none.
// Returns: uid (string), label (the node's label besides Record), props (map of all properties).
MATCH (n:Record)
WHERE n.origin = 'seed'
RETURN n.uid AS uid, [l IN labels(n) WHERE l <> 'Record'][0] AS label, properties(n) AS props
