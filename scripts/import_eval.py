"""Score the text reader (`orggraph import-text --parse`) against the hand-annotated corpus of
real official texts in tests/texts/real/ (its README gives the annotation format).

    .venv/bin/python scripts/import_eval.py [--corpus DIR] [--misses] [--json]

For each text and each kind of element: found (the reader gave it and the annotation has it),
wrong (the reader gave it, the annotation does not), missed (the reverse); recall and precision
per kind and over all; elements the reader put in another change than the annotation does
(misattributed); crashes; and every element whose locator does not quote the text exactly.
An element matches one of the annotation's of the same kind whose names agree (as written,
whitespace and a leading 原 aside; a name may carry its place's prefix or not) and, for duties,
whose item or words agree. Prints a table; `--json` the figures.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph_service.paths import PROJECT_ROOT  # noqa: E402
from graph_service.textimport.parsed import ParsedText  # noqa: E402
from graph_service.textimport.reader import parse_text  # noqa: E402

CORPUS = PROJECT_ROOT / "tests" / "texts" / "real"
ADVERSARIAL_HEADER = "某市某局职能配置、内设机构和人员编制规定\n第一条　某局是市人民政府工作部门。\n"
KINDS = (
    "formed",
    "ended",
    "renamed",
    "merge",
    "transfer",
    "nameplate",
    "managedBy",
    "duty",
    "section",
    "staffing",
    "count",
    "date",
)
_PLACE_PREFIX = re.compile(r"(?:中共)?[\u4e00-\u9fff]{0,8}?(?:自治区|省|自治州|市|州|盟|自治县|县|縣|区|區|旗)")


@dataclass
class Element:
    kind: str
    keys: dict[str, Any]
    quote: str
    event: int | None = None


@dataclass
class TextScore:
    name: str
    found: Counter[str] = field(default_factory=Counter)
    wrong: Counter[str] = field(default_factory=Counter)
    missed: Counter[str] = field(default_factory=Counter)
    misattributed: int = 0
    bad_quotes: int = 0
    crashed: str | None = None
    misses: list[tuple[str, str]] = field(default_factory=list)
    wrongs: list[tuple[str, str]] = field(default_factory=list)


def norm(name: Any) -> str:
    if not isinstance(name, str):
        return ""
    cleaned = re.sub(r"\s", "", name)
    return cleaned[1:] if cleaned.startswith("原") and len(cleaned) > 2 else cleaned


def same_name(a: Any, b: Any) -> bool:
    x, y = norm(a), norm(b)
    if not x or not y:
        return x == y
    if x == y:
        return True
    short, long = sorted((x, y), key=len)
    # 市自然资源局 and 乌鲁木齐市自然资源局 (or 應急管理辦公室 and 市應急管理辦公室): the same
    # body, with and without its place
    prefix = long[: len(long) - len(short)]
    if not long.endswith(short) or len(short) < 3:
        return False
    if short[0] in "市县縣区區省州旗盟":  # 乌鲁木齐 + 市自然资源局
        return re.fullmatch(r"(?:中共)?[\u4e00-\u9fff]{1,8}", prefix) is not None
    return _PLACE_PREFIX.fullmatch(prefix) is not None  # 佛山市 + 应急管理办公室


NAME_KEYS = {
    "formed": ("name",),
    "ended": ("name",),
    "renamed": ("from", "to"),
    "merge": ("from", "into"),
    "transfer": ("from", "to"),
    "nameplate": ("nameplate",),
    "managedBy": ("body", "manager"),
    "section": ("name",),
}


def matches(produced: Element, expected: Element) -> bool:
    if produced.kind != expected.kind:
        return False
    kind = produced.kind
    if kind in NAME_KEYS:
        return all(same_name(produced.keys.get(k), expected.keys.get(k)) for k in NAME_KEYS[kind])
    if kind == "duty":
        item_p, item_e = produced.keys.get("item"), expected.keys.get("item")
        if item_p is not None and item_e is not None:
            return bool(item_p == item_e)
        text_p, text_e = norm(produced.keys.get("text")), norm(expected.keys.get("text"))
        return bool(text_p and text_e and (text_p.startswith(text_e[:12]) or text_e.startswith(text_p[:12])))
    if kind == "staffing":
        return bool(produced.keys.get("quota") == expected.keys.get("quota"))
    if kind == "count":
        return bool(produced.keys.get("value") == expected.keys.get("value")) and (
            norm(produced.keys.get("what")) in norm(expected.keys.get("what"))
            or norm(expected.keys.get("what")) in norm(produced.keys.get("what"))
        )
    if kind == "date":
        return norm(produced.keys.get("text")) == norm(expected.keys.get("text"))
    return False


def produced_elements(parsed: ParsedText) -> Iterator[Element]:
    for number, event in enumerate(parsed.events, start=1):
        for formed in event.formed:
            yield Element("formed", {"name": formed.name}, formed.locator.quote, number)
        for ended in event.ended:
            yield Element("ended", {"name": ended.name}, ended.locator.quote, number)
        for renaming in event.renamed:
            yield Element("renamed", {"from": renaming.old, "to": renaming.new}, renaming.locator.quote, number)
        for merge in event.merges:
            yield Element("merge", {"from": merge.source, "into": merge.into}, merge.locator.quote, number)
        for transfer in event.transfers:
            keys = {"from": transfer.source, "to": transfer.target, "duty": transfer.duty}
            yield Element("transfer", keys, transfer.locator.quote, number)
        for plate in event.nameplates:
            keys = {"body": plate.body, "nameplate": plate.nameplate, "action": plate.action}
            yield Element("nameplate", keys, plate.locator.quote, number)
        for managed in event.managed_by:
            yield Element(
                "managedBy", {"body": managed.body, "manager": managed.manager}, managed.locator.quote, number
            )
    for body in parsed.bodies:
        for duty in body.duties:
            yield Element("duty", {"body": body.name, "item": duty.item, "text": duty.text}, duty.locator.quote)
        for section in body.sections:
            yield Element("section", {"body": body.name, "name": section.name}, section.locator.quote)
        if body.staffing is not None:
            yield Element("staffing", {"body": body.name, "quota": body.staffing.quota}, body.staffing.locator.quote)
    for count in parsed.counts:
        yield Element("count", {"what": count.what, "value": count.value}, count.locator.quote)
    for date in parsed.dates:
        yield Element("date", {"text": date.text, "what": date.what}, date.locator.quote)


def expected_elements(annotation: dict[str, Any]) -> list[Element]:
    elements = []
    for raw in annotation["elements"]:
        keys = {k: v for k, v in raw.items() if k not in ("kind", "quote", "event")}
        elements.append(Element(raw["kind"], keys, raw["quote"], raw.get("event")))
    return elements


def locators_quote_exactly(parsed: ParsedText, text: str) -> int:
    """How many locators do not quote the text exactly (must be 0)."""
    bad = 0

    def walk(value: Any) -> None:
        nonlocal bad
        if isinstance(value, dict):
            if {"start", "end", "quote"} <= value.keys() and text[value["start"] : value["end"]] != value["quote"]:
                bad += 1
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(parsed.model_dump())
    return bad


def score_text(path: Path) -> TextScore:
    name = path.name.removesuffix(".expected.json")
    text = (path.parent / f"{name}.txt").read_text(encoding="utf-8")
    annotation = json.loads(path.read_text(encoding="utf-8"))
    result = TextScore(name)
    expected = expected_elements(annotation)
    try:
        parsed = parse_text(text)
    except Exception as exc:  # a crash is a finding, counted and named
        result.crashed = f"{type(exc).__name__}: {exc}"
        for element in expected:
            result.missed[element.kind] += 1
            result.misses.append((element.kind, element.quote))
        return result
    result.bad_quotes = locators_quote_exactly(parsed, text)
    pairs: list[tuple[Element, Element]] = []
    unmatched = list(expected)
    for element in produced_elements(parsed):
        partner = next((e for e in unmatched if matches(element, e)), None)
        if partner is None:
            result.wrong[element.kind] += 1
            result.wrongs.append((element.kind, element.quote))
        else:
            unmatched.remove(partner)
            result.found[element.kind] += 1
            pairs.append((element, partner))
    for element in unmatched:
        result.missed[element.kind] += 1
        result.misses.append((element.kind, element.quote))
    result.misattributed = misattributed(pairs)
    return result


def misattributed(pairs: list[tuple[Element, Element]]) -> int:
    """Found elements put in another change than the rest of theirs: within each change of the
    annotation, those outside the reader's most common event for it; within each event of the
    reader, those from outside the annotation's most common change for it."""
    evented = [(p.event, e.event) for p, e in pairs if p.event is not None and e.event is not None]
    count = 0
    for side in (0, 1):
        groups: dict[int, Counter[int]] = defaultdict(Counter)
        for pair in evented:
            groups[pair[1 - side]][pair[side]] += 1
        count += sum(sum(c.values()) - max(c.values()) for c in groups.values())
    return count


