// OrgChart: a jurisdiction's org chart on {asof}, read from its (:Jurisdiction) node {n}.
// Top-level bodies (not sections, not part of another body) that certainly existed.

// @field jurisdiction -> Jurisdiction(n={n})
{sub}
// @field asOf
toString({asof})
// Grouped by kind, kinds in order, bodies by name within their group: the bodies are read once
// ({z}, by kind, name, id), then split by kind in expressions. (No aggregation here: Neo4j 5.26
// refuses an aggregating subquery inside a map that also reads outer variables.)
// @field groups -> OrgChartGroup(n={x})
head([{z} IN [COLLECT {
    MATCH ({m}:Body) WHERE {m}.jurisdiction = {n}.code AND {top_level(m)} AND {certain(m)}
    RETURN {m} ORDER BY {m}.kind, {m}.name, {m}.id
  }] | [{x} IN [{y} IN reduce({r} = [], {m} IN {z} | CASE WHEN {m}.kind IN {r} THEN {r} ELSE {r} + {m}.kind END)
        | {kind: {y}, members: [{m} IN {z} WHERE {m}.kind = {y}]}] | {sub}]])
// @field commissions -> Body(n={m})
COLLECT {
  MATCH ({m}:Body) WHERE {m}.jurisdiction = {n}.code AND {m}.kind = 'commission' AND {top_level(m)} AND {certain(m)}
  RETURN {sub} ORDER BY {m}.name, {m}.id
}
// Top-level bodies that possibly, but not certainly, existed: their dates are too coarse to say.
// @field uncertain -> Body(n={m})
COLLECT {
  MATCH ({m}:Body) WHERE {m}.jurisdiction = {n}.code AND {top_level(m)} AND NOT ({certain(m)}) AND {possible(m)}
  RETURN {sub} ORDER BY {m}.kind, {m}.name, {m}.id
}
// The chart as a tree: every body that certainly existed, each with the facts its placement
// needs (`facts`) and the projection of the client's selection (`node`); where each hangs and
// the order of siblings are decided in graph_service/read/org_tree.py.
// @field tree -> OrgChartNode(n={m})
[{m} IN COLLECT {
    MATCH ({m}:Body) WHERE {m}.jurisdiction = {n}.code AND {certain(m)} RETURN {m}
  } | {
    facts: {
      id: {m}.id, name: {m}.name, kind: {m}.kind, place: {n}.name, placeCode: {n}.code,
      partOf: head(COLLECT { MATCH ({m})-[:PART_OF]->({x}:Body) RETURN {x}.id }),
      managedBy: head(COLLECT { MATCH ({m})-[:MANAGED_BY]->({x}:Body) RETURN {x}.id }),
      managerPlace: head(COLLECT { MATCH ({m})-[:MANAGED_BY]->({x}:Body) RETURN {x}.jurisdiction }),
      officeHost: head(COLLECT { MATCH ({m})-[:OFFICE_IN]->({x}:Body) RETURN {x}.id }),
      functions: COLLECT { MATCH ({m})-[:COVERS]->({x}:Function) RETURN {x}.code }
    },
    node: {sub}
  }]
