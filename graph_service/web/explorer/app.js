// The explorer: a jurisdiction and a date (stepping through reform dates), its org chart as a
// tree, a body's details, and the correspondence matrix. State lives in the URL (?j=…&d=…).

import { query } from "./api.js";
import { CHART_QUERY, chartTree } from "./chart-tree.js";
import { showBody } from "./details.js";
import { fill, h } from "./dom.js";
import { bodyRef } from "./ids.js";
import { EVENTS } from "./labels.js";
import { showMatrix } from "./matrix.js";
import { renderTree, setAllOpen } from "./tree-view.js";

const $ = (id) => document.getElementById(id);
const ui = {
  jurisdiction: $("jurisdiction"),
  asOf: $("as-of"),
  reforms: $("reform-dates"),
  previous: $("previous-reform"),
  next: $("next-reform"),
  chart: $("chart"),
  details: $("details"),
  matrix: $("matrix"),
  status: $("status"),
  tabs: { chart: $("tab-chart"), matrix: $("tab-matrix") },
  views: { chart: $("chart-view"), matrix: $("matrix-view") },
};

const EARLIEST = "1949-10-01";
const state = { jurisdiction: null, asOf: today(), selected: null, tab: "chart", reformDates: [] };
let chartRequest = 0; // answers for a choice no longer current are dropped

function today() {
  return new Date().toISOString().slice(0, 10);
}

function report(error) {
  ui.status.className = "error";
  ui.status.textContent = error.message;
}

function busy(what) {
  ui.status.className = "busy";
  ui.status.textContent = what;
}

function done() {
  ui.status.className = "";
  ui.status.textContent = "";
}

function remember() {
  const url = new URL(window.location.href);
  url.searchParams.set("j", state.jurisdiction);
  url.searchParams.set("d", state.asOf);
  url.searchParams.set("tab", state.tab);
  window.history.replaceState(null, "", url);
}

async function loadJurisdictions() {
  const { jurisdictions } = await query("jurisdictions");
  const byParent = new Map();
  for (const j of jurisdictions) {
    const parent = j.parent?.code ?? null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), j]);
  }
  const known = new Set(jurisdictions.map((j) => j.code));
  const options = [];
  const add = (parent, depth) => {
    for (const j of (byParent.get(parent) ?? []).sort((a, b) => a.code.localeCompare(b.code))) {
      options.push(h("option", { value: j.code }, `${"\u3000".repeat(depth)}${j.name}（${j.code}）`));
      add(j.code, depth + 1);
    }
  };
  add(null, 0);
  for (const [parent, children] of byParent) {
    if (parent !== null && !known.has(parent)) children.forEach((j) => options.push(h("option", { value: j.code }, `${j.name}（${j.code}）`)));
  }
  fill(ui.jurisdiction, options);
  ui.jurisdiction.disabled = false;
  return jurisdictions;
}

async function loadReformDates() {
  const data = await query("reform-dates", { jurisdiction: state.jurisdiction, from: EARLIEST });
  const byDate = new Map(); // the day after which the event certainly happened -> its events
  for (const { event } of data.changes?.entries ?? []) {
    const day = event.date.latest;
    byDate.set(day, [...(byDate.get(day) ?? []), event]);
  }
  state.reformDates = [...byDate.keys()].sort();
  fill(
    ui.reforms,
    h("option", { value: "" }, `— ${state.reformDates.length} 个改革日期 reform dates —`),
    state.reformDates.map((day) => {
      const events = byDate.get(day);
      const types = [...new Set(events.map((e) => EVENTS[e.type] ?? e.type))].join("、");
      return h("option", { value: day, title: events.map((e) => e.description ?? e.id).join("\n") }, `${day}（${events.length}：${types}）`);
    }),
  );
  syncReformControls();
}

function syncReformControls() {
  ui.reforms.value = state.reformDates.includes(state.asOf) ? state.asOf : "";
  ui.previous.disabled = !state.reformDates.some((day) => day < state.asOf);
  ui.next.disabled = !state.reformDates.some((day) => day > state.asOf);
}

