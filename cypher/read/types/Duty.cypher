// Duty: read from a (:Duty) node {n}.
// implements: Sourced

// @field id
{n}.id
// @field text
{n}.text
// @field textEn
{n}.textEn
// @field function -> Function(n={m})
head(COLLECT { MATCH ({n})-[:IN_FIELD]->({m}:Function) RETURN {sub} })
