"""Which characters a class matches, as `regex` decides, and the case variants of a letter.

`regex` itself is asked: a class fragment is matched against a string of every code point, under
the flags in force where it was written, so properties, case-insensitive sets and shorthands
mean exactly what they mean to the rule. A set never contains a line break (the scanned lines
have none); for folded text (the literal backend) it is widened by the folded form of each
member. Built once per rule set, when the prefilter is compiled.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, cached_property

import regex

from scrubber.prefilter.casefold import Folding
from scrubber.prefilter.syntax import Cls

Ranges = list[tuple[int, int]]  # sorted, disjoint, inclusive code point ranges
MAX_CP = 0x10FFFF
_SURROGATES = (0xD800, 0xDFFF)


def _index_to_cp(i: int) -> int:
    return i if i < _SURROGATES[0] else i + (_SURROGATES[1] - _SURROGATES[0] + 1)


def normalise(ranges: Ranges) -> Ranges:
    """Sorted and merged (adjacent ranges joined)."""
    out: Ranges = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def subtract(ranges: Ranges, cp: int) -> Ranges:
    out: Ranges = []
    for lo, hi in ranges:
        if lo <= cp <= hi:
            out.extend(r for r in ((lo, cp - 1), (cp + 1, hi)) if r[0] <= r[1])
        else:
            out.append((lo, hi))
    return out


def complement(ranges: Ranges) -> Ranges:
    """Every non-surrogate code point outside `ranges`."""
    out: Ranges = []
    pos = 0
    for lo, hi in normalise(ranges):
        if lo > pos:
            out.append((pos, lo - 1))
        pos = hi + 1
    if pos <= MAX_CP:
        out.append((pos, MAX_CP))
    result: Ranges = []
    for lo, hi in out:  # drop the surrogate block
        if hi < _SURROGATES[0] or lo > _SURROGATES[1]:
            result.append((lo, hi))
        else:
            result.extend(r for r in ((lo, _SURROGATES[0] - 1), (_SURROGATES[1] + 1, hi)) if r[0] <= r[1])
    return result


def intersect(a: Ranges, b: Ranges) -> Ranges:
    """The code points in both (each sorted and disjoint)."""
    out: Ranges = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo <= hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def size(ranges: Ranges) -> int:
    return sum(hi - lo + 1 for lo, hi in ranges)


def everything() -> str:
    """Every code point but the surrogates, in order (built once, ~60 ms)."""
    return _everything()


@cache
def _everything() -> str:
    """Every code point but the surrogates, in order (what class fragments are matched against)."""
    return "".join(map(chr, range(_SURROGATES[0]))) + "".join(map(chr, range(_SURROGATES[1] + 1, MAX_CP + 1)))


_FOLDED: dict[tuple[tuple[str, str], ...], tuple[list[int], list[int]]] = {}


# Characters `str.lower` leaves apart from their case group's usual lower form, or lowers by
# context (final sigma), in text of the languages scrubber covers: replaced before lowering.
LOWER_SWAPS = {"\u0130": "i", "\u0131": "i", "\u03a3": "σ", "\u03c2": "σ", "\u00b5": "μ"}


@dataclass(frozen=True)
class Lowering:
    """The text Hyperscan scans: `swap` applied, then `str.lower`. A character in `rare` (an
    unusual case variant such as ſ or ϐ, whose lower form differs from its group's) sends the
    document down the path without prefilter, which is always right."""

    swap: dict[str, str]
    rare: frozenset[str]

    def image(self, ch: str) -> str:
        return self.swap.get(ch, ch).lower()

    def apply(self, text: str) -> str:
        for c, to in self.swap.items():
            if c in text:
                text = text.replace(c, to)
        return text.lower()


class Charsets:
    """Computes and remembers the folded character set of each class fragment."""

    def __init__(self, folding: Folding) -> None:
        self.folding = folding
        self._memo: dict[tuple[str, str], Ranges] = {}
        self._groups: dict[int, list[int]] | None = None

    @property
    def _everything(self) -> str:
        return _everything()

    @cached_property
    def _cased(self) -> tuple[list[int], list[int]]:
        """Code points that fold to another one, and what they fold to (sorted by code point)."""
        key = tuple(sorted(self.folding.fixes.items()))
        if key not in _FOLDED:
            _FOLDED[key] = self._compute_cased()
        return _FOLDED[key]

    def _compute_cased(self) -> tuple[list[int], list[int]]:
        fold = self.folding.fold
        pairs = [(cp, ord(fold(chr(cp)))) for cp in range(0x20000) if not 0xD800 <= cp <= 0xDFFF]
        changed = [(a, b) for a, b in pairs if a != b]
        changed += [(ord(c), ord(r)) for c, r in self.folding.fixes.items() if ord(c) >= 0x20000]
        changed.sort()
        return [a for a, _ in changed], [b for _, b in changed]

    def literal(self, ch: str) -> str:
        """The folded form of a literal character."""
        return self.folding.fold(ch)

    def variants(self, ch: str) -> list[int]:
        """Every character `regex` may match for `ch` when case is ignored (the case group)."""
        if self._groups is None:
            groups: dict[int, list[int]] = {}
            for source, target in zip(*self._cased):
                groups.setdefault(target, [target]).append(source)
            self._groups = {k: sorted(set(v)) for k, v in groups.items()}
        rep = ord(self.folding.fold(ch))
        return self._groups.get(rep, sorted({rep, ord(ch)}))

    def of(self, cls: Cls, *, folded: bool = False) -> Ranges:
        """The set of characters `cls` matches, without the line break; with `folded`, widened
        by the folded form of each member (for matching folded text)."""
        key = (cls.source, cls.flags)
        if key not in self._memo:
            self._memo[key] = self._compute(cls)
        exact = self._memo[key]
        return self._fold(exact) if folded else exact

    def named(self, ranges: Ranges) -> Cls:
        """A class of exactly `ranges`, its source a `regex` class listing them."""
        body = "".join(f"\\x{{{lo:x}}}" if lo == hi else f"\\x{{{lo:x}}}-\\x{{{hi:x}}}" for lo, hi in ranges)
        cls = Cls(f"[{body}]", "")
        self._memo[(cls.source, cls.flags)] = ranges
        return cls

    def _fold(self, raw: Ranges) -> Ranges:
        sources, targets = self._cased
        extra = []
        for lo, hi in raw:
            i = bisect_right(sources, lo - 1)
            while i < len(sources) and sources[i] <= hi:
                extra.append((targets[i], targets[i]))
                i += 1
        return normalise(raw + extra) if extra else raw

    def _compute(self, cls: Cls) -> Ranges:
        listed = self._listed(cls)
        if listed is not None:
            return listed
        scoped = f"(?{cls.flags}:{cls.source})" if cls.flags else f"(?:{cls.source})"
        matcher = regex.compile(scoped + "+", regex.V0)
        raw: Ranges = []
        for m in matcher.finditer(self._everything):
            lo, hi = _index_to_cp(m.start()), _index_to_cp(m.end() - 1)
            if lo < _SURROGATES[0] <= hi:  # a run across the skipped surrogates: two ranges
                raw += [(lo, _SURROGATES[0] - 1), (_SURROGATES[1] + 1, hi)]
            else:
                raw.append((lo, hi))
        return subtract(normalise(raw), 0x0A)

    def _listed(self, cls: Cls) -> Ranges | None:
        """The set of a class that only lists characters and small ranges (`[\\[({]`, `[a-z]`),
        found by asking `regex` about those characters and their case variants alone; None for
        a class that needs the full scan (negated, shorthands, properties, large ranges)."""
        src = cls.source
        if not (src.startswith("[") and src.endswith("]")) or src.startswith("[^") or "[:" in src:
            return None
        escapes = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "a": "\a", "e": "\x1b"}
        if any(c.isalnum() and c not in escapes for c in regex.findall(r"\\(.)", src, regex.DOTALL)):
            return None  # \\d, \\p{..}, \\x41, ...: the full scan knows them
        body = regex.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), src[1:-1], flags=regex.DOTALL)
        chars: set[str] = set()
        for m in regex.finditer(r"(.)-(.)|.", body, regex.DOTALL):
            if m.group(1) is not None:
                lo, hi = ord(m.group(1)), ord(m.group(2))
                if hi - lo > 2000:
                    return None
                chars.update(map(chr, range(lo, hi + 1)))
            else:
                chars.add(m.group())
        candidates = {chr(v) for c in chars for v in self.variants(c)} | chars
        scoped = f"(?{cls.flags}:{src})" if cls.flags else f"(?:{src})"
        matcher = regex.compile(scoped, regex.V0)
        found = sorted(ord(c) for c in candidates if matcher.fullmatch(c))
        return subtract(normalise([(cp, cp) for cp in found]), 0x0A)

    def lowering(self) -> Lowering:
        """How the Hyperscan backend prepares text: a few swaps, then `str.lower`."""
        swap = dict(LOWER_SWAPS)

        def image(cp: int) -> str:
            return swap.get(chr(cp), chr(cp)).lower()

        groups: dict[int, set[int]] = {}
        for source, target in zip(*self._cased):
            groups.setdefault(target, {target}).add(source)
        rare = {alt for rep, members in groups.items() for alt in {image(m) for m in members} - {image(rep)}}
        return Lowering(swap, frozenset(rare))

    def strip_space(self) -> Ranges:
        """What `str.strip` removes, but the line break: the space a stripped line may lose."""
        return _strip_space()


@cache
def _strip_space() -> Ranges:
    return subtract(normalise([(cp, cp) for cp in range(0x3001) if chr(cp).isspace()]), 0x0A)
