// The Neo4j server's version and edition.
// Parameters: none.
// Returns: name (string), version (string), edition (string).
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions[0] AS version, edition
