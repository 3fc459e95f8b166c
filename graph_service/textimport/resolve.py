"""Names as a text writes them, resolved to the graph's bodies: full names (张掖市住房和城乡建设局),
the level-prefixed forms official texts use (市住房和城乡建设局, 市委组织部, 市政府办公室), short
names (市住建局), aliases, nameplates and former names; 原… names a body that has ended or been
renamed. A name that matches no body, or several, is reported as unresolved with the reason,
never guessed."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph_service.domain.dates import PartialDate
from graph_service.ingest.records import BodyRecord, DutyRecord, JurisdictionRecord
from graph_service.textimport.proposal import NameRef


@dataclass(frozen=True)
class Unresolved:
    ref: NameRef
    reason: str


@dataclass
class GraphNames:
    """The jurisdiction's bodies and their duties, as the graph holds them now."""

    jurisdiction: JurisdictionRecord
    bodies: dict[str, BodyRecord]
    duties: dict[str, DutyRecord]
    _by_name: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for body in self.bodies.values():
            for written in self.written_forms(body):
                self._by_name.setdefault(written, set()).add(body.id)

    def written_forms(self, body: BodyRecord) -> set[str]:
        names = {body.name, *body.aliases, *body.former_names, *(plate.name for plate in body.nameplates)}
        if body.short_name:
            names.add(body.short_name)
        return {form for name in names for form in self.forms(name)}

    def forms(self, name: str) -> set[str]:
        """张掖市人民政府办公室 -> itself, 市人民政府办公室, 市政府办公室; 中共张掖市委组织部 -> 市委组织部."""
        place = self.jurisdiction.name  # 张掖市, 甘州区, 肃南裕固族自治县
        stem = place[:-1]  # 张掖, 甘州: texts write the level (市, 区, 县) without the place
        found = {name}
        base = name.removeprefix("中共")
        if stem and base.startswith(stem):
            found.add(base[len(stem) :])
        found |= {form.replace("人民政府", "政府") for form in found}
        return found

    def full_name(self, written: str) -> str:
        """市数据局 -> 张掖市数据局: a new body's name as the graph writes names (with the place)."""
        place = self.jurisdiction.name
        if written and written[0] == place[-1] and not written.startswith(place):
            return place[:-1] + written
        return written

    def resolve(self, ref: NameRef, on: PartialDate | None, new: dict[str, str]) -> str | Unresolved:
        """The body id the reference names (or a new body's id, from `new`: name -> id)."""
        for name, ident in new.items():
            if ref.written in self.forms(name):
                return ident
        candidates = self._by_name.get(ref.written, set())
        if not candidates:
            return Unresolved(ref, f"no body of {self.jurisdiction.name} is named {ref.written}")
        if len(candidates) > 1:
            living = {c for c in candidates if _alive(self.bodies[c], on)}
            ended = candidates - living
            # 原… names what has ended (or been renamed); otherwise the body alive on the date
            preferred = (
                (ended or {c for c in candidates if ref.written in self.bodies[c].former_names})
                if ref.former
                else living
            )
            if len(preferred) == 1:
                return next(iter(preferred))
            names = ", ".join(sorted(candidates))
            return Unresolved(ref, f"{ref.written} names several bodies of {self.jurisdiction.name}: {names}")
        return next(iter(candidates))

    def alive(self, body_id: str, on: PartialDate | None) -> bool:
        return _alive(self.bodies[body_id], on)

    def duties_held(self, body_id: str, on: PartialDate | None) -> list[DutyRecord]:
        """The duties the body holds on the date (open holdings, or holdings in force on it)."""
        held = []
        for duty in self.duties.values():
            for holding in duty.holders:
                if holding.body == body_id and holding.valid_to is None:
                    held.append(duty)
                    break
        return sorted(held, key=lambda d: d.id)

    def duty_named(self, body_id: str, words: str, on: PartialDate | None) -> DutyRecord | None:
        """The one duty of the body whose text contains the words (…职责 dropped), or None."""
        key = words.removesuffix("职责").removesuffix("的")
        matches = [d for d in self.duties_held(body_id, on) if key and (key in d.text or d.text in key)]
        return matches[0] if len(matches) == 1 else None


def _alive(body: BodyRecord, on: PartialDate | None) -> bool:
    if body.valid_to is None:
        return True
    if on is None:
        return False
    return body.valid_to.earliest > on.earliest
