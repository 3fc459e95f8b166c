"""The genre's formulaic sentences, shared by 三定 regulations and reform plans: what a body is
(…是市人民政府工作部门，为正县级，加挂…牌子), duties moving (将…的…职责，…划入…), bodies no
longer kept (不再保留…), and the catalogue's function keywords for a duty's text."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from graph_service.textimport.proposal import Located, NameRef, ProposedTransfer
from graph_service.textimport.structure import Span

# the wording of a body's nature -> graph_service.domain.enums.BodyKind, most specific first
KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("部门管理机构", "department_managed_body"),
    ("议事协调机构", "commission"),
    ("直属事业单位", "affiliated_institution"),
    ("事业单位", "public_institution"),
    ("派出机构", "vertical_branch"),
    ("人民政府工作部门", "government_department"),
    ("政府工作部门", "government_department"),
    ("委工作机关", "party_organ"),  # 市委工作机关, 县委工作机关, 区委工作机关
    ("党委工作机关", "party_organ"),
    ("综合行政执法", "law_enforcement_team"),
)
_RANK = re.compile(r"为(?P<rank>[正副]?(?:厅|处|县|科|局|乡)级)")
_NAMEPLATE = re.compile(r"加挂(?P<plate>[^，。；、]+?)牌子")
_MOVE_VERB = re.compile(r"(?:划入|划给|划归|划转给|移交给|移交|交由|转由)")
_SENTENCE = re.compile(r"[^。；;\n]+[。；;]?")
DUTY_CLAUSE = re.compile(r"^(?:以及|和|及)?(?P<sources>.+?)的(?P<duty>.*?)(?:等)?职责(?:等)?$")
_NAME_SPLIT = re.compile(r"[、和]")


@dataclass(frozen=True)
class Clause:
    text: str
    span: Span


def located(text: str, span: Span, article: int | None, item: int | None = None) -> Located:
    return Located(article=article, item=item, start=span.start, end=span.end, quote=text[span.start : span.end])


def sentences(text: str, span: Span) -> Iterator[Clause]:
    """The sentences of text[span] (ended by 。 or ；), stripped, with their spans."""
    for match in _SENTENCE.finditer(text, span.start, span.end):
        start, end = match.start(), match.end()
        while start < end and text[start] in " \t\r\n\u3000，,":
            start += 1
        while end > start and text[end - 1] in " \t\r\n\u3000。；;":
            end -= 1
        if start < end:
            yield Clause(text[start:end], Span(start, end))


def name_ref(text: str, span: Span, article: int | None, item: int | None = None) -> NameRef:
    written = text[span.start : span.end]
    former = written.startswith("原")
    start = span.start + 1 if former else span.start
    return NameRef(
        written=text[start : span.end], former=former, at=located(text, Span(start, span.end), article, item)
    )


def names_in(text: str, span: Span, article: int | None, item: int | None = None) -> list[NameRef]:
    """市A局、市B局 (or 市A局和市B局) -> one reference each."""
    refs = []
    cursor = span.start
    for separator in [*_NAME_SPLIT.finditer(text, span.start, span.end), None]:
        end = separator.start() if separator else span.end
        piece = _trim(text, Span(cursor, end))
        # 和 inside a name (发展和改革委员会) is not a separator: a piece must look like a body
        if separator is not None and separator.group() == "和" and not _looks_like_body(text[piece.start : piece.end]):
            continue
        if piece.start < piece.end:
            refs.append(name_ref(text, piece, article, item))
        cursor = separator.end() if separator else span.end
    return refs


def _looks_like_body(name: str) -> bool:
    return bool(re.search(r"(局|委|委员会|办|办公室|部|厅|院|所|站|中心|队|会|处|科|室|社|馆)$", name))


@dataclass(frozen=True)
class Move:
    """One clause of a 将…划入… sentence: sources, the duties named (None: all) and the target."""

    sources: list[NameRef]
    duty: str | None
    target: NameRef
    clause: Located


def moves_in(text: str, sentence: Clause, article: int | None, item: int | None = None) -> list[Move] | None:
    """将A的X职责，B的职责…划入C -> one Move per source clause; None when the sentence is not one."""
    if not sentence.text.startswith("将"):
        return None
    verb = _MOVE_VERB.search(text, sentence.span.start, sentence.span.end)
    if verb is None:
        return None
    target_span = _trim(text, Span(verb.end(), sentence.span.end))
    target_text = text[target_span.start : target_span.end]
    target_text = re.split(r"[，,]|承担|负责|管理$", target_text)[0]
    target = name_ref(text, Span(target_span.start, target_span.start + len(target_text)), article, item)
    moves = []
    for clause in clauses(text, Span(sentence.span.start + 1, verb.start())):
        if clause.text.endswith("划出"):  # 将A的X职责划出，划入B: the same move, said twice
            clause = Clause(clause.text[:-2], Span(clause.span.start, clause.span.end - 2))
        found = DUTY_CLAUSE.match(clause.text)
        if found is None:
            return None  # not the genre's wording: left for a curator
        sources_span = Span(clause.span.start + found.start("sources"), clause.span.start + found.end("sources"))
        duty = found.group("duty").strip() or None
        moves.append(
            Move(
                sources=names_in(text, sources_span, article, item),
                duty=f"{duty}职责" if duty else None,
                target=target,
                clause=located(text, clause.span, article, item),
            )
        )
    return moves or None


def clauses(text: str, span: Span) -> Iterator[Clause]:
    """Split 将…划入's middle on ， and 以及 (but not inside a name)."""
    cursor = span.start
    for separator in [*re.finditer(r"，|,|以及", text[span.start : span.end]), None]:
        end = span.start + separator.start() if separator else span.end
        piece = _trim(text, Span(cursor, end))
        if piece.start < piece.end:
            yield Clause(text[piece.start : piece.end], piece)
        cursor = span.start + separator.end() if separator else span.end


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start] in " \t\r\n\u3000，,":
        start += 1
    while end > start and text[end - 1] in " \t\r\n\u3000，,。；;":
        end -= 1
    return Span(start, end)


