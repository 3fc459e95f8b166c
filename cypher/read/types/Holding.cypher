// Holding: a body holding a duty, read from the (:Body)-[:HOLDS]->(:Duty) relationship {n};
// {holder} is the body. The holder answers as it was during the holding: on its start, else
// its end, else today.
// implements: Sourced

// @field validFrom -> PartialDate(n={n}, p=validFrom)
CASE WHEN {n}.validFrom IS NULL THEN null ELSE {sub} END
// @field validTo -> PartialDate(n={n}, p=validTo)
CASE WHEN {n}.validTo IS NULL THEN null ELSE {sub} END
// @field shared
coalesce({n}.shared, false)
// @field body -> Body(n={holder}, asof=coalesce({n}.validFromLatest, {n}.validToEarliest, {today}))
{sub}
