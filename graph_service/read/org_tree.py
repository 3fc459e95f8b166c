"""The org chart as a tree (`OrgChart.tree`): which side each body sits under, its parent, and
the order of siblings. The statement reads each body's facts (`cypher/read/types/OrgChart.cypher`,
`tree`); the placement rules are easier to read, test and change here than as Cypher.

Rules (docs/api.md, "The org chart as a tree"):
- Roots are the sides of the jurisdiction's leadership, in official order (OrgChartSide), each
  present only when a body sits under it. Their labels are the conventional short names
  (中共张掖市委, 张掖市人民政府 ...), made from the jurisdiction's name by rule, not read from a source.
- A body hangs from: the body it is part of (a section: SECTION; a team or institution:
  MANAGED); else the body managing it in the same jurisdiction (MANAGED); else, for a
  commission, the body hosting its office (COMMISSION); else its side (BODY). A body managed
  from another jurisdiction (a county branch of a city bureau) hangs from the government side
  as a BRANCH, as does a body of a national vertical system from OTHER. A parent that does not
  exist on the date is skipped for the next rule, so every body appears once.
- Siblings are ordered by kind rank (KIND_RANK: sections first, then party organs, departments ...)
  then name then id: no source gives Zhangye's
  official list order (docs/api.md says so), so `order` follows this documented rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict

from graph_service.domain.enums import BodyKind, OrgChartRelation, OrgChartSide
from graph_service.read.selection import TYPENAME, SelectedField

KIND_RANK: dict[str, int] = {
    kind.value: rank
    for rank, kind in enumerate(
        [
            BodyKind.INTERNAL_SECTION,  # a body's sections first, as its 三定 lists them
            BodyKind.PARTY_ORGAN,
            BodyKind.GOVERNMENT_DEPARTMENT,
            BodyKind.DEPARTMENT_MANAGED_BODY,
            BodyKind.COMMISSION,
            BodyKind.AFFILIATED_INSTITUTION,
            BodyKind.PUBLIC_INSTITUTION,
            BodyKind.LAW_ENFORCEMENT_TEAM,
            BodyKind.VERTICAL_BRANCH,
            BodyKind.OTHER_ORGAN,
        ]
    )
}
SIDE_ORDER = list(OrgChartSide)
#: sides of `other_organ` bodies, by the field they cover
SIDE_BY_FUNCTION = {
    "discipline_supervision": OrgChartSide.DISCIPLINE_SUPERVISION,
    "peoples_congress": OrgChartSide.PEOPLES_CONGRESS,
    "cppcc": OrgChartSide.CPPCC,
    "court": OrgChartSide.COURT,
    "procuratorate": OrgChartSide.PROCURATORATE,
}
SIDE_BY_KIND = {
    BodyKind.PARTY_ORGAN: OrgChartSide.PARTY_COMMITTEE,
    BodyKind.COMMISSION: OrgChartSide.PARTY_COMMITTEE,
    BodyKind.GOVERNMENT_DEPARTMENT: OrgChartSide.GOVERNMENT,
    BodyKind.DEPARTMENT_MANAGED_BODY: OrgChartSide.GOVERNMENT,
    BodyKind.AFFILIATED_INSTITUTION: OrgChartSide.GOVERNMENT,
    BodyKind.PUBLIC_INSTITUTION: OrgChartSide.GOVERNMENT,
    BodyKind.LAW_ENFORCEMENT_TEAM: OrgChartSide.GOVERNMENT,
    BodyKind.INTERNAL_SECTION: OrgChartSide.GOVERNMENT,  # only when its body is missing
}


def side_label(side: OrgChartSide, place: str) -> str:
    """The conventional short name of a side of `place` (e.g. 张掖市, 甘州区)."""
    return {
        OrgChartSide.PARTY_COMMITTEE: f"中共{place}委",
        OrgChartSide.GOVERNMENT: f"{place}人民政府",
        OrgChartSide.PEOPLES_CONGRESS: f"{place}人大常委会",
        OrgChartSide.CPPCC: f"政协{place}委员会",
        OrgChartSide.DISCIPLINE_SUPERVISION: f"{place}纪委监委",
        OrgChartSide.COURT: f"{place}人民法院",
        OrgChartSide.PROCURATORATE: f"{place}人民检察院",
        OrgChartSide.OTHER: "其他机构",
    }[side]


class BodyFacts(TypedDict):
    """What the statement reads of each body for its placement."""

    id: str
    name: str
    kind: str
    place: str  # the jurisdiction's name
    partOf: str | None
    managedBy: str | None
    managerPlace: str | None  # the jurisdiction code of the managing body
    placeCode: str  # the jurisdiction's code
    officeHost: str | None
    functions: list[str]


class TreeItem(TypedDict):
    facts: BodyFacts
    node: dict[str, Any]  # the projection of the client's selection under `tree`, for this body


@dataclass
class _Node:
    key: str
    label: str
    side: OrgChartSide
    relation: OrgChartRelation
    parent: _Node | None
    sort_key: tuple[int, str, str]
    projection: dict[str, Any] | None  # None for a side
    children: list[_Node] = field(default_factory=list)


def _side_of(facts: BodyFacts) -> OrgChartSide:
    kind = BodyKind(facts["kind"])
    if kind in SIDE_BY_KIND:
        return SIDE_BY_KIND[kind]
    for code in facts["functions"]:
        if code in SIDE_BY_FUNCTION:
            return SIDE_BY_FUNCTION[code]
    return OrgChartSide.OTHER


def _placement(facts: BodyFacts, present: Mapping[str, BodyFacts]) -> tuple[str | None, OrgChartRelation]:
    """The key of the body it hangs from (None: its side) and how."""
    part_of = facts["partOf"]
    if part_of in present:
        kind = BodyKind(facts["kind"])
        return part_of, OrgChartRelation.SECTION if kind is BodyKind.INTERNAL_SECTION else OrgChartRelation.MANAGED
    manager = facts["managedBy"]
    if manager is not None and facts["managerPlace"] != facts["placeCode"]:
        return None, OrgChartRelation.BRANCH  # managed from another level
    if manager in present:
        return manager, OrgChartRelation.MANAGED
    host = facts["officeHost"]
    if BodyKind(facts["kind"]) is BodyKind.COMMISSION and host in present:
        return host, OrgChartRelation.COMMISSION
    if BodyKind(facts["kind"]) is BodyKind.VERTICAL_BRANCH:
        return None, OrgChartRelation.BRANCH
    return None, OrgChartRelation.BODY


def arrange(items: list[TreeItem]) -> list[tuple[_Node, int, int]]:
    """The nodes in display order (depth first, roots first) with their depth and 1-based
    position among their siblings."""
    present = {item["facts"]["id"]: item["facts"] for item in items}
    nodes: dict[str, _Node] = {}
    placements: dict[str, tuple[str | None, OrgChartRelation]] = {}
    for item in items:
        facts = item["facts"]
        placements[facts["id"]] = _placement(facts, present)
        nodes[facts["id"]] = _Node(
            key=facts["id"],
            label=facts["name"],
            side=OrgChartSide.OTHER,  # set below, from its top-level ancestor
            relation=placements[facts["id"]][1],
            parent=None,
            sort_key=(KIND_RANK.get(facts["kind"], len(KIND_RANK)), facts["name"], facts["id"]),
            projection=item["node"],
        )
    sides: dict[OrgChartSide, _Node] = {}
    place = items[0]["facts"]["place"] if items else ""
    for key, (parent_key, relation) in placements.items():
        node = nodes[key]
        if parent_key is not None and not _would_cycle(key, parent_key, placements):
            node.parent = nodes[parent_key]
        else:
            side = _side_of(present[key])
            if relation is OrgChartRelation.BRANCH:
                side = OrgChartSide.GOVERNMENT if present[key]["managedBy"] else OrgChartSide.OTHER
            elif relation is not OrgChartRelation.BODY:
                node.relation = OrgChartRelation.BODY  # its parent was a cycle: hang it from its side
            if side not in sides:
                sides[side] = _Node(
                    key=f"side:{side.name}",
                    label=side_label(side, place),
                    side=side,
                    relation=OrgChartRelation.SIDE,
                    parent=None,
                    sort_key=(SIDE_ORDER.index(side), "", ""),
                    projection=None,
                )
            node.parent = sides[side]
        node.parent.children.append(node)
    ordered: list[tuple[_Node, int, int]] = []

    def visit(node: _Node, side: OrgChartSide, depth: int, position: int) -> None:
        node.side = side
        ordered.append((node, depth, position))
        for index, child in enumerate(sorted(node.children, key=lambda n: n.sort_key), start=1):
            visit(child, side, depth + 1, index)

    for index, root in enumerate(sorted(sides.values(), key=lambda n: n.sort_key), start=1):
        visit(root, root.side, 0, index)
    return ordered


def _would_cycle(key: str, parent_key: str, placements: Mapping[str, tuple[str | None, OrgChartRelation]]) -> bool:
    """The seed refuses part-of and managed-by cycles; a commission hosted by a body that is
    part of the commission would still make one, so guard anyway."""
    seen = {key}
    current: str | None = parent_key
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        current = placements[current][0]
    return False


def finish_tree(field: SelectedField, value: list[TreeItem] | None) -> list[dict[str, Any]] | None:
    """`OrgChart.tree` in its final form: the client's keys for each node, in display order."""
    if value is None:
        return None
    selection = field.selection
    assert selection is not None  # an object list always has a selection
    answer = []
    for node, depth, position in arrange(value):
        computed: dict[str, Any] = {
            "key": node.key,
            "parentKey": node.parent.key if node.parent is not None else None,
            "depth": depth,
            "order": position,
            "side": node.side.name,
            "relation": node.relation.name,
            "label": node.label,
            TYPENAME: "OrgChartNode",
        }
        out = dict(node.projection) if node.projection is not None else {}
        for selected in selection.fields:
            if selected.name in computed:
                out[selected.key] = computed[selected.name]
            elif node.projection is None:
                out[selected.key] = None  # a side has no body
        answer.append(out)
    return answer
