"""The Hyperscan backend: every pattern widened into one prefilter-mode database.

Hyperscan compiles each widened expression with PREFILTER (it may widen further, never narrow),
UTF8 and MULTILINE, scans the normalised text as it is (case variants are in the expressions),
and reports the end offset of every match; the line holding an offset is a candidate for that
pattern. An expression Hyperscan rejects even in prefilter mode makes its
pattern a candidate on every line. Compiling takes seconds for a large rule set, so the
serialised database is cached on disk, keyed by the patterns and the library versions; loading
it takes milliseconds.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from operator import itemgetter
from typing import Any, cast

import hyperscan as hs
import regex

from scrubber import cache
from scrubber.prefilter import Candidates, Charsets, folding, parse_all, rules_key
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

    Two databases: `spaced` for text with single spaces only (phrases become plain literals),
    `exact` for text holding a tab or two spaces in a row."""

    backend = "hyperscan"

    def __init__(self, blobs: tuple[bytes, bytes] | None, always: frozenset[int], swap: dict[str, str],
                 rare: int) -> None:
        self._blobs = blobs
        self.spaced: hs.Database | None
        self.exact: hs.Database | None
        self.spaced, self.exact = (hs.loadb(b, mode=hs.HS_MODE_BLOCK) for b in blobs) if blobs else (None, None)
        self.always = always
        self.lowering = Lowering(swap, frozenset())
        self.rare = rare  # the id Hyperscan reports for a rare case variant: no prefilter then
        self._local = threading.local()

    @classmethod
    def build(cls, patterns: Sequence[regex.Pattern[str]]) -> HyperscanPrefilter:
        version = hs.__version__ if hasattr(hs, "__version__") else "?"
        name = "hs-" + rules_key("hyperscan", patterns, version)
        hit = cache.load(name)
        if hit is not None:
            header, body = hit
            try:
                split = header["split"]
                blobs = (body[:split], body[split:]) if body else None
                return cls(blobs, frozenset(header["always"]), header["swap"], header["rare"])
            except (hs.error, KeyError, TypeError):
                pass  # a damaged or foreign entry: rebuild it
        sets = Charsets(folding())
        space = sets.strip_space()
        lowering = sets.lowering()
        spaced: dict[int, list[bytes]] = {}
        exact: dict[int, list[bytes]] = {}
        always: set[int] = set()
        for slot, node in enumerate(parse_all(patterns)):
            exprs = to_hyperscan(node, sets, space, lowering) if node is not None else []
            if node is not None and exprs:
                exact[slot] = [e.encode("utf-8") for e in exprs]
                single = to_hyperscan(node, sets, space, lowering, single_space=True)
                spaced[slot] = [e.encode("utf-8") for e in single]
            else:
                always.add(slot)
        rare = len(patterns)
        if rare_expression(lowering):
            exact[rare] = spaced[rare] = [rare_expression(lowering).encode("utf-8")]
        db_exact, rejected = compile_expressions(exact, rare) if exact else (None, set())
        db_spaced, rejected_spaced = compile_expressions({k: v for k, v in spaced.items() if k not in rejected}, rare)
        always |= rejected | rejected_spaced
        if rare in always:  # pragma: no cover - a plain class always compiles; be safe anyway
            db_exact = db_spaced = None
        if rejected_spaced - rejected and exact:  # keep the two databases to the same slots
            db_exact, _ = compile_expressions({k: v for k, v in exact.items() if k not in always}, rare)
        blobs = (hs.dumpb(db_spaced), hs.dumpb(db_exact)) if db_exact is not None and db_spaced is not None else None
        body = blobs[0] + blobs[1] if blobs else b""
        always.discard(rare)
        header = {"always": sorted(always), "swap": lowering.swap, "rare": rare, "split": len(blobs[0]) if blobs else 0}
        cache.store(name, header, body)
        return cls(blobs, frozenset(always), lowering.swap, rare)

    def __reduce__(self) -> tuple[Any, ...]:
        return (HyperscanPrefilter, (self._blobs, self.always, self.lowering.swap, self.rare))

    def _scratches(self) -> tuple[hs.Scratch, hs.Scratch]:
        """This thread's scratch space for each database (Hyperscan's is not thread-safe)."""
        pair = getattr(self._local, "scratch", None)
        if pair is None:
            pair = self._local.scratch = (hs.Scratch(self.spaced), hs.Scratch(self.exact))
        return pair

    def scan(self, text: str, *, odd_spaces: bool = True) -> Candidates | None:
        if self.exact is None or self.spaced is None:  # both or neither: None without a database
            return Candidates({}, self.always)
        text = self.lowering.apply(text)
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: Hyperscan needs valid UTF-8
            return None
        hits: list[tuple[int, int]] = []
        if odd_spaces or "\t" in text or "  " in text:
            self.exact.scan(data, match_event_handler=_COLLECT, context=hits, scratch=self._scratches()[1])
        else:
            self.spaced.scan(data, match_event_handler=_COLLECT, context=hits, scratch=self._scratches()[0])
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
