"""A `regex` pattern -> a small tree the prefilter can widen: what it must match, never less.

Only the shape is parsed: sequences, alternations, groups, repeats, anchors, literal characters.
A character class, a property or a shorthand (`[^\\n.!?]`, `\\p{Lu}`, `\\S`, `.`) stays a source
fragment; `charsets` asks `regex` itself which characters it matches, under the flags in force
there. Lookarounds and word boundaries only restrict a match, so they become empty. Anything
this parser does not know (backreferences, conditionals, fuzzy matching, verbose mode, ...)
raises `Unsupported`, and the pattern is then a candidate on every line.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex


class Unsupported(ValueError):
    """The pattern uses syntax the prefilter does not widen; it will run on every line."""


@dataclass(frozen=True)
class Lit:
    char: str
    icase: bool = False  # matched without regard to case


@dataclass(frozen=True)
class Cls:
    source: str  # a class, property, shorthand or `.`, as written
    flags: str  # inline flags in force, e.g. "i", "is", ""


@dataclass(frozen=True)
class Seq:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Alt:
    options: tuple[Node, ...]


@dataclass(frozen=True)
class Repeat:
    node: Node
    min: int
    max: int | None


@dataclass(frozen=True)
class Anchor:
    end: bool  # False: start of the line, True: end of the line


@dataclass(frozen=True)
class Look:
    """A positive lookaround: at the start (behind) or end (ahead) of the pattern, what it looks
    at stands next to every match on the same line, so it may be read as part of the match."""

    node: Node
    ahead: bool


EMPTY = Seq(())
Node = Lit | Cls | Seq | Alt | Repeat | Anchor | Look
ANY = Repeat(Cls(".", "s"), 0, None)  # what a backreference may match, on one line

# regex flag bits a pattern may carry; any other bit (fuzzy, V1, FULLCASE, ...) is unsupported.
_KNOWN = regex.IGNORECASE | regex.MULTILINE | regex.DOTALL | regex.UNICODE | regex.VERSION0
_SHORTHAND = set("dDwWsShHvV")  # \h and \v are not in V0, but regex rejects them at compile time
# A fuzzy constraint after an atom (`{e<=1}`, `{i,d}`, `{2i+1d<=3}`): a count, then an error kind
# standing alone as a word. Any other brace that is no repeat is a literal brace.
_FUZZY = regex.compile(r"\{[\s\d+]*[eids]\b")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "e": "\x1b"}
_ZERO_WIDTH = set("bBmMG")
_HEX = "0123456789abcdefABCDEF"


def parse(pattern: regex.Pattern[str]) -> Node:
    """The tree of a compiled pattern; raise Unsupported for syntax the prefilter cannot widen."""
    if pattern.flags & ~_KNOWN:
        raise Unsupported(f"flags {pattern.flags:#x}")
    flags = ("i" if pattern.flags & regex.IGNORECASE else "") + ("s" if pattern.flags & regex.DOTALL else "")
    parser = _Parser(pattern.pattern)
    node = parser.alternation(flags)
    if parser.pos != len(parser.src):
        raise Unsupported(f"unbalanced ')' at {parser.pos}")
    return _edges(node)


def _edges(node: Node) -> Node:
    """A lookbehind opening the pattern (or one of its alternatives) and a lookahead closing it
    become part of it; every other lookaround, which only restricts a match, becomes empty."""
    if isinstance(node, Alt):
        return Alt(tuple(_edges(o) for o in node.options))
    items: list[Node] = list(node.items) if isinstance(node, Seq) else [node]
    solid = [i for i, item in enumerate(items) if item != EMPTY]
    if solid:
        head = items[solid[0]]
        if isinstance(head, Look) and not head.ahead:
            items[solid[0]] = head.node
        tail = items[solid[-1]]  # read after the head's change: the two may be one item
        if isinstance(tail, Look) and tail.ahead:
            items[solid[-1]] = tail.node
    out = tuple(_drop_looks(i) for i in items)
    return out[0] if len(out) == 1 else Seq(out)


def _drop_looks(node: Node) -> Node:
    if isinstance(node, Look):
        return EMPTY
    if isinstance(node, Seq):
        return Seq(tuple(_drop_looks(i) for i in node.items))
    if isinstance(node, Alt):
        return Alt(tuple(_drop_looks(o) for o in node.options))
    if isinstance(node, Repeat):
        return Repeat(_drop_looks(node.node), node.min, node.max)
    return node


class _Parser:
    def __init__(self, src: str) -> None:
        self.src = src
        self.pos = 0

    def peek(self, n: int = 1) -> str:
        return self.src[self.pos:self.pos + n]

    def alternation(self, flags: str) -> Node:
        options = [self.sequence(flags)]
        while self.peek() == "|":
            self.pos += 1
            options.append(self.sequence(flags))
        return options[0] if len(options) == 1 else Alt(tuple(options))

    def sequence(self, flags: str) -> Node:
        items: list[Node] = []
        while self.pos < len(self.src) and self.peek() not in "|)":
            if self.peek(2) == "\\K":  # `X\KY` matches where `(?<=X)Y` does (X is left out of the match)
                self.pos += 2
                items = [Look(items[0] if len(items) == 1 else Seq(tuple(items)), ahead=False)] if items else []
                continue
            atom = self.atom(flags)
            if atom is None:
                continue
            items.append(self.quantified(atom))
        return items[0] if len(items) == 1 else Seq(tuple(items))

    def quantified(self, atom: Node) -> Node:
        while True:
            c = self.peek()
            if c in ("*", "+", "?"):
                self.pos += 1
                lo, hi = {"*": (0, None), "+": (1, None), "?": (0, 1)}[c]
            elif c == "{":
                bounds = self.braces()
                if bounds is None:
                    if _FUZZY.match(self.src, self.pos):
                        raise Unsupported(f"fuzzy matching at {self.pos}")
                    return atom  # not a repeat: `regex` reads the brace as itself (`{title}`)
                lo, hi = bounds
            else:
                return atom
            if self.peek() in ("?", "+"):  # lazy or possessive: the greedy form matches a superset
                self.pos += 1
            atom = Repeat(atom, lo, hi)

    def braces(self) -> tuple[int, int | None] | None:
        m = regex.match(r"\{(\d*)(,?)(\d*)\}", self.src[self.pos:])
        if m is None or not (m.group(1) or m.group(3)):
            return None
        self.pos += m.end()
        lo = int(m.group(1) or 0)
        if not m.group(2):
            return lo, lo
        return lo, int(m.group(3)) if m.group(3) else None

    def atom(self, flags: str) -> Node | None:
        c = self.src[self.pos]
        if c == "(":
            return self.group(flags)
        if c == "[":
            return Cls(self.char_class(), flags)
        if c == ".":
            self.pos += 1
            return Cls(".", flags)
        if c in "^$":
            self.pos += 1
            return Anchor(end=c == "$")
        if c == "\\":
            return self.escape(flags)
        if c in "*+?":
            raise Unsupported(f"nothing to repeat at {self.pos}")
        if c == "{" and self.braces_at_atom():
            raise Unsupported(f"repeat without an atom at {self.pos}")
        self.pos += 1
        return Lit(c, "i" in flags)

    def braces_at_atom(self) -> bool:
        return regex.match(r"\{\d*(?:,\d*)?\}", self.src[self.pos:]) is not None

    def group(self, flags: str) -> Node:
        start = self.pos
        self.pos += 1
        if self.peek() != "?":
            return self.close(self.alternation(flags), start)
        self.pos += 1
        head = self.peek()
        if head == ":":
            self.pos += 1
            return self.close(self.alternation(flags), start)
        if head in ("=", "!") or self.peek(2) in ("<=", "<!"):
            ahead, negative = head in ("=", "!"), "!" in (head, self.peek(2)[1:])
            self.pos += 1 if ahead else 2
            inner = self.close(self.alternation(flags), start)
            return EMPTY if negative else Look(inner, ahead)  # a lookaround only restricts a match
        if head == ">":  # atomic group: the plain group matches a superset
            self.pos += 1
            return self.close(self.alternation(flags), start)
        if head == "#":
            end = self.src.find(")", self.pos)
            if end < 0:
                raise Unsupported("unterminated comment")
            self.pos = end + 1
            return EMPTY
        if regex.match(r"P=\w+\)", self.src[self.pos:]):  # a backreference: some text of the line
            self.pos = self.src.index(")", self.pos) + 1
            return ANY
        m = regex.match(r"P?<(\w+)>", self.src[self.pos:])
        if m:
            self.pos += m.end()
            return self.close(self.alternation(flags), start)
        m = regex.match(r"([a-zA-Z]*)(?:-([a-zA-Z]*))?(:|\))", self.src[self.pos:])
        if not m:
            raise Unsupported(f"group syntax at {start}")
        on, off, kind = m.group(1), m.group(2) or "", m.group(3)
        if set(on + off) - set("ims"):
            raise Unsupported(f"inline flags {m.group(0)!r}")
        self.pos += m.end()
        if kind == ")":  # (?i) applies to the whole pattern in V0: only allowed at the very start
            if start != 0 or off:
                raise Unsupported("inline flags inside the pattern")
            return EMPTY
        scoped = "".join(sorted((set(flags) | set(on)) - set(off) - {"m"}))
        return self.close(self.alternation(scoped), start)

    def close(self, node: Node, start: int) -> Node:
        if self.peek() != ")":
            raise Unsupported(f"unterminated group at {start}")
        self.pos += 1
        return node

    def char_class(self) -> str:
        start = self.pos
        i = self.pos + 1
        if i < len(self.src) and self.src[i] == "^":
            i += 1
        if i < len(self.src) and self.src[i] == "]":
            i += 1
        while i < len(self.src):
            c = self.src[i]
            if c == "\\":
                i += 2
            elif c == "[" and self.src[i + 1:i + 2] == ":":
                end = self.src.find(":]", i + 2)
                if end < 0:
                    raise Unsupported("unterminated POSIX class")
                i = end + 2
            elif c == "[":
                raise Unsupported("nested set")
            elif c == "]":
                self.pos = i + 1
                return self.src[start:self.pos]
            else:
                i += 1
        raise Unsupported("unterminated class")

    def escape(self, flags: str) -> Node:
        start = self.pos
        c = self.src[self.pos + 1:self.pos + 2]
        if not c:
            raise Unsupported("trailing backslash")
        self.pos += 2
        if c in _SHORTHAND:
            return Cls(self.src[start:self.pos], flags)
        if c in "pP":
            if self.peek() == "{":
                end = self.src.find("}", self.pos)
                if end < 0:
                    raise Unsupported("unterminated property")
                self.pos = end + 1
            else:
                self.pos += 1
            return Cls(self.src[start:self.pos], flags)
        if c in _ZERO_WIDTH:
            return EMPTY
        if c == "A":
            return Anchor(end=False)
        if c in "Zz":
            return Anchor(end=True)
        if c in _ESCAPES:
            return Lit(_ESCAPES[c], "i" in flags)
        if c == "x":
            return Lit(chr(self.hex_digits(2, braces=True)), "i" in flags)
        if c == "u":
            return Lit(chr(self.hex_digits(4)), "i" in flags)
        if c == "U":
            return Lit(chr(self.hex_digits(8)), "i" in flags)
        if c == "N":
            m = regex.match(r"\{([^}]*)\}", self.src[self.pos:])
            if not m:
                raise Unsupported("\\N without a name")
            self.pos += m.end()
            try:
                return Lit(unicodedata.lookup(m.group(1)), "i" in flags)
            except KeyError as exc:
                raise Unsupported(str(exc)) from None
        if c in "123456789":  # a backreference: some text of the line
            while self.peek().isdigit():
                self.pos += 1
            return ANY
        if c.isdigit() or c in "gXLRQE" or c.isalpha():
            raise Unsupported(f"escape \\{c}")
        return Lit(c, "i" in flags)

    def hex_digits(self, n: int, *, braces: bool = False) -> int:
        if braces and self.peek() == "{":
            end = self.src.find("}", self.pos)
            digits = self.src[self.pos + 1:end]
            self.pos = end + 1
        else:
            digits = self.src[self.pos:self.pos + n]
            self.pos += n
        if not digits or any(d not in _HEX for d in digits):
            raise Unsupported("bad hex escape")
        return int(digits, 16)
