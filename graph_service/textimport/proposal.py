"""What an imported text proposes, before it is resolved against the graph: every element with
the locator (`Located`) of the characters it came from."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Located(BaseModel):
    model_config = ConfigDict(frozen=True)

    article: int | None = Field(description="第N条, when the text has articles.")
    item: int | None = Field(default=None, description="（N） within the article.")
    start: int = Field(description="The first character of the text it came from (0-based).")
    end: int = Field(description="One past its last character.")
    quote: str = Field(description="Those characters.")


class ProposedDuty(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    function: str | None = Field(description="The catalogue's function code, when its keywords decide it.")
    function_note: str | None = Field(default=None, description="Why no function was assigned.")
    at: Located


class ProposedSection(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    duties: list[ProposedDuty]
    at: Located


class ProposedPost(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str
    count: int
    at: Located


class NameRef(BaseModel):
    """A body named in the text, as written."""

    model_config = ConfigDict(frozen=True)

    written: str = Field(description="The name as the text writes it, e.g. 原市国土资源局.")
    former: bool = Field(description="Written with 原 (a body that no longer exists under that name).")
    at: Located


class ProposedTransfer(BaseModel):
    """Duties moving from one body to another: all of them, or those the text names."""

    model_config = ConfigDict(frozen=True)

    source: NameRef
    target: NameRef
    duty_text: str | None = Field(description="The duties named (e.g. 城乡规划管理职责); None: all its duties.")
    at: Located


class ProposedBody(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    kind: str | None = Field(description="graph_service.domain.enums.BodyKind value, from the text's wording.")
    kind_text: str | None = Field(description="The words that said it, e.g. 市人民政府工作部门.")
    rank: str | None = Field(description="e.g. 正县级.")
    nameplates: list[NameRef] = Field(default_factory=list)
    at: Located


class Proposal(BaseModel):
    """A 三定 regulation or a reform-plan paragraph, read."""

    model_config = ConfigDict(frozen=True)

    kind: str = Field(description="sanding or plan.")
    title: str | None
    body: ProposedBody | None = Field(description="The body a 三定 regulation is about (a plan: the body it forms).")
    duties: list[ProposedDuty] = Field(default_factory=list)
    sections: list[ProposedSection] = Field(default_factory=list)
    staffing: int | None = Field(default=None, description="行政编制: the administrative posts.")
    staffing_at: Located | None = None
    posts: list[ProposedPost] = Field(default_factory=list, description="领导职数: leadership posts.")
    transfers: list[ProposedTransfer] = Field(default_factory=list)
    merged: list[NameRef] = Field(default_factory=list, description="Bodies whose duties all go into the new one.")
    renamed_from: list[NameRef] = Field(
        default_factory=list, description="将A更名为B: the body the new name replaces (it ends; its duties move)."
    )
    ended: list[NameRef] = Field(default_factory=list, description="不再保留: bodies that end.")
    effective: str | None = Field(default=None, description="自…起施行, as YYYY-MM-DD.")
    effective_at: Located | None = None
    unrecognised: list[Located] = Field(
        default_factory=list, description="Articles or sentences left for a curator (e.g. 职责分工)."
    )
