// Draws tree nodes (chart-tree.js) as nested, collapsible lists; roots start open.

import { h } from "./dom.js";
import { bodyRef } from "./ids.js";
import { CONFIDENCE, RELATIONS } from "./labels.js";

export function renderTree(container, nodes, onSelect) {
  const childCount = new Map();
  for (const node of nodes) {
    if (node.parentKey != null) childCount.set(node.parentKey, (childCount.get(node.parentKey) ?? 0) + 1);
  }
  const root = h("ul", { class: "tree", role: "tree" });
  const lists = new Map();
  for (const node of nodes) {
    const parentList = node.parentKey == null ? root : lists.get(node.parentKey);
    if (!parentList) continue; // a node whose parent is not drawn
    const item = h("li", { role: "treeitem", dataset: { key: node.key, relation: node.relation } });
    const hasChildren = childCount.has(node.key);
    const open = node.depth === 0;
    item.append(hasChildren ? toggleButton(open) : h("span", { class: "toggle-space" }));
    item.append(
      node.body
        ? h("button", { type: "button", class: "node-label", dataset: { bodyId: bodyRef(node.body) }, onclick: () => onSelect(node.body) }, node.label)
        : h("span", { class: "node-label root-label" }, node.label),
    );
    if (RELATIONS[node.relation]) item.append(h("span", { class: "tag" }, RELATIONS[node.relation]));
    if (node.body?.confidence === "INFERRED") {
      item.append(h("span", { class: "tag inferred", title: CONFIDENCE.INFERRED[1] }, CONFIDENCE.INFERRED[0]));
    }
    if (hasChildren) {
      const list = h("ul", { role: "group" });
      list.hidden = !open;
      item.append(list);
      lists.set(node.key, list);
    }
    parentList.append(item);
  }
  container.replaceChildren(root);
}

function toggleButton(open) {
  const button = h("button", { type: "button", class: "toggle", "aria-expanded": String(open), title: "展开/收起" });
  button.textContent = open ? "▾" : "▸";
  button.addEventListener("click", () => setOpen(button.closest("li"), button.getAttribute("aria-expanded") !== "true"));
  return button;
}

function setOpen(item, open) {
  const list = item.querySelector(":scope > ul");
  const button = item.querySelector(":scope > .toggle");
  if (!list || !button) return;
  list.hidden = !open;
  button.setAttribute("aria-expanded", String(open));
  button.textContent = open ? "▾" : "▸";
}

export function setAllOpen(container, open) {
  for (const item of container.querySelectorAll("li")) setOpen(item, open);
}
