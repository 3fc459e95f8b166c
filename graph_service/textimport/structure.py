"""The formal structure of an official text: its title, its articles (第一条 … 第N条) and the
enumerated items inside them ((一) … (N), or 1. … N.), each with the character span it covers
in the text as given, so every element found later can point back to its sentence.

Only structure is read here; what the sentences say is graph_service.textimport.sanding's and
.plan's job. A text whose structure is broken (no articles where articles are expected, an
article or item number skipped or repeated) is refused with a message naming the place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph_service.errors import BadUserInputError

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_NUMBER = "[零〇一二两三四五六七八九十百千]+"
_SPACE = "[ \t\u3000]"

_ARTICLE = re.compile(rf"^{_SPACE}*第(?P<n>{CHINESE_NUMBER})条{_SPACE}*", re.MULTILINE)
_CHAPTER = re.compile(rf"^{_SPACE}*第(?P<n>{CHINESE_NUMBER})章[^\n]*$", re.MULTILINE)
# (一) with full-width or ASCII parentheses; at a line's start, or inline after ：；。 (a list run on)
_ITEM_AT_LINE = re.compile(rf"^{_SPACE}*[（(](?P<n>{CHINESE_NUMBER})[）)]{_SPACE}*", re.MULTILINE)
_ITEM_INLINE = re.compile(rf"(?<=[：:；;。\n]){_SPACE}*[（(](?P<n>{CHINESE_NUMBER})[）)]{_SPACE}*")


class TextStructureError(BadUserInputError):
    """The text does not have the structure its genre requires; the message says where."""


def chinese_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 一百零五 → 105, 两 → 2."""
    if not text or any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        raise ValueError(f"not a Chinese number: {text!r}")
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (digit if digit is not None else 1) * _UNITS[ch]
            digit = None
    return total + (digit or 0)


def number_in(text: str) -> int | None:
    """A count written either way: 25, ２５ or 二十五."""
    text = text.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    try:
        return chinese_number(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class Span:
    """Characters [start, end) of the text as given."""

    start: int
    end: int


@dataclass(frozen=True)
class Item:
    number: int
    span: Span  # the item's text, marker excluded
    text: str


@dataclass(frozen=True)
class Article:
    number: int
    span: Span  # the article's text after its heading 第N条
    text: str
    items: tuple[Item, ...] = ()

    @property
    def lead(self) -> str:
        """The text before the first item (the whole text when there are none)."""
        if not self.items:
            return self.text
        return self.text[: self.items[0].span.start - self.span.start].rstrip()


@dataclass(frozen=True)
class Document:
    text: str
    title: str | None
    title_span: Span | None
    articles: tuple[Article, ...] = field(default_factory=tuple)

    def article(self, number: int) -> Article:
        return next(a for a in self.articles if a.number == number)


def to_chinese(number: int) -> str:
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number - 10] if number > 10 else "")
    if number < 100:
        return digits[number // 10] + "十" + (digits[number % 10] if number % 10 else "")
    return str(number)


def parse_document(text: str, *, require_articles: bool) -> Document:
    """Title, articles and items of `text`. With `require_articles` (a 三定 regulation), a text
    without 第一条 … is refused; otherwise a text without articles is one article-less block."""
    if not text.strip():
        raise TextStructureError("the text is empty")
    headings = list(_ARTICLE.finditer(text))
    title, title_span = _title(text, headings[0].start() if headings else len(text))
    if not headings:
        if require_articles:
            raise TextStructureError(
                "no articles found: a 三定 regulation numbers its articles 第一条, 第二条, … at the start of lines"
            )
        return Document(text=text, title=title, title_span=title_span)
    articles = []
    expected = 1
    for index, heading in enumerate(headings):
        number = chinese_number(heading.group("n"))
        if number != expected:
            where = f"after 第{to_chinese(expected - 1)}条" if expected > 1 else "at the start"
            raise TextStructureError(
                f"第{to_chinese(number)}条 comes {where} (character {heading.start()}): "
                f"第{to_chinese(expected)}条 is missing or misnumbered"
            )
        expected += 1
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        chapter = _CHAPTER.search(text, heading.end(), end)  # a chapter heading ends the article
        end = chapter.start() if chapter else end
        start, end = _strip(text, heading.end(), end)
        articles.append(
            Article(
                number=number,
                span=Span(start, end),
                text=text[start:end],
                items=_items(text, start, end, number),
            )
        )
    return Document(text=text, title=title, title_span=title_span, articles=tuple(articles))


def _title(text: str, before: int) -> tuple[str | None, Span | None]:
    """The first non-empty line before the first article, unless it is a chapter heading or a
    sentence (a plan paragraph has no title)."""
    for line in re.finditer(r"[^\n]+", text[:before]):
        start, end = _strip(text, line.start(), line.end())
        if start < end:
            candidate = text[start:end]
            if _CHAPTER.fullmatch(candidate) or "。" in candidate or "，" in candidate:
                return None, None
            return candidate.strip("《》"), Span(start, end)
    return None, None


def _items(text: str, start: int, end: int, article: int) -> tuple[Item, ...]:
    body = text[start:end]
    markers = list(_ITEM_AT_LINE.finditer(body)) or list(_ITEM_INLINE.finditer(body))
    if not markers:
        return ()
    items = []
    for index, marker in enumerate(markers):
        number = chinese_number(marker.group("n"))
        if number != index + 1:
            raise TextStructureError(
                f"第{to_chinese(article)}条: the enumeration goes from （{to_chinese(index)}） to "
                f"（{to_chinese(number)}） (character {start + marker.start()}): "
                f"（{to_chinese(index + 1)}） is missing or misnumbered"
            )
        item_end = markers[index + 1].start() if index + 1 < len(markers) else len(body)
        s, e = _strip(text, start + marker.end(), start + item_end)
        items.append(Item(number=number, span=Span(s, e), text=text[s:e]))
    return tuple(items)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\r\n\u3000":
        start += 1
    while end > start and text[end - 1] in " \t\r\n\u3000":
        end -= 1
    return start, end
