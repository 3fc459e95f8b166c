"""Read any official text without the graph (`orggraph import-text --parse`): its genre, one
event per change it states, the bodies a 三定 describes, counts, dates, and what was not read.

Sentence by sentence, every rule applies to every genre (a news item quotes a plan; a plan
lists a structure). A sentence that forms several bodies gives an event for each; the merges and
transfers of a 将…整合，组建X sentence belong to X alone; a 不再保留 belongs to the event just
before it only when the bodies it ends are that event's merged bodies, otherwise it is an event
of its own. A sentence that names a body and that no rule reads goes to `unread`, never to a
guess.

Matching runs on a view of the text of the same length (byte-order mark, full-width ASCII and
ideographic spaces folded), so every locator quotes the text as given. Every pattern's
quantifiers are bounded or anchored on a literal, so reading time grows linearly with the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import opencc
import yaml

from graph_service.paths import SEED_DIR
from graph_service.textimport import sentences as s
from graph_service.textimport.parsed import (
    Body,
    Count,
    DateStated,
    Duty,
    Event,
    FormedBody,
    Genre,
    Locator,
    ManagedBy,
    Merge,
    NamedBody,
    Nameplate,
    ParsedText,
    Renaming,
    Staffing,
    Transfer,
    Unread,
)
from graph_service.textimport.structure import Span, chinese_number, number_in, to_chinese

_FOLD = {0xFEFF: " ", 0x3000: " ", **{code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}}
_CN = "[零〇一二两三四五六七八九十百]"
_NUM = rf"(?:[0-9]{{1,4}}|{_CN}{{1,5}})"
_BODY_END = "(?:局|委员会|委|办公室|办|厅|部|署|院|中心|所|站|队|会|处|科|室|社|馆)"
_HAN = "[\u4e00-\u9fff]"

_SENTENCE = re.compile(r"[^。；;！!？?\n]{1,2000}")
_ARTICLE = re.compile(rf"(?:^|(?<=[。\n]))[ \t]{{0,4}}第(?P<n>{_CN}{{1,5}})条")
_ITEM = re.compile(rf"(?:^|(?<=[：:；;。\n]))[ \t]{{0,4}}[(（](?P<n>{_CN}{{1,4}})[)）][ \t]{{0,2}}")

_FORM = re.compile(r"(?P<re>重新)?组建(?!的|工作|过程|方案|后)(?P<names>[^，。；,：:是为后的]{2,80})")
_FOUNDED = re.compile(r"(?:新成立|成立了|新设立|单独设立)(?P<names>[^，。；,：:是为后的]{2,60})")
_INTEGRATE_AFTER = re.compile(r"整合(?P<middle>[^。；]{2,600}?)[,，]?(?:重新)?组建")
_HOLDER_INTEGRATES = re.compile(r"(?P<into>[^，。；,：:]{2,30}?)整合(?P<middle>[^。；]{2,300}?)职责")
_INTEGRATE = re.compile(r"将(?P<middle>[^。；]{2,600}?)(?:等)?(?:进行)?(?:整合|合并)")
_RENAME = re.compile(
    r"(?:将)?(?P<old>[^，。；将,]{2,120}?)(?:正式|统一)?(?:更名为|改为|调整为|改设为)(?P<new>[^，。；,]{2,40})"
)
_RENAMED_FROM = re.compile(r"(?P<new>[^，。；,由]{2,40}?)由(?:原)?(?P<old>[^，。；,由]{2,40}?)更名(?:设置|而来|组建)?")
_HOSTED_STILL = re.compile(r"仍在(?P<host>[^，。；,]{2,30}?)挂牌")
_HOSTED_MOVED = re.compile(r"由在(?P<old>[^，。；,]{2,30}?)挂牌[,，]?调整为在(?P<new>[^，。；,]{2,30}?)挂牌")
_NO_LONGER = re.compile(r"不再(?:保留|设立|单设)(?P<names>[^。；，,]{2,200})")
_ABOLISH = re.compile(r"(?:撤销|撤并)(?P<names>[^。；，,]{2,200})")
_PLATE = re.compile(r"(?P<verb>不再加挂|对外保留|保留|加挂)(?P<plate>[^，。；、]{2,40}?)牌子")
_SHOULDER = re.compile(
    rf"(?:将)?(?P<src>[^，。；,将]{{2,60}}?{_BODY_END})(?:[(（][^)）]{{1,30}}[)）])?(?:所)?(?:承担)?的?"
    rf"(?P<duty>[^，。；,]{{0,60}}?)(?:职责|职能)(?:等)?(?:整合)?"
    r"(?P<verb>划入|划转至|划转到|划转给|划归|划给|移交至|移交给|移交|交由)(?P<to>[^，。；,]{2,40})"
)
_PLATE_ACTIONS: dict[str, Literal["add", "keep", "remove"]] = {
    "加挂": "add",
    "保留": "keep",
    "对外保留": "keep",
    "不再加挂": "remove",
}
_MANAGED = re.compile(
    r"由(?P<manager>[^，。；由,的]{2,30}?)(?:统一)?(?:领导和管理|管理|领导|归口管理)|为(?P<manager2>[^，。；为,的]{2,30}?)管理的"
)
_ESTABLISHED_BODY = re.compile(
    rf"(?P<name>[^\s，,。；、为的与了在是将由“”\"()（）:：]{{2,30}}?{_BODY_END})[”\"]?(?:正式)?(?:挂牌成立|挂牌运行|揭牌成立|揭牌|挂牌)"
)
_COUNT_WORDS = (
    "党政机构|党委机构|政府机构|政府工作部门|党委工作机关|工作机关|部门管理机构|派出机构|直属事业单位|事业单位"
    "|议事协调机构|内设机构|职能部门|工作部门|股室和直属单位|股室|科室|处室|职能科|直属单位|二级单位|下属单位|机构"
)
_SECTIONS = re.compile(r"内设(?!机构和人员)(?:机构)?[:：]?(?P<list>[^。；，,：:《》]{2,600})")
_COUNT_TAIL = re.compile(rf"{_NUM}个[^、]{{0,12}}$")
_COUNT = re.compile(rf"(?P<what>{_COUNT_WORDS})(?:共|为)?(?P<n>{_NUM})个")
_INTO_SELF = re.compile(r"^划入(?:原)?由?(?P<src>[^，。；,]{2,40}?)承担的(?P<duty>[^，。；,]{1,60}?)(?:职能|职责)")
_COUNT_BEFORE = re.compile(rf"(?P<n>{_NUM})个(?P<what>{_COUNT_WORDS})")
_DATE = r"(?P<d>(?:[0-9]{4}年)?[0-9]{1,2}月[0-9]{1,2}日(?:至[0-9]{1,2}日)?|[0-9]{4}年[0-9]{1,2}月|[0-9]{4}年)"
_EFFECTIVE = re.compile(rf"自{_DATE}起(?:施行|执行|实施)")
_ESTABLISHED = re.compile(rf"{_DATE}[^。]{{0,40}}?(?:挂牌成立|正式挂牌|挂牌|揭牌|正式运行|正式成立)")
_ISSUED = re.compile(rf"{_DATE}[^。，,]{{0,12}}?印发")
_PUBLISHED = re.compile(
    r"(?:^|(?<=\n))(?![^\n]{0,20}?(?:归档|成文))[^\n]{0,20}?(?P<d>[0-9]{4}[-/.年][0-9]{1,2}[-/.月][0-9]{1,2}日?)"
)
_SHORT_NAME = re.compile(r"(?P<full>[^（(，,。\n]{2,40})[（(]以下简称(?P<short>[^）)]{1,20})[）)]")
_DUTIES_OF = re.compile(rf"(?P<name>[^,，。\n:：;；]{{2,30}}?{_BODY_END})(?:的)?主要职责")
_PART = re.compile(r"(?:^|(?<=\n))[ \t]{0,4}(?P<n>[一二三四五六七八九十]{1,3})、")
_TITLE_SUFFIX = re.compile(r"(?:的)?(?:主要)?职能配置、?内设机构和人员编制规定|(?:主要)?职责内设机构和人员编制规定")
_STAFFING = re.compile(rf"(?:行政|事业|机关行政)?编制(?P<n>{_NUM})名")
_POSTS = re.compile(rf"(?:行政编制|行政编)(?P<n>{_NUM})(?:名|个)")
_LEADERS = re.compile(rf"(?P<l>(?:{_HAN}{{1,8}}?{_NUM}名[（(]?[^，。；]{{0,20}}?[）)]?[，、]?){{1,8}})")
_DUTY_CLAUSE = re.compile(r"^(?:以及|和|及)?(?P<sources>.+?)的(?P<duty>.*?)(?:等)?(?:职责|职能)(?:等)?$")
_CLAUSE_BREAK = re.compile(r"[，,；;]|以及|(?<=职责)[、和及]|(?<=职能)[、和及]")
#: wording of a body's nature that graph_service.textimport.sentences.KIND_WORDS does not hold
_MORE_KIND_WORDS = (
    ("组成部门", "government_department"),
    ("直属特设机构", "government_department"),
    ("直属机构", "government_department"),
)
_PLACE_HEAD = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:自治区|自治县|自治州|省|区|县|市|州|旗)(?=.)")
_PLACE_ONLY = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:自治县|自治州|区|县|市|州|旗)")
_NOT_A_NAME = re.compile(r"[0-9]|个|^各|^我|全部$|^本")
_UNNAMED = ("相关部门", "有关部门", "相关单位", "有关单位", "各部门")
_HEADING = re.compile(rf"[ \t]{{0,4}}第{_CN}{{1,5}}条[ \t]{{0,4}}")
_NAME_EDGE = " \t，,、“”\"「」《》'：:"
_QUALIFIERS = ("新组建的", "新组建", "单设的", "单独设置的", "原来的", "原", "有关")
_PLACE = re.compile(
    r"(?<![\u4e00-\u9fff])(?:中共)?(?P<p>[\u4e00-\u9fff]{2,6}?(?:自治区|省|自治州|市|州|盟|自治县|县|区|旗))"
)
_LEAD_INS = ("为了规范", "为规范", "为了", "根据", "关于")


def fold(text: str) -> str:
    """The text with BOM, ideographic spaces and full-width ASCII folded and traditional
    characters read as simplified (OpenCC), character for character: the same length, so an
    offset in the view is one in the text."""
    return simplified(text).translate(_FOLD)


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Traditional characters as simplified ones, keeping every offset: OpenCC's conversion of the
    whole text when it keeps the length (its phrases almost always do), else character by
    character, a character whose conversion is not one character kept as it is."""
    converter = _converter()
    whole: str = converter.convert(text)
    if len(whole) == len(text):
        return whole
    return "".join(c if len(c := converter.convert(ch)) == 1 else ch for ch in text)


