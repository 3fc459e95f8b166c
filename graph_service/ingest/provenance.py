"""Provenance rules the loader enforces, so the data cannot claim more than its sources.

- A `confirmed` record needs a source that can state it: a document whose `about` covers the
  record's jurisdiction (a template such as the national plan states a pattern, not a
  particular city's facts). Otherwise it is loaded as `inferred`.
- A `confirmed` record whose note says something in it is inferred (or follows the template,
  or is uncertain) must name those parts in `inferred`; otherwise it is loaded as `inferred`.
- A quote in a source reference must stand in the document's held text (an error: a wrong
  quote is a wrong fact, not a weaker one).
- A correspondence is stated by a document (basis DOCUMENT) only when it stays `confirmed`
  under these rules; the counterparts answer says FUNCTIONS or MANAGEMENT otherwise.

`apply_rules` returns the index with the lowered records replaced and the list of changes;
`orggraph seed --provenance` prints them with the counts (docs/model.md, Provenance rules).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from graph_service.domain.enums import Confidence
from graph_service.ingest.reader import SeedError
from graph_service.ingest.records import BodyRecord, DocumentRecord, DutyRecord, Provenance
from graph_service.ingest.validate import Placed, SeedIndex

P = TypeVar("P", bound=Provenance)

#: words of a note that say part of the record is not stated by a source
_INFERRED_WORDS = re.compile(
    r"\binferr(?:ed|ing)\b|\binfer\b|follows? the (?:2018 |national |usual )?(?:template|pattern)"
    r"|\bnot known\b|\buncertain\b|\bprobably\b|\blikely\b|\bassumed\b|\bnot confirmed\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ProvenanceChange:
    kind: str  # body, duty, holding, nameplate, event, figure, exception, correspondence, jurisdiction
    ident: str
    file: str
    reason: str


@dataclass
class ProvenanceReport:
    changes: list[ProvenanceChange] = field(default_factory=list)
    #: (kind, jurisdiction, confidence) -> records, after the rules
    counts: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    split: Counter[str] = field(default_factory=Counter)  # confirmed records with inferred parts, by kind

    def lines(self) -> list[str]:
        """A readable report: counts by kind and jurisdiction, then each change."""
        kinds = sorted({k for k, _, _ in self.counts})
        places = sorted({j for _, j, _ in self.counts})
        out = ["provenance after the loader's rules: confirmed / inferred records, by kind and jurisdiction"]
        header = f"{'kind':<15}" + "".join(f"{j:>15}" for j in places) + f"{'total':>15}"
        out.append(header)
        for kind in kinds:
            cells = []
            for j in [*places, None]:
                confirmed = sum(
                    n for (k, jj, c), n in self.counts.items() if k == kind and j in (None, jj) and c == "confirmed"
                )
                inferred = sum(
                    n for (k, jj, c), n in self.counts.items() if k == kind and j in (None, jj) and c == "inferred"
                )
                cells.append(f"{confirmed} / {inferred}" if confirmed or inferred else "-")
            out.append(f"{kind:<15}" + "".join(f"{cell:>15}" for cell in cells))
        total_c = sum(n for (_, _, c), n in self.counts.items() if c == "confirmed")
        total_i = sum(n for (_, _, c), n in self.counts.items() if c == "inferred")
        split = ", ".join(f"{kind} {n}" for kind, n in sorted(self.split.items())) or "none"
        out.append(f"all: {total_c} confirmed, {total_i} inferred; confirmed with inferred parts: {split}")
        if self.changes:
            out.append(f"confidence lowered to inferred by the rules: {len(self.changes)}")
            out += [f"  {c.kind} {c.ident} ({c.file}): {c.reason}" for c in self.changes]
        else:
            out.append("confidence lowered by the rules: none (every confirmed record has a source that can state it)")
        return out


def apply_rules(index: SeedIndex, texts: Mapping[str, str]) -> tuple[SeedIndex, ProvenanceReport, list[SeedError]]:
    """The index as the graph should hold it, what the rules changed, and quote errors.
    `texts`: document id -> its held text."""
    rules = _Rules(index, texts)
    return rules.run(), rules.report, rules.errors


class _Rules:
    def __init__(self, index: SeedIndex, texts: Mapping[str, str]) -> None:
        self.ix = index
        self.texts = {doc: _normalise(text) for doc, text in texts.items()}
        self.report = ProvenanceReport()
        self.errors: list[SeedError] = []
        self.parents = {code: p.record.parent for code, p in index.jurisdictions.items()}

    def run(self) -> SeedIndex:
        ix = self.ix
        out = replace(ix)
        out.jurisdictions = {k: self._placed(p, "jurisdiction", k, [k]) for k, p in ix.jurisdictions.items()}
        out.functions = {k: self._placed(p, "function", k, []) for k, p in ix.functions.items()}
        out.documents = dict(ix.documents)
        out.bodies = {k: self._body(p) for k, p in ix.bodies.items()}
        out.duties = {k: self._duty(p) for k, p in ix.duties.items()}
        out.events = {k: self._placed(p, "event", k, [p.record.jurisdiction]) for k, p in ix.events.items()}
        out.figures = {k: self._placed(p, "figure", k, [p.record.jurisdiction]) for k, p in ix.figures.items()}
        out.exceptions = {k: self._placed(p, "exception", k, [p.record.jurisdiction]) for k, p in ix.exceptions.items()}
        out.completeness = {
            k: self._placed(p, "completeness", k, [p.record.jurisdiction]) for k, p in ix.completeness.items()
        }
        out.correspondences = [
            self._placed(p, "correspondence", f"{p.record.lower}->{p.record.upper}", self._of_bodies([p.record.lower]))
            for p in ix.correspondences
        ]
        return out

    # --- the records ----------------------------------------------------------------------
    def _body(self, placed: Placed[BodyRecord]) -> Placed[BodyRecord]:
        body = self._placed(placed, "body", placed.record.id, [placed.record.jurisdiction])
        plates = [
            self._checked(
                plate, "nameplate", f"{placed.record.id}/{plate.name}", placed.file, [placed.record.jurisdiction]
            )
            for plate in body.record.nameplates
        ]
        return self._with(body, "nameplates", plates, body.record.nameplates)

    def _duty(self, placed: Placed[DutyRecord]) -> Placed[DutyRecord]:
        d = placed.record
        duty = self._placed(placed, "duty", d.id, self._of_bodies([h.body for h in d.holders]))
        holders = [
            self._checked(h, "holding", f"{d.id}/{h.body}", placed.file, self._of_bodies([h.body])) for h in d.holders
        ]
        return self._with(duty, "holders", holders, d.holders)

    @staticmethod
    def _with(placed: Placed[P], name: str, parts: list[Any], before: list[Any]) -> Placed[P]:
        """`placed` with its checked parts; the same object when no part was lowered (a national
        set has a million records: copying each unchanged one was a third of the rules' time)."""
        if all(part is old for part, old in zip(parts, before, strict=True)):
            return placed
        return Placed(placed.record.model_copy(update={name: parts}), placed.file, placed.label)

    def _of_bodies(self, ids: list[str]) -> list[str]:
        return [self.ix.bodies[i].record.jurisdiction for i in ids if i in self.ix.bodies]

    def _placed(self, placed: Placed[P], kind: str, ident: str, about: list[str]) -> Placed[P]:
        checked = self._checked(placed.record, kind, ident, placed.file, about)
        return placed if checked is placed.record else Placed(checked, placed.file, placed.label)

    def _checked(self, record: P, kind: str, ident: str, file: str, about: list[str]) -> P:
        self._quotes(record, kind, ident, file)
        reason = self._overclaim(record, about) if record.confidence is Confidence.CONFIRMED else None
        if reason is not None:
            self.report.changes.append(ProvenanceChange(kind, ident, file, reason))
            note = f"{record.note} " if record.note else ""
            record = record.model_copy(
                update={"confidence": Confidence.INFERRED, "note": f"{note}[loader: {reason}]", "inferred": []}
            )
        place = about[0] if about else "common"
        self.report.counts[(kind, place, record.confidence.value)] += 1
        if record.inferred:
            self.report.split[kind] += 1
        return record

    def _overclaim(self, record: Provenance, about: list[str]) -> str | None:
        if about and not any(self._can_state(doc, code) for doc in record.sources for code in about):
            cited = ", ".join(record.sources)
            return f"no cited document ({cited}) states facts of {', '.join(sorted(set(about)))}"
        if record.note and not record.inferred and (word := _INFERRED_WORDS.search(record.note)):
            return (
                f"its note says part of it is not stated by a source ({word.group(0)!r}) but `inferred` names no part"
            )
        return None

    def _can_state(self, doc_id: str, code: str) -> bool:
        doc = self.ix.documents.get(doc_id)
        return doc is not None and can_state(doc.record, code, self.parents)

    def _quotes(self, record: Provenance, kind: str, ident: str, file: str) -> None:
        for ref in record.citations:
            if ref.quote is None:
                continue
            text = self.texts.get(ref.id)
            if text is None:
                continue  # the document's text is not held: the quote is kept as written
            if _normalise(ref.quote) not in text:
                self.errors.append(
                    SeedError(
                        file, f"{kind} {ident}", "sources", f"the quote {ref.quote!r} is not in the text of {ref.id}"
                    )
                )


def can_state(document: DocumentRecord, code: str, parents: Mapping[str, str | None]) -> bool:
    """Whether `document` can state a fact of jurisdiction `code` (rule 1): it was seen (not
    itself inferred), and its `about` is unrestricted or names `code` or one of its ancestors
    (`parents`: code -> parent code)."""
    if document.confidence is Confidence.INFERRED:
        return False  # known only from another document's mention: its text was not seen
    if document.about is None:
        return True
    return any(place in document.about for place in _self_and_ancestors(code, parents))


def _self_and_ancestors(code: str, parents: Mapping[str, str | None]) -> Iterator[str]:
    seen: set[str] = set()
    current: str | None = code
    while current is not None and current not in seen:
        seen.add(current)
        yield current
        current = parents.get(current)


def _normalise(text: str) -> str:
    """Full-width and half-width forms alike, whitespace ignored: quotes survive re-typing."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
