"""Kind `exact_lines`: drop a line that, folded, equals one of a list of known lines.

Folding (`line_key`) ignores case, digits, punctuation, symbols and spacing, so `© 2023 Site`
and `© 2024 Site.` are one line. The rule keeps the folded lines in a set: checking a line costs
one lookup however many lines the rule lists, which is what `scrubber learn` needs (thousands of
learned lines per corpus). Learned packs scope each such rule to one site with `sources`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from scrubber.kinds.base import Context, Hit, RuleBase, line_hit

_INVISIBLE = regex.compile(r"\p{Cf}+")  # zero-width characters, soft hyphens, BOM: dropped
_FOLD = regex.compile(r"[\p{P}\p{S}\p{N}\p{Cc}\s]+")  # any run of these: one space


def line_key(text: str) -> str:
    """A line with case, digits, punctuation, symbols and spacing folded (cc_net-style).

    Every space variant folds like a space and invisible characters vanish, as in
    `scrubber.segment.normalise`, so raw and normalised text fold alike.
    """
    folded: str = _FOLD.sub(" ", unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).casefold())
    return folded.strip()


class KnownLine(BaseModel):
    """One line of an `exact_lines` rule, with the evidence `scrubber learn` found for it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str = Field(min_length=1, description="the line as seen; every line that folds alike matches")
    count: int | None = Field(None, ge=1, description="documents of the source that hold the line")
    share: float | None = Field(None, ge=0, le=1, description="count / documents of the source")
    note: str | None = Field(None, description="why a reviewer should look twice")


class ExactLinesRule(RuleBase):
    """Drop a whole line whose folded text equals the folded text of one of `lines`."""

    kind: Literal["exact_lines"]
    lines: list[KnownLine | str] = Field(min_length=1)
    documents: int | None = Field(None, ge=1, description="documents of the source when learned")

    _keys: frozenset[str] = PrivateAttr(default_factory=frozenset)
    _longest: int = PrivateAttr(0)

    def compile_patterns(self) -> None:
        keys = set()
        for line in self.lines:
            text = line if isinstance(line, str) else line.text
            key = line_key(text)
            if not key:
                raise ValueError(f"line {text!r} folds to nothing (only digits, punctuation or symbols)")
            keys.add(key)
        self._keys = frozenset(keys)
        # A line far longer than every known line cannot fold to one of them (folding only drops
        # digits, punctuation, symbols and spaces): such lines, paragraphs of content, are skipped
        # without folding them.
        self._longest = 3 * max(len(k) for k in keys) + 60

    def detect(self, ctx: Context) -> Iterator[Hit]:
        for index in ctx.doc.content:
            line = ctx.doc.lines[index]
            if len(line.norm) <= self._longest and line_key(line.norm) in self._keys and not self.excepted(ctx, line.norm.strip()):
                yield line_hit(line)
