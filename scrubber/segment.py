"""Text -> lines and paragraphs with source offsets, and the normalisation rules match against.

Rules see a normalised copy of each line: every no-break or typographic space becomes a plain
space (one character for one, so offsets stay put) and zero-width characters disappear (with an
offset map back to the source). The text that is kept is never normalised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

# Horizontal spaces that scraped text carries instead of U+0020 (NBSP, en/em/thin spaces,
# narrow NBSP, ideographic space, ...). Tabs stay tabs: a tab is a separator rules may want.
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# Invisible characters that break phrase matching: ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_TABLE = {**{ord(c): " " for c in _SPACES}, **{ord(c): None for c in _INVISIBLE}}
_SPECIAL = re.compile("[" + _SPACES + _INVISIBLE + "]")
_TABLE_CHARS = frozenset(_SPACES + _INVISIBLE)
# C0 and C1 controls except tab and line feed (CR included): with none of these and none of the
# characters above, a text is "plain" and takes the fast path.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Characters whose case folding holds ASCII letters (ß -> ss, the Kelvin sign -> k): recorded
# in `Document.unusual` for the duplicate kind's signatures (tests check the list is complete).
CASEFOLD_TO_ASCII = frozenset("ßİŉſǰẖẗẘẙẚẞ\u212aﬀﬁﬂﬃﬄﬅﬆ")
_UNUSUAL = re.compile("[" + _SPACES + _INVISIBLE + _CONTROL + "\u2028\u2029" + "".join(sorted(CASEFOLD_TO_ASCII)) + "]")
_IRREGULAR = frozenset(_SPACES + _INVISIBLE + "\u2028\u2029") | frozenset(map(chr, [*range(9), *range(11, 32), *range(127, 160)]))
# Whitespace other than space and line feed that normalising keeps (CR included).
ODD_SPACES = frozenset("\x0b\x0c\x0d\x1c\x1d\x1e\x1f\x85\u2028\u2029")


def normalise(text: str) -> str:
    """The form rules match against: space variants folded, invisible characters dropped."""
    found = _SPECIAL.findall(text)
    for c in set(found):  # str.replace per character present beats str.translate by far
        text = text.replace(c, "" if c in _INVISIBLE else " ")
    return text


@dataclass(slots=True)
class Line:
    """One line of the input: `start`/`end` are offsets of its text, without the line break."""

    index: int
    start: int
    end: int
    text: str
    norm: str
    _map: list[int] | None = None  # norm position -> position in `text`, when lengths differ

    @property
    def blank(self) -> bool:
        return not self.norm.strip()

    def source(self, pos: int) -> int:
        """Absolute input offset of position `pos` of the normalised line."""
        if self._map is None:
            return self.start + pos
        return self.start + (self._map[pos] if pos < len(self._map) else len(self.text))


def _line(index: int, start: int, text: str, norm: str | None = None) -> Line:
    norm = normalise(text) if norm is None else norm
    mapping = None
    if len(norm) != len(text):
        mapping = [i for i, c in enumerate(text) if ord(c) not in _TABLE or _TABLE[ord(c)] is not None]
    return Line(index, start, start + len(text), text, norm, mapping)


class Document:
    """An input text split into lines (LF or CRLF) with offsets into the original.

    `norms` holds the normalised text of each line and `norm_text` those joined by line feeds;
    the `Line` objects, with offsets, are built on first use (most documents never need them).
    `unusual` holds the space variants, invisible and control characters (carriage return
    included), line or paragraph separators and characters that case-fold to ASCII the text
    contains; without any of the first four, it is `plain` and `norm_text` is the text itself.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        raw = text.split("\n")
        self.unusual = frozenset(_UNUSUAL.findall(text))
        self.plain = self.unusual.isdisjoint(_IRREGULAR)
        if self.plain:
            self.bodies = self.norms = raw
            self.norm_text = text
            return
        bodies = [r.removesuffix("\r") for r in raw] if "\r" in text else raw
        self.bodies = bodies
        if not any(c in _TABLE_CHARS for c in self.unusual):
            self.norms = bodies
            self.norm_text = "\n".join(bodies) if bodies is not raw else text
        else:
            self.norms = [normalise(b) if _SPECIAL.search(b) else b for b in bodies]
            self.norm_text = "\n".join(self.norms)

    @cached_property
    def lines(self) -> list[Line]:
        starts = accumulate((len(r) + 1 for r in self.text.split("\n")), initial=0)
        return [_line(i, start, body, norm) for i, (start, body, norm) in enumerate(zip(starts, self.bodies, self.norms))]

    @cached_property
    def content(self) -> list[int]:
        """Indices of the non-blank lines, in order."""
        return [i for i, norm in enumerate(self.norms) if norm and not norm.isspace()]

    @cached_property
    def rank(self) -> dict[int, int]:
        """Line index -> position among the non-blank lines (0 = first)."""
        return {idx: n for n, idx in enumerate(self.content)}

    def neighbour(self, index: int, step: int) -> Line | None:
        """The nearest non-blank line before (step=-1) or after (step=+1) line `index`."""
        n = self.rank.get(index)
        if n is None or not 0 <= n + step < len(self.content):
            return None
        return self.lines[self.content[n + step]]

    def line_of(self, offset: int) -> Line:
        """The line holding input offset `offset`."""
        lo, hi = 0, len(self.lines) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.lines[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.lines[lo]
