"""Kind `line`: drop a line whose text matches the rule's patterns."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal

import regex
from pydantic import Field, PrivateAttr

from scrubber.kinds.base import Context, Hit, RuleBase, line_hit, word_count
from scrubber.segment import Line


class LineRule(RuleBase):
    """Drop a whole line when `min_hits` of its patterns match the line's stripped text.

    Patterns see the normalised line without surrounding whitespace, so `^` and `$` anchor to
    its content. Length bounds and a position (`head`/`tail`: fewer than `window` non-blank lines
    that the rule keeps lie between the line and the start or end of the document; `edges`:
    either) keep a phrase from hitting ordinary prose.
    """

    gated = True

    kind: Literal["line"]
    patterns: list[str] = Field(min_length=1)
    min_hits: int = Field(1, ge=1, description="how many distinct patterns must match")
    min_chars: int = Field(0, ge=0)
    max_chars: int | None = Field(None, ge=1)
    max_words: int | None = Field(None, ge=1)
    where: Literal["any", "head", "tail", "edges"] = "any"
    window: int = Field(3, ge=1, description="kept non-blank lines counted as head or tail")

    _patterns: list[regex.Pattern[str]] = PrivateAttr(default_factory=list)

    def compile_patterns(self) -> None:
        self._patterns = [self.compile(p) for p in self.patterns]
        if self.min_hits > len(self._patterns):
            raise ValueError(f"min_hits={self.min_hits} but only {len(self._patterns)} patterns")

    def fits(self, text: str) -> bool:
        if len(text) < self.min_chars or (self.max_chars is not None and len(text) > self.max_chars):
            return False
        return self.max_words is None or word_count(text) <= self.max_words

    def scanned_patterns(self) -> list[regex.Pattern[str]]:
        return self._patterns

    def patterns_needed(self) -> int:
        return self.min_hits

    def matches(self, ctx: Context, text: str, line: int = -1,
                patterns: list[regex.Pattern[str]] | None = None) -> bool:
        hits = 0
        patterns = self._patterns if patterns is None else patterns
        for i, pattern in enumerate(patterns):
            if hits + len(patterns) - i < self.min_hits:
                return False  # too few patterns left to reach min_hits
            if line >= 0 and not ctx.maybe(self.code, i, line):
                continue
            if ctx.search(pattern, text):
                hits += 1
                if hits >= self.min_hits:
                    return not self.excepted(ctx, text)
        return False

    def detect(self, ctx: Context) -> Iterator[Hit]:
        if self.where == "any":
            norms = ctx.doc.norms
            patterns = self._patterns  # a private attribute: read once, not per line
            for index in ctx.candidate_lines(self.code, len(patterns), self.min_hits):
                text = norms[index].strip()
                if self.fits(text) and self.matches(ctx, text, index, patterns):
                    yield line_hit(ctx.doc.lines[index])
            return
        # Head or tail: count only the lines this rule keeps, so that a second pass, where the
        # dropped lines are gone, sees the same window (a run of matching lines goes at once).
        hits: dict[int, Line] = {}
        if self.where in ("head", "edges"):
            hits.update(self._edge(ctx, ctx.doc.content))
        if self.where in ("tail", "edges"):
            hits.update(self._edge(ctx, reversed(ctx.doc.content)))
        yield from (line_hit(hits[i]) for i in sorted(hits))

    def _edge(self, ctx: Context, order: Iterable[int]) -> dict[int, Line]:
        """Matching lines met before `window` kept lines, walking `order` from one end."""
        hits, kept = {}, 0
        for index in order:
            if kept >= self.window:
                break
            if self._hit(ctx, index):
                hits[index] = ctx.doc.lines[index]  # Line objects are built on first use: only for a hit
            else:
                kept += 1
        return hits

    def line_local(self) -> bool:
        return self.where == "any"

    def _hit(self, ctx: Context, index: int) -> bool:
        text = ctx.doc.norms[index].strip()
        return self.fits(text) and self.matches(ctx, text, index)
