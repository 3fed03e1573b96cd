"""Kind `span`: cut a matching span out of a line, keeping the rest of the line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field, PrivateAttr

from scrubber.kinds.base import Context, Hit, RuleBase


class SpanRule(RuleBase):
    """Cut every match of the patterns out of its line (a placeholder, a glued cross-link).

    When nothing but whitespace is left of the line, the engine drops the line. Use lookarounds
    to require context without cutting it.
    """

    kind: Literal["span"]
    patterns: list[str] = Field(min_length=1)

    _patterns: list[regex.Pattern[str]] = PrivateAttr(default_factory=list)

    def compile_patterns(self) -> None:
        self._patterns = [self.compile(p) for p in self.patterns]

    def line_local(self) -> bool:
        return True

    def detect(self, ctx: Context) -> Iterator[Hit]:
        for index in ctx.doc.content:
            line = ctx.doc.lines[index]
            for pattern in self._patterns:
                for m in ctx.finditer(pattern, line.norm):
                    if m.end() > m.start() and not self.excepted(ctx, line.norm):
                        yield Hit(line.source(m.start()), line.source(m.end()))
