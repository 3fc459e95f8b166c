// Query.orgChart: a jurisdiction's org chart. Slots: chart (OrgChart, n=j, asof=$asOf).
// Parameters: jurisdiction, asOf, today. Returns: chart, or no row for an unknown code.
MATCH (j:Jurisdiction {code: $jurisdiction})
RETURN {proj_chart} AS chart
