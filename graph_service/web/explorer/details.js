// The details panel of one body: what it is, names, sections, duties (each with its trail),
// sources, counterparts up and down, and lineage. Each part is drawn when its answer comes.

import { query } from "./api.js";
import { fill, h } from "./dom.js";
import { bodyRef } from "./ids.js";
import { CONFIDENCE, EVENTS, KINDS, MATCHES } from "./labels.js";

let current = 0; // answers for a body no longer shown are dropped

export async function showBody(panel, body, asOf, select) {
  const request = ++current;
  const parts = {
    body: h("div", { id: "body-info" }, loading()),
    counterparts: h("section", { id: "counterparts" }, h("h3", {}, "上下对应 Counterparts"), loading()),
    lineage: h("section", { id: "lineage" }, h("h3", {}, "沿革 Lineage"), loading()),
  };
  fill(panel, h("h2", { id: "details-title" }, body.name), parts.body, parts.counterparts, parts.lineage);
  const id = bodyRef(body);
  const draw = (part, answer, render) =>
    answer.then(
      (data) => request === current && fill(parts[part], render(data, select)),
      (error) => request === current && fill(parts[part], h("p", { class: "error" }, error.message)),
    );
  await Promise.all([
    draw("body", query("body", { id, asOf }), bodyInfo),
    draw("counterparts", query("counterparts", { bodyId: id, asOf }), counterparts),
    draw("lineage", query("lineage", { bodyId: id }), lineage),
  ]);
  if (request === current) panel.dataset.bodyId = id;
}

function loading() {
  return h("p", { class: "loading" }, "加载中 Loading…");
}

export function confidence(value, note) {
  const [label, meaning] = CONFIDENCE[value] ?? [value, ""];
  return h("span", { class: `tag ${value.toLowerCase()}`, title: note ? `${meaning}. ${note}` : meaning }, label);
}

function bodyLink(body, select) {
  if (!body) return "—";
  return h("button", { type: "button", class: "link", dataset: { bodyId: bodyRef(body) }, onclick: () => select(body) }, body.name);
}

function period(from, to) {
  return `${from?.text ?? "…"} – ${to?.text ?? "今 now"}`;
}

function bodyInfo(data, select) {
  const body = data.body;
  if (!body) return h("p", {}, "无此机构 No such body.");
  const facts = [
    ["类别 Kind", KINDS[body.kind] ?? body.kind],
    ["可信度 Confidence", [
      confidence(body.confidence, body.note),
      body.inferredParts.length ? h("span", { class: "muted" }, ` 推断部分 inferred: ${body.inferredParts.join(", ")}`) : null,
    ]],
    ["存续 Period", period(body.validFrom, body.validTo)],
    ["辖区 Jurisdiction", body.jurisdiction?.name],
    ["简称 Short name", body.shortName],
    ["别称 Aliases", body.aliases.join("、")],
    ["曾用名 Former names", body.formerNames.join("、")],
    ["要求 Requirement", body.requirement === "REQUIRED" ? "必设" : body.requirement === "LOCAL" ? "因地制宜" : null],
    ["上级 Part of", body.parent && bodyLink(body.parent, select)],
    ["主管 Managed by", body.managedBy && bodyLink(body.managedBy, select)],
    ["领域 Fields", body.functions.map((f) => f.name).join("、")],
    ["编制 Staffing", body.staffing && [body.staffing.quota, body.staffing.leadershipPosts].some((n) => n != null)
      ? `编制 ${body.staffing.quota ?? "?"}，领导职数 ${body.staffing.leadershipPosts ?? "?"}` : null],
  ].filter(([, value]) => value !== null && value !== undefined && value !== "");
  return [
    body.existsOnAsOf ? null : h("p", { class: "warning" }, "该日期不确定存在 Not certain to exist on this date."),
    h("dl", { class: "facts" }, facts.map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)])),
    list("挂牌 Nameplates", "nameplates", body.nameplates, (plate) => [plate.name, " ", confidence(plate.confidence, plate.note)]),
    list("内设机构 Sections", "sections", body.sections, (section) => [bodyLink(section, select), " ", confidence(section.confidence)]),
    list("管理机构 Managed bodies", "managed", body.managedBodies, (managed) => bodyLink(managed, select)),
    duties(body.duties),
    list("来源 Sources", "sources", body.sources, source),
  ];
}

function list(title, id, items, render) {
  return h("section", { id },
    h("h3", {}, `${title}（${items.length}）`),
    items.length ? h("ul", {}, items.map((item) => h("li", {}, render(item)))) : h("p", { class: "none" }, "无 None"),
  );
}

