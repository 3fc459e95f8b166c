// The correspondence matrix of a parent jurisdiction: the fields its lower level must have ×
// the jurisdictions below it; each cell's status, with its reason on hover.

import { query } from "./api.js";
import { fill, h } from "./dom.js";
import { STATUSES } from "./labels.js";

export async function showMatrix(container, parent, asOf) {
  fill(container, h("p", { class: "loading" }, "加载中 Loading…"));
  const report = (await query("correspondence", { parent, asOf })).correspondenceReport;
  if (!report || report.lower.length === 0) {
    fill(container, h("p", { class: "none" }, "该辖区没有下级辖区 No jurisdictions below this one."));
    return;
  }
  const fields = new Map(); // code -> Chinese name, in the report's order
  for (const lower of report.lower) {
    for (const coverage of lower.functions) fields.set(coverage.function, coverage.functionName);
  }
  const cells = new Map(report.lower.map((lower) => [lower.code, new Map(lower.functions.map((c) => [c.function, c]))]));
  fill(
    container,
    h("h2", {}, `${report.parentName}：下级对应 Correspondence below, ${report.asOf}`),
    legend(),
    h("table", { class: "matrix", dataset: { parent: report.parentCode, asOf: report.asOf } },
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, "领域 Field"),
        report.lower.map((lower) => h("th", { scope: "col", dataset: { code: lower.code } }, lower.name)))),
      h("tbody", {}, [...fields].map(([code, name]) => h("tr", { dataset: { function: code } },
        h("th", { scope: "row", title: code }, name),
        report.lower.map((lower) => cell(cells.get(lower.code).get(code)))))),
      h("tfoot", {}, h("tr", {},
        h("th", { scope: "row" }, "缺失 / 未知 Missing / unknown"),
        report.lower.map((lower) => h("td", { class: lower.summary.missing ? "status-missing" : lower.summary.unknown ? "status-unknown" : "" },
          `${lower.summary.missing} / ${lower.summary.unknown} of ${lower.summary.required}`)))),
    ),
  );
}

function cell(coverage) {
  if (!coverage) return h("td", { class: "status-none" }, "—");
  const status = coverage.status.toLowerCase();
  const reason = [
    coverage.note,
    coverage.bodies.length ? `机构 Bodies: ${coverage.bodies.map((b) => b.name).join("、")}` : null,
    coverage.mergedWith.length ? `合并 Merged with: ${coverage.mergedWith.join(", ")}` : null,
    coverage.allowedBy.length ? `依据 Allowed by: ${coverage.allowedBy.join(", ")}` : null,
    coverage.statedBy.length ? `依据 Stated by: ${coverage.statedBy.join(", ")}` : null,
    coverage.wouldSettle ? `待证 Would settle it: ${coverage.wouldSettle}` : null,
  ].filter(Boolean).join("\n");
  return h("td", { class: `status-${status}`, title: reason, dataset: { status } },
    STATUSES[coverage.status] ?? coverage.status,
    coverage.bodies.length ? h("span", { class: "cell-body" }, coverage.bodies.map((b) => b.name).join("、")) : null);
}

function legend() {
  return h("p", { class: "legend" }, Object.entries(STATUSES).map(([status, label]) =>
    h("span", { class: `status-${status.toLowerCase()}` }, `${label} ${status.toLowerCase()}`)));
}
