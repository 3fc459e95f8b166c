"""A 三定 regulation (《…职能配置、内设机构和人员编制规定》) read into a Proposal.

The genre's articles, in their usual order (docs/import.md): the legal basis (根据…制定本规定);
the body's nature and rank (…是市人民政府工作部门，为正县级，加挂…牌子); the duties moved in or out
(将…的…职责，…划入…); the main duties (主要职责是：(一)…); the internal sections (设下列内设机构：
(一)办公室。负责…); the staffing and leadership posts (行政编制X名。设局长1名，副局长X名); the
interpretation and the date it takes effect (自…起施行). Each article is recognised by its
wording, not its number; an article no rule recognises is listed for a curator, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from graph_service.textimport import sentences as s
from graph_service.textimport.proposal import (
    Located,
    Proposal,
    ProposedBody,
    ProposedDuty,
    ProposedPost,
    ProposedSection,
    ProposedTransfer,
)
from graph_service.textimport.structure import Article, Document, Item, Span, TextStructureError, number_in

_TITLE_SUFFIX = re.compile(r"(?:的)?(?:主要)?职能配置、?内设机构和人员编制规定$|(?:主要)?职责内设机构和人员编制规定$")
_STAFFING = re.compile(r"行政编制(?P<n>[0-9０-９零〇一二两三四五六七八九十百]+)名")
_POST = re.compile(r"(?P<title>[\u4e00-\u9fff（）()]{1,16}?)(?P<n>[0-9０-９一二两三四五六七八九十]+)名")
_EFFECTIVE = re.compile(r"自(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日起施行")
_NOT_DUTIES = ("职能转变", "有关职责分工", "职责分工", "与")  # items of the duties article that are not duties


def read_sanding(document: Document, catalogue: Mapping[str, str]) -> Proposal:
    text = document.text
    name = _body_name(document)
    body: ProposedBody | None = None
    duties: list[ProposedDuty] = []
    sections: list[ProposedSection] = []
    transfers: list[ProposedTransfer] = []
    posts: list[ProposedPost] = []
    staffing = staffing_at = effective = effective_at = None
    unrecognised: list[Located] = []
    for article in document.articles:
        lead = article.lead
        where = s.located(text, article.span, article.number)
        if "制定本规定" in lead or lead.startswith("根据"):
            continue  # the legal basis: the document itself is the source
        if body is None and name and "是" in lead and s.nature(lead)[0] is not None:
            kind, words, rank = s.nature(lead)
            body = ProposedBody(
                name=name,
                kind=kind,
                kind_text=words,
                rank=rank,
                nameplates=s.nameplates(text, article.span, article.number),
                at=where,
            )
            continue
        if "主要职责" in lead and article.items:
            for item in article.items:
                if item.text.startswith(_NOT_DUTIES):
                    unrecognised.append(s.located(text, item.span, article.number, item.number))
                else:
                    duties.append(_duty(text, item, article.number, catalogue))
            continue
        if "内设机构" in lead:
            sections.extend(_sections(text, article, catalogue))
            continue
        staffed = _STAFFING.search(article.text)
        if staffed:
            staffing = number_in(staffed.group("n"))
            staffing_at = s.located(text, _span(article, staffed), article.number)
            posts = _posts(text, article, staffed.end())
            continue
        found = _transfers(text, article)
        if found:
            transfers.extend(found)
            continue
        takes_effect = _EFFECTIVE.search(article.text)
        if takes_effect:
            y, m, d = (int(takes_effect.group(g)) for g in "ymd")
            effective = f"{y:04d}-{m:02d}-{d:02d}"
            effective_at = s.located(text, _span(article, takes_effect), article.number)
            continue
        if "负责解释" in article.text:
            continue
        unrecognised.append(where)
    if body is None:
        raise TextStructureError(
            "no article says what the body is (…是市人民政府工作部门 or similar): "
            + ("the title names no body" if not name else f"the title names {name}")
        )
    return Proposal(
        kind="sanding",
        title=document.title,
        body=body,
        duties=duties,
        sections=sections,
        staffing=staffing,
        staffing_at=staffing_at,
        posts=posts,
        transfers=transfers,
        effective=effective,
        effective_at=effective_at,
        unrecognised=unrecognised,
    )


def _body_name(document: Document) -> str | None:
    if document.title is None:
        return None
    name = _TITLE_SUFFIX.sub("", document.title.strip())
    return name if name != document.title.strip() else None


def _duty(text: str, item: Item, article: int, catalogue: Mapping[str, str]) -> ProposedDuty:
    duty = item.text.rstrip("。；;")
    function, note = s.function_of(duty, catalogue)
    return ProposedDuty(
        text=duty, function=function, function_note=note, at=s.located(text, item.span, article, item.number)
    )


def _sections(text: str, article: Article, catalogue: Mapping[str, str]) -> list[ProposedSection]:
    if article.items:  # (一)办公室。负责机关日常运转…
        found = []
        for item in article.items:
            head, _, rest = item.text.partition("。")
            name_span = Span(item.span.start, item.span.start + len(head))
            duties = []
            if rest.strip():
                rest_start = item.span.start + len(head) + 1
                rest_span = Span(rest_start, item.span.end)
                function, note = s.function_of(rest, catalogue)
                duties.append(
                    ProposedDuty(
                        text=text[rest_span.start : rest_span.end].strip().rstrip("。；;"),
                        function=function,
                        function_note=note,
                        at=s.located(text, rest_span, article.number, item.number),
                    )
                )
            found.append(
                ProposedSection(
                    name=head.strip(), duties=duties, at=s.located(text, name_span, article.number, item.number)
                )
            )
        return found
    # 内设机构：办公室、A科、B科。 (names only)
    colon = re.search(r"内设机构[：:]", article.text) or re.search(r"内设机构", article.text)
    if colon is None:
        return []
    start = article.span.start + colon.end()
    end = text.find("。", start, article.span.end)
    span = Span(start, end if end >= 0 else article.span.end)
    return [ProposedSection(name=ref.written, duties=[], at=ref.at) for ref in s.names_in(text, span, article.number)]


def _posts(text: str, article: Article, after: int) -> list[ProposedPost]:
    posts = []
    for match in _POST.finditer(article.text, after):
        title = re.sub(r"^[。，、；设其中含]+", "", match.group("title"))
        count = number_in(match.group("n"))
        if not title or count is None or "编制" in title:
            continue
        start = article.span.start + match.start("title") + (len(match.group("title")) - len(title))
        posts.append(
            ProposedPost(
                title=title,
                count=count,
                at=s.located(text, Span(start, article.span.start + match.end()), article.number),
            )
        )
    return posts


def _transfers(text: str, article: Article) -> list[ProposedTransfer]:
    found = []
    for sentence in s.sentences(text, article.span):
        found.extend(s.transfers(s.moves_in(text, sentence, article.number) or []))
    return found


def _span(article: Article, match: re.Match[str]) -> Span:
    return Span(article.span.start + match.start(), article.span.start + match.end())
