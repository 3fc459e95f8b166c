// Query.changes: what changed in a jurisdiction between two dates.
// Slots: changes (Changes, n=j, from=$from, to=$to). Parameters: jurisdiction, from, to, today.
// Returns: changes, or no row for an unknown code.
MATCH (j:Jurisdiction {code: $jurisdiction})
RETURN {proj_changes} AS changes