async function loadChart() {
  const request = ++chartRequest;
  busy("加载组织架构 Loading the chart…");
  const data = await query(CHART_QUERY, { jurisdiction: state.jurisdiction, asOf: state.asOf });
  if (request !== chartRequest) return;
  const tree = chartTree(data);
  renderTree(ui.chart, tree.nodes, selectBody);
  markSelected();
  ui.chart.dataset.jurisdiction = state.jurisdiction;
  ui.chart.dataset.asOf = state.asOf;
  done();
}

async function loadMatrix() {
  busy("加载对应矩阵 Loading the matrix…");
  await showMatrix(ui.matrix, state.jurisdiction, state.asOf);
  done();
}

function markSelected() {
  const wanted = state.selected && bodyRef(state.selected);
  for (const label of ui.chart.querySelectorAll(".node-label")) {
    label.classList.toggle("selected", label.dataset.bodyId === wanted);
  }
}

function selectBody(body) {
  state.selected = body;
  markSelected();
  showBody(ui.details, body, state.asOf, selectBody).catch(report);
}

async function refresh() {
  remember();
  syncReformControls();
  const work = [state.tab === "chart" ? loadChart() : loadMatrix()];
  if (state.selected && state.tab === "chart") work.push(showBody(ui.details, state.selected, state.asOf, selectBody));
  await Promise.all(work);
}

function setDate(day) {
  if (!day || day === state.asOf) return;
  state.asOf = day;
  ui.asOf.value = day;
  refresh().catch(report);
}

function setTab(tab) {
  state.tab = tab;
  for (const [name, button] of Object.entries(ui.tabs)) button.setAttribute("aria-selected", String(name === tab));
  for (const [name, view] of Object.entries(ui.views)) view.hidden = name !== tab;
  refresh().catch(report);
}

async function start() {
  const params = new URL(window.location.href).searchParams;
  const jurisdictions = await loadJurisdictions();
  const wanted = params.get("j");
  const firstCity = jurisdictions.find((j) => j.level === "CITY") ?? jurisdictions[0];
  state.jurisdiction = jurisdictions.some((j) => j.code === wanted) ? wanted : firstCity?.code;
  state.asOf = /^\d{4}-\d{2}-\d{2}$/.test(params.get("d") ?? "") ? params.get("d") : today();
  state.tab = params.get("tab") === "matrix" ? "matrix" : "chart";
  ui.jurisdiction.value = state.jurisdiction;
  ui.asOf.value = state.asOf;

  ui.jurisdiction.addEventListener("change", () => {
    state.jurisdiction = ui.jurisdiction.value;
    state.selected = null;
    fill(ui.details, h("p", { class: "hint" }, "点击机构查看详情。Click a body to see its details."));
    Promise.all([loadReformDates(), refresh()]).catch(report);
  });
  ui.asOf.addEventListener("change", () => ui.asOf.validity.valid && setDate(ui.asOf.value));
  ui.reforms.addEventListener("change", () => setDate(ui.reforms.value));
  ui.previous.addEventListener("click", () => setDate(state.reformDates.filter((d) => d < state.asOf).at(-1)));
  ui.next.addEventListener("click", () => setDate(state.reformDates.find((d) => d > state.asOf)));
  ui.tabs.chart.addEventListener("click", () => setTab("chart"));
  ui.tabs.matrix.addEventListener("click", () => setTab("matrix"));
  $("expand-all").addEventListener("click", () => setAllOpen(ui.chart, true));
  $("collapse-all").addEventListener("click", () => setAllOpen(ui.chart, false));

  for (const [name, view] of Object.entries(ui.views)) view.hidden = name !== state.tab;
  for (const [name, button] of Object.entries(ui.tabs)) button.setAttribute("aria-selected", String(name === state.tab));
  await Promise.all([loadReformDates(), refresh()]);
  document.body.dataset.ready = "true";
}

start().catch(report);
