"""Kind `tail_block`: drop a trailing block of headline-like lines (related articles)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field, PrivateAttr

from scrubber.kinds.base import Context, Hit, RuleBase, line_hit, word_count

# A sentence ends with a full stop, perhaps inside quotes or brackets; a headline does not.
_PERIODS = (".", "。", "．")
_CLOSERS = "\"'”’»›)]」』】"


class TailBlockRule(RuleBase):
    """Drop the block of short headline-like lines that ends a document.

    With `header` patterns, the block must start with a header line ("Related:", "Mehr zum
    Thema") followed by `min_items` to `max_items` items, each short and, like a headline, without
    a final full stop; without `min_items` headline-like
    lines alone make a block (riskier: give such rules a low confidence). Lines other rules
    already drop (a copyright line after the block) do not interrupt it.
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

    _header: list[regex.Pattern[str]] = PrivateAttr(default_factory=list)

    def compile_patterns(self) -> None:
        self._header = [self.compile(p) for p in self.header]

    def scanned_patterns(self) -> list[regex.Pattern[str]]:
        return self._header

    def headline_like(self, text: str) -> bool:
        words = word_count(text)
        if self.item_min_words <= words <= self.item_max_words and len(text) <= self.item_max_chars:
            return self.item_period or not text.rstrip(_CLOSERS).endswith(_PERIODS)
        return False

    def detect(self, ctx: Context) -> Iterator[Hit]:
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
            if not self.headline_like(text) or len(items) >= self.max_items:
                break
            items.append(index)
        if not self._header and len(items) >= self.min_items:
            yield from (line_hit(ctx.doc.lines[i]) for i in reversed(items))
