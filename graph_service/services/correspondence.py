"""The correspondence check: statuses of each required field in each lower jurisdiction.

For a lower jurisdiction, the required fields are the catalogue's functions whose
`requiredAt` names its level. A field is
- vertical when a covering body is a branch managed from another level;
- matched when a body covers it and no other required field (several such bodies, e.g. a
  discipline commission and a supervisory commission in joint office, still match);
- merged when the covering body also covers other required fields (they are named);
- allowed when nothing covers it but an exception document excuses it;
- missing when nothing covers it and a source lists the jurisdiction's bodies in full
  (a `complete_list` completeness statement): absence is then a finding;
- unknown otherwise: no recorded body covers it, but no source says the record is complete
  (a `required_set` statement even says a body was set; no source names it).
Local extras are party and government bodies none of whose fields the upper level covers;
kind mismatches are fields where a party organ faces a government department.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from graph_service.domain.correspondence import (
    BodyRef,
    CorrespondenceReport,
    CoverageStatus,
    FunctionCoverage,
    KindMismatch,
    LocalExtra,
    LowerReport,
    Summary,
)

Row = dict[str, Any]
_POLITICAL = {"party_organ", "government_department"}
_EXTRA_KINDS = {"party_organ", "government_department", "department_managed_body"}


def _ref(body: Row) -> BodyRef:
    return BodyRef(id=body["id"], name=body["name"], kind=body["kind"])


def build_report(inputs: Row, as_of: dt.date) -> CorrespondenceReport:
    """The report, from the row of correspondence/report_inputs.cypher."""
    functions = {f["code"]: f for f in inputs["functions"]}
    upper = inputs["upperBodies"]
    upper_fields = {code for body in upper for code in body.get("functions") or []}
    political_upper = _by_function(u for u in upper if u["kind"] in _POLITICAL)
    lowers = [_lower_report(lower, upper_fields, political_upper, functions) for lower in inputs["lowers"]]
    return CorrespondenceReport(
        parent_code=inputs["code"],
        parent_name=inputs["name"],
        as_of=as_of,
        lower=lowers,
        totals=_add(report.summary for report in lowers),
    )


def _by_function(bodies: Iterable[Row]) -> dict[str, list[Row]]:
    """The bodies covering each field, in the order given (one pass, instead of a scan per field)."""
    covering: dict[str, list[Row]] = {}
    for body in bodies:
        for code in dict.fromkeys(body.get("functions") or []):
            covering.setdefault(code, []).append(body)
    return covering


def _lower_report(
    lower: Row, upper_fields: set[str], political_upper: dict[str, list[Row]], functions: dict[str, Row]
) -> LowerReport:
    required = sorted(code for code, f in functions.items() if lower["level"] in (f.get("requiredAt") or []))
    required_set = set(required)
    bodies = lower["bodies"]
    covering = _by_function(bodies)
    gaps = _Gaps(lower["name"], lower.get("completeness") or [])
    coverage = [
        _coverage(code, functions[code]["name"], covering.get(code, []), lower["exceptions"], required_set, gaps)
        for code in required
    ]
    extras = [
        LocalExtra(body=_ref(b), functions=list(b.get("functions") or []))
        for b in bodies
        if b["kind"] in _EXTRA_KINDS and not upper_fields & set(b.get("functions") or [])
    ]
    mismatches = _kind_mismatches(coverage, bodies, political_upper)
    counts = {status: sum(1 for c in coverage if c.status is status) for status in CoverageStatus}
    summary = Summary(
        required=len(required),
        matched=counts[CoverageStatus.MATCHED],
        merged=counts[CoverageStatus.MERGED],
        vertical=counts[CoverageStatus.VERTICAL],
        missing=counts[CoverageStatus.MISSING],
        allowed=counts[CoverageStatus.ALLOWED],
        unknown=counts[CoverageStatus.UNKNOWN],
        local_extras=len(extras),
        kind_mismatches=len(mismatches),
    )
    return LowerReport(
        code=lower["code"],
        name=lower["name"],
        level=lower["level"],
        summary=summary,
        functions=coverage,
        local_extras=extras,
        kind_mismatches=mismatches,
    )


class _Gaps:
    """What a lower jurisdiction's completeness statements make of a field nothing covers."""

    def __init__(self, jurisdiction: str, statements: list[Row]) -> None:
        self.jurisdiction = jurisdiction
        self.complete = [s for s in statements if s["scope"] == "complete_list"]
        self.required_set = [s for s in statements if s["scope"] == "required_set"]

    def coverage(self, code: str, name: str) -> FunctionCoverage:
        def sources(statements: list[Row]) -> list[str]:
            return sorted({doc for s in statements for doc in s.get("sources") or []})

        if self.complete:
            docs = sources(self.complete)
            status, stated_by, settle = CoverageStatus.MISSING, docs, ""
            note = f"no body covers this field, and {', '.join(docs)} lists every body of {self.jurisdiction}: a gap"
        elif self.required_set:
            stated_by = sources(self.required_set)
            status = CoverageStatus.UNKNOWN
            said = "; ".join(s["description"] for s in self.required_set)
            note = (
                f"no recorded body covers this field, but {', '.join(stated_by)} states every required body of "
                f"{self.jurisdiction} was set ({said}): a body no source names covers it"
            )
            settle = (
                f"a source naming the body of {self.jurisdiction} that covers {name} ({code}), e.g. its 三定 regulation"
            )
        else:
            status, stated_by = CoverageStatus.UNKNOWN, []
            note = (
                f"no recorded body covers this field, and no source records the bodies of {self.jurisdiction} "
                "as complete: absence of a record, not a finding"
            )
            settle = (
                f"a complete list of {self.jurisdiction}'s bodies (then a gap is a finding), "
                f"or a source naming the body that covers {name} ({code})"
            )
        return FunctionCoverage(
            function=code,
            function_name=name,
            status=status,
            bodies=[],
            merged_with=[],
            allowed_by=[],
            stated_by=stated_by,
            would_settle=settle,
            note=note,
        )


