"""Load-time lint of pattern sources: nested quantifiers that may backtrack catastrophically.

A repeat inside a repeat, as in `(a+)+` or `(\\w+\\s?)+`, can match the same text in exponentially
(or polynomially) many ways; on a long line that fails to match, the regex engine tries them
all. The run is protected anyway (every match runs under the rule's time budget), but the rule is
then skipped on exactly the documents where it matters, so loading warns about it.

Best effort, by design:
- Patterns are parsed with the standard library's `re` parser after the `regex`-only escapes the
  packs use are replaced by stand-ins (`\\L<list>`, `\\p{..}`, `\\P{..}`, `\\X`, `\\m`, `\\M`,
  `\\G`, `\\K`). Other `regex`-only syntax (fuzzy matching, `(?V1)` set operations, branch reset
  `(?|...)`, ...) makes the parse fail and the pattern is not checked.
- Only star height is checked: an outer repeat that is unbounded or allows more than
  `OUTER_MAX` rounds, holding an inner repeat of varying count. It is not reported when each
  inner repeat is directly followed by a required item whose characters it cannot match
  (`(\\w+ )+`, `("[^"]*",)+`), or the outer repeat requires such an item (`(\\s+\\w+)+`), nor when
  a repeat is possessive or atomic (`(a++)+`, `(?>a+)+`). Character sets are
  compared on a sample of characters (ASCII, common letters of other scripts, and those the
  pattern and its lists mention), so two sets that only share a rare character count as apart.
- Not detected: overlapping alternatives under one repeat (`(a|aa)+`), adjacent overlapping
  repeats (`\\w*\\w*$`), back-references. The time budget still stops them at run time.
"""

from __future__ import annotations

import string
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import regex

if sys.version_info >= (3, 11):
    from re import _parser as sre  # type: ignore[attr-defined]
else:  # pragma: no cover
    import sre_parse as sre

OUTER_MAX = 16  # an outer repeat of at most this many rounds is not reported
_ESCAPE = regex.compile(r"\\(?:L<\w+>|[pP]\{[^}]*\}|[pP][A-Za-z]|[XmMGK])|\\.", regex.DOTALL)
_LIST = regex.compile(r"\\L<(\w+)>")
_BASE = string.printable + "\u00a0\u3000ÀÄÖÜàäöüßéèñçøåŁłŒœΑαΩωЖжЯяあアー中文한글ابعة"
_CATEGORY = {"DIGIT": r"\d", "SPACE": r"\s", "WORD": r"\w", "LINEBREAK": r"\n"}
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
Item = tuple[Any, Any]


class PatternWarning(UserWarning):
    """A rule pattern that loads but may misbehave at run time."""


@dataclass(frozen=True)
class RuleWarning:
    """A load-time warning about one rule: where it was defined, its code, and what is wrong."""

    path: Path | None
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: rule {self.code}: {self.message}" if self.path else f"rule {self.code}: {self.message}"


class _Analysis:
    """One pattern parsed by `re`, with character sets computed over a sample of characters."""

    def __init__(self, source: str, lists: Mapping[str, Iterable[str]]) -> None:
        self.source, self.lists = source, lists
        self.escapes: dict[str, str] = {}  # stand-in character -> the escape it replaces
        self.tree: list[Item] = sre.parse(_ESCAPE.sub(lambda m: self._stand_in(m.group()), source)).data

    def _stand_in(self, escape: str) -> str:
        """A private-use character standing for a `regex`-only escape (none for zero-width ones)."""
        if escape in (r"\m", r"\M", r"\G", r"\K"):
            return ""
        if escape == r"\X" or escape[1] in "pPL":
            mark = chr(0xF0000 + len(self.escapes))
            self.escapes[mark] = escape
            return mark
        return escape

    @cached_property
    def phrases(self) -> dict[str, str]:
        return {name: "".join(p) + " \t" for name, p in self.lists.items()}

    @cached_property
    def sample(self) -> frozenset[str]:
        """The characters sets are compared on; computed only for patterns that nest repeats."""
        chars = set(_BASE) | set(self.source) | set("".join(self.phrases.values()))
        return frozenset(c for s in chars for c in _cases(s))

    @cached_property
    def stand_in(self) -> dict[str, frozenset[str]]:
        """What each stand-in character matches, within the sample."""
        out = {}
        for mark, escape in self.escapes.items():
            if (m := _LIST.fullmatch(escape)) is not None:
                out[mark] = frozenset(self.phrases.get(m.group(1), "")) or self.sample
            elif escape == r"\X":
                out[mark] = self.sample
            else:
                prop = regex.compile(escape)
                out[mark] = frozenset(c for c in self.sample if prop.match(c))
        return out

    def literal(self, code: int) -> frozenset[str]:
        c = chr(code)
        if c in self.stand_in:
            return self.stand_in[c]
        return frozenset(_cases(c))

    def chars(self, items: Iterable[Item]) -> frozenset[str]:
        """The characters `items` may consume (an over-estimate where unsure)."""
        out: set[str] = set()
        for op, av in items:
            name = str(op)
            if name == "LITERAL":
                out |= self.literal(av)
            elif name == "NOT_LITERAL":
                out |= self.sample - self.literal(av)
            elif name in ("ANY", "GROUPREF", "GROUPREF_EXISTS"):
                out |= self.sample
            elif name == "IN":
                out |= self._set(av)
            elif name not in ("AT", "ASSERT", "ASSERT_NOT"):
                for child in _children(op, av):
                    out |= self.chars(child)
        return frozenset(out)

    def _set(self, members: list[Item]) -> frozenset[str]:
        out: set[str] = set()
        negate = False
        for op, av in members:
            name = str(op)
            if name == "NEGATE":
                negate = True
            elif name == "LITERAL":
                out |= self.literal(av)
            elif name == "RANGE":
                out |= {c for c in self.sample if any(av[0] <= ord(v) <= av[1] for v in _cases(c))}
            elif name == "CATEGORY":
                cat = str(av).removeprefix("CATEGORY_").removeprefix("UNI_").removeprefix("LOC_")
                base = _CATEGORY.get(cat.removeprefix("NOT_"))
                if base is None:
                    out |= self.sample
                    continue
                pattern = regex.compile(base)
                hit = {c for c in self.sample if pattern.match(c)}
                out |= (self.sample - hit) if cat.startswith("NOT_") else hit
            else:
                out |= self.sample
        return frozenset(self.sample - out) if negate else frozenset(out)

    def nested(self) -> bool:
        """True when some outer repeat holds an unseparated inner repeat."""
        return any(self._risky(av[2]) for op, av in _walk(self.tree)
                   if _outer(op, av) and next(_inner_repeats(av[2]), None) is not None)

    def _risky(self, body: list[Item]) -> bool:
        seq = list(body)
        while len(seq) == 1 and str(seq[0][0]) == "SUBPATTERN":
            seq = list(seq[0][1][-1])
        if len(seq) == 1 and str(seq[0][0]) == "BRANCH":
            return any(self._risky(alt) for alt in seq[0][1][1])
        for inner, after in _inner_repeats(seq):
            chars = self.chars([inner])
            if after is not None and _min_len(after) > 0 and not self.chars([after]) & chars:
                continue  # delimited: the next item cannot start inside it ("[^"]*")
            if not any(item is not inner and _min_len(item) > 0 and not self.chars([item]) & chars for item in seq):
                return True
        return False


