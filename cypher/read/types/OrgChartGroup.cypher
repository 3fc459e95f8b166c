// OrgChartGroup: the bodies of one kind in an org chart, read from a map {n} = {kind, members}
// (the members are body nodes, in order) that OrgChart.groups builds.

// @field kind
toUpper({n}.kind)
// @field count
size({n}.members)
// @field bodies -> Body(n={m})
[{m} IN {n}.members | {sub}]