def _coverage(
    code: str, name: str, covering: list[Row], exceptions: list[Row], required: set[str], gaps: _Gaps
) -> FunctionCoverage:
    if not covering:
        allowing = [x for x in exceptions if x["function"] == code]
        if allowing:
            documents = sorted({source for x in allowing for source in x.get("sources") or []})
            note = "allowed: " + "; ".join(x["description"] for x in allowing)
            return FunctionCoverage(
                function=code,
                function_name=name,
                status=CoverageStatus.ALLOWED,
                bodies=[],
                merged_with=[],
                allowed_by=documents,
                note=note,
            )
        return gaps.coverage(code, name)
    vertical = [b for b in covering if b["kind"] == "vertical_branch" or b.get("upperManager")]
    if vertical:
        managers = sorted({b["upperManager"] for b in vertical if b.get("upperManager")})
        note = "covered by a branch managed from above" + (f" ({', '.join(managers)})" if managers else "")
        return FunctionCoverage(
            function=code,
            function_name=name,
            status=CoverageStatus.VERTICAL,
            bodies=[_ref(b) for b in vertical],
            merged_with=[],
            allowed_by=[],
            note=note,
        )
    dedicated = [b for b in covering if set(b.get("functions") or []) & required == {code}]
    if dedicated:
        note = "one body" if len(dedicated) == 1 else f"{len(dedicated)} bodies (e.g. a joint office)"
        return FunctionCoverage(
            function=code,
            function_name=name,
            status=CoverageStatus.MATCHED,
            bodies=[_ref(b) for b in dedicated],
            merged_with=[],
            allowed_by=[],
            note=note,
        )
    others = sorted({f for b in covering for f in b.get("functions") or []} & required - {code})
    return FunctionCoverage(
        function=code,
        function_name=name,
        status=CoverageStatus.MERGED,
        bodies=[_ref(b) for b in covering],
        merged_with=others,
        allowed_by=[],
        note="covered together with " + ", ".join(others),
    )


def _kind_mismatches(
    coverage: list[FunctionCoverage], bodies: list[Row], political_upper: dict[str, list[Row]]
) -> list[KindMismatch]:
    mismatches = []
    by_id = {b["id"]: b for b in bodies}
    for item in coverage:
        uppers = political_upper.get(item.function, [])
        for ref in item.bodies:
            lower_kind = by_id[ref.id]["kind"]
            if lower_kind not in _POLITICAL or not uppers or any(u["kind"] == lower_kind for u in uppers):
                continue
            mismatches.append(KindMismatch(function=item.function, lower=ref, upper=_ref(uppers[0])))
    return mismatches


def _add(summaries: Any) -> Summary:
    total: dict[str, int] = dict.fromkeys(Summary.model_fields, 0)
    for summary in summaries:
        for key, value in summary.model_dump().items():
            total[key] += value
    return Summary(**total)
