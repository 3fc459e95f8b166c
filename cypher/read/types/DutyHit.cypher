// DutyHit: a duty found by `duties`, read from its (:Duty) node {n}, with its holders on {asof}.

// @field duty -> Duty(n={n})
{sub}
// @field holders -> Body(n={m})
COLLECT { MATCH ({m}:Body)-[{r}:HOLDS]->({n}) WHERE {certain(r)} RETURN {sub} ORDER BY {m}.id }
