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

import re
import threading
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import hyperscan as hs
import regex

from scrubber.prefilter import Candidates, Charsets, cache, folding, parse_all, rules_key
from scrubber.prefilter.widen import ascii_swaps, to_hyperscan

FLAGS = hs.HS_FLAG_UTF8 | hs.HS_FLAG_MULTILINE | hs.HS_FLAG_PREFILTER
_NL = re.compile(b"\n")


def _collect(slot: int, start: int, end: int, flags: int, hits: list[tuple[int, int]]) -> None:
    hits.append((slot, end))


def compile_expressions(expressions: dict[int, bytes]) -> tuple[Any, set[int]]:
    """A block-mode database of the expressions, and the slots Hyperscan could not compile."""
    rejected: set[int] = set()
    pending = dict(expressions)
    while pending:
        db = hs.Database(mode=hs.HS_MODE_BLOCK)
        ids = sorted(pending)
        try:
            db.compile(expressions=[pending[i] for i in ids], ids=ids, elements=len(ids), flags=[FLAGS] * len(ids))
            return db, rejected
        except hs.error:
            for i in ids:  # find the expressions Hyperscan rejects, one by one
                try:
                    hs.Database(mode=hs.HS_MODE_BLOCK).compile(expressions=[pending[i]], ids=[i], elements=1,
                                                               flags=[FLAGS])
                except hs.error:
                    rejected.add(i)
                    del pending[i]
            if len(pending) == len(ids):  # each compiles alone, not together: give up on prefiltering
                return None, set(expressions)
    return None, rejected


class HyperscanPrefilter:
    """Candidates from one Hyperscan scan of the normalised document.

    Two databases: `spaced` for text with single spaces only (phrases become plain literals),
    `exact` for text holding a tab or two spaces in a row."""

    backend = "hyperscan"

    def __init__(self, blobs: tuple[bytes, bytes] | None, always: frozenset[int], swap: dict[str, str]) -> None:
        self._blobs = blobs
        self.spaced, self.exact = (hs.loadb(b, mode=hs.HS_MODE_BLOCK) for b in blobs) if blobs else (None, None)
        self.always = always
        self.swap = swap
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
                return cls(blobs, frozenset(header["always"]), header["swap"])
            except (hs.error, KeyError, TypeError):
                pass  # a damaged or foreign entry: rebuild it
        sets = Charsets(folding())
        space = sets.strip_space()
        swap = ascii_swaps(sets)
        spaced: dict[int, bytes] = {}
        exact: dict[int, bytes] = {}
        always: set[int] = set()
        for slot, node in enumerate(parse_all(patterns)):
            if node is not None and (expr := to_hyperscan(node, sets, space, swap)):
                exact[slot] = expr.encode("ascii")
                spaced[slot] = to_hyperscan(node, sets, space, swap, single_space=True).encode("ascii")
            else:
                always.add(slot)
        db_exact, rejected = compile_expressions(exact) if exact else (None, set())
        db_spaced, rejected_spaced = compile_expressions({k: v for k, v in spaced.items() if k not in rejected})
        always |= rejected | rejected_spaced
        if rejected_spaced - rejected and exact:  # keep the two databases to the same slots
            db_exact, _ = compile_expressions({k: v for k, v in exact.items() if k not in always})
        blobs = (hs.dumpb(db_spaced), hs.dumpb(db_exact)) if db_exact is not None and db_spaced is not None else None
        body = blobs[0] + blobs[1] if blobs else b""
        cache.store(name, {"always": sorted(always), "swap": swap, "split": len(blobs[0]) if blobs else 0}, body)
        return cls(blobs, frozenset(always), swap)

    def __reduce__(self) -> tuple[Any, ...]:
        return (HyperscanPrefilter, (self._blobs, self.always, self.swap))

    def _scratches(self) -> tuple[Any, Any]:
        """This thread's scratch space for each database (Hyperscan's is not thread-safe)."""
        pair = getattr(self._local, "scratch", None)
        if pair is None:
            pair = self._local.scratch = (hs.Scratch(self.spaced), hs.Scratch(self.exact))
        return pair

    def scan(self, text: str) -> Candidates | None:
        if self.exact is None:
            return Candidates({}, self.always)
        for c, letter in self.swap.items():
            if c in text:
                text = text.replace(c, letter)
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: Hyperscan needs valid UTF-8
            return None
        hits: list[tuple[int, int]] = []
        if "\t" in text or "  " in text:
            self.exact.scan(data, match_event_handler=_collect, context=hits, scratch=self._scratches()[1])
        else:
            self.spaced.scan(data, match_event_handler=_collect, context=hits, scratch=self._scratches()[0])
        by_slot: dict[int, set[int]] = defaultdict(set)
        if hits:
            newlines = [m.start() for m in _NL.finditer(data)]
            for slot, end in hits:
                by_slot[slot].add(bisect_left(newlines, end - 1))
        return Candidates(by_slot, self.always)
