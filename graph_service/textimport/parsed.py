"""What `orggraph import-text --parse` (and `parseText`) answer: a text read without the graph,
for any place. One event per change the text states (a plan forming seven bodies gives seven
events, each with only what its own sentences say), the bodies a 三定 or a structure list
describes, the counts and dates it gives, and every sentence naming a body that was not fully
read, with the reason. Every element keeps the characters it came from.

The JSON is documented by `schemas/text-parse.schema.json`, exported from these models (a test
keeps the two in sync), so that other tools can read it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Genre = Literal["sanding", "plan", "news", "structure", "transfer", "unknown"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, serialize_by_alias=True)


class Locator(_Model):
    start: int = Field(description="The first character of the text it came from (0-based, in the text as given).")
    end: int = Field(description="One past its last character.")
    quote: str = Field(description="Those characters, exactly.")
    article: int | None = Field(default=None, description="第N条, when the text has articles.")
    item: int | None = Field(default=None, description="（N） within the article or list.")


class DateStated(_Model):
    text: str = Field(description="The date as written, e.g. 2019年2月22日.")
    precision: Literal["day", "window", "month", "year"] = Field(description="window: a span of days (3月20日至21日).")
    what: Literal["effective", "established", "issued", "published"] = Field(
        description="自…起施行, 挂牌成立 / 正式运行, 印发, or the date of a news line."
    )
    locator: Locator


class FormedBody(_Model):
    name: str = Field(description="As the text writes it, without qualifiers (单设的, 新组建的 …).")
    kind: str | None = Field(description="graph_service.domain.enums.BodyKind value, from the text's wording.")
    rank: str | None = Field(description="e.g. 正县级.")
    qualifier: str | None = Field(default=None, description="A qualifier the text put before the name.")
    locator: Locator


class NamedBody(_Model):
    name: str
    locator: Locator


class Renaming(_Model):
    old: str = Field(alias="from")
    new: str = Field(alias="to")
    locator: Locator


class Merge(_Model):
    source: str = Field(alias="from", description="The body whose duties, all of them, go into `into`.")
    into: str
    locator: Locator


class Transfer(_Model):
    duty: str | None = Field(description="The duties named, as written; null: all of the body's duties.")
    source: str | None = Field(alias="from")
    target: str | None = Field(alias="to")
    direction: Literal["in", "out"] = Field(description="Seen from the event's body: duties coming in or going out.")
    locator: Locator


class Nameplate(_Model):
    body: str | None
    nameplate: str
    action: Literal["add", "keep", "remove"] = Field(description="加挂, 保留…牌子, 不再加挂.")
    locator: Locator


class ManagedBy(_Model):
    body: str
    manager: str
    locator: Locator


class Event(_Model):
    type: Literal["formed", "reformed", "renamed", "ended", "transferred", "sanding"] = Field(
        description="What the change is: a body formed (组建), re-formed (重新组建), renamed, bodies ended on "
        "their own (不再保留), duties moved between bodies that stay, or the 三定 of one body."
    )
    formed: list[FormedBody] = Field(default_factory=list)
    ended: list[NamedBody] = Field(default_factory=list)
    renamed: list[Renaming] = Field(default_factory=list)
    merges: list[Merge] = Field(default_factory=list)
    transfers: list[Transfer] = Field(default_factory=list)
    nameplates: list[Nameplate] = Field(default_factory=list)
    managed_by: list[ManagedBy] = Field(default_factory=list, alias="managedBy")


class Duty(_Model):
    item: int | None
    text: str
    field: str | None = Field(description="The catalogue's function code, when its terms decide it.")
    field_note: str | None = Field(default=None, alias="fieldNote", description="Why no field was assigned.")
    locator: Locator


class Staffing(_Model):
    quota: int | None = Field(description="行政编制 (or 事业编制): the posts.")
    leaders: str | None = Field(description="The leadership posts as written, e.g. 局长1名，副局长3名.")
    locator: Locator


class Body(_Model):
    name: str
    kind: str | None
    rank: str | None
    duties: list[Duty] = Field(default_factory=list)
    sections: list[NamedBody] = Field(default_factory=list)
    staffing: Staffing | None = None


class Count(_Model):
    what: str = Field(description="What is counted, as the text words it (党政机构, 政府工作部门 …).")
    value: int
    locator: Locator


class Unread(_Model):
    quote: str
    locator: Locator
    reason: str


class ParsedText(_Model):
    genre: Genre
    place: str | None = Field(description="The place the text is about, as it names it, when it does.")
    date: DateStated | None = Field(description="The date the change takes effect or was made, the best stated.")
    dates: list[DateStated] = Field(default_factory=list, description="Every date the text states, in order.")
    events: list[Event] = Field(default_factory=list)
    bodies: list[Body] = Field(default_factory=list)
    counts: list[Count] = Field(default_factory=list)
    unread: list[Unread] = Field(default_factory=list)


def parse_schema() -> dict[str, object]:
    """The JSON Schema of the parse, as schemas/text-parse.schema.json holds it."""
    schema = ParsedText.model_json_schema(by_alias=True, mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://orggraph.example/schemas/text-parse.schema.json",
        "title": "A text read by orggraph import-text --parse",
        **schema,
    }