function source(document) {
  const title = document.url
    ? h("a", { href: document.url, target: "_blank", rel: "noopener noreferrer" }, document.title)
    : document.title;
  return [title, " ", h("span", { class: "muted" }, [document.issuer, document.date?.text].filter(Boolean).join(" · ")), " ", confidence(document.confidence)];
}

function duties(items) {
  const trail = h("div", { id: "duty-trail" });
  const show = (duty) => {
    fill(trail, loading());
    query("duty-trail", { dutyId: duty.id }).then(
      (data) => fill(trail, dutyTrail(data.dutyTrail)),
      (error) => fill(trail, h("p", { class: "error" }, error.message)),
    );
  };
  return h("section", { id: "duties" },
    h("h3", {}, `职责 Duties（${items.length}）`),
    items.length
      ? h("ul", {}, items.map((duty) => h("li", {},
          h("button", { type: "button", class: "link duty", title: "职责沿革 Duty trail", onclick: () => show(duty) }, duty.text),
          " ", duty.function ? h("span", { class: "muted" }, duty.function.name) : null, " ", confidence(duty.confidence, duty.note))))
      : h("p", { class: "none" }, "无 None"),
    trail,
  );
}

function dutyTrail(trail) {
  if (!trail) return h("p", {}, "无记录 No trail.");
  return [
    h("h4", {}, `职责沿革 Duty trail：${trail.duty.text}`),
    h("ol", {}, trail.holdings.map((holding) => h("li", {},
      holding.body?.name ?? "—", " ", h("span", { class: "muted" }, period(holding.validFrom, holding.validTo)),
      holding.shared ? " 共同 shared" : null, " ", confidence(holding.confidence)))),
    trail.moves.length
      ? h("ul", { class: "moves" }, trail.moves.map((move) => h("li", {},
          `${move.from?.name ?? "—"} → ${move.to?.name ?? "—"}`,
          move.event ? h("span", { class: "muted" }, ` ${EVENTS[move.event.type] ?? move.event.type} ${move.event.date.text}${move.event.document ? ` 《${move.event.document.title}》` : ""}`) : null)))
      : null,
  ];
}

function counterparts(data, select) {
  const table = (title, id, answer) => {
    const answers = answer?.answers ?? [];
    return h("div", { id },
      h("h4", {}, title),
      answers.length
        ? h("table", { class: "counterparts" },
            h("thead", {}, h("tr", {}, h("th", {}, "辖区 Jurisdiction"), h("th", {}, "对应机构 Bodies"))),
            h("tbody", {}, answers.map((a) => h("tr", { class: a.found ? "found" : "not-found", title: a.reason, dataset: { code: a.jurisdiction?.code ?? "" } },
              h("td", {}, a.jurisdiction?.name ?? "—"),
              h("td", {}, a.matches.length
                ? a.matches.map((m) => h("span", { class: "match", title: m.reason }, bodyLink(m.body, select), " ", h("span", { class: `tag match-${m.match.toLowerCase()}` }, MATCHES[m.match] ?? m.match)))
                : h("span", { class: "muted" }, a.reason))))))
        : h("p", { class: "none" }, "无 None"),
    );
  };
  return [
    h("h3", {}, "上下对应 Counterparts"),
    table("向上 Up", "counterparts-up", data.up),
    table("向下 Down", "counterparts-down", data.down),
  ];
}

// How the earlier body of a step relates to the later one (LineageStep.relation).
const RELATIONS = {
  CONTINUED_AS: "延续为 continued as",
  MERGED_INTO: "并入 merged into",
  SPLIT_INTO: "分设为 split into",
  RENAMED_TO: "更名为 renamed to",
  TRANSFERRED_DUTIES_TO: "划出职责 duties only",
};

function lineage(data, select) {
  const steps = (title, id, answer) => {
    const items = answer?.steps ?? [];
    return h("div", { id },
      h("h4", {}, title),
      items.length
        ? h("ol", {}, items.map((step) => h("li", { class: `depth-${step.depth}`, title: step.summary },
            h("span", { class: `relation relation-${step.relation.toLowerCase()}` }, `${RELATIONS[step.relation] ?? step.relation} `),
            bodyLink(step.to, select),
            step.event ? h("span", { class: "muted" }, ` ${EVENTS[step.event.type] ?? step.event.type} ${step.event.date.text}${step.event.document ? ` 《${step.event.document.title}》` : ""}`) : null)))
        : h("p", { class: "none" }, "无 None"),
    );
  };
  return [
    h("h3", {}, "沿革 Lineage"),
    steps("前身 Came from", "predecessors", data.predecessors),
    steps("后继 Became", "successors", data.successors),
  ];
}
