// Rules the type fragments apply to a variable, written {RULE(var)} there. {v} is the variable;
// {asof} is the date in effect where the rule is used.

// A body, nameplate or holding certainly existed on the date: it had started whatever day its
// start means, and had not possibly ended (docs/model.md, Dates).
// @rule certain
({v}.validFromLatest IS NULL OR {v}.validFromLatest <= {asof})
  AND ({v}.validToEarliest IS NULL OR {v}.validToEarliest > {asof})

// It possibly existed on the date (its dates are less precise than the day).
// @rule possible
({v}.validFromEarliest IS NULL OR {v}.validFromEarliest <= {asof})
  AND ({v}.validToLatest IS NULL OR {v}.validToLatest >= {asof})

// A top-level body: not a section, not part of another body.
// @rule top_level
{v}.kind <> 'internal_section' AND NOT EXISTS { MATCH ({v})-[:PART_OF]->(:Body) }
