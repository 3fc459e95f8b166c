// ReformEvent: read from a (:ReformEvent) node {n}. Its original bodies answer as they were on
// the event's first possible day, its resulting bodies as they were on its last.
// implements: Sourced

// @field id
{n}.id
// @field type
toUpper({n}.type)
// @field date -> PartialDate(n={n}, p=date)
{sub}
// @field description
{n}.description
// @field count
{n}.count
// @field dutiesLapse
coalesce({n}.dutiesLapse, false)
// @field document -> Document(n={m})
head(COLLECT { MATCH ({m}:Document {id: {n}.document}) RETURN {sub} })
// @field jurisdiction -> Jurisdiction(n={m})
head(COLLECT { MATCH ({m}:Jurisdiction {code: {n}.jurisdiction}) RETURN {sub} })
// @field original -> Body(n={m}, asof={n}.dateEarliest)
COLLECT { MATCH ({n})-[:ORIGINAL]->({m}:Body) RETURN {sub} ORDER BY {m}.id }
// the original bodies that only handed over duties (role duties_only; docs/model.md, "Lineage relations")
// @field dutiesFrom -> Body(n={m}, asof={n}.dateEarliest)
COLLECT { MATCH ({n})-[{r}:ORIGINAL]->({m}:Body) WHERE {r}.role = 'duties_only' RETURN {sub} ORDER BY {m}.id }
// @field resulting -> Body(n={m}, asof={n}.dateLatest)
COLLECT { MATCH ({n})-[:RESULTING]->({m}:Body) RETURN {sub} ORDER BY {m}.id }
// @field duties -> Duty(n={m})
COLLECT { MATCH ({n})-[:MOVES]->({m}:Duty) RETURN {sub} ORDER BY {m}.id }
