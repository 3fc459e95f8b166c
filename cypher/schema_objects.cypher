// The schema objects that exist, to compare with cypher/schema/. Community Edition's
// constraints (uniqueness) each own an index, so SHOW INDEXES lists both in one query.
// Parameters: none.
// Returns: name (string: the constraint's name for a constraint's index), state (ONLINE when usable).
SHOW INDEXES YIELD name, state, owningConstraint
RETURN coalesce(owningConstraint, name) AS name, state
