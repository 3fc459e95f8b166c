// Nameplate: an additional name, read from a (:Nameplate) node {n}.
// implements: Sourced

// @field name
{n}.name
// @field validFrom -> PartialDate(n={n}, p=validFrom)
CASE WHEN {n}.validFrom IS NULL THEN null ELSE {sub} END
// @field validTo -> PartialDate(n={n}, p=validTo)
CASE WHEN {n}.validTo IS NULL THEN null ELSE {sub} END
