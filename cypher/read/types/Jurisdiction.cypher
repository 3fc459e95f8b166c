// Jurisdiction: read from a (:Jurisdiction) node {n}.
// implements: Sourced

// @field id
{n}.code
// @field code
{n}.code
// @field name
{n}.name
// @field nameEn
{n}.nameEn
// @field level
toUpper({n}.level)
// @field parent -> Jurisdiction(n={m})
head(COLLECT { MATCH ({n})-[:PART_OF]->({m}:Jurisdiction) RETURN {sub} })
// Nearest first.
// @field ancestors -> Jurisdiction(n={m})
COLLECT { MATCH {x} = ({n})-[:PART_OF*1..10]->({m}:Jurisdiction) RETURN {sub} ORDER BY length({x}) }
// Down to $depth levels (checked 1..10 before the statement runs), optionally of one level.
// @field descendants -> Jurisdiction(n={m})
COLLECT {
  MATCH {x} = ({m}:Jurisdiction)-[:PART_OF*1..10]->({n})
  WHERE length({x}) <= {arg_depth} AND ({arg_level} IS NULL OR {m}.level = {arg_level})
  RETURN {sub} ORDER BY length({x}), {m}.code
}
// Its org chart on the argument's date (default: today), read as the root field orgChart reads it.
// @field orgChart -> OrgChart(n={n}, asof=coalesce({arg_asOf}, {today}))
{sub}
// The figures sources give for it, counted by the graph on the argument's date (default: today).
// @field figures -> Figure(n={m}, asof=coalesce({arg_asOf}, {today}))
COLLECT {
  MATCH ({m}:Figure)-[:ABOUT]->({n}) WHERE {arg_metric} IS NULL OR {m}.metric = {arg_metric}
  RETURN {sub} ORDER BY {m}.metric, {m}.id
}
