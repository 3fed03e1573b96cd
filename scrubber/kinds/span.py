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

    gated = True

    kind: Literal["span"]
    patterns: list[str] = Field(min_length=1)

    _patterns: list[regex.Pattern[str]] = PrivateAttr(default_factory=list)

    def compile_patterns(self) -> None:
        self._patterns = [self.compile(p) for p in self.patterns]

    def line_local(self) -> bool:
        return True

    def scanned_patterns(self) -> list[regex.Pattern[str]]:
        return self._patterns

    def detect(self, ctx: Context) -> Iterator[Hit]:
        for index in ctx.candidate_lines(self.code, len(self._patterns)):
            norm = ctx.doc.norms[index]
            for i, pattern in enumerate(self._patterns):
                if not ctx.maybe(self.code, i, index):
                    continue
                for m in ctx.finditer(pattern, norm):
                    if m.end() > m.start() and not self.excepted(ctx, norm):
                        line = ctx.doc.lines[index]
                        yield Hit(line.source(m.start()), line.source(m.end()))
