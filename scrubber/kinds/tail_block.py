"""Kind `tail_block`: drop a trailing block of headline-like lines (related articles)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field, PrivateAttr, model_validator

from scrubber.kinds.base import Context, Hit, RuleBase, line_hit, word_count

# A sentence ends with a full stop, perhaps inside quotes or brackets; a headline does not.
_PERIODS = (".", "。", "．")
_ELLIPSES = ("...", "…")  # a teaser cut short is a headline, not a sentence
_CLOSERS = "\"'”’»›)]」』】"


class TailBlockRule(RuleBase):
    """Drop the block of short headline-like lines that ends a document.

    With `header` patterns, the block must start with a header line ("Related:", "Mehr zum
    Thema") followed by `min_items` to `max_items` items, each short and, like a headline, without
    a final full stop; without `min_items` headline-like
    lines alone make a block (riskier: give such rules a low confidence). Lines other rules
    already drop (a copyright line after the block) do not interrupt it. With `trailing = false`
    a header block may also sit inside the text: its items end at the first line that is not
    headline-like, and a run longer than `max_items` is a list, not a block.
    """

    stage = 2

    kind: Literal["tail_block"]
    header: list[str] = Field(default_factory=list)
    min_items: int = Field(2, ge=1)
    max_items: int = Field(12, ge=1)
    item_min_words: int = Field(2, ge=1)
    item_max_words: int = Field(20, ge=1)
    item_max_chars: int = Field(160, ge=1)
    item_period: bool = Field(False, description="accept items that end with a full stop, as sentences do")
    trailing: bool = Field(True, description="the block must end the text (false: anywhere, needs a header)")

    _header: list[regex.Pattern[str]] = PrivateAttr(default_factory=list)

    def compile_patterns(self) -> None:
        self._header = [self.compile(p) for p in self.header]

    def scanned_patterns(self) -> list[regex.Pattern[str]]:
        return self._header

    def needs_candidates(self) -> bool:
        return bool(self.header)  # a block with a header starts on a line a header pattern matches

    def headline_like(self, text: str) -> bool:
        if text[:1].islower():  # the continuation of a wrapped sentence
            return False
        words = word_count(text)
        if self.item_min_words <= words <= self.item_max_words and len(text) <= self.item_max_chars:
            bare = text.rstrip(_CLOSERS)
            return self.item_period or bare.endswith(_ELLIPSES) or not bare.endswith(_PERIODS)
        return False

    @model_validator(mode="after")
    def _inline_needs_header(self) -> TailBlockRule:
        if not self.trailing and not self.header:
            raise ValueError("trailing = false needs header patterns")
        return self

    def detect(self, ctx: Context) -> Iterator[Hit]:
        if not self.trailing:
            yield from self.detect_inline(ctx)
            return
        removed = ctx.removed_lines()
        items: list[int] = []
        for index in reversed(ctx.doc.content):
            text = ctx.doc.norms[index].strip()
            if self._header and any(ctx.search(p, text) for i, p in enumerate(self._header)
                                    if ctx.maybe(self.code, i, index)):
                if self.min_items <= len(items) <= self.max_items and not self.excepted(ctx, text):
                    yield from (line_hit(ctx.doc.lines[i]) for i in [index, *reversed(items)])
                return
            if index in removed:
                continue
            if not self.headline_like(text):
                break
            if len(items) >= self.max_items:
                return  # a longer run of short lines is content (a list), not a related block
            items.append(index)
        if not self._header and len(items) >= self.min_items:
            yield from (line_hit(ctx.doc.lines[i]) for i in reversed(items))

    def detect_inline(self, ctx: Context) -> Iterator[Hit]:
        """Header blocks anywhere: a header line, then headline-like items up to a non-headline line."""
        removed, content = ctx.removed_lines(), ctx.doc.content
        n = 0
        while n < len(content):
            index = content[n]
            text = ctx.doc.norms[index].strip()
            if not any(ctx.search(p, text) for i, p in enumerate(self._header) if ctx.maybe(self.code, i, index)) \
                    or self.excepted(ctx, text):
                n += 1
                continue
            items: list[int] = []
            m = n + 1
            while m < len(content) and len(items) <= self.max_items:
                index = content[m]
                if index not in removed:
                    if not self.headline_like(ctx.doc.lines[index].norm.strip()):
                        break
                    items.append(index)
                m += 1
            if m < len(content):  # a paragraph wrapped into short lines is no item: drop its first lines
                stop = content[m]
                while items and items[-1] + 1 == stop:
                    stop = items.pop()
            if self.min_items <= len(items) <= self.max_items:
                yield from (line_hit(ctx.doc.lines[i]) for i in [content[n], *items])
                n = m
            else:
                n += 1
