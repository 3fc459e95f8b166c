// Query.body: one body by id. Slots: body (Body, n=b, asof=$asOf).
// Parameters: id, asOf, today. Returns: body (the projection), or no row for an unknown id.
MATCH (b:Body {id: $id})
RETURN {proj_body} AS body
