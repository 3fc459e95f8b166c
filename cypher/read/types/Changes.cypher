// Changes: what changed in a jurisdiction, read from its (:Jurisdiction) node {n}, between the
// dates {from} and {to} (inclusive): the events whose dates possibly fall in the period.
// (No aggregation in these subqueries: Neo4j 5.26 refuses an aggregating subquery inside a map
// that also reads outer variables; counts are COUNT {} and lists are deduplicated by reduce.)

// @field from
toString({from})
// @field to
toString({to})
// @field entries -> ChangeEntry(n={m})
COLLECT {
  MATCH ({m}:ReformEvent)-[:IN_JURISDICTION]->({n}) WHERE {m}.dateLatest >= {from} AND {m}.dateEarliest <= {to}
  RETURN {sub} ORDER BY {m}.dateEarliest, {m}.id
}
// The types of the period's events, read once in order and counted run by run (a COUNT {} per
// type was planned from all events of that type in the country, growing with it).
// @field byType -> EventTypeCount(n={x})
[{x} IN reduce({r} = [], {y} IN COLLECT {
    MATCH ({m}:ReformEvent)-[:IN_JURISDICTION]->({n}) WHERE {m}.dateLatest >= {from} AND {m}.dateEarliest <= {to}
    RETURN {m}.type ORDER BY {m}.type
  } | CASE WHEN size({r}) > 0 AND last({r}).type = {y}
           THEN {r}[0..-1] + [{type: {y}, count: last({r}).count + 1}]
           ELSE {r} + [{type: {y}, count: 1}] END) | {sub}]
// Bodies the events resulted in that started in the period, as they were on its last day; in the
// order the events list them (events by date, each one's bodies by id), each once.
// @field formed -> Body(n={m}, asof={to})
[{m} IN reduce({x} = [], {y} IN COLLECT {
    MATCH ({z}:ReformEvent)-[:IN_JURISDICTION]->({n}) WHERE {z}.dateLatest >= {from} AND {z}.dateEarliest <= {to}
    MATCH ({z})-[:RESULTING]->({r}:Body)
    WHERE {r}.validFrom IS NOT NULL AND {r}.validFromLatest >= {from} AND {r}.validFromEarliest <= {to}
    RETURN {r} ORDER BY {z}.dateEarliest, {z}.id, {r}.id
  } | CASE WHEN {y} IN {x} THEN {x} ELSE {x} + {y} END) | {sub}]
// Bodies the events started from that ended in the period, as they were on its first day.
// @field ended -> Body(n={m}, asof={from})
[{m} IN reduce({x} = [], {y} IN COLLECT {
    MATCH ({z}:ReformEvent)-[:IN_JURISDICTION]->({n}) WHERE {z}.dateLatest >= {from} AND {z}.dateEarliest <= {to}
    MATCH ({z})-[:ORIGINAL]->({r}:Body)
    WHERE {r}.validTo IS NOT NULL AND {r}.validToLatest >= {from} AND {r}.validToEarliest <= {to}
    RETURN {r} ORDER BY {z}.dateEarliest, {z}.id, {r}.id
  } | CASE WHEN {y} IN {x} THEN {x} ELSE {x} + {y} END) | {sub}]
// @field dutiesMoved -> Duty(n={m})
[{m} IN reduce({x} = [], {y} IN COLLECT {
    MATCH ({z}:ReformEvent)-[:IN_JURISDICTION]->({n}) WHERE {z}.dateLatest >= {from} AND {z}.dateEarliest <= {to}
    MATCH ({z})-[:MOVES]->({r}:Duty)
    RETURN {r} ORDER BY {z}.dateEarliest, {z}.id, {r}.id
  } | CASE WHEN {y} IN {x} THEN {x} ELSE {x} + {y} END) | {sub}]
