// Query.jurisdiction: one jurisdiction by code. Slots: jurisdiction (Jurisdiction, n=j).
// Parameters: code, today. Returns: jurisdiction, or no row for an unknown code.
MATCH (j:Jurisdiction {code: $code})
RETURN {proj_jurisdiction} AS jurisdiction
