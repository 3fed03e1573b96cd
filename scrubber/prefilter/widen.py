"""Widened forms of a parsed pattern: a Hyperscan expression and the literals a match contains.

Both describe a superset of what the rule pattern matches on one line of folded text, so a line
the prefilter passes over cannot hold a match:

- `to_hyperscan`: literal characters folded, classes as explicit folded code point sets (too
  large a set becomes "any character but a line break"), lookarounds and word boundaries
  dropped, lazy and possessive repeats made greedy, long repeats unbounded, line anchors that
  allow the whitespace a stripped line loses. A trailing repeat keeps only its minimum: a line
  with a match also has a match of the shorter form, so Hyperscan reports fewer offsets.
- `required_literals`: strings one of which every match contains (RE2's prefilter idea, reduced
  to one alternation), or None when no literal is required.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from scrubber.prefilter.charsets import Charsets, Ranges, complement, normalise, size, subtract
from scrubber.prefilter.syntax import Alt, Anchor, Cls, Lit, Node, Repeat, Seq

CLASS_LIMIT = 48  # ranges in one Hyperscan class; a larger set becomes [^\n]
REPEAT_LIMIT = 32  # larger repeat bounds are widened (lower bound capped, upper bound dropped)
EXACT_LIMIT = 256  # strings tracked exactly before a part falls back to its required literals
SMALL_CLASS = 8  # classes with at most this many characters count as alternations of literals


def _hex(cp: int) -> str:
    c = chr(cp)
    return c if c.isascii() and c.isalnum() else f"\\x{{{cp:X}}}"


def _class(ranges: Ranges) -> str:
    def body(rs: Ranges) -> str:
        return "".join(_hex(lo) if lo == hi else f"{_hex(lo)}-{_hex(hi)}" for lo, hi in rs)

    if not ranges:
        raise ValueError("empty class")
    if len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
        return _hex(ranges[0][0])
    if len(ranges) <= CLASS_LIMIT:
        return f"[{body(ranges)}]"
    rest = subtract(complement(ranges), 0x0A)
    if len(rest) + 1 <= CLASS_LIMIT:
        return f"[^\\n{body(rest)}]"
    return "[^\\n]"


def trim_tail(node: Node) -> Node:
    """The pattern with its trailing repeats cut to their minimum (not past an end anchor)."""
    if isinstance(node, Repeat):
        return Repeat(node.node, node.min, node.min) if node.min else Seq(())
    if isinstance(node, Alt):
        return Alt(tuple(trim_tail(o) for o in node.options))
    if isinstance(node, Seq) and node.items:
        items = list(node.items)
        while items:
            last = items[-1]
            if isinstance(last, Anchor):
                break
            trimmed = trim_tail(last)
            if trimmed == Seq(()):
                items.pop()
                continue
            items[-1] = trimmed
            break
        return Seq(tuple(items))
    return node


def to_hyperscan(node: Node, sets: Charsets, space: Ranges) -> str:
    """A Hyperscan expression (UTF-8, multiline) for `node`, matching a superset on folded lines."""
    ws = _class(space) + "*"

    def emit(n: Node) -> str:
        if isinstance(n, Lit):
            ch = sets.literal(n.char)
            return "" if ch == "\n" else "".join(_hex(ord(c)) for c in ch)
        if isinstance(n, Cls):
            return _class(sets.of(n))
        if isinstance(n, Anchor):
            return f"{ws}$" if n.end else f"^{ws}"
        if isinstance(n, Seq):
            return "".join(emit(i) for i in n.items)
        if isinstance(n, Alt):
            return "(?:" + "|".join(emit(o) for o in n.options) + ")"
        inner = emit(n.node)
        if not inner:
            return ""
        lo = min(n.min, REPEAT_LIMIT)
        hi = None if n.max is None or n.max > REPEAT_LIMIT else n.max
        bounds = {(0, None): "*", (1, None): "+", (0, 1): "?"}.get((lo, hi))
        if bounds is None:
            bounds = f"{{{lo},}}" if hi is None else f"{{{lo},{hi}}}" if lo != hi else f"{{{lo}}}"
        return f"(?:{inner}){bounds}"

    return emit(trim_tail(node))


@dataclass(frozen=True)
class _Info:
    exact: frozenset[str] | None  # every match is one of these
    required: frozenset[str] | None  # every match contains one of these (None: nothing known)

    def need(self) -> frozenset[str] | None:
        if self.exact is not None and "" not in self.exact:
            return self.exact
        return self.required


def _weight(literal: str) -> float:
    """How rare a literal is likely to be: letters count more than spaces and punctuation."""
    return sum(1.0 if c.isascii() and c.isalnum() else 2.0 if c.isalnum() else 0.25 for c in literal)


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two requirements: its weakest literal is rarer, or it has fewer."""
    if a is None or b is None:
        return a if b is None else b

    def score(s: frozenset[str]) -> tuple[float, int]:
        return min(map(_weight, s)), -len(s)

    return a if score(a) >= score(b) else b


def required_literals(node: Node, sets: Charsets) -> frozenset[str] | None:
    """Folded strings one of which every match of `node` contains; None if there is none."""

    def info(n: Node) -> _Info:
        if isinstance(n, Lit):
            ch = sets.literal(n.char)
            return _Info(frozenset({"" if ch == "\n" else ch}), None)
        if isinstance(n, Cls):
            ranges = sets.of(n)
            if 0 < size(ranges) <= SMALL_CLASS:
                return _Info(frozenset(chr(cp) for lo, hi in ranges for cp in range(lo, hi + 1)), None)
            return _Info(None, None)
        if isinstance(n, Anchor):
            return _Info(frozenset({""}), None)
        if isinstance(n, Seq):
            return _sequence([info(item) for item in n.items])
        if isinstance(n, Alt):
            parts = [info(o) for o in n.options]
            if all(p.exact is not None for p in parts):
                union = frozenset().union(*(p.exact for p in parts if p.exact is not None))
                if len(union) <= EXACT_LIMIT:
                    return _Info(union, None)
            needs = [p.need() for p in parts]
            if any(x is None for x in needs):
                return _Info(None, None)
            return _Info(None, frozenset().union(*(x for x in needs if x is not None)))
        inner = info(n.node)
        if n.min == 0:
            return _Info(None, None)
        if n.min == n.max and inner.exact is not None and len(inner.exact) ** n.min <= EXACT_LIMIT:
            return _Info(frozenset("".join(p) for p in product(sorted(inner.exact), repeat=n.min)), None)
        return _Info(None, inner.need())

    need = info(node).need()
    if need is None or not need or "" in need:
        return None
    return need


def _sequence(parts: list[_Info]) -> _Info:
    """A concatenation: runs of exact parts multiply out; the best requirement of any part holds."""
    run: frozenset[str] | None = frozenset({""})
    best: frozenset[str] | None = None
    exact = True
    for part in parts:
        if run is not None and part.exact is not None and len(run) * len(part.exact) <= EXACT_LIMIT:
            run = frozenset(x + y for x in run for y in part.exact)
            continue
        exact = False
        if run is not None and "" not in run:
            best = _better(best, run)
        best = _better(best, part.need())
        run = part.exact if part.exact is not None and len(part.exact) <= EXACT_LIMIT else None
    if exact:
        return _Info(run, None)
    if run is not None and "" not in run:
        best = _better(best, run)
    return _Info(None, best)


__all__ = ["normalise", "required_literals", "to_hyperscan", "trim_tail"]
