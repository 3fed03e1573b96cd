"""One case for every letter: the text the prefilter scans, so case never hides a match.

`regex` matches a literal without regard to case by its own tables (`k` matches `K`, the Kelvin
sign; `i` matches `İ`; `σ` matches `ς`), which neither `str.lower` nor a C matcher's caseless
mode reproduces exactly. `Folding` groups every character with all its case variants (the
closure of `regex`'s own `get_all_cases` and `fold_case`) and maps the group to one member.
Folding the scanned text and the prefilter's patterns the same way makes every match of a rule
pattern, case-sensitive or not, a match of its folded form. The map is one character for one,
so the folded text keeps its length and line structure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import regex

_CASES: Callable[[int, int], list[int]] | None  # (flags, code point) -> its case variants
_FOLD: Callable[[int, str], str] | None  # (flags, character) -> its case folding
try:  # regex's own case tables (types-regex does not declare them); the fallback asks str instead
    from regex import _regex as _native

    _CASES = _native.get_all_cases  # type: ignore[attr-defined]
    _FOLD = _native.fold_case  # type: ignore[attr-defined]
except (ImportError, AttributeError):  # pragma: no cover - every regex release since 2015 has them
    _CASES = _FOLD = None

_FLAGS = regex.IGNORECASE | regex.V0
# Every cased character lies below U+20000; above it, a scan for cased characters confirms it.
_CASED_TOP = 0x20000


def _variants(cp: int) -> set[int]:
    ch = chr(cp)
    if _CASES is not None and _FOLD is not None:  # set together: both or neither
        folded = _FOLD(_FLAGS, ch)
        return set(_CASES(_FLAGS, cp)) | ({ord(folded)} if len(folded) == 1 else set())
    forms = {ch.lower(), ch.upper(), ch.casefold()}  # pragma: no cover
    return {ord(x) for x in forms if len(x) == 1} | {cp}  # pragma: no cover


def _cased_code_points() -> list[int]:
    high = regex.compile(r"[\p{Cased}\p{Changes_When_Casefolded}\p{Changes_When_Casemapped}]")
    top = "".join(map(chr, range(_CASED_TOP, 0x110000)))
    extra = [ord(m.group()) for m in high.finditer(top)]
    return [cp for cp in range(_CASED_TOP) if not 0xD800 <= cp < 0xE000] + extra


def char_class(chars: Iterable[str]) -> str:
    """A `re` class of `chars` with consecutive code points as ranges (`re` scans a class of
    many single astral characters slowly, ranges fast)."""
    parts: list[str] = []
    cps = sorted({ord(c) for c in chars})
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        lo, hi = re.escape(chr(cps[i])), re.escape(chr(cps[j]))
        parts.append(lo if i == j else f"{lo}-{hi}")
        i = j + 1
    return "[" + "".join(parts) + "]"


@dataclass(frozen=True)
class Folding:
    """Character -> representative of its case group, applied as `str.lower` plus a few fixes.

    `fixes` maps the characters on which `str.lower` disagrees with the group representative
    (`İ`, `ı`, `ς`, `ſ`, the Kelvin sign, ...); `fold` replaces those before lowering.
    """

    fixes: dict[str, str]
    _fixes_re: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def build(cls) -> Folding:
        """Group the case variants `regex` knows (takes ~0.1 s; the result is cached on disk)."""
        parent: dict[int, int] = {}

        def find(x: int) -> int:
            while parent.get(x, x) != x:
                parent[x] = parent.get(parent[x], parent[x])
                x = parent[x]
            return x

        for cp in _cased_code_points():
            for other in _variants(cp):
                if other != cp:
                    a, b = find(cp), find(other)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
        groups: dict[int, list[int]] = {}
        for cp in list(parent):
            groups.setdefault(find(cp), []).append(cp)
        for root, members in groups.items():
            if root not in members:
                members.append(root)
        fixes: dict[str, str] = {}
        for members in groups.values():
            chars = sorted(chr(cp) for cp in members)
            lowered = [c.lower() for c in chars]
            # The representative: the commonest single-character lower form inside the group.
            options = [low for low in lowered if len(low) == 1 and low in chars and low.lower() == low]
            rep = max(sorted(set(options)), key=options.count) if options else chars[0]
            for c, low in zip(chars, lowered):
                # Σ lowers to σ or ς by context (final sigma): always replace it first.
                if low != rep or c == "\u03a3":
                    fixes[c] = rep
        folding = cls.from_fixes(fixes)
        for members in groups.values():
            folded = {folding.fold(chr(cp)) for cp in members}
            if len(folded) != 1 or len(folded.pop()) != 1:  # pragma: no cover - a table we cannot fold
                raise RuntimeError(f"cannot fold case group {[chr(cp) for cp in members]}")
        return folding

    @classmethod
    def from_fixes(cls, fixes: dict[str, str]) -> Folding:
        return cls(dict(fixes), re.compile(char_class(fixes)) if fixes else None)

    def fold(self, text: str) -> str:
        """`text` with every character replaced by its group's representative (same length)."""
        if self._fixes_re is not None and self._fixes_re.search(text):
            for c in set(self._fixes_re.findall(text)):
                text = text.replace(c, self.fixes[c])
        return text.lower()

    def variants(self) -> dict[str, set[str]]:
        """Representative -> the characters folded to it, for the characters that change."""
        out: dict[str, set[str]] = {}
        for c in self.fixes:
            out.setdefault(self.fixes[c], set()).add(c)
        return out
