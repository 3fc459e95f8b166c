// The org chart as tree nodes, flat in display order (depth first, roots first):
// { key, parentKey, depth, order, side, relation, label, body }, as OrgChart.tree serves them
// (queries/org-chart.graphql). The one place that knows how the chart's answer is shaped.

export const CHART_QUERY = "org-chart";

/** The chart's jurisdiction and date, and its nodes. */
export function chartTree(data) {
  const chart = data.orgChart;
  if (!chart) return { jurisdiction: null, asOf: null, nodes: [] };
  return { jurisdiction: chart.jurisdiction, asOf: chart.asOf, nodes: chart.tree };
}
