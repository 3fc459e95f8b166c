// Body: read from a (:Body) node {n}, as of the date {asof} (which sections, managed bodies and
// nameplates it has then, and whether it certainly existed).
// implements: Sourced

// The id carries the date the body answers for (docs/api.md, Identity); bodyId is the stable one.
// @field id
{n}.id + '@' + toString({asof})
// @field bodyId
{n}.id
// @field name
{n}.name
// @field shortName
{n}.shortName
// @field aliases
coalesce({n}.aliases, [])
// @field formerNames
coalesce({n}.formerNames, [])
// @field kind
toUpper({n}.kind)
// @field requirement
toUpper({n}.requirement)
// @field validFrom -> PartialDate(n={n}, p=validFrom)
CASE WHEN {n}.validFrom IS NULL THEN null ELSE {sub} END
// @field validTo -> PartialDate(n={n}, p=validTo)
CASE WHEN {n}.validTo IS NULL THEN null ELSE {sub} END
// @field existsOnAsOf
{certain(n)}
// @field asOf
toString({asof})
// @field functions -> Function(n={m})
COLLECT { MATCH ({n})-[:COVERS]->({m}:Function) RETURN {sub} ORDER BY {m}.code }
// @field staffing -> Staffing(n={n})
CASE WHEN {n}.staffingQuota IS NULL AND {n}.leadershipPosts IS NULL AND {n}.staffingNote IS NULL THEN null ELSE {sub} END
// @field externalIds
coalesce({n}.externalIds, [])
// @field nameplates -> Nameplate(n={m})
COLLECT { MATCH ({n})-[:HAS_NAMEPLATE]->({m}:Nameplate) WHERE {certain(m)} RETURN {sub} ORDER BY {m}.name }
// @field jurisdiction -> Jurisdiction(n={m})
head(COLLECT { MATCH ({m}:Jurisdiction {code: {n}.jurisdiction}) RETURN {sub} })
// @field parent -> Body(n={m})
head(COLLECT { MATCH ({n})-[:PART_OF]->({m}:Body) RETURN {sub} })
// @field managedBy -> Body(n={m})
head(COLLECT { MATCH ({n})-[:MANAGED_BY]->({m}:Body) RETURN {sub} })
// @field sections -> Body(n={m})
COLLECT {
  MATCH ({m}:Body)-[:PART_OF]->({n}) WHERE {m}.kind = 'internal_section' AND {certain(m)}
  RETURN {sub} ORDER BY {m}.name, {m}.id
}
// Teams, institutions and managed bodies: managed by it or part of it (sections apart).
// @field managedBodies -> Body(n={m})
COLLECT {
  MATCH ({m}:Body)-[:MANAGED_BY|PART_OF]->({n}) WHERE {m}.kind <> 'internal_section' AND {certain(m)}
  WITH DISTINCT {m} RETURN {sub} ORDER BY {m}.id
}
// @field jointOffices -> Body(n={m})
COLLECT { MATCH ({n})-[:JOINT_OFFICE_WITH]-({m}:Body) WITH DISTINCT {m} RETURN {sub} ORDER BY {m}.id }
// @field office -> CommissionOffice(n={r}, host={m})
head(COLLECT { MATCH ({n})-[{r}:OFFICE_IN]->({m}:Body) RETURN {sub} })
// A commission's lead and members: those that exist on its date (a member formed in the reform
// is not a member of the group as it was before).
// @field lead -> Body(n={m})
COLLECT { MATCH ({m}:Body)-[:LEADS]->({n}) WHERE {certain(m)} RETURN {sub} ORDER BY {m}.id }
// @field members -> Body(n={m})
COLLECT { MATCH ({m}:Body)-[:MEMBER_OF]->({n}) WHERE {certain(m)} RETURN {sub} ORDER BY {m}.id }
// Holdings certain on the body's date; a duty held twice over (two holdings) answers once.
// @field duties -> Duty(n={m})
COLLECT {
  MATCH ({n})-[{r}:HOLDS]->({m}:Duty) WHERE {certain(r)}
  WITH DISTINCT {m} RETURN {sub} ORDER BY {m}.id
}
// @field history -> AuditEntry(n={m})
COLLECT { MATCH ({m}:AuditEntry) WHERE {n}.id IN {m}.bodyIds RETURN {sub} ORDER BY {m}.at DESC }
// @field version
coalesce({n}.version, 0)
