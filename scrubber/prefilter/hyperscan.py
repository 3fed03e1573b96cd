"""The Hyperscan backend: every pattern widened into one prefilter-mode database.

Hyperscan compiles each widened expression with PREFILTER (it may widen further, never narrow),
UTF8 and MULTILINE, and reports the end offset of every match; the line holding an offset is a
candidate for that pattern. An expression Hyperscan rejects even in prefilter mode makes its
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
from scrubber.prefilter.casefold import Folding
from scrubber.prefilter.widen import to_hyperscan

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
    """Candidates from one Hyperscan scan of the folded document."""

    backend = "hyperscan"

    def __init__(self, blob: bytes | None, always: frozenset[int], fixes: dict[str, str]) -> None:
        self._blob = blob
        self.db = hs.loadb(blob, mode=hs.HS_MODE_BLOCK) if blob else None
        self.always = always
        self.folding = Folding.from_fixes(fixes)
        self._local = threading.local()

    @classmethod
    def build(cls, patterns: Sequence[regex.Pattern[str]]) -> HyperscanPrefilter:
        version = hs.__version__ if hasattr(hs, "__version__") else "?"
        name = "hs-" + rules_key("hyperscan", patterns, version)
        hit = cache.load(name)
        if hit is not None:
            header, body = hit
            try:
                return cls(body or None, frozenset(header["always"]), header["fixes"])
            except (hs.error, KeyError, TypeError):
                pass  # a damaged or foreign entry: rebuild it
        fold = folding()
        sets = Charsets(fold)
        space = sets.strip_space()
        expressions: dict[int, bytes] = {}
        always: set[int] = set()
        for slot, node in enumerate(parse_all(patterns)):
            expr = to_hyperscan(node, sets, space) if node is not None else ""
            if expr:
                expressions[slot] = expr.encode("ascii")
            else:
                always.add(slot)
        db, rejected = compile_expressions(expressions) if expressions else (None, set())
        always |= rejected
        blob = hs.dumpb(db) if db is not None else b""
        cache.store(name, {"always": sorted(always), "fixes": fold.fixes}, blob)
        return cls(blob or None, frozenset(always), fold.fixes)

    def __reduce__(self) -> tuple[Any, ...]:
        return (HyperscanPrefilter, (self._blob, self.always, self.folding.fixes))

    def _scratch(self) -> Any:
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hs.Scratch(self.db)
        return scratch

    def scan(self, lines: Sequence[str]) -> Candidates | None:
        if self.db is None:
            return Candidates({}, self.always)
        try:
            data = self.folding.fold("\n".join(lines)).encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: Hyperscan needs valid UTF-8
            return None
        hits: list[tuple[int, int]] = []
        self.db.scan(data, match_event_handler=_collect, context=hits, scratch=self._scratch())
        by_slot: dict[int, set[int]] = defaultdict(set)
        if hits:
            newlines = [m.start() for m in _NL.finditer(data)]
            for slot, end in hits:
                by_slot[slot].add(bisect_left(newlines, end - 1))
        return Candidates(by_slot, self.always)