@lru_cache(maxsize=1)
def seed_catalogue(seed_dir: Path = SEED_DIR) -> dict[str, str]:
    """The catalogue of functions (code -> name) from the seed's files: parsing needs no database."""
    data = yaml.safe_load((seed_dir / "common" / "functions.yaml").read_text(encoding="utf-8"))
    return {entry["code"]: entry["name"] for entry in data["functions"]}


def parse_text(text: str, *, genre: Genre | None = None, catalogue: Mapping[str, str] | None = None) -> ParsedText:
    """Read `text` (any genre; `genre` forces one) into events, bodies, counts, dates and what
    was not read. Needs no database; `catalogue` (code -> name) assigns duties their field."""
    return _Reader(text, catalogue if catalogue is not None else seed_catalogue()).read(genre)


def nature(text: str) -> tuple[str | None, str | None]:
    """(kind, rank) from wording such as 作为市政府组成部门，为正县级."""
    kind, _, rank = s.nature(text)
    if kind is None:
        kind = next((value for words, value in _MORE_KIND_WORDS if words in text), None)
    return kind, rank


def field_of(duty: str, catalogue: Mapping[str, str]) -> tuple[str | None, str | None]:
    """The catalogue function a duty's words name most often (its name, or for a name joined by 和
    its parts), once the genre's verbs that contain a function's name (组织实施 …) are set
    aside and a keyword inside another function's longer one has given way to it; a tie or
    no term leaves it unassigned, with the reason."""
    text = s.VERB_PHRASES.sub("", simplified(duty))
    scores: dict[str, tuple[int, str]] = {}
    for code, name in catalogue.items():
        found = [k for k in s.keywords(name) if k and k in text]
        if found:
            longest = max(found, key=len)
            scores[code] = (
                sum(text.count(k) for k in set(found) if not any(k != o and k in o for o in found)),
                longest,
            )
    kept = {c: v for c, v in scores.items() if not any(v[1] != o[1] and v[1] in o[1] for o in scores.values())}
    if not kept:
        return None, "no function of the catalogue is named in the text"
    ranked = sorted(kept.items(), key=lambda item: -item[1][0])
    if len(ranked) > 1 and ranked[0][1][0] == ranked[1][1][0]:
        tied = sorted(code for code, value in ranked if value[0] == ranked[0][1][0])
        return None, "several functions are named as often: " + ", ".join(tied)
    return ranked[0][0], None


