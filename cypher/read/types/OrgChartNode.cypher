// OrgChartNode: a node of OrgChart.tree, read from a (:Body) node {n}. Only `body` is read
// here; the other fields are placed by graph_service/read/org_tree.py (which also makes the
// side nodes, which have no body), so their blocks are null.

// @field key
null
// @field parentKey
null
// @field depth
null
// @field order
null
// @field side
null
// @field relation
null
// @field label
null
// @field body -> Body(n={n})
{sub}
