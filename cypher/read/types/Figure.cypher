// Figure: a number a source gives without the list behind it, read from a (:Figure) node {n},
// next to what the graph itself counts for the same metric on {asof} (the figure's own date when
// it has one). Metrics the graph can count are the ones below; the others answer null.
// implements: Sourced

// A figure dated by its source counts on that date whatever is asked: its id is stable. One
// without a date counts on {asof}, so its id carries that date, as a body's does (a client cache
// would otherwise keep one date's count under both dates).
// @field id
CASE WHEN {n}.asOfLatest IS NULL THEN {n}.id + '@' + toString({asof}) ELSE {n}.id END
// @field figureId
{n}.id
// @field metric
{n}.metric
// @field value
{n}.value
// The passage of the source the number rests on, as the seed quotes it.
// @field passage
{n}.description
// @field asOf -> PartialDate(n={n}, p=asOf)
CASE WHEN {n}.asOf IS NULL THEN null ELSE {sub} END
// @field jurisdiction -> Jurisdiction(n={m})
head(COLLECT { MATCH ({n})-[:ABOUT]->({m}:Jurisdiction) RETURN {sub} })
// @field event -> ReformEvent(n={m})
head(COLLECT { MATCH ({n})-[:OF_EVENT]->({m}:ReformEvent) RETURN {sub} })
// @field graphCountAsOf
toString(coalesce({n}.asOfLatest, {asof}))
// @field graphCount
{figure_count(n)}
// @field difference
{n}.value - {figure_count(n)}
// @field explanation
CASE
  WHEN {figure_count(n)} IS NULL THEN 'The graph does not model this metric: only the figure records it.'
  WHEN {figure_count(n)} = {n}.value THEN 'The graph holds each one.'
  WHEN {figure_count(n)} < {n}.value
    THEN toString({n}.value - {figure_count(n)}) + ' not named in any source the data set uses, so not in the graph.'
  ELSE toString({figure_count(n)} - {n}.value)
    + ' more in the graph than the source counts: bodies inferred from the template, or counted by the source under another heading (see their notes).'
END
