// ChangeEntry: an event of a period, read from its (:ReformEvent) node {n}; certain unless its
// date straddles {from} or {to}.

// @field certain
({n}.dateEarliest >= {from} AND {n}.dateLatest <= {to})
// @field event -> ReformEvent(n={n})
{sub}
