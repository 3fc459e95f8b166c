"""Query.parseText: any official text read without the graph, for any place
(graph_service.textimport.reader): the same answer as `orggraph import-text --parse --json`,
documented by schemas/text-parse.schema.json. Any reader may ask; nothing is written.

The text comes as its lines, as for importText (every string a request carries is bounded by
MAX_STRING_LENGTH). Reading runs in a worker thread, never on the event loop.
"""

from __future__ import annotations

import asyncio
import enum
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from graph_service.errors import BadUserInputError
from graph_service.textimport.reader import parse_text

MAX_LINES = 2000
MAX_CHARACTERS = 200_000


@strawberry.enum(description="The genre of an official text (docs/import.md, 'Reading without the graph').")
class TextGenre(enum.Enum):
    SANDING = "sanding"
    PLAN = "plan"
    NEWS = "news"
    STRUCTURE = "structure"
    TRANSFER = "transfer"


async def parse_text_field(
    lines: Annotated[list[str], strawberry.argument(description="The text's lines (joined with newlines).")],
    genre: Annotated[
        TextGenre | None, strawberry.argument(description="The genre, when detecting it is not wanted.")
    ] = None,
) -> JSON:
    if not lines or len(lines) > MAX_LINES:
        raise BadUserInputError(f"`lines`: send between 1 and {MAX_LINES:,} lines")
    text = "\n".join(lines)
    if len(text) > MAX_CHARACTERS:
        raise BadUserInputError(f"the text is {len(text):,} characters long; at most {MAX_CHARACTERS:,} are read")
    parsed = await asyncio.to_thread(parse_text, text, genre=genre.value if genre else None)
    return JSON(parsed.model_dump(by_alias=True))
