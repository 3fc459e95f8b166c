// How many bodies of each kind certainly existed in each jurisdiction on a date, with the
// documents behind them. "Certainly": started by then whatever day it started (validFromLatest),
// and not possibly ended (validToEarliest); see docs/model.md, Dates.
// Parameters: jurisdictions (list of codes), asOf (date).
// Returns: jurisdiction (code), name, kind, count, requirement counts (required, local),
//          documents (list of {id, title}).
MATCH (j:Jurisdiction) WHERE j.code IN $jurisdictions
MATCH (b:Body)-[:IN_JURISDICTION]->(j)
WHERE (b.validFromLatest IS NULL OR b.validFromLatest <= $asOf)
  AND (b.validToEarliest IS NULL OR b.validToEarliest > $asOf)
WITH j, b.kind AS kind, collect(b) AS bodies
RETURN j.code AS jurisdiction, j.name AS name, kind, size(bodies) AS count,
       size([b IN bodies WHERE b.requirement = 'required']) AS required,
       size([b IN bodies WHERE b.requirement = 'local']) AS local,
       COLLECT {
         UNWIND bodies AS b UNWIND b.sources AS source
         WITH DISTINCT source
         MATCH (d:Document {id: source})
         RETURN d {.id, .title}
       } AS documents
ORDER BY jurisdiction, kind
