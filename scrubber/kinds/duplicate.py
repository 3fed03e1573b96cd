"""Kind `duplicate`: drop the second and later copies of a repeated paragraph."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Literal

import regex
from pydantic import Field

from scrubber import cache
from scrubber.kinds.base import Context, Hit, RuleBase, line_hit, text_width, word_count
from scrubber.segment import CASEFOLD_TO_ASCII, Document

_FOLD = regex.compile(r"[\s\p{P}]+")
# Bytes signatures leave out ASCII that is not a letter or digit (line feed aside).
_NOISE = bytes(c for c in range(128) if not chr(c).isalnum() and c != 0x0A)
_LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")


def paragraph_key(text: str) -> str:
    """Case, whitespace and punctuation folded, so near-identical copies compare equal."""
    return _FOLD.sub(" ", text.casefold()).strip()


@functools.cache
def _folded_away() -> frozenset[str]:
    """Every character `paragraph_key` folds into a space (whitespace and punctuation, as
    `regex` defines them): found by asking `regex` about every code point (~0.15 s), once per
    `regex` release and kept in the cache."""
    name = "folded-away-" + cache.key(regex.__version__, unicodedata.unidata_version)
    hit = cache.load(name)
    if hit is not None and isinstance(hit[0].get("chars"), str):
        return frozenset(hit[0]["chars"])
    from scrubber.prefilter.charsets import everything

    chars = "".join(_FOLD.findall(everything()))
    cache.store(name, {"chars": chars})
    return frozenset(chars)


@functools.cache
def _unkept_bytes(line_feed: bool = True) -> bytes:
    """Every byte of the UTF-8 form of a character `paragraph_key` folds away, and ASCII that is
    not a letter or digit; without `line_feed`, all but the line feed."""
    unkept = set(_NOISE) | set("".join(_folded_away()).encode("utf-8"))
    return bytes(sorted(unkept if line_feed else unkept - {0x0A}))


def script_signature(text: str, unkept: bytes | None = None) -> bytes:
    """A second signature, for lines with few ASCII letters (other scripts): the UTF-8 form of
    the case-folded `text` without the bytes of `_unkept_bytes`. UTF-8 encodes each character on
    its own, so this drops folded-away characters whole and keeps, of every other character,
    bytes that depend on it alone: equal keys have equal signatures. What is left is mostly lead
    bytes (Cyrillic, Han, Hangul; little of Greek or Arabic), at a sixth of the cost of `letters`."""
    return text.casefold().encode("utf-8", "surrogatepass").translate(None, unkept or _unkept_bytes())


def script_signatures(doc: Document) -> list[bytes]:
    """`script_signature` of each normalised line of `doc`, from a few passes over its whole
    text (a line feed is kept: no character case-folds to or from one)."""
    return script_signature(doc.norm_text, _unkept_bytes(line_feed=False)).split(b"\n")


def letters(text: str) -> frozenset[str]:
    """The characters of the case-folded `text` that its paragraph key keeps: equal keys have
    equal sets. A third signature, for lines that `script_signature` leaves apart too little."""
    return frozenset(text.casefold()) - _folded_away()


def repeats(members: list[int], key: Callable[[int], Hashable]) -> list[list[int]]:
    """The groups of two or more of `members` that have equal `key`."""
    split: dict[Hashable, list[int]] = {}
    for index in members:
        split.setdefault(key(index), []).append(index)
    return [group for group in split.values() if len(group) > 1]


def signatures(doc: Document) -> list[bytes]:
    """Per line, the ASCII letters and digits of its case-folded text. Lines with equal
    paragraph keys have equal signatures, so only lines that share one can repeat each other;
    computing them takes a few C-level passes over the whole text."""
    return signature(doc.norm_text, doc.unusual & CASEFOLD_TO_ASCII).split(b"\n")


def signature(text: str, folding: Iterable[str] | None = None) -> bytes:
    """The signature of `text` (line breaks kept); `folding`: the characters of `text` that
    case-fold to ASCII (ß -> ss), when the caller already knows them."""
    for c in CASEFOLD_TO_ASCII.intersection(text) if folding is None else folding:
        text = text.replace(c, c.casefold())
    return text.encode("ascii", "ignore").translate(_LOWER, _NOISE)


def _script_key(ctx: Context, norms: list[str], cut: set[int]) -> Callable[[int], bytes]:
    """The `script_signature` of line i: of its kept text where a span was cut, else the one
    every duplicate rule of the document shares."""
    scripts = ctx.view(script_signatures)
    if not cut:
        return scripts.__getitem__
    return lambda i: script_signature(norms[i]) if i in cut else scripts[i]


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

    def suspects(self, ctx: Context) -> list[int]:
        """The lines that may repeat or be repeated: those sharing a signature with another long
        enough line. A line an active span rule cut is compared without the cut spans."""
        shortest = (self.min_chars + 1) // 2  # text_width counts a character twice at most
        norms = ctx.doc.norms
        sigs = ctx.view(signatures)  # shared with the document's other duplicate rules
        cut = ctx.cut_line_indices()
        if cut:
            norms, sigs = list(norms), list(sigs)
            for index in cut:
                norms[index] = ctx.kept_text(ctx.doc.lines[index])
                sigs[index] = signature(norms[index])
        long = [index for index in ctx.doc.content if len(norms[index]) >= shortest]
        if len({sigs[index] for index in long}) == len(long):
            return []  # no two share a signature: most documents
        out = []
        script: Callable[[int], bytes] | None = None
        for members in repeats(long, sigs.__getitem__):
            if len(sigs[members[0]]) >= 8:
                out += members
                continue
            if script is None:  # few ASCII letters: tell the lines apart by their other bytes
                script = _script_key(ctx, norms, cut)
            for same in repeats(members, script):
                out += [i for group in repeats(same, lambda i: letters(norms[i].strip())) for i in group]
        return sorted(out)

    def detect(self, ctx: Context) -> Iterator[Hit]:
        seen: set[str] = set()
        for index in self.suspects(ctx):
            line = ctx.doc.lines[index]
            text = ctx.kept_text(line).strip()
            if text_width(text) < self.min_chars or word_count(text) < self.min_words:
                continue
            key = paragraph_key(text)
            if key in seen and not self.excepted(ctx, text):
                yield line_hit(ctx.doc.lines[index])
            seen.add(key)