def nature(text: str) -> tuple[str | None, str | None, str | None]:
    """(kind, the words that said it, rank) of a sentence such as 是市人民政府工作部门，为正县级."""
    kind = words = None
    for wording, value in KIND_WORDS:
        at = text.find(wording)
        if at >= 0:
            start = text.rfind("是", 0, at)
            words = text[start + 1 if start >= 0 else at : at + len(wording)]
            kind = value
            break
    rank = _RANK.search(text)
    return kind, words, rank.group("rank") if rank else None


def nameplates(text: str, span: Span, article: int | None) -> list[NameRef]:
    return [
        name_ref(text, Span(m.start("plate"), m.end("plate")), article)
        for m in _NAMEPLATE.finditer(text, span.start, span.end)
    ]


# verbs the genre uses everywhere, which contain a function's name (组织 is also "organization")
VERB_PHRASES = re.compile(
    r"组织(?:实施|开展|协调|拟订|编制|指导|起草|推进|落实|制定|领导|管理|做好|引导|贯彻|执行|研究|监督)"
)


def keywords(name: str) -> list[str]:
    """A function's keywords: its name, and the parts of a name joined by 和 that are long
    enough to say something alone (人力资源和社会保障 -> 人力资源, 社会保障)."""
    parts = [part for part in name.split("和") if len(part) >= 4] if "和" in name else []
    return [name, *parts]


def function_of(duty: str, catalogue: Mapping[str, str]) -> tuple[str | None, str | None]:
    """The catalogue function whose keywords the duty's text contains: (code, None), or
    (None, why) when none or several do (docs/import.md, "Fields")."""
    text = VERB_PHRASES.sub("", duty)
    found = {
        code: max((k for k in keywords(name) if k in text), key=len)
        for code, name in catalogue.items()
        if name and any(k in text for k in keywords(name))
    }
    # a keyword inside another function's longer one (规划 in 城乡规划) gives way to it
    kept = {c: k for c, k in found.items() if not any(k != other and k in other for other in found.values())}
    if len(kept) == 1:
        return next(iter(kept)), None
    if not kept:
        return None, "no function of the catalogue is named in the text"
    return None, "several functions are named: " + ", ".join(sorted(kept))


def transfers(moves: list[Move]) -> list[ProposedTransfer]:
    """One transfer per source of each move (将A、B的X职责划入C: A's and B's)."""
    return [
        ProposedTransfer(source=source, target=move.target, duty_text=move.duty, at=move.clause)
        for move in moves
        for source in move.sources
    ]
