"""A reform plan (机构改革方案) paragraph, or a news report quoting one, read into a Proposal:

    将市国土资源局的职责，以及市发改委的组织编制并实施主体功能区规划职责，市住建局的城乡规划管理职责
    整合，组建市自然资源局，作为市政府工作部门，加挂…牌子。不再保留市国土资源局。

A clause naming a body's duties without qualification (…局的职责) merges that body into the new
one; a clause naming some of its duties (…局的城乡规划管理职责) moves those duties only. 不再保留
ends bodies; 将…划入… moves duties between existing bodies. A sentence no rule recognises is
listed for a curator.
"""

from __future__ import annotations

import re

from graph_service.textimport import sentences as s
from graph_service.textimport.proposal import Located, NameRef, Proposal, ProposedBody, ProposedTransfer
from graph_service.textimport.structure import Document, Span, TextStructureError

_FORM = re.compile(r"^将(?P<middle>.+?)(?:整合|合并)[，,]?(?:重新)?组建(?P<new>[^，。；,]+)")
_FORM_NEW = re.compile(r"^(?:新)?组建(?P<new>[^，。；,]+)")
_NO_LONGER = re.compile(r"不再保留(?P<names>[^。；，]+)")
_RENAME = re.compile(r"^将(?P<old>[^，。；]+?)更名为(?P<new>[^，。；,]+)")


def read_plan(document: Document) -> Proposal:
    text = document.text
    body: ProposedBody | None = None
    forming: list[s.Clause] = []  # the sentences that form or rename a body: one event can hold one
    merged: list[NameRef] = []
    transfers: list[ProposedTransfer] = []
    ended: list[NameRef] = []
    unrecognised: list[Located] = []
    renamed_from: list[NameRef] = []
    span = Span(0, len(text)) if not document.articles else None
    spans = [span] if span is not None else [a.span for a in document.articles]
    for block in spans:
        for sentence in s.sentences(text, block):
            if document.title_span is not None and sentence.span.start < document.title_span.end:
                continue
            recognised = False
            renamed = _RENAME.match(sentence.text)
            if renamed:  # 将A更名为B: B takes over from A (a new body; A ends, its duties move)
                recognised = True
                at = sentence.span.start
                old = s.name_ref(text, Span(at + renamed.start("old"), at + renamed.end("old")), None)
                new_ref = s.name_ref(text, Span(at + renamed.start("new"), at + renamed.end("new")), None)
                body = _new_body(text, sentence, new_ref, sentence.text[renamed.end() :])
                renamed_from.append(old)
                forming.append(sentence)
                continue
            formed = _FORM.match(sentence.text) or _FORM_NEW.match(sentence.text)
            if formed:
                recognised = True
                new_span = Span(sentence.span.start + formed.start("new"), sentence.span.start + formed.end("new"))
                new_ref = s.name_ref(text, new_span, None)
                body = _new_body(text, sentence, new_ref, sentence.text[formed.end() :])
                forming.append(sentence)
                if "middle" in formed.groupdict():
                    middle = Span(
                        sentence.span.start + formed.start("middle"), sentence.span.start + formed.end("middle")
                    )
                    for clause in s.clauses(text, middle):
                        found = s.DUTY_CLAUSE.match(clause.text)
                        if found is None:
                            raise TextStructureError(
                                f"characters {clause.span.start}-{clause.span.end} ({clause.text}): "
                                "expected 'X的职责' or 'X的…职责' before 整合，组建"
                            )
                        sources = s.names_in(
                            text,
                            Span(clause.span.start + found.start("sources"), clause.span.start + found.end("sources")),
                            None,
                        )
                        duty = found.group("duty").strip()
                        if not duty:
                            merged.extend(sources)
                        else:
                            transfers.extend(
                                ProposedTransfer(
                                    source=source,
                                    target=new_ref,
                                    duty_text=f"{duty}职责",
                                    at=s.located(text, clause.span, None),
                                )
                                for source in sources
                            )
            for no_longer in _NO_LONGER.finditer(text, sentence.span.start, sentence.span.end):
                recognised = True
                ended.extend(s.names_in(text, Span(no_longer.start("names"), no_longer.end("names")), None))
            if not formed:
                moves = s.moves_in(text, sentence, None)
                if moves:
                    recognised = True
                    transfers.extend(s.transfers(moves))
            if not recognised:
                unrecognised.append(s.located(text, sentence.span, None))
    if len(forming) > 1:
        # one event per text: forming two bodies here would attribute the merges and transfers of
        # one to the other (a provincial plan's seven bodies all "merged into" the last)
        places = "; ".join(f"characters {c.span.start}-{c.span.end} ({c.text[:20]}…)" for c in forming)
        raise TextStructureError(
            f"the text forms or renames {len(forming)} bodies ({places}): an import records one event, "
            "so import each body's sentences as a text of its own"
        )
    if body is None and not transfers and not ended:
        raise TextStructureError("no reform found: a plan paragraph says 将…整合，组建…, 将…职责划入…, or 不再保留…")
    return Proposal(
        kind="plan",
        title=document.title,
        body=body,
        merged=merged,
        renamed_from=renamed_from,
        transfers=transfers,
        ended=ended,
        unrecognised=unrecognised,
    )


def _new_body(text: str, sentence: s.Clause, name: NameRef, rest: str) -> ProposedBody:
    """The body a sentence forms or renames to: its nature from the words after its name
    (…，作为市政府工作部门), its nameplates from the whole sentence (加挂…牌子)."""
    kind, words, rank = s.nature(rest)
    return ProposedBody(
        name=name.written,
        kind=kind,
        kind_text=words,
        rank=rank,
        nameplates=s.nameplates(text, sentence.span, None),
        at=s.located(text, sentence.span, None),
    )
