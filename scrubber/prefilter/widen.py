"""Widened forms of a parsed pattern: a Hyperscan expression, the strings of its core, and the
literals a match contains.

Each describes a superset of what the rule pattern matches on one line, so a line the prefilter
passes over cannot hold a match:

- `to_hyperscan`: the pattern's core (its most selective phrase list or token, with the line
  anchor or the small items next to it: a line with a match also holds a match of the core),
  letters in their lower form, classes as explicit code point sets. It scans the normalised text
  lowered (`Lowering`), each run of whitespace within a line one space.
- `hyperscan_literals`: the same core as the whole strings it matches in that text, a line anchor
  as a line feed, for a literal matcher (`phrases`), when they are few enough.
- `lowered_literals`: strings of that text one of which every match contains (RE2's prefilter
  idea, reduced to one alternation), for the fallback's patterns that have no such core.
- `required_literals`: the same in folded text, to rank a pattern's selectivity."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import product
from typing import cast

from scrubber.prefilter.charsets import (
    Charsets,
    Lowering,
    Ranges,
    complement,
    intersect,
    normalise,
    size,
    subtract,
)
from scrubber.prefilter.syntax import EMPTY, Alt, Anchor, Cls, Lit, Node, Repeat, Seq

CLASS_LIMIT = 48  # ranges in one Hyperscan class; a larger set becomes [^\n]
MAX_EXPRESSION = 6000  # bytes: Hyperscan refuses long expressions, and compiles shorter ones faster
REPEAT_LIMIT = 32  # larger repeat bounds are widened (lower bound capped, upper bound dropped)
EXACT_LIMIT = 256  # strings tracked exactly before a part falls back to its required literals
SCAN_LIMIT = 4096  # the same for the literal matchers, which scan for whole phrases
LITERAL_LIMIT = 8192  # strings of one core the literal matcher takes; a larger set stays an expression
LITERAL_WEIGHT = 2.0  # ... and the least a string of it must weigh (`_weight`): two ASCII letters
SYMBOL_LETTERS = (0x2100, 0x214F)  # Letterlike Symbols (ℹ, ℗): letters that serve as bullets
SMALL_CLASS = 8  # classes with at most this many characters count as alternations of literals
GAP = 8  # longest run of any characters allowed between a line-start anchor and a phrase list
TINY = 16  # characters of a class, or options of an alternation, next to a phrase list in a core
RARER = 3  # how much rarer than an anchored start a later part must be to be scanned instead
WORD = 4.0  # ... and at least this rare: a word, not a two-letter code that the anchor made selective
BIG_CLASS = 64  # a class with more characters says little about a line (\\S, \\p{L}, [^\\n.])
LETTERS = Cls("\\p{L}", "")
LATIN_END = 0x24F  # Basic Latin to Latin Extended-B: the letters a large class leaves out are listed


def _hex(cp: int) -> str:
    """A character in a Hyperscan expression: as itself (UTF-8), or escaped when it is ASCII
    punctuation, space or a control character."""
    c = chr(cp)
    return f"\\x{cp:02X}" if c.isascii() and not c.isalnum() else c


def _class(ranges: Ranges) -> str:
    """A Hyperscan class for `ranges`, or for a superset of it: listed, negated, or for a large
    set (symbols, emoji, "not a letter") every character but the Latin ones it lacks, which
    Hyperscan compiles as fast as `[^\\n]` and scans faster (on Latin text it is nearly as
    selective as the set itself; `\\p{L}` there would take minutes to compile)."""
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
    latin = intersect(rest, [(0, LATIN_END)])
    if latin and len(latin) + 1 <= CLASS_LIMIT:
        return f"[^\\n{body(latin)}]"
    return "[^\\n]"


def _big(n: Node, sets: Charsets) -> bool:
    """True when `n` holds a class too large to say much about a line (`\\S`, `[^\\n.]`)."""
    if isinstance(n, Cls):
        return size(sets.of(n)) > BIG_CLASS
    if isinstance(n, Repeat):
        return _big(n.node, sets)
    if isinstance(n, Seq):
        return any(_big(i, sets) for i in n.items)
    if isinstance(n, Alt):
        return any(_big(o, sets) for o in n.options)
    return False


def _literalish(n: Node, sets: Charsets) -> bool:
    """Built from literal characters and small classes only (`[ \\t]+` between words and
    optional parts such as `(?:[ \\t]+aussi)?` included): a run of such items keeps its
    structure in a core, so `A(?:[ \\t]+lire|lso read)` is scanned whole, not as its tail."""
    if isinstance(n, Lit):
        return True
    if isinstance(n, Cls):
        return not _big(n, sets)
    if isinstance(n, Repeat):
        return _literalish(n.node, sets)
    if isinstance(n, Seq):
        return bool(n.items) and all(_literalish(i, sets) for i in n.items)
    if isinstance(n, Alt):
        return all(_literalish(o, sets) for o in n.options)
    return False


def _tiny(n: Node, sets: Charsets) -> bool:
    """Literal, with a few characters or alternatives at each place: what may stand next to a
    phrase list in a core (a class like `\\s` or a second phrase list there makes Hyperscan
    compile for seconds)."""
    if isinstance(n, Lit):
        return True
    if isinstance(n, Cls):
        return size(sets.of(n)) <= TINY or _blank(n, sets)
    if isinstance(n, Repeat):
        return _tiny(n.node, sets)
    if isinstance(n, Seq):
        return bool(n.items) and all(_tiny(p, sets) for p in n.items)
    if isinstance(n, Alt):
        return len(n.options) <= TINY and all(_tiny(p, sets) for p in n.options)
    return False  # an Anchor or a Look (EMPTY, a Seq, is answered above)


def _gap(n: Node, sets: Charsets) -> bool:
    """What may stand between a line-start anchor and a phrase list in a core: an optional tiny
    item, a run of whitespace, or a few characters of any kind (`[^\\p{L}]{0,3}`)."""
    if _optional(n) and _tiny(n, sets):
        return True
    if isinstance(n, Repeat) and isinstance(n.node, Cls):
        return _blank(n.node, sets) or (n.max is not None and n.max <= GAP)
    return False


def _blank(n: Node, sets: Charsets) -> bool:
    """A class of whitespace only (`\\s`, `[ \\t]`)."""
    if not isinstance(n, Cls):
        return False
    space = sets.strip_space() + [(0x0A, 0x0A)]
    return all(any(a <= lo and hi <= b for a, b in space) for lo, hi in sets.of(n))


def _optional(n: Node) -> bool:
    return n == EMPTY or (isinstance(n, Repeat) and n.min == 0)


def core(node: Node, sets: Charsets, reach: bool = False) -> Node | None:
    """The part of `node` Hyperscan scans: every match of `node` holds a match of its core on
    the same line, and the core is fast to scan. It is the line-start anchor with the items after
    it up to the first large class (`^` + marker + separator), when that holds a literal and no
    far rarer part follows; else the most selective run of literal items (a phrase list, a
    token). Large classes and the structure around a phrase list can slow Hyperscan several times
    over; an anchor is cheap and selective. None when no literal is required. With `reach` (for
    a matcher of strings only), an anchored core whose literal item says little (the "/" of
    `^[a-z]{2,4}/`) takes in the literal items after it."""
    if isinstance(node, Alt):
        parts = [core(o, sets, reach) for o in node.options]
        return None if any(p is None for p in parts) else Alt(tuple(p for p in parts if p is not None))
    if isinstance(node, Repeat):
        return core(node.node, sets, reach) if node.min > 0 else None
    if not isinstance(node, Seq):
        return node if _literalish(node, sets) else None
    items = list(node.items)
    anchored, anchored_score = None, 0.0
    if items and isinstance(items[0], Anchor) and not items[0].end:
        anchored = _anchored(items, sets, 3, reach)
        anchored_score = selectivity(anchored, sets)
    best: tuple[float, int, int, Node] | None = None  # score, first item, last item (-1: inside one), core
    run: list[Node] = []
    for i, item in enumerate([*items, None]):  # runs of literal items, and literal parts of others
        if item is not None and _literalish(item, sets):
            run.append(item)
            continue
        candidates = [(i - len(run), i - 1, run[0] if len(run) == 1 else Seq(tuple(run)))] if run else []
        run = []
        if item is not None:
            inner = core(item, sets, reach)
            if inner is not None:
                candidates.append((i, -1, inner))
        for first, last, c in candidates:
            score = selectivity(c, sets)
            if score and (best is None or score > best[0]):
                best = (score, first, last, c)
    if anchored is not None and anchored_score and (best is None or best[0] < max(RARER * anchored_score, WORD)):
        return anchored  # the anchor makes short words at a line start selective, unless a far rarer part follows
    if best is None:
        return None
    _, first, last, found = best
    if last < 0:
        return found  # a literal part found inside one item: no context around it
    left = _context(items, first - 1, -1, sets)
    right = _context(items, last + 1, 1, sets)
    around = [p for p in (left, found, right) if p is not None]
    return around[0] if len(around) == 1 else Seq(tuple(around))


def _anchored(items: list[Node], sets: Charsets, depth: int, reach: bool = False) -> Node | None:
    """The start of a line-anchored sequence as a core: the anchor, short gaps, one literal item
    and the tiny items after it. An optional item on the way splits it in two: the sequence with
    the item there (its own start follows the gaps) and without it; a repeated one stands for
    its first time round (up to `depth` times)."""
    head = 1
    while head < len(items):
        if not _gap(items[head], sets):
            short = _short_prefix(items[head], sets) or _symbols_prefix(items[head], sets)
            if short is None:
                break
            items = [*items[:head], short, *items[head + 1:]]
        head += 1
    if head >= len(items):
        return None
    item = items[head]
    if _optional(item) and isinstance(item, Repeat) and depth > 0:
        inner = list(item.node.items) if isinstance(item.node, Seq) else [item.node]
        present = _anchored(items[:head] + inner + items[head + 1:], sets, depth - 1, reach)
        absent = _anchored(items[:head] + items[head + 1:], sets, depth - 1, reach)
        return None if present is None or absent is None else Alt((present, absent))
    if isinstance(item, Repeat) and item.min >= 1 and depth > 0:  # its first time round starts it
        return _anchored(items[:head] + (list(item.node.items) if isinstance(item.node, Seq) else [item.node]),
                         sets, depth - 1, reach)
    if _optional(item) or not _literalish(item, sets):
        return None
    head += 1
    while head < len(items) and (_tiny(items[head], sets) or reach and _literalish(items[head], sets)
                                 and selectivity(Seq(tuple(items[:head])), sets) < WORD):
        head += 1
    return Seq(tuple(items[:head]))


_ANY = Cls("[^\\n]", "")


def _short_prefix(item: Node, sets: Charsets) -> Node | None:
    """An optional item that is not literal but short (a bullet of any emoji, a bracket) as a
    gap of that many characters of any kind, so `^` still anchors the phrase after it; None for
    anything else."""
    if not (isinstance(item, Repeat) and item.min == 0) or _literalish(item.node, sets):
        return None
    longest = _max_len(item)
    return Repeat(_ANY, 0, longest) if longest is not None and longest <= GAP else None


def _symbols_prefix(item: Node, sets: Charsets) -> Node | None:
    """An optional or repeated item of any length made of symbols, punctuation, digits and spaces
    (a run of bullets, arrows or emoji) as a run of any of its characters, so `^` still anchors
    the phrase after it; None when it may hold more than a few letters."""
    if not (isinstance(item, Repeat) and item.min == 0):
        return None
    chars = _chars(item, sets)
    if not chars or size(intersect(chars, sets.of(LETTERS))) > TINY:
        return None
    return Repeat(sets.named(chars), 0, None)


def _chars(n: Node, sets: Charsets) -> Ranges:
    """Every character a match of `n` may hold."""
    if isinstance(n, Lit):
        cps = sets.variants(n.char) if n.icase else [ord(n.char)]
        return subtract(normalise([(cp, cp) for cp in cps]), 0x0A)
    if isinstance(n, Cls):
        return sets.of(n)
    if isinstance(n, Repeat):
        return _chars(n.node, sets)
    if isinstance(n, (Seq, Alt)):
        parts = n.items if isinstance(n, Seq) else n.options
        return normalise([r for p in parts for r in _chars(p, sets)])
    return []  # anchors take no characters


def _whitespace(n: Node, sets: Charsets) -> bool:
    """Whitespace only: a character, a class or a repeat of them (one run in the scanned text,
    where each run of whitespace within a line is one space)."""
    if isinstance(n, Lit):
        return n.char != "\n" and n.char.isspace()
    if isinstance(n, Cls):
        return _blank(n, sets)
    return isinstance(n, Repeat) and _whitespace(n.node, sets)


def _continues_run(item: Node, after_space: bool, sets: Charsets, space: Ranges) -> bool:
    """Whether whitespace right after `item` is part of a run that began before it: `item` may
    end in whitespace, or it may be empty and follow some."""
    return _may_end_blank(item, sets, space) or (after_space and _min_len(item) == 0)


def _may_end_blank(n: Node, sets: Charsets, space: Ranges) -> bool:
    """Whether a match of `n` may end in whitespace (`space`), making one run with whitespace
    that follows it."""
    if isinstance(n, Lit):
        return n.char.isspace()
    if isinstance(n, Cls):
        return bool(intersect(sets.of(n), space))
    if isinstance(n, Repeat):
        return _may_end_blank(n.node, sets, space)
    if isinstance(n, Alt):
        return any(_may_end_blank(o, sets, space) for o in n.options)
    if isinstance(n, Seq):
        for item in reversed(n.items):
            if _may_end_blank(item, sets, space):
                return True
            if _min_len(item) > 0:
                return False
    return False


def _min_len(n: Node) -> int:
    """The fewest characters a match of `n` takes."""
    if isinstance(n, (Lit, Cls)):
        return 1
    if isinstance(n, Seq):
        return sum(_min_len(i) for i in n.items)
    if isinstance(n, Alt):
        return min((_min_len(o) for o in n.options), default=0)
    if isinstance(n, Repeat):
        return n.min * _min_len(n.node)
    return 0  # anchors and lookarounds take no characters


def _max_len(n: Node) -> int | None:
    """The most characters a match of `n` can take (None: no bound)."""
    if isinstance(n, (Lit, Cls)):
        return 1
    if isinstance(n, Seq):
        parts = [_max_len(i) for i in n.items]
        return None if any(p is None for p in parts) else sum(p for p in parts if p is not None)
    if isinstance(n, Alt):
        parts = [_max_len(o) for o in n.options]
        return None if any(p is None for p in parts) else max((p for p in parts if p is not None), default=0)
    if isinstance(n, Repeat):
        inner = _max_len(n.node)
        return None if inner is None or n.max is None else inner * n.max
    return 0  # anchors and lookarounds take no characters


def _context(items: list[Node], i: int, step: int, sets: Charsets) -> Node | None:
    """What stands right before (step -1) or after (step 1) item i - step in every match: the
    tiny items from there up to and including the first one that is not optional (`[ \\t]*[:|]`,
    `[.!?][ \\t]+`), the line anchor, or else the choice an optional item leaves (its edge, or
    what lies beyond it). None when nothing useful is known."""
    run: list[Node] = []
    j = i
    while 0 <= j < len(items):
        item = items[j]
        if isinstance(item, Anchor):
            if item.end == (step == 1):
                run.append(item)
                return _in_order(run, step)
            break
        if item != EMPTY:
            if not ((_literalish(item, sets) or _optional(item)) and _tiny(item, sets)):
                break
            run.append(item)
            if not _optional(item):
                return _in_order(run, step)
        j += step
    return _choice(items, i, step, sets)


def _in_order(run: list[Node], step: int) -> Node:
    ordered = run if step == 1 else run[::-1]
    return ordered[0] if len(ordered) == 1 else Seq(tuple(ordered))


def _choice(items: list[Node], i: int, step: int, sets: Charsets) -> Node | None:
    if not 0 <= i < len(items):
        return None
    item = items[i]
    if isinstance(item, Anchor):
        return item if item.end == (step == 1) else None
    if item == EMPTY:
        return _choice(items, i + step, step, sets)
    if isinstance(item, Repeat) and item.min == 0:
        beyond = _choice(items, i + step, step, sets)
        edge = _edge_of(item.node, step, sets)
        if beyond is None or edge is None:
            return None
        return Alt((beyond, edge))
    if not (_literalish(item, sets) and _tiny(item, sets)):
        return None
    return item


def _edge_of(node: Node, step: int, sets: Charsets) -> Node | None:
    """What a match of `node` starts (step 1) or ends (step -1) with: its first or last item
    when that is small, or the choice an optional one leaves. None when nothing useful is known."""
    if isinstance(node, Seq):
        seq = [i for i in node.items if i != EMPTY]
        ordered = seq if step == 1 else seq[::-1]
        run = []  # the small items at this end, in scan order, optional ones included
        for item in ordered:
            optional = isinstance(item, Repeat) and item.min == 0 and _literalish(item.node, sets)
            if not (optional or _literalish(item, sets)) or not _tiny(item, sets):
                break
            run.append(item)
        while run and isinstance(run[-1], Repeat) and run[-1].min == 0:
            run.pop()  # end on a solid item
        if run:
            return Seq(tuple(run if step == 1 else run[::-1])) if len(run) > 1 else run[0]
        if not ordered:
            return None
        head, rest = ordered[0], ordered[1:]
        if isinstance(head, Repeat) and head.min == 0:
            inside = _edge_of(head.node, step, sets)
            after = _edge_of(Seq(tuple(rest if step == 1 else rest[::-1])), step, sets)
            return None if inside is None or after is None else Alt((inside, after))
        return _edge_of(head, step, sets)
    if isinstance(node, Alt):
        edges = [_edge_of(o, step, sets) for o in node.options]
        return None if any(e is None for e in edges) else Alt(tuple(e for e in edges if e is not None))
    if isinstance(node, Repeat) and node.min > 0:
        return _edge_of(node.node, step, sets)
    return node if isinstance(node, (Lit, Cls)) and _tiny(node, sets) else None


def to_hyperscan(node: Node, sets: Charsets, space: Ranges, lowering: Lowering) -> list[str]:
    """A Hyperscan expression (UTF-8, multiline) for the core of `node`: it matches a superset
    of the lines `node` matches, in the normalised text as `lowering` prepares it (lowered, a few
    swaps). Letters become their lower form whether the pattern ignores case or not; a class
    also takes the lower form of each member.

    The expression is for text in which every run of whitespace within a line is one space (the
    scanner makes it so): a whitespace character, class or run becomes a literal space (optional
    when it may be empty or follows another), which Hyperscan scans about twice as fast and
    compiles several times faster than whitespace classes; a class that takes some whitespace
    also takes the space; a repeat of what may match whitespace only may match fewer times; and a
    stripped line can only lose one space at either end.
    """
    found = core(node, sets)
    return _split(found, _Scanned(sets, space, lowering).emit) if found is not None else []


@dataclass(frozen=True)
class LiteralCore:
    """A core as whole strings of the scanned text (`hyperscan_literals`)."""

    strings: frozenset[str]
    after_run: bool  # a leading run of non-letters is left out after the line-start anchor
    run_letters: frozenset[str]  # symbol letters such a run may hold (ℹ is a letter)

    def rare(self) -> bool:
        """Every string is a word or more (`WORD`), not a short common one such as "you"."""
        return all(_weight(s) >= WORD for s in self.strings)


def hyperscan_literals(node: Node, sets: Charsets, space: Ranges, lowering: Lowering,
                       strings_only: bool = False) -> LiteralCore | None:
    """The core of `node` as the whole strings it may match in the text Hyperscan scans (as for
    `to_hyperscan`, with a line feed before every line), for Hyperscan's literal matcher, which
    scans thousands of them in the time one expression takes: every line `node` matches holds one.

    A line-start anchor becomes that line feed. A run of bullets, digits or punctuation between
    the anchor and the phrase (optional, without a letter but symbol letters such as ℹ) is left
    out, with `after_run` set: the line then holds a string once the start of the line, up to
    its first letter, is cut off at the right place (`LeadingRuns`). None when the core is no
    small finite set.

    `strings_only`: for a matcher that scans nothing but strings (the fallback), which would
    otherwise settle for the literals every match holds (`lowered_literals`): the core reaches
    past a literal item that says little, and strings from within the line are taken when they
    say more than those literals."""
    found = core(node, sets, reach=strings_only)
    if found is None:
        return None
    scanned = _Scanned(sets, space, lowering)
    strings = _prefix_strings(found, scanned, strings_only)
    if strings is None or len(strings) > LITERAL_LIMIT:
        return None
    if scanned.inner and _better(lowered_literals(node, sets, lowering), strings) is not strings:
        return None  # strings from within the line that say less than the literals every match holds
    return LiteralCore(strings, scanned.after_run, frozenset(scanned.run_letters))


def _prefix_strings(node: Node, scanned: _Scanned, strings_only: bool = False) -> frozenset[str] | None:
    """The strings of `node` (of each option of an alternation), else those of its start: the
    sequence without the small items after its phrase list (separators that multiply the
    strings), as long as each string still says something. With `strings_only` (for a matcher
    that scans nothing but strings), an option is taken on its own, and a sequence whose start
    holds an item of too many strings (`[a-z]{2,4}/` before an agency) gives the strings of a run
    of items after it ("/" and the agency), wherever they stand in the line."""
    if isinstance(node, Alt):
        options = [_prefix_strings(o, scanned, strings_only) for o in node.options]
        return None if any(o is None for o in options) else frozenset().union(*cast(list[frozenset[str]], options))
    items = _flat(node)
    if strings_only and len(items) == 1 and isinstance(items[0], Alt):  # the options of an optional item
        return _prefix_strings(items[0], scanned, strings_only)
    for end in range(len(items), 0, -1):
        strings = scanned.strings(Seq(items[:end]))
        if not strings or not all(s.strip() for s in strings):
            continue
        if end == len(items) or all(_weight(s) >= LITERAL_WEIGHT for s in strings):
            return strings
    return _inner_strings(items, scanned) if strings_only else None


def _inner_strings(items: tuple[Node, ...], scanned: _Scanned) -> frozenset[str] | None:
    """The strings of the longest run of `items` after the first that has a small set of them,
    each weighing enough: every match of the sequence holds one, somewhere in the line (the
    run of whitespace before it may have merged with what came before, so its leading space
    may be gone)."""
    for length in range(len(items) - 1, 0, -1):
        for start in range(1, len(items) - length + 1):
            strings = scanned.strings(Seq(items[start:start + length]), after_space=True)
            if strings and all(s.strip() and _weight(s) >= LITERAL_WEIGHT for s in strings):
                scanned.inner = True
                return strings
    return None


def _flat(node: Node) -> tuple[Node, ...]:
    """The items of a sequence, those of the sequences in it spliced in."""
    if not isinstance(node, Seq):
        return (node,)
    return tuple(item for part in node.items for item in _flat(part))


class _Scanned:
    """A core in the form Hyperscan scans: an expression (`emit`) or its strings (`strings`)."""

    def __init__(self, sets: Charsets, space: Ranges, lowering: Lowering) -> None:
        self.sets, self.space, self.lowering = sets, space, lowering
        self.letters = sets.of(LETTERS)
        self.after_run = False  # `strings` left out a run of non-letters after a line-start anchor
        self.inner = False  # `_prefix_strings` settled for strings within the line (`_inner_strings`)
        self.run_letters: set[str] = set()  # the symbol letters that run may hold

    def spacing(self, n: Node) -> str | None:
        """The single-space form of a whitespace character, class or run, else None."""
        if not _whitespace(n, self.sets):
            return None
        return "\\x20?" if _min_len(n) == 0 else "\\x20"

    def lowered(self, ranges: Ranges) -> Ranges:
        image = _class_image(ranges, self.sets, self.lowering)
        if intersect(image, self.space) and not intersect(image, [(0x20, 0x20)]):
            image = normalise([*image, (0x20, 0x20)])  # its whitespace became a space
        return image

    def blank_match(self, n: Node) -> bool:
        """Whether `n` can match whitespace only (or nothing): a repeat of it may then match
        fewer times once runs of whitespace are one space."""
        if isinstance(n, Lit):
            return n.char.isspace()
        if isinstance(n, Cls):
            return bool(intersect(self.sets.of(n), self.space))
        if isinstance(n, Repeat):
            return n.min == 0 or self.blank_match(n.node)
        if isinstance(n, Seq):
            return all(self.blank_match(i) for i in n.items)
        if isinstance(n, Alt):
            return any(self.blank_match(o) for o in n.options)
        return True  # anchors take no characters

    def char(self, n: Lit) -> str:
        """A literal character as scanned: ignoring case, it stands for its whole case group,
        whose usual lower form the scanner sees (the others are swapped to it, or are rare and
        skip the prefilter)."""
        return self.lowering.image(self.sets.literal(n.char) if n.icase else n.char)

    def bounds(self, rep: Repeat) -> tuple[int, int | None]:
        """How often the scanned form of `rep.node` repeats (None: no upper bound)."""
        lo = 0 if self.blank_match(rep.node) else min(rep.min, REPEAT_LIMIT)
        return lo, (None if rep.max is None or rep.max > REPEAT_LIMIT else rep.max)

    def emit(self, n: Node, after_space: bool = False) -> str:
        """`n` as an expression; `after_space`: what comes before may end in whitespace, with
        which a leading run of whitespace in `n` became one (so it may be gone)."""
        sets, space = self.sets, self.space
        if self.spacing(n) is not None:
            return "\\x20?" if after_space else self.spacing(n) or ""
        if isinstance(n, Lit):
            return "" if n.char == "\n" else "".join(_hex(ord(c)) for c in self.char(n))
        if isinstance(n, Cls):
            cls = _class(self.lowered(sets.of(n)))
            # its whitespace may have joined the run before it, leaving nothing here
            return f"(?:{cls})?" if after_space and intersect(sets.of(n), space) else cls
        if isinstance(n, Anchor):
            return "\\x20?$" if n.end else "^\\x20?"  # a stripped line may lose a space
        if isinstance(n, Seq):
            out = []
            for item in n.items:
                out.append(self.emit(item, after_space))
                after_space = _continues_run(item, after_space, sets, space)
            return "".join(out)
        if isinstance(n, Alt):
            return "(?:" + "|".join(self.emit(o, after_space) for o in n.options) + ")"
        rep = cast(Repeat, n)  # the last kind left: a parsed pattern holds no Look (syntax._edges)
        # a later time round follows the end of the one before
        inner = self.emit(rep.node, after_space or (rep.max != 1 and _may_end_blank(rep.node, sets, space)))
        if not inner:
            return ""
        lo, hi = self.bounds(rep)
        bounds = {(0, None): "*", (1, None): "+", (0, 1): "?"}.get((lo, hi))
        if bounds is None:
            bounds = f"{{{lo},}}" if hi is None else f"{{{lo},{hi}}}" if lo != hi else f"{{{lo}}}"
        return f"(?:{inner}){bounds}"

    def strings(self, n: Node, after_space: bool = False) -> frozenset[str] | None:
        """What `emit(n, after_space)` matches, as a set of strings (a line-start anchor as a
        line feed); None when that is not a set of at most `LITERAL_LIMIT`."""
        sets, space = self.sets, self.space
        if self.spacing(n) is not None:
            return frozenset({"", " "} if after_space or _min_len(n) == 0 else {" "})
        if isinstance(n, Lit):
            return frozenset({"" if n.char == "\n" else self.char(n)})
        if isinstance(n, Cls):
            ranges = self.lowered(sets.of(n))
            if size(ranges) > TINY:
                return None
            chars = frozenset(chr(cp) for lo, hi in ranges for cp in range(lo, hi + 1))
            return chars | {""} if after_space and intersect(sets.of(n), space) else chars
        if isinstance(n, Anchor):
            return frozenset({""} if n.end else {"\n", "\n "})  # an end anchor is left out
        if isinstance(n, Alt):
            options = [self.strings(o, after_space) for o in n.options]
            if any(o is None for o in options):
                return None
            union = frozenset().union(*cast(list[frozenset[str]], options))
            return union if len(union) <= LITERAL_LIMIT else None
        if isinstance(n, Seq):
            return self._sequence(n.items, after_space)
        rep = cast(Repeat, n)
        lo, hi = self.bounds(rep)
        inner = self.strings(rep.node, after_space or (rep.max != 1 and _may_end_blank(rep.node, sets, space)))
        if inner is None or hi is None:
            return None
        out, power = frozenset({""} if lo == 0 else set()), frozenset({""})
        for times in range(1, hi + 1):
            power = frozenset(a + b for a in power for b in inner)
            if len(power) > LITERAL_LIMIT:
                return None
            if times >= lo:
                out |= power
        return out if len(out) <= LITERAL_LIMIT else None

    def _sequence(self, items: tuple[Node, ...], after_space: bool) -> frozenset[str] | None:
        out: frozenset[str] = frozenset({""})
        anchored = False
        for item in items:
            if anchored and self._bullets(item):
                self.after_run = True  # a run of bullets after the anchor: cut off with the line's start
                part: frozenset[str] | None = frozenset({""})
            else:
                part = self.strings(item, after_space)
            if part is None or len(out) * len(part) > LITERAL_LIMIT:
                return None
            out = frozenset(a + b for a in out for b in part)
            anchored = isinstance(item, Anchor) and not item.end or anchored and all(not s.strip() for s in out)
            after_space = _continues_run(item, after_space, self.sets, self.space)
        return out

    def _bullets(self, n: Node) -> bool:
        """An optional run without a letter, symbol letters aside (bullets, arrows, emoji, digits,
        punctuation); its symbol letters join `run_letters`."""
        if not _optional(n):
            return False
        letters = intersect(_chars(n, self.sets), self.letters)
        if any(lo < SYMBOL_LETTERS[0] or hi > SYMBOL_LETTERS[1] for lo, hi in letters):
            return False
        self.run_letters.update(chr(cp) for lo, hi in letters for cp in range(lo, hi + 1))
        return True


def _split(node: Node, emit: Callable[[Node], str]) -> list[str]:
    """`node` emitted as one expression, or as several (one Hyperscan id) when it is longer than
    Hyperscan accepts: the largest alternation is cut into parts, each in its own copy of the
    sequence around it. [] when even that fails (the pattern is then a candidate everywhere)."""
    text = emit(node)
    if not text:
        return []
    if len(text.encode("utf-8")) <= MAX_EXPRESSION:
        return [text]
    items: list[Node] = list(node.items) if isinstance(node, Seq) else [node]
    alts = [(i, item) for i, item in enumerate(items)
            if isinstance(item, Alt) and len(item.options) > 1]
    if not alts:
        return []
    at, widest = max(alts, key=lambda a: len(a[1].options))
    options = widest.options
    half = len(options) // 2
    out: list[str] = []
    for part in (options[:half], options[half:]):
        piece: Node = part[0] if len(part) == 1 else Alt(tuple(part))
        pieces = _split(Seq(tuple(items[:at] + [piece] + items[at + 1:])), emit)
        if not pieces:
            return []
        out += pieces
    return out


def _class_image(ranges: Ranges, sets: Charsets, lowering: Lowering) -> Ranges:
    """A class widened by the lowered form of each of its cased members (and of the swapped ones)."""
    sources, _ = sets._cased
    extra: Ranges = []
    for lo, hi in ranges:
        i = bisect_right(sources, lo - 1)
        while i < len(sources) and sources[i] <= hi:
            extra.extend((ord(c), ord(c)) for c in lowering.image(chr(sources[i])))
            i += 1
    for c in lowering.swap:
        if any(lo <= ord(c) <= hi for lo, hi in ranges):
            extra.extend((ord(x), ord(x)) for x in lowering.image(c))
    return subtract(normalise(ranges + extra), 0x0A) if extra else ranges


def rare_expression(lowering: Lowering) -> str:
    """An expression matching any character that sends a document past the prefilter."""
    ranges = normalise([(ord(c), ord(c)) for c in lowering.rare])
    body = "".join(_hex(lo) if lo == hi else f"{_hex(lo)}-{_hex(hi)}" for lo, hi in ranges)
    return f"[{body}]" if ranges else ""


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
    """The more selective of two requirements: its weakest literal is rarer, or it has fewer. A
    literal of whitespace alone (a line-start anchor's line feed) is found on nearly every line."""
    if a is None or b is None:
        return a if b is None else b

    def score(s: frozenset[str]) -> tuple[float, int]:
        return (-1.0 if any(not x.strip() for x in s) else min(map(_weight, s))), -len(s)

    return a if score(a) >= score(b) else b


def required_literals(node: Node, sets: Charsets) -> frozenset[str] | None:
    """Folded strings one of which every match of `node` contains; None if there is none."""
    return _literals(node, sets, limit=EXACT_LIMIT)


def lowered_literals(node: Node, sets: Charsets, lowering: Lowering) -> frozenset[str] | None:
    """Like `required_literals`, for the text the literal matchers of `phrases` scan: lowered
    (`Lowering`), every line after a line feed, each run of whitespace within a line one space.
    Whole phrases (up to `SCAN_LIMIT` of them), with the spaces between their words and a line
    feed for a line-start anchor before them, are far rarer than the fragments
    `required_literals` settles for."""
    return _literals(node, sets, limit=SCAN_LIMIT, scanned=_Scanned(sets, sets.strip_space(), lowering))


def _literals(node: Node, sets: Charsets, *, limit: int, scanned: _Scanned | None = None) -> frozenset[str] | None:
    """The literals every match of `node` holds, folded, or as `scanned` scans them (spaced)."""
    spaced = scanned is not None
    space = sets.strip_space() if spaced else []

    def info(n: Node, after_space: bool = False) -> _Info:
        if spaced and _whitespace(n, sets):  # a run of whitespace is one space, or none after another run
            return _Info(frozenset({"", " "} if after_space or _min_len(n) == 0 else {" "}), None)
        if isinstance(n, Lit):
            ch = scanned.char(n) if scanned is not None else sets.literal(n.char)
            return _Info(frozenset({"" if ch == "\n" else ch}), None)
        if isinstance(n, Cls):
            ranges = (_class_image(sets.of(n), sets, scanned.lowering) if scanned is not None
                      else sets.of(n, folded=True))
            if 0 < size(ranges) <= SMALL_CLASS:
                chars = frozenset(chr(cp) for lo, hi in ranges for cp in range(lo, hi + 1))
                if spaced and intersect(ranges, space):  # its space may be part of a run: one, or none
                    chars = frozenset(" " if c.isspace() else c for c in chars) | {""}
                return _Info(chars, None)
            return _Info(None, None)
        if isinstance(n, Anchor):
            return _Info(frozenset({"\n", "\n "} if spaced and not n.end else {""}), None)
        if isinstance(n, Seq):
            parts, after = [], after_space
            for item in n.items:
                parts.append(info(item, after))
                after = spaced and _continues_run(item, after, sets, space)
            return _sequence(parts, limit)
        if isinstance(n, Alt):
            parts = [info(o, after_space) for o in n.options]
            if all(p.exact is not None for p in parts):
                union = frozenset().union(*(p.exact for p in parts if p.exact is not None))
                if len(union) <= limit:
                    return _Info(union, None)
            needs = [p.need() for p in parts]
            if any(x is None for x in needs):
                return _Info(None, None)
            return _Info(None, frozenset().union(*(x for x in needs if x is not None)))
        rep = cast(Repeat, n)  # the last kind left: a parsed pattern holds no Look (syntax._edges)
        inner = info(rep.node, after_space)
        if rep.min == 0:
            if rep.max == 1 and inner.exact is not None:  # an optional part: present or not
                return _Info(inner.exact | {""}, None)
            return _Info(None, None)
        exact, times = inner.exact, rep.min
        if times == rep.max and exact is not None and len(exact) ** times <= limit:
            return _Info(frozenset("".join(p) for p in product(sorted(exact), repeat=times)), None)
        return _Info(None, inner.need())

    need = info(node).need()
    if need is None or not need or "" in need or (spaced and any(not x.strip() for x in need)):
        return None
    return need


def selectivity(node: Node | None, sets: Charsets) -> float:
    """How rarely a pattern is likely to match: the weight of the least rare literal every match
    contains (0: none is required, or the pattern is not supported)."""
    need = required_literals(node, sets) if node is not None else None
    return min(map(_weight, need)) if need else 0.0


def _sequence(parts: list[_Info], limit: int = EXACT_LIMIT) -> _Info:
    """A concatenation: runs of exact parts multiply out; the best requirement of any part holds."""
    run: frozenset[str] | None = frozenset({""})
    best: frozenset[str] | None = None
    exact = True
    for part in parts:
        if run is not None and part.exact is not None and len(run) * len(part.exact) <= limit:
            run = frozenset(x + y for x in run for y in part.exact)
            continue
        exact = False
        if run is not None and "" not in run:
            best = _better(best, run)
        best = _better(best, part.need())
        run = part.exact if part.exact is not None and len(part.exact) <= limit else None
    if exact:
        return _Info(run, None)
    if run is not None and "" not in run:
        best = _better(best, run)
    return _Info(None, best)


__all__ = ["LiteralCore", "core", "hyperscan_literals", "lowered_literals", "rare_expression", "required_literals", "selectivity", "to_hyperscan"]
