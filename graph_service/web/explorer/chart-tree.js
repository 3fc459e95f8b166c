// The org chart as tree nodes, flat in display order (depth first, roots first), in the shape
// of OrgChart.tree: { key, parentKey, depth, order, side, relation, label, body }.
// Until the API serves that tree, it is built here from OrgChart.groups (roots are the kinds);
// switching to the served tree changes this file and queries/org-chart.graphql only.

import { KINDS } from "./labels.js";

export const CHART_QUERY = "org-chart";

// the order roots are drawn in (the API sorts groups by the kind's name)
const KIND_ORDER = [
  "PARTY_ORGAN",
  "GOVERNMENT_DEPARTMENT",
  "DEPARTMENT_MANAGED_BODY",
  "COMMISSION",
  "OTHER_ORGAN",
  "AFFILIATED_INSTITUTION",
  "PUBLIC_INSTITUTION",
  "LAW_ENFORCEMENT_TEAM",
  "VERTICAL_BRANCH",
  "INTERNAL_SECTION",
];

const SIDES = {
  PARTY_ORGAN: "PARTY_COMMITTEE",
  GOVERNMENT_DEPARTMENT: "GOVERNMENT",
  DEPARTMENT_MANAGED_BODY: "GOVERNMENT",
};

/** The chart's jurisdiction and date, and its nodes. */
export function chartTree(data) {
  const chart = data.orgChart;
  if (!chart) return { jurisdiction: null, asOf: null, nodes: [] };
  const rank = (kind) => (KIND_ORDER.includes(kind) ? KIND_ORDER.indexOf(kind) : KIND_ORDER.length);
  const groups = [...chart.groups].sort((a, b) => rank(a.kind) - rank(b.kind));
  const nodes = [];
  groups.forEach((group, g) => {
    const side = SIDES[group.kind] ?? "OTHER";
    const rootKey = `kind:${group.kind}`;
    const label = `${KINDS[group.kind] ?? group.kind}（${group.count}）`;
    nodes.push({ key: rootKey, parentKey: null, depth: 0, order: g + 1, side, relation: "SIDE", label, body: null });
    group.bodies.forEach((body, b) => {
      // a body may sit in two groups (its own and its manager's): keys carry the path
      const key = `${rootKey}/${body.id}`;
      nodes.push({ key, parentKey: rootKey, depth: 1, order: b + 1, side, relation: "BODY", label: body.name, body });
      const children = [
        ...body.sections.map((child) => [child, "SECTION"]),
        ...body.managedBodies.map((child) => [child, "MANAGED"]),
      ];
      children.forEach(([child, relation], c) => {
        nodes.push({
          key: `${key}/${child.id}`,
          parentKey: key,
          depth: 2,
          order: c + 1,
          side,
          relation,
          label: child.name,
          body: child,
        });
      });
    });
  });
  return { jurisdiction: chart.jurisdiction, asOf: chart.asOf, nodes };
}