def same_body(a: str, b: str) -> bool:
    """市应急管理局 and 威海市应急管理局: the same body, written with and without its place."""
    if a == b:
        return True
    short, long = sorted((simplified(a), simplified(b)), key=len)
    return long.endswith(short) and _PLACE_HEAD.match(long[: len(long) - len(short) + 1] + "x") is not None


def looks_like_body(name: str) -> bool:
    """A name a rule may take for a body: it ends as bodies do, and is no phrase about several
    (我市13个区乡村振兴局全部, 各区乡村振兴局)."""
    return bool(name) and re.search(f"{_BODY_END}$", name) is not None and not _NOT_A_NAME.search(name)


def detect_genre(view: str) -> Genre:
    if _ARTICLE.search(view) and ("职能配置" in view or "主要职责" in view or "人员编制" in view):
        return "sanding"
    if "主要职责" in view and _ITEM.search(view):  # a 三定 as reposted: without 第N条
        return "sanding"
    if re.search(r"设置党政机构|党政机构共?[0-9一二三四五六七八九十]{1,4}个", view):
        return "structure"
    if "挂牌" in view or "揭牌" in view:
        return "news"
    if "组建" in view or "不再保留" in view or "更名为" in view:
        return "plan"
    if "划入" in view or "划转" in view or "交由" in view:
        return "transfer"
    return "unknown"


@dataclass
class _Draft:
    """An event being read, and the bodies its merges may name again (不再保留 …)."""

    type: str
    formed: list[FormedBody] = field(default_factory=list)
    ended: list[NamedBody] = field(default_factory=list)
    renamed: list[Renaming] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    transfers: list[Transfer] = field(default_factory=list)
    nameplates: list[Nameplate] = field(default_factory=list)
    managed_by: list[ManagedBy] = field(default_factory=list)

    def event(self) -> Event:
        return Event.model_validate(
            {
                "type": self.type,
                "formed": self.formed,
                "ended": self.ended,
                "renamed": self.renamed,
                "merges": self.merges,
                "transfers": self.transfers,
                "nameplates": self.nameplates,
                "managedBy": self.managed_by,
            }
        )


@dataclass
class _BodyDraft:
    kind: str | None = None
    rank: str | None = None
    duties: list[Duty] = field(default_factory=list)
    sections: list[NamedBody] = field(default_factory=list)
    staffing: Staffing | None = None