def rate(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


def summary(scores: list[TextScore]) -> dict[str, Any]:
    found: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for score in scores:
        found.update(score.found)
        wrong.update(score.wrong)
        missed.update(score.missed)
    kinds = {}
    for kind in KINDS:
        f, w, m = found[kind], wrong[kind], missed[kind]
        kinds[kind] = {"found": f, "wrong": w, "missed": m, "recall": rate(f, f + m), "precision": rate(f, f + w)}
    f, w, m = sum(found.values()), sum(wrong.values()), sum(missed.values())
    return {
        "texts": len(scores),
        "found": f,
        "wrong": w,
        "missed": m,
        "recall": rate(f, f + m),
        "precision": rate(f, f + w),
        "misattributed": sum(s.misattributed for s in scores),
        "crashes": sum(1 for s in scores if s.crashed),
        "bad_quotes": sum(s.bad_quotes for s in scores),
        "kinds": kinds,
    }


def evaluate(corpus: Path = CORPUS) -> tuple[list[TextScore], dict[str, Any]]:
    scores = [score_text(path) for path in sorted(corpus.glob("*.expected.json"))]
    return scores, summary(scores)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--misses", action="store_true", help="list every miss and wrong element with its quote")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--adversarial",
        action="store_true",
        help="time the reading of a 64 KB hostile text (a 三定 header, then lines of 2,000 一) and stop",
    )
    args = parser.parse_args()
    if args.adversarial:
        hostile = ADVERSARIAL_HEADER + ("一" * 2000 + "\n") * 32
        times = []
        for _ in range(5):
            start = time.process_time()
            parse_text(hostile)
            times.append(time.process_time() - start)
        print(f"{len(hostile.encode()):,} bytes: CPU {min(times):.3f} s best, {max(times):.3f} s worst of 5 reads")
        return
    scores, totals = evaluate(args.corpus)
    if args.json:
        print(json.dumps(totals, ensure_ascii=False, indent=2))
        return
    print(f"{'text':58} {'found':>5} {'wrong':>5} {'missed':>6} {'misattr':>7}")
    for score in scores:
        f, w, m = sum(score.found.values()), sum(score.wrong.values()), sum(score.missed.values())
        note = f"  CRASH {score.crashed}" if score.crashed else ""
        print(f"{score.name:58} {f:>5} {w:>5} {m:>6} {score.misattributed:>7}{note}")
    print(f"\n{'kind':10} {'found':>5} {'wrong':>5} {'missed':>6} {'recall':>8} {'precision':>9}")
    for kind, figures in totals["kinds"].items():
        print(
            f"{kind:10} {figures['found']:>5} {figures['wrong']:>5} {figures['missed']:>6} "
            f"{_pct(figures['recall']):>8} {_pct(figures['precision']):>9}"
        )
    print(
        f"\nall: {totals['texts']} texts, found {totals['found']}, wrong {totals['wrong']}, missed {totals['missed']}; "
        f"recall {_pct(totals['recall'])}, precision {_pct(totals['precision'])}; "
        f"misattributed {totals['misattributed']}, crashes {totals['crashes']}, inexact quotes {totals['bad_quotes']}"
    )
    if args.misses:
        by_text: dict[str, list[str]] = defaultdict(list)
        for score in scores:
            by_text[score.name] += [f"  missed {k}: {q}" for k, q in score.misses]
            by_text[score.name] += [f"  wrong  {k}: {q}" for k, q in score.wrongs]
        for name, lines in by_text.items():
            if lines:
                print(f"\n{name}")
                print("\n".join(lines))


if __name__ == "__main__":
    main()
