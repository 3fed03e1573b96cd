"""Kind `shout`: drop a line written entirely in capitals (a shouted teaser, a banner)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from scrubber.kinds import Context, Hit, RuleBase
from scrubber.kinds.base import line_hit


class ShoutRule(RuleBase):
    """Drop a line whose letters are all capitals, when it has at least `min_letters` of them."""

    kind: Literal["shout"]
    min_letters: int = Field(8, ge=1)

    def detect(self, ctx: Context) -> Iterator[Hit]:
        for index in ctx.doc.content:
            line = ctx.doc.lines[index]
            text = line.norm.strip()
            letters = [c for c in text if c.isalpha()]
            if len(letters) >= self.min_letters and all(c.isupper() for c in letters) and not self.excepted(ctx, text):
                yield line_hit(line)