class _Reader:
    def __init__(self, text: str, catalogue: Mapping[str, str]) -> None:
        self.text = text
        self.view = fold(text)
        self.catalogue = catalogue
        self.events: list[_Draft] = []
        self.bodies: list[Body] = []
        self.counts: list[Count] = []
        self.dates: list[DateStated] = []
        self.unread: list[Unread] = []

    # --- helpers -------------------------------------------------------------------------

    def at(self, start: int, end: int, article: int | None = None, item: int | None = None) -> Locator:
        return Locator(start=start, end=end, quote=self.text[start:end], article=article, item=item)

    def name(self, start: int, end: int) -> tuple[str, str | None, int]:
        """A body's name between start and end, cleaned: quotes and a bracketed second name
        dropped, a qualifier (单设的, 原, 承担行政职能的事业单位 …) set apart. (name, qualifier, start)."""
        view = self.view
        while start < end and view[start] in _NAME_EDGE:
            start += 1
        while end > start and view[end - 1] in _NAME_EDGE:
            end -= 1
        if end > start and view[end - 1] == ")":  # 区委农村工作办公室(区政府农村工作办公室)
            opening = view.rfind("(", start, end)
            if opening > start:
                end = opening
                while end > start and view[end - 1] in _NAME_EDGE:
                    end -= 1
        heading = _HEADING.match(view, start, end)
        if heading:
            start = heading.end()
        written = view[start:end]
        quoted = written.rfind("“")
        if quoted >= 0:  # 标志着“平江县市场和质量监督管理局”: the name is what the quotes hold
            closing = written.find("”", quoted)
            start, end = start + quoted + 1, start + closing if closing > quoted else end
            written = view[start:end]
        qualifier = None
        if "的" in written[:-1]:  # 承担行政职能的事业单位区农业资源开发局
            cut = written.rindex("的") + 1
            qualifier, written, start = self.text[start : start + cut], written[cut:], start + cut
        else:
            prefix = next((q for q in _QUALIFIERS if written.startswith(q) and len(written) > len(q) + 1), None)
            if prefix:
                qualifier, written, start = prefix, written[len(prefix) :], start + len(prefix)
        for tail in ("等部门", "等单位", "等机构", "等"):
            if written.endswith(tail) and len(written) > len(tail) + 1:
                written = written[: -len(tail)]
        return self.text[start : start + len(written)], qualifier, start

    @staticmethod
    def shared_suffix(names: list[str]) -> list[str]:
        """江岸区、江汉区、洪山区人民政府扶贫开发办公室 -> each district's office: places listed
        before the last name share its words after its own place."""
        if len(names) < 2:
            return names
        last = _PLACE_HEAD.match(names[-1])
        if last is None or not all(_PLACE_ONLY.fullmatch(n) for n in names[:-1]):
            return names
        suffix = names[-1][last.end() :]
        return [n + suffix for n in names[:-1]] + [names[-1]]

    def names(self, start: int, end: int) -> Iterator[tuple[str, str | None, int]]:
        """市A局、市B局和市C局 -> each name (和 inside a name, 发展和改革委员会, is not a separator,
        nor is anything inside brackets)."""
        cursor = start
        depth = 0
        separators: list[tuple[int, int, str]] = []
        for match in re.finditer(r"[(（]|[)）]|[、，,]|以及|和|及", self.view[start:end]):
            token = match.group()
            if token in "(（":
                depth += 1
            elif token in ")）":
                depth = max(0, depth - 1)
            elif depth == 0:
                separators.append((start + match.start(), start + match.end(), token))
        for separator in [*separators, None]:
            cut = separator[0] if separator else end
            piece = self.view[cursor:cut].strip()
            bare = re.sub(r"[(（][^)）]*[)）]$", "", piece)
            if separator is not None and separator[2] in ("和", "及") and not re.search(f"{_BODY_END}$", bare):
                continue
            if piece:
                yield self.name(cursor, cut)
            cursor = separator[1] if separator else end

    def sentences(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        for match in _SENTENCE.finditer(self.view, start, end):
            a, b = match.start(), match.end()
            while a < b and self.view[a] in " \t，,":
                a += 1
            while b > a and self.view[b - 1] in " \t":
                b -= 1
            if a < b:
                yield a, b

    def add_unread(self, start: int, end: int, reason: str) -> None:
        self.unread.append(Unread(quote=self.text[start:end], locator=self.at(start, end), reason=reason))

    # --- the whole text --------------------------------------------------------------------

    def read(self, forced: Genre | None) -> ParsedText:
        genre = forced or detect_genre(self.view)
        if genre == "sanding":
            self.read_sanding(self.parts())
        else:
            previous: _Draft | None = None
            for start, end in self.sentences(0, len(self.view)):
                previous = self.read_sentence(start, end, previous)
        self.read_counts()
        self.read_dates()
        best = next(
            (d for what in ("effective", "established", "issued", "published") for d in self.dates if d.what == what),
            None,
        )
        return ParsedText(
            genre=genre,
            place=self.place(),
            date=best,
            dates=self.dates,
            events=[draft.event() for draft in self.events],
            bodies=self.bodies,
            counts=self.counts,
            unread=self.unread,
        )

    def place(self) -> str | None:
        for draft in self.events:
            for body in draft.formed:
                found = _PLACE.match(body.name)
                if found and len(found.group("p")) < len(body.name):
                    return found.group("p")
        for found in _PLACE.finditer(self.view[:300]):
            if not re.search("[组建整合职责保留的将和及等第按照全各本我]", found.group("p")):
                return found.group("p")
        return None

    # --- plans, news, transfers: sentence by sentence --------------------------------------

    def read_sentence(self, start: int, end: int, previous: _Draft | None) -> _Draft | None:
        view = self.view
        sentence = view[start:end]
        read = False
        here: list[_Draft] = []

        renamed = _RENAME.search(view, start, end) or _RENAMED_FROM.search(view, start, end)
        if renamed:
            draft = _Draft("renamed")
            new, _, new_start = self.name(renamed.start("new"), renamed.end("new"))
            olds = self.shared_suffix([n for n, _, _ in self.names(renamed.start("old"), renamed.end("old"))])
            if not re.search(f"{_BODY_END}$", new):
                olds = []
            for old in (o for o in olds if re.search(f"{_BODY_END}$", o)):
                draft.renamed.append(
                    Renaming.model_validate(
                        {"from": old, "to": new, "locator": self.at(renamed.start(), renamed.end())}
                    )
                )
            kind, rank = nature(view[renamed.end() : end])
            if (kind or rank) and draft.renamed:
                draft.formed.append(
                    FormedBody(name=new, kind=kind, rank=rank, locator=self.at(new_start, new_start + len(new)))
                )
            if draft.renamed:
                self.read_hosting(draft, new, start, end)
                here.append(draft)
                read = True

        for formed in [*_FORM.finditer(view, start, end), *_FOUNDED.finditer(view, start, end)]:
            names_end = formed.end("names")
            tail = view[names_end:end]
            kind, rank = nature(tail.split("。")[0])
            found = [
                (name, qualifier, at)
                for name, qualifier, at in self.names(formed.start("names"), names_end)
                if looks_like_body(name)
            ]
            for name, qualifier, at in found:
                draft = _Draft("reformed" if formed.groupdict().get("re") else "formed")
                draft.formed.append(
                    FormedBody(
                        name=name, kind=kind, rank=rank, qualifier=qualifier, locator=self.at(at, at + len(name))
                    )
                )
                here.append(draft)
            integrate = _INTEGRATE.search(view, start, formed.start()) or _INTEGRATE_AFTER.search(
                view, start, formed.end()
            )
            if integrate is None and len(found) == 1:  # 新成立X后，…将A的职责…等整合
                integrate = _INTEGRATE.search(view, formed.end(), end)
            if (
                integrate
                and len(found) == 1
                and integrate.end("middle") <= max(formed.start(), integrate.start("middle"))
            ):
                self.read_integration(here[-1], integrate.start("middle"), integrate.end("middle"), found[0][0])
            read = read or bool(found)

        if not here:  # 省文化和旅游厅整合省文化厅、省旅游发展委员会、省文物局职责
            holder = _HOLDER_INTEGRATES.search(view, start, end)
            if holder:
                into, qualifier, at = self.name(holder.start("into"), holder.end("into"))
                if re.search(f"{_BODY_END}$", into):
                    draft = _Draft("formed")
                    draft.formed.append(
                        FormedBody(
                            name=into, kind=None, rank=None, qualifier=qualifier, locator=self.at(at, at + len(into))
                        )
                    )
                    self.read_integration(draft, holder.start("middle"), holder.end("middle") + 2, into)
                    here.append(draft)
                    read = True

        if not here:
            for established in _ESTABLISHED_BODY.finditer(view, start, end):
                name, qualifier, at = self.name(established.start("name"), established.end("name"))
                if not looks_like_body(simplified(name)):
                    continue
                draft = _Draft("formed")
                draft.formed.append(
                    FormedBody(
                        name=name, kind=None, rank=None, qualifier=qualifier, locator=self.at(at, at + len(name))
                    )
                )
                here.append(draft)
                read = True

        owner = here[-1] if here else None
        body_name = owner.formed[-1].name if owner and owner.formed else None
        for plate in _PLATE.finditer(view, start, end):
            target = owner or previous or self.new_draft("transferred", here)
            target.nameplates.append(self.nameplate(plate, body_name))
            read = True

        for managed in _MANAGED.finditer(view, start, end):
            if owner is None or body_name is None:
                continue
            owner.managed_by.append(self.managed(managed, body_name))
            read = True

        for pattern in (_NO_LONGER, _ABOLISH):
            for ending in pattern.finditer(view, start, end):
                ended = [
                    NamedBody(name=n, locator=self.at(at, at + len(n)))
                    for n, _, at in self.names(ending.start("names"), ending.end("names"))
                    if looks_like_body(simplified(n))
                ]
                merged = {m.source for m in previous.merges} if previous else set()
                if owner is not None:
                    owner.ended.extend(ended)
                elif previous is not None and ended and all(e.name in merged for e in ended):
                    previous.ended.extend(ended)
                elif ended:
                    draft = _Draft("ended", ended=ended)
                    self.events.append(draft)
                read = read or bool(ended)

        posts = _POSTS.search(view, start, end)
        if posts:  # …局行政编制25名，设局长1名…: the staffing of the body the text is about
            self.read_posts(start, end, posts, body_name)
            read = True

        for listed in _SECTIONS.finditer(view, start, end):
            self.read_section_list(start, listed.start(), listed.start("list"), listed.end("list"), body_name)
            read = True

        if owner is None:
            moved = self.read_transfers(start, end)
            if moved:
                draft = _Draft("transferred", transfers=moved)
                here.append(draft)
                read = True

        here = [self.adopt(draft) for draft in here]
        self.events.extend(draft for draft in here if draft not in self.events)
        if (
            not read
            and re.search(f"{_BODY_END}", sentence)
            and re.search("职责|职能|组建|机构|牌子|保留|撤销|划", sentence)
        ):
            self.add_unread(start, end, "names a body, but no reading rule matches the sentence")
        return here[-1] if here else (previous if read else None)

    def read_hosting(self, draft: _Draft, plate: str, start: int, end: int) -> None:
        """…更名为X，仍在H挂牌 / 由在H挂牌，调整为在K挂牌: X is a nameplate H keeps (or K takes over)."""
        for still in _HOSTED_STILL.finditer(self.view, start, end):
            host, _, _ = self.name(still.start("host"), still.end("host"))
            draft.nameplates.append(
                Nameplate(body=host, nameplate=plate, action="keep", locator=self.at(still.start(), still.end()))
            )
        for moved in _HOSTED_MOVED.finditer(self.view, start, end):
            locator = self.at(moved.start(), moved.end())
            for group, action in (("new", "add"), ("old", "remove")):
                host, _, _ = self.name(moved.start(group), moved.end(group))
                draft.nameplates.append(Nameplate(body=host, nameplate=plate, action=action, locator=locator))

    def read_posts(self, start: int, end: int, posts: re.Match[str], formed: str | None) -> None:
        owner_name = formed or next((e.formed[-1].name for e in reversed(self.events) if e.formed), None)
        owner_name = owner_name or next((b.name for b in reversed(self.bodies)), "")
        leaders = None
        tail = self.view[posts.end() : end]
        if re.search("长|主任|书记", tail):
            leaders = self.text[posts.end() : end].strip(" ,，、设").rstrip("。") or None
        staffing = Staffing(
            quota=number_in(posts.group("n")), leaders=leaders, locator=self.at(posts.start(), posts.end())
        )
        existing = next((b for b in self.bodies if b.name == owner_name), None)
        if existing is None:
            self.bodies.append(Body(name=owner_name, kind=None, rank=None, staffing=staffing))
        elif existing.staffing is None:
            self.bodies[self.bodies.index(existing)] = existing.model_copy(update={"staffing": staffing})

    def read_section_list(self, sentence: int, marker: int, start: int, end: int, formed: str | None) -> None:
        """X内设办公室、人事股…21个股室: the sections of X (the sentence's subject, else the body the
        sentence formed, else the last body the text formed)."""
        tail = _COUNT_TAIL.search(self.view, start, end)
        end = tail.start() if tail else end
        subject = self.view[sentence:marker].strip(" ,，")
        owner_name = formed
        if subject and re.search(f"{_BODY_END}$", subject):
            owner_name, _, _ = self.name(sentence, marker)
        if owner_name is None:
            owner_name = next((e.formed[-1].name for e in reversed(self.events) if e.formed), "")
        sections = [NamedBody(name=n, locator=self.at(at, at + len(n))) for n, _, at in self.names(start, end)]
        if not sections:
            return
        existing = next((b for b in self.bodies if b.name == owner_name), None)
        if existing is None:
            self.bodies.append(Body(name=owner_name, kind=None, rank=None, sections=sections))
        else:
            self.bodies[self.bodies.index(existing)] = existing.model_copy(
                update={"sections": [*existing.sections, *sections]}
            )

    def adopt(self, draft: _Draft) -> _Draft:
        """A body formed again in a later sentence (a news item names the new bureau, then says how
        it was formed) is one change: the earlier event takes what this sentence says."""
        if not draft.formed or draft.type not in ("formed", "reformed"):
            return draft
        name = draft.formed[0].name
        earlier = next(
            (
                e
                for e in self.events
                if e.formed and e.type in ("formed", "reformed") and same_body(e.formed[0].name, name)
            ),
            None,
        )
        if earlier is None or earlier is draft:
            return draft
        if draft.formed[0].kind and not earlier.formed[0].kind:
            earlier.formed[0] = draft.formed[0]
        earlier.type = "reformed" if "reformed" in (earlier.type, draft.type) else earlier.type
        for part in ("ended", "renamed", "merges", "transfers", "nameplates", "managed_by"):
            getattr(earlier, part).extend(getattr(draft, part))
        return earlier

    def nameplate(self, plate: re.Match[str], body: str | None, article: int | None = None) -> Nameplate:
        """加挂/保留/对外保留/不再加挂X牌子, on `body`."""
        return Nameplate(
            body=body,
            nameplate=self.text[plate.start("plate") : plate.end("plate")].strip('“”"「」'),
            action=_PLATE_ACTIONS[plate.group("verb")],
            locator=self.at(plate.start(), plate.end(), article),
        )

    def managed(self, managed: re.Match[str], body: str, article: int | None = None) -> ManagedBy:
        """由X管理 / 为X管理的: `body` managed by X."""
        group = "manager" if managed.group("manager") else "manager2"
        manager, _, _ = self.name(managed.start(group), managed.end(group))
        return ManagedBy(body=body, manager=manager, locator=self.at(managed.start(), managed.end(), article))

    def new_draft(self, type_: str, here: list[_Draft]) -> _Draft:
        draft = _Draft(type_)
        here.append(draft)
        return draft

    def integration_clauses(self, start: int, end: int) -> Iterator[s.Clause]:
        """将A的职责、B的X职责，以及C的职责整合: one clause per 的…职责 (a list of names before one
        的…职责, A、B的职责, stays one clause)."""
        cursor = start
        for separator in [*_CLAUSE_BREAK.finditer(self.view, start, end), None]:
            cut = separator.start() if separator else end
            a, b = cursor, cut
            while a < b and self.view[a] in " \t，,、":
                a += 1
            while b > a and self.view[b - 1] in " \t，,、":
                b -= 1
            if a < b:
                yield s.Clause(self.text[a:b], Span(a, b))
            cursor = separator.end() if separator else end

    def read_integration(self, draft: _Draft, start: int, end: int, into: str) -> None:
        """将A的职责，B的X职责…整合: A merges into the new body, B's X moves to it."""
        last = self.view.rfind("将", start, end)  # 将统筹…，将A的职责…整合: the last 将 starts the list
        if last >= 0:
            start = last + 1
        for clause in self.integration_clauses(start, end):
            partial = re.search("(?:有关|相关|部分)(?:职责|职能)$", fold(clause.text))
            if "的" not in clause.text and partial:  # X有关职责: some of X's duties
                for name, _, _ in self.names(clause.span.start, clause.span.start + partial.start()):
                    draft.transfers.append(
                        Transfer.model_validate(
                            {
                                "duty": self.text[clause.span.start + partial.start() : clause.span.end],
                                "from": name,
                                "to": into,
                                "direction": "in",
                                "locator": self.at(clause.span.start, clause.span.end),
                            }
                        )
                    )
                continue
            if "的" not in clause.text and re.search("(?:职责|职能)$", clause.text):  # A、B、C职责: all of theirs
                names_end = clause.span.end - 2
                for name, _, _ in self.names(clause.span.start, names_end):
                    locator = self.at(clause.span.start, clause.span.end)
                    draft.merges.append(Merge.model_validate({"from": name, "into": into, "locator": locator}))
                continue
            shared = self.shared_ending(clause)
            if shared:  # A的X、B的Y…等管理职责: each source's own duties, the ending shared
                for source_start, source_end, duty_words, piece in shared:
                    for name, _, _ in self.names(source_start, source_end):
                        draft.transfers.append(
                            Transfer.model_validate(
                                {
                                    "duty": duty_words,
                                    "from": None if simplified(name) in _UNNAMED else name,
                                    "to": into,
                                    "direction": "in",
                                    "locator": self.at(*piece),
                                }
                            )
                        )
                continue
            shoulder = re.match(
                r"^(?:以及|和|及)?(?P<src>.+?)(?:所)?承担的(?P<duty>.*?)(?:职责|职能)$", fold(clause.text)
            )
            found = None if shoulder else _DUTY_CLAUSE.match(fold(clause.text))
            if found is None:
                if shoulder is None:
                    self.add_unread(
                        clause.span.start, clause.span.end, "a clause before 整合 that is not 'X的职责' or 'X的…职责'"
                    )
                    continue
                found = shoulder
                source_group = "src"
            else:
                source_group = "sources"
            ending = "职能" if fold(clause.text).rstrip("等").endswith("职能") else "职责"
            src_start = clause.span.start + found.start(source_group)
            src_end = clause.span.start + found.end(source_group)
            duty = found.group("duty").strip()
            locator = self.at(clause.span.start, clause.span.end)
            for name, _, _ in self.names(src_start, src_end):
                source: str | None = None if simplified(name) in _UNNAMED else name
                if source is None:
                    draft.transfers.append(
                        Transfer.model_validate(
                            {
                                "duty": f"{duty}{ending}" if duty else None,
                                "from": None,
                                "to": into,
                                "direction": "in",
                                "locator": locator,
                            }
                        )
                    )
                    continue
                if not duty:
                    draft.merges.append(Merge.model_validate({"from": name, "into": into, "locator": locator}))
                else:
                    draft.transfers.append(
                        Transfer.model_validate(
                            {"duty": f"{duty}{ending}", "from": name, "to": into, "direction": "in", "locator": locator}
                        )
                    )

    def shared_ending(self, clause: s.Clause) -> list[tuple[int, int, str, tuple[int, int]]] | None:
        """区发改委的农业投资项目、国土资源部门的农田整治项目、区水利局的…等管理职责 -> for each
        piece: (its source's span, its duties with the shared ending, the piece's span); None when
        the clause is not such a list."""
        view, base = fold(clause.text), clause.span.start
        ending = re.search(r"等(?P<end>[^、的等]{0,8}?(?:职责|职能))$", view)
        if ending is None or "、" not in view[: ending.start()]:
            return None
        cuts = [0]
        for separator in re.finditer("、", view[: ending.start()]):
            following = view[separator.end() : ending.start()].split("、", 1)[0]
            if "的" in following:
                cuts.append(separator.end())
        if len(cuts) < 2:
            return None
        parts = []
        for index, cut in enumerate(cuts):
            stop = cuts[index + 1] - 1 if index + 1 < len(cuts) else ending.start()
            piece = view[cut:stop]
            if "的" not in piece:
                return None
            source, _, words = piece.partition("的")
            parts.append((base + cut, base + cut + len(source), words + ending.group("end"), (base + cut, base + stop)))
        return parts

    def read_transfers(
        self, start: int, end: int, *, body: str | None = None, article: int | None = None
    ) -> list[Transfer]:
        moved: list[Transfer] = []
        clause = s.Clause(self.text[start:end], Span(start, end))
        for move in s.moves_in(self.text, clause, article) or []:
            for source in move.sources:
                target_name = move.target.written
                direction = "out" if body is not None and source.written == body else "in"
                moved.append(
                    Transfer.model_validate(
                        {
                            "duty": move.duty,
                            "from": source.written,
                            "to": target_name,
                            "direction": direction,
                            "locator": self.at(move.clause.start, move.clause.end, article),
                        }
                    )
                )
        if not moved:
            for shoulder in _SHOULDER.finditer(self.view, start, end):
                giver, _, _ = self.name(shoulder.start("src"), shoulder.end("src"))
                taker, _, _ = self.name(shoulder.start("to"), shoulder.end("to"))
                duty = self.text[shoulder.start("duty") : shoulder.end("duty")].strip()
                moved.append(
                    Transfer.model_validate(
                        {
                            "duty": f"{duty}职能" if duty else None,
                            "from": giver,
                            "to": taker,
                            "direction": "in",
                            "locator": self.at(shoulder.start(), shoulder.end(), article),
                        }
                    )
                )
        return moved

    # --- 三定 regulations ------------------------------------------------------------------

    def parts(self) -> list[tuple[int | None, int, int]]:
        """(article number, start, end) of a 三定's parts: its articles 第N条, else its headings
        一、… (an older layout), else the whole text."""
        headings = list(_ARTICLE.finditer(self.view)) or list(_PART.finditer(self.view))
        if not headings:
            return [(None, 0, len(self.view))]
        found: list[tuple[int | None, int, int]] = []
        if self.view[: headings[0].start()].strip():
            found.append((None, 0, headings[0].start()))
        for index, heading in enumerate(headings):
            end = headings[index + 1].start() if index + 1 < len(headings) else len(self.view)
            number = chinese_number(heading.group("n")) if heading.re is _ARTICLE else None
            found.append((number, heading.end(), end))
        return found

    def read_sanding(self, parts: list[tuple[int | None, int, int]]) -> None:
        view = self.view
        name = self.sanding_name(parts[0][1] if parts[0][0] is not None else 0)
        draft = _Draft("sanding")
        body = _BodyDraft()
        self.events.append(draft)
        for number, start, end in parts:
            lead_end = self.first_item(start, end)
            lead = view[start:lead_end]
            if "制定本规定" in lead or lead.lstrip().startswith("根据"):
                continue
            kind, rank = nature(lead)
            if kind and "是" in lead and not draft.formed:
                subject = lead.split("是")[0].strip(" \t第")
                if subject and re.search(f"{_BODY_END}$", subject):
                    at = start + view[start:lead_end].find(subject)
                    name = name or self.text[at : at + len(subject)]
                    locator = self.at(at, at + len(subject), number)
                else:
                    locator = self.at(start, lead_end, number)
                body.kind, body.rank = kind, rank
                if name or subject:
                    draft.formed.append(FormedBody(name=name or subject, kind=kind, rank=rank, locator=locator))
            draft.nameplates.extend(self.nameplate(plate, name, number) for plate in _PLATE.finditer(view, start, end))
            if name:
                draft.managed_by.extend(
                    self.managed(managed, name, number) for managed in _MANAGED.finditer(view, start, lead_end)
                )
            if lead.lstrip().startswith("将") or "划入" in lead or "划出" in lead:
                for a, b in self.sentences(start, lead_end):
                    draft.transfers.extend(self.read_transfers(a, b, body=name, article=number))
            for a, b in self.sentences(start, lead_end):
                into_self = _INTO_SELF.match(view, a, b)
                if into_self and name:
                    giver, _, _ = self.name(into_self.start("src"), into_self.end("src"))
                    draft.transfers.append(
                        Transfer.model_validate(
                            {
                                "duty": self.text[into_self.start("duty") : into_self.end()][:60],
                                "from": giver,
                                "to": name,
                                "direction": "in",
                                "locator": self.at(a, b, number),
                            }
                        )
                    )
            sections_part = "内设机构" in lead and "内设机构和人员" not in lead
            if not sections_part and ("主要职责" in lead or ("职责" in lead and lead.rstrip().endswith(("：", ":")))):
                for item, a, b in self.items(lead_end, end):
                    words = self.text[a:b].rstrip("。；; \n")
                    if not words.strip() or simplified(words).startswith(("职能转变", "有关职责分工", "职责分工")):
                        continue
                    code, note = field_of(words, self.catalogue)
                    body.duties.append(
                        Duty(
                            item=item,
                            text=words,
                            field=code,
                            fieldNote=note,
                            locator=self.at(a, a + len(words), number, item),
                        )
                    )
            if sections_part:
                items = list(self.items(lead_end, end))
                if items:
                    for item, a, b in items:
                        head = re.split(r"[。，,]", view[a:b], maxsplit=1)[0].strip()
                        section, _, at = self.name(a, a + len(head))
                        if section:
                            body.sections.append(
                                NamedBody(name=section, locator=self.at(at, at + len(section), number, item))
                            )
                else:
                    listed = re.search(r"内设机构[^：:。]{0,12}[：:]", view[start:end])
                    if listed:
                        a = start + listed.end()
                        b = view.find("。", a, end)
                        for section, _, at in self.names(a, b if b >= 0 else end):
                            body.sections.append(
                                NamedBody(name=section, locator=self.at(at, at + len(section), number))
                            )
            staffing = _STAFFING.search(view, start, end)
            if staffing and body.staffing is None:
                quota = number_in(staffing.group("n"))
                leaders = None
                for a, b in self.sentences(staffing.end(), end):
                    if "名" in view[a:b] and re.search("长|主任|书记", view[a:b]):
                        leaders = self.text[a:b].rstrip("。")
                        break
                body.staffing = Staffing(
                    quota=quota, leaders=leaders, locator=self.at(staffing.start(), staffing.end(), number)
                )
        if name:
            self.bodies.append(
                Body(
                    name=name,
                    kind=body.kind,
                    rank=body.rank,
                    duties=body.duties,
                    sections=body.sections,
                    staffing=body.staffing,
                )
            )
        if not draft.formed and name:  # no article says what it is: the words that name it
            at = self.view.find(fold(name))
            locator = self.at(at, at + len(name)) if at >= 0 else self.at(0, 0)
            draft.formed.append(FormedBody(name=name, kind=None, rank=None, locator=locator))

    def sanding_name(self, first_article: int) -> str | None:
        name = self.stated_name(first_article)
        if name is None:  # 東至縣環境保護局主要職責: / 應急管理辦公室的主要職責是
            duties = _DUTIES_OF.search(self.view)
            if duties:
                name = self.name(duties.start("name"), duties.end("name"))[0] or None
        return name

    def stated_name(self, first_article: int) -> str | None:
        short = _SHORT_NAME.search(self.view)
        if short:
            full = short.group("full")
            for lead in _LEAD_INS:
                if full.startswith(lead):
                    full = full[len(lead) :]
            return full.strip() or None
        title = _TITLE_SUFFIX.search(self.view, 0, first_article)
        if title:
            line_start = self.view.rfind("\n", 0, title.start()) + 1
            name = self.view[line_start : title.start()].strip(" 《\t")
            return name or None
        return None

    def first_item(self, start: int, end: int) -> int:
        first = _ITEM.search(self.view, start, end)
        return first.start() if first else end

    def items(self, start: int, end: int) -> Iterator[tuple[int, int, int]]:
        """(number, start, end) of each enumerated item between start and end."""
        markers = list(_ITEM.finditer(self.view, start, end))
        for index, marker in enumerate(markers):
            b = markers[index + 1].start() if index + 1 < len(markers) else end
            a = marker.end()
            while b > a and self.view[b - 1] in " \t\n":
                b -= 1
            yield chinese_number(marker.group("n")), a, b

    # --- counts and dates -------------------------------------------------------------------

    def read_counts(self) -> None:
        seen: set[int] = set()
        for pattern in (_COUNT, _COUNT_BEFORE):
            for match in pattern.finditer(self.view):
                if match.start() in seen:
                    continue
                value = number_in(match.group("n"))
                if value is None:
                    continue
                seen.add(match.start())
                if any(c.what == match.group("what") and c.value == value for c in self.counts):
                    continue  # the same number stated again
                self.counts.append(
                    Count(what=match.group("what"), value=value, locator=self.at(match.start(), match.end()))
                )
        self.counts.sort(key=lambda count: count.locator.start)

    def read_dates(self) -> None:
        taken: set[int] = set()
        for pattern, what in (
            (_EFFECTIVE, "effective"),
            (_ESTABLISHED, "established"),
            (_ISSUED, "issued"),
            (_PUBLISHED, "published"),
        ):
            for match in pattern.finditer(self.view):
                if match.start("d") in taken:
                    continue
                taken.add(match.start("d"))
                written = self.text[match.start("d") : match.end("d")]
                precision = (
                    "day" if re.search(r"日$|[-/][0-9]{1,2}$", written) else "month" if "月" in written else "year"
                )
                self.dates.append(
                    DateStated(
                        text=written, precision=precision, what=what, locator=self.at(match.start(), match.end())
                    )
                )
        self.dates.sort(key=lambda date: date.locator.start)


GENRES: tuple[Genre, ...] = ("sanding", "plan", "news", "structure", "transfer", "unknown")


def summary_lines(parsed: ParsedText) -> list[str]:
    """The parse as a reader scans it: one line per element, with the characters it came from."""

    def where(locator: Locator) -> str:
        parts = [
            f"第{to_chinese(locator.article)}条" if locator.article else "",
            f"（{to_chinese(locator.item)}）" if locator.item else "",
        ]
        return " ".join(p for p in [*parts, f"字{locator.start}–{locator.end}"] if p)

    lines = [f"genre {parsed.genre}; place {parsed.place or '?'}; date {parsed.date.text if parsed.date else '?'}"]
    for number, event in enumerate(parsed.events, start=1):
        lines.append(f"event {number} ({event.type})")
        lines += [
            f"  + {b.name} ({b.kind or 'kind ?'}, {b.rank or 'rank ?'}) [{where(b.locator)}]" for b in event.formed
        ]
        lines += [f"  - {b.name} ends [{where(b.locator)}]" for b in event.ended]
        lines += [f"  ~ {r.old} → {r.new} [{where(r.locator)}]" for r in event.renamed]
        lines += [f"  ⊃ {m.source} merges into {m.into} [{where(m.locator)}]" for m in event.merges]
        lines += [
            f"  → {t.duty or 'all duties'}: {t.source or '(a body not named)'} → {t.target} [{where(t.locator)}]"
            for t in event.transfers
        ]
        lines += [f"  牌 {p.action} {p.nameplate} ({p.body or '?'}) [{where(p.locator)}]" for p in event.nameplates]
        lines += [f"  管 {m.body} managed by {m.manager} [{where(m.locator)}]" for m in event.managed_by]
    for body in parsed.bodies:
        lines.append(f"body {body.name} ({body.kind or 'kind ?'}, {body.rank or 'rank ?'})")
        lines += [
            f"  duty {d.item or '-'} {d.text[:40]} ({d.field or d.field_note}) [{where(d.locator)}]"
            for d in body.duties
        ]
        lines += [f"  section {x.name} [{where(x.locator)}]" for x in body.sections]
        if body.staffing is not None:
            lines.append(f"  staffing {body.staffing.quota} [{where(body.staffing.locator)}]")
    lines += [f"count {c.what} {c.value} [{where(c.locator)}]" for c in parsed.counts]
    lines += [f"date {d.what} {d.text} ({d.precision}) [{where(d.locator)}]" for d in parsed.dates]
    lines += [f"? {u.reason}: {u.quote[:60]} [{where(u.locator)}]" for u in parsed.unread]
    return lines
