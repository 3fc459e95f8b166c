// Which of some codes name a jurisdiction: `check-correspondence --parents` checks every code
// before it runs a report.
// Parameters: codes (list of codes).
// Returns: one row per known code: code.
UNWIND $codes AS code
MATCH (j:Jurisdiction {code: code})
RETURN DISTINCT j.code AS code
