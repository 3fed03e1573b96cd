"""The Hyperscan backend: every pattern widened into one prefilter-mode database.

Hyperscan compiles each widened expression with PREFILTER (it may widen further, never narrow),
UTF8, MULTILINE and CASELESS, scans the normalised text lowered, with each run of whitespace
within a line made one space, and reports the end offset of every match; the line holding an
offset is a candidate for that pattern. An expression Hyperscan rejects even in prefilter mode
makes its pattern a candidate on every line. Compiling takes seconds to half a minute for a large
rule set, so the serialised database is cached on disk, keyed by the patterns and the library
versions; loading it takes milliseconds.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from operator import itemgetter
from typing import Any, cast

import hyperscan as hs
import regex

from scrubber import cache
from scrubber.prefilter import (
    Candidates,
    Charsets,
    Group,
    folding,
    one_space,
    parse_all,
    rules_key,
    unscanned,
)
from scrubber.prefilter.charsets import Lowering
from scrubber.prefilter.widen import rare_expression, to_hyperscan

FLAGS = hs.HS_FLAG_UTF8 | hs.HS_FLAG_MULTILINE | hs.HS_FLAG_PREFILTER
# On the lowered text CASELESS only widens what a pattern matches, and it steers Hyperscan 5.4
# away from a bug that lost the match of `^[(<...](?:βιντεο|φωτο/βιντεο)` more than a few bytes
# into a text (tests/test_prefilter.py keeps the case). Not for the rare-variant expression,
# which must match exactly the characters it lists.
PATTERN_FLAGS = FLAGS | hs.HS_FLAG_CASELESS


def _collect(slot: int, start: int, end: int, flags: int, hits: list[tuple[int, int]]) -> None:
    hits.append((slot, end))


# Hyperscan hands the handler the `context` given to `scan` (typed `object`): always `hits` here.
# Cast once, not per match.
_COLLECT = cast("hs.match_event_callback", _collect)

_END = itemgetter(1)


def compile_expressions(expressions: dict[int, list[bytes]], case_sensitive: int = -1) -> tuple[hs.Database | None, set[int]]:
    """A block-mode database of the expressions (several may share a slot), and the slots
    Hyperscan could not compile. Slot `case_sensitive` keeps its case."""
    rejected: set[int] = set()
    pending = dict(expressions)

    def compile_db(items: dict[int, list[bytes]]) -> hs.Database:
        pairs = [(slot, expr) for slot in sorted(items) for expr in items[slot]]
        db = hs.Database(mode=hs.HS_MODE_BLOCK)
        db.compile(expressions=[e for _, e in pairs], ids=[i for i, _ in pairs], elements=len(pairs),
                   flags=[FLAGS if i == case_sensitive else PATTERN_FLAGS for i, _ in pairs])
        return db

    while pending:
        try:
            return compile_db(pending), rejected
        except hs.error:
            before = len(pending)
            for slot in sorted(pending):  # find the expressions Hyperscan rejects, one by one
                try:
                    compile_db({slot: pending[slot]})
                except hs.error:
                    rejected.add(slot)
                    del pending[slot]
            if len(pending) == before:  # each compiles alone, not together: give up on prefiltering
                return None, set(expressions)
    return None, rejected


class HyperscanPrefilter:
    """Candidates from one Hyperscan scan of the normalised document.

    The database is built for text whose only whitespace, line breaks aside, is single spaces
    (phrases become plain literals, which Hyperscan scans fast and compiles in a fraction of
    the time): a document with other whitespace is scanned with each run of it made one space,
    which moves no line break, and the expressions allow for that (`to_hyperscan`)."""

    backend = "hyperscan"

    def __init__(self, blob: bytes | None, always: frozenset[int], swap: dict[str, str], rare: int) -> None:
        self._blob = blob
        self.db: hs.Database | None = hs.loadb(blob, mode=hs.HS_MODE_BLOCK) if blob else None
        self.always = always
        self.lowering = Lowering(swap, frozenset())
        self.rare = rare  # the id Hyperscan reports for a rare case variant: no prefilter then
        self._local = threading.local()

    @classmethod
    def build(cls, patterns: Sequence[regex.Pattern[str]], groups: Sequence[Group] = ()) -> HyperscanPrefilter:
        version = hs.__version__ if hasattr(hs, "__version__") else "?"
        name = "hs-" + rules_key("hyperscan", patterns, version, groups)
        hit = cache.load(name)
        if hit is not None:
            header, body = hit
            try:
                return cls(body or None, frozenset(header["always"]), header["swap"], header["rare"])
            except (hs.error, KeyError, TypeError):
                pass  # a damaged or foreign entry: rebuild it
        sets = Charsets(folding())
        space = sets.strip_space()
        lowering = sets.lowering()
        expressions: dict[int, list[bytes]] = {}
        nodes = parse_all(patterns)
        always = unscanned(nodes, groups, sets)
        for slot, node in enumerate(nodes):
            if slot in always:
                continue
            exprs = to_hyperscan(node, sets, space, lowering) if node is not None else []
            if exprs:
                expressions[slot] = [e.encode("utf-8") for e in exprs]
            else:
                always.add(slot)
        rare = len(patterns)
        if rare_expression(lowering):
            expressions[rare] = [rare_expression(lowering).encode("utf-8")]
        db, rejected = compile_expressions(expressions, rare) if expressions else (None, set())
        always |= rejected
        if rare in always:  # pragma: no cover - a plain class always compiles; be safe anyway
            db = None
        blob = hs.dumpb(db) if db is not None else None
        always.discard(rare)
        cache.store(name, {"always": sorted(always), "swap": lowering.swap, "rare": rare}, blob or b"")
        return cls(blob, frozenset(always), lowering.swap, rare)

    def __reduce__(self) -> tuple[Any, ...]:
        return (HyperscanPrefilter, (self._blob, self.always, self.lowering.swap, self.rare))

    def _scratch(self) -> hs.Scratch:
        """This thread's scratch space (Hyperscan's is not thread-safe)."""
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hs.Scratch(self.db)
        return scratch

    def scan(self, text: str, *, odd_spaces: bool = True) -> Candidates | None:
        if self.db is None:
            return Candidates({}, self.always)
        text = self.lowering.apply(one_space(text, odd_spaces))
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: Hyperscan needs valid UTF-8
            return None
        hits: list[tuple[int, int]] = []
        self.db.scan(data, match_event_handler=_COLLECT, context=hits, scratch=self._scratch())
        by_slot: dict[int, set[int]] = {}
        if hits:
            hits.sort(key=_END)
            line = pos = 0
            rare = self.rare
            for slot, end in hits:  # count the line breaks before each match's last byte, once
                if slot == rare:
                    return None  # an unusual case variant: every line is a candidate
                line += data.count(b"\n", pos, end - 1)
                pos = end - 1
                if slot in by_slot:
                    by_slot[slot].add(line)
                else:
                    by_slot[slot] = {line}
        return Candidates(by_slot, self.always)
