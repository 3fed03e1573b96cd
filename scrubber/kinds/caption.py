"""Kind `caption`: drop the line next to a credit line, when it reads like a caption."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field, PrivateAttr

from scrubber.kinds.base import Context, Hit, RuleBase, line_hit, word_count

SENTENCE_END = regex.compile(r"[.!?。！？…؟]+[\"'”’»)\]]*(?=\s|$)")


class CaptionRule(RuleBase):
    """Drop the neighbour of a line that one of the `anchors` rules drops (an image credit).

    The neighbour is the nearest non-blank line on `side`; it must be short, at most
    `max_sentences` sentences, end like a sentence when `terminal` is set (a headline does not),
    and match one of `patterns` when any are given. A credit with a hit of one of the
    `blocked_by` rules (a labelled caption) right next to it already has its caption: its
    other neighbour is not taken.
    """

    stage = 1

    kind: Literal["caption"]
    anchors: list[str] = Field(min_length=1, description="codes of the rules that find credit lines")
    blocked_by: list[str] = Field(default_factory=list, description="codes of rules that find a caption next to a credit")
    side: Literal["before", "after", "both"] = "before"
    patterns: list[str] = Field(default_factory=list)
    min_words: int = Field(3, ge=1)
    max_words: int = Field(40, ge=1)
    max_chars: int = Field(300, ge=1)
    max_sentences: int = Field(1, ge=1)
    terminal: bool = Field(True, description="the caption must end with sentence punctuation")

    _patterns: list[regex.Pattern[str]] = PrivateAttr(default_factory=list)

    def compile_patterns(self) -> None:
        self._patterns = [self.compile(p) for p in self.patterns]

    def scanned_patterns(self) -> list[regex.Pattern[str]]:
        return self._patterns

    def looks_like_caption(self, ctx: Context, text: str, line: int = -1) -> bool:
        words = word_count(text)
        if not (self.min_words <= words <= self.max_words and len(text) <= self.max_chars):
            return False
        ends = sum(1 for _ in ctx.finditer(SENTENCE_END, text))
        if ends > self.max_sentences or (self.terminal and not ctx.search(SENTENCE_END, text[-4:])):
            return False
        if self._patterns and not any(ctx.search(p, text) for i, p in enumerate(self._patterns)
                                      if line < 0 or ctx.maybe(self.code, i, line)):
            return False
        return not self.excepted(ctx, text)

    def detect(self, ctx: Context) -> Iterator[Hit]:
        steps = {"before": (-1,), "after": (1,), "both": (-1, 1)}[self.side]
        credits = {h.line.index for code in self.anchors for h in ctx.hits_of(code) if h.line is not None}
        captioned = {h.line.index for code in self.blocked_by for h in ctx.hits_of(code) if h.line is not None}
        seen: set[int] = set()
        for index in sorted(credits):
            near = (ctx.doc.neighbour(index, -1), ctx.doc.neighbour(index, 1))
            if any(line is not None and line.index in captioned for line in near):
                continue
            for step in steps:
                line = ctx.doc.neighbour(index, step)
                if line is None or line.index in credits or line.index in seen:
                    continue
                if self.looks_like_caption(ctx, line.norm.strip(), line.index):
                    seen.add(line.index)
                    yield line_hit(line)
