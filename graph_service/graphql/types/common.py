"""Small types every area uses: dates as precise as their source, fields of government,
documents, and the Sourced interface."""

from __future__ import annotations

import datetime as dt

import strawberry

from graph_service.graphql.enums import Confidence, DatePrecision


@strawberry.type(
    description="A date as precise as its source: the text as written and the first and last day it may mean."
)
class PartialDate:
    text: str = strawberry.field(
        description='As written: "2019", "2019-06", "2019-03-31" or a window "2018-11/2019-03-31".'
    )
    precision: DatePrecision = strawberry.field(description="year, month, day or window.")
    earliest: dt.date = strawberry.field(description="The first day the date may mean.")
    latest: dt.date = strawberry.field(description="The last day the date may mean.")


@strawberry.type(description="A field of government that bodies cover: the base of vertical correspondence.")
class Function:
    code: str = strawberry.field(description="Stable code, e.g. natural_resources.")
    name: str = strawberry.field(description="Chinese name of the field.")
    name_en: str = strawberry.field(description="English name of the field.")


@strawberry.interface(
    description="An object with an id unique to what it shows, which `node(id:)` fetches again. Objects "
    "whose fields depend on a date carry the date in their id (a body: `620700.natural_resources@2019-12-24`), "
    "so client caches keep each date apart; their stable id is a field of its own (docs/api.md, Identity)."
)
class Node:
    id: strawberry.ID = strawberry.field(description="Unique to what this object shows.")


@strawberry.type(description="A document that facts rest on: a reform plan, a 三定 notice, an article, a web page.")
class Document(Node):
    id: strawberry.ID = strawberry.field(description="Stable id, e.g. doc.article-2019.")
    title: str = strawberry.field(description="Title as published (or a faithful paraphrase, said in the seed's note).")
    kind: str = strawberry.field(
        description="article, reform_plan, sanding, notice, decision, web_page, dataset or yearbook."
    )
    issuer: str | None = strawberry.field(description="Who issued or published it.")
    url: str | None = strawberry.field(description="Where it was read, if public.")
    date: PartialDate | None = strawberry.field(description="When it was issued or published.")
    confidence: Confidence = strawberry.field(
        description="confirmed: its text or a page quoting it was seen; inferred: a source says it exists."
    )


@strawberry.type(description="Where in a document a fact stands: the section or paragraph, or its words.")
class Citation:
    document: Document | None = strawberry.field(description="The document cited.")
    locator: str | None = strawberry.field(description="Section, paragraph or page, e.g. 三、深入检视 · 三是.")
    quote: str | None = strawberry.field(
        description="The source's words that state the fact (checked against the text where the seed holds it)."
    )


@strawberry.interface(description="Where a fact comes from.")
class Sourced:
    confidence: Confidence = strawberry.field(
        description="confirmed: a source states it; "
        "inferred: completed from the national template or by reasoning (see note)."
    )
    note: str | None = strawberry.field(description="For inferred facts: what they were inferred from.")
    sources: list[Document] = strawberry.field(description="The documents that support this fact.")
    citations: list[Citation] = strawberry.field(
        description="The references that say where in a document the fact stands (a subset of `sources`)."
    )
    inferred_parts: list[str] = strawberry.field(
        description="For a CONFIRMED fact: the fields that are inferred (the rest a source states; `note` says "
        "from what); empty when all of it is confirmed, or when the whole fact is INFERRED."
    )


@strawberry.type(description="A duty (职责), an item of a 三定 regulation; it may move between bodies over time.")
class Duty(Sourced, Node):
    id: strawberry.ID = strawberry.field(description="Stable id, e.g. duty.620700.fire_design_review.")
    text: str = strawberry.field(description="The duty as the 三定 or the source words it (Chinese).")
    text_en: str | None = strawberry.field(description="An English rendering.")
    function: Function | None = strawberry.field(description="The field it belongs to.")
