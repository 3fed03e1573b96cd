"""Kind `duplicate`: drop the second and later copies of a repeated paragraph."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field

from scrubber.kinds.base import Context, Hit, RuleBase, line_hit, text_width, word_count

_FOLD = regex.compile(r"[\s\p{P}]+")


def paragraph_key(text: str) -> str:
    """Case, whitespace and punctuation folded, so near-identical copies compare equal."""
    return _FOLD.sub(" ", text.casefold()).strip()


class DuplicateRule(RuleBase):
    """Drop a line that repeats an earlier line of the same document, keeping the first copy.

    Only lines of at least `min_chars` characters and `min_words` words count (Han and kana
    characters count double, two of them make a word), so refrains, short answers and
    legitimately repeated short sentences stay. Lines are compared without the spans that
    active span rules cut (a `<br>` or a placeholder glued to the first copy).
    """

    stage = 1

    kind: Literal["duplicate"]
    min_chars: int = Field(80, ge=1)
    min_words: int = Field(10, ge=1)

    def detect(self, ctx: Context) -> Iterator[Hit]:
        seen: set[str] = set()
        for index in ctx.doc.content:
            line = ctx.doc.lines[index]
            text = ctx.kept_text(line).strip()
            if text_width(text) < self.min_chars or word_count(text) < self.min_words:
                continue
            key = paragraph_key(text)
            if key in seen and not self.excepted(ctx, text):
                yield line_hit(ctx.doc.lines[index])
            seen.add(key)