def _cases(c: str) -> list[str]:
    """`c` and its one-character case variants (`İ`.lower() is two characters: left out)."""
    return [v for v in (c, c.lower(), c.upper()) if len(v) == 1]


def _children(op: Any, av: Any) -> list[list[Item]]:
    name = str(op)
    if name in _REPEATS:
        return [av[2]]
    if name == "SUBPATTERN":
        return [av[-1]]
    if name == "BRANCH":
        return list(av[1])
    if name == "ATOMIC_GROUP":
        return [av]
    if name in ("ASSERT", "ASSERT_NOT"):
        return [av[1]]
    if name == "GROUPREF_EXISTS":
        return [branch for branch in av[1:] if branch]
    return []


def _walk(items: Iterable[Item]) -> Iterator[Item]:
    for op, av in items:
        yield op, av
        for child in _children(op, av):
            yield from _walk(child)


def _outer(op: Any, av: Any) -> bool:
    return str(op) in ("MAX_REPEAT", "MIN_REPEAT") and (av[1] is sre.MAXREPEAT or av[1] > OUTER_MAX)


def _inner_repeats(items: Sequence[Item]) -> Iterator[tuple[Item, Item | None]]:
    """Backtracking repeats of varying count inside `items` (not possessive, not atomic), each
    with the item that follows it in its own sequence (None when it ends the sequence)."""
    for i, (op, av) in enumerate(items):
        name = str(op)
        if name in ("POSSESSIVE_REPEAT", "ATOMIC_GROUP", "ASSERT", "ASSERT_NOT"):
            continue
        if name in ("MAX_REPEAT", "MIN_REPEAT") and av[1] != av[0] and (av[1] is sre.MAXREPEAT or av[1] > 1):
            yield (op, av), items[i + 1] if i + 1 < len(items) else None
        for child in _children(op, av):
            yield from _inner_repeats(child)


def _min_len(item: Item) -> int:
    op, av = item
    name = str(op)
    if name in ("LITERAL", "NOT_LITERAL", "ANY", "IN"):
        return 1
    if name in _REPEATS:
        return int(av[0]) * sum(_min_len(i) for i in av[2])
    if name in ("SUBPATTERN", "ATOMIC_GROUP"):
        return sum(_min_len(i) for i in (av[-1] if name == "SUBPATTERN" else av))
    if name == "BRANCH":
        return min(sum(_min_len(i) for i in alt) for alt in av[1])
    return 0


def nested_quantifiers(source: str, lists: Mapping[str, Iterable[str]] | None = None) -> bool | None:
    """True when `source` nests quantifiers in a way that may backtrack catastrophically;
    None when the pattern uses syntax the `re` parser cannot read (then it is not checked)."""
    try:
        return _Analysis(source, lists or {}).nested()
    except (sre.error, regex.error, RecursionError, OverflowError):
        return None
    except Exception:  # noqa: BLE001 - advisory only: a flaw in the check must never stop a load
        return None


def pattern_sources(rule: Any) -> list[str]:
    """Every pattern source a rule carries (patterns, tail-block headers, exceptions)."""
    return [*getattr(rule, "patterns", []), *getattr(rule, "header", []), *getattr(rule, "exceptions", [])]


def lint_rule(rule: Any, path: Path | None = None) -> list[RuleWarning]:
    """Warnings about `rule`'s patterns (defined in `path`), each naming the pattern."""
    lists = {name: [p for phrases in by_lang.values() for p in phrases] for name, by_lang in rule.lists.items()}
    return [RuleWarning(path, rule.code, f"pattern {src!r} nests quantifiers (a repeat inside a repeat, like "
                        "(a+)+): it may backtrack catastrophically on long lines, where the regex timeout then "
                        "skips the rule; make a repeat possessive (a++) or atomic ((?>...)), or separate the "
                        "repeats by a required character")
            for src in pattern_sources(rule) if nested_quantifiers(src, lists)]
