"""The Hyperscan backend: the patterns' cores in two databases, scanned once per batch of documents.

Cores that are small sets of strings (`phrases`) go to a database of Hyperscan's literal matcher;
the others are widened to expressions (`to_hyperscan`) and compiled with PREFILTER (it may widen
further, never narrow), UTF8, MULTILINE and CASELESS. Both scan the normalised text lowered, each
run of whitespace within a line made one space, and report the end offset of every match; the
line holding an offset is a candidate for that pattern. An expression Hyperscan rejects even in
prefilter mode makes its pattern a candidate on every line. Compiling takes seconds to half a
minute for a large rule set, so the serialised databases are cached on disk, keyed by the
patterns and the library versions; loading them takes milliseconds."""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from operator import itemgetter
from typing import Any, cast

import hyperscan as hs
import regex

from scrubber import cache
from scrubber.prefilter import (
    Candidates,
    Charsets,
    Group,
    Prefilter,
    folding,
    parse_all,
    rules_key,
)
from scrubber.prefilter.batch import Batch, without_unencodable
from scrubber.prefilter.charsets import Lowering
from scrubber.prefilter.phrases import LeadingRuns, Phrases, SlotTable, gather, with_copies
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


def compile_literals(strings: list[str]) -> hs.Database:
    """A block-mode database of plain strings (Hyperscan's literal matcher); string i has id i."""
    db = hs.Database(mode=hs.HS_MODE_BLOCK)
    db.compile(expressions=[s.encode("utf-8") for s in strings], ids=list(range(len(strings))),
               elements=len(strings), flags=0, literal=True)
    return db


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


class HyperscanPrefilter(Prefilter):
    """Candidates from Hyperscan scans of the normalised document.

    Patterns whose core is a small set of strings (a phrase list, anchored or between small
    separators) go to one literal database, which Hyperscan scans in a fraction of the time the
    same phrases take as expressions (each expression with a line anchor or a class runs an
    engine of its own); the others to an expression database. Both are built for text whose only
    whitespace, line breaks aside, is single spaces: a document with other whitespace is scanned
    with each run of it made one space, which moves no line break, and the expressions and
    strings allow for that (`to_hyperscan`, `hyperscan_literals`)."""

    backend = "hyperscan"

    def __init__(self, blob: bytes | None, always: frozenset[int], swap: dict[str, str], rare: int,
                 literal_blob: bytes | None = None, phrases: Phrases | None = None) -> None:
        self._blob, self._literal_blob = blob, literal_blob
        self.db: hs.Database | None = hs.loadb(blob, mode=hs.HS_MODE_BLOCK) if blob else None
        self.literal_db: hs.Database | None = hs.loadb(literal_blob, mode=hs.HS_MODE_BLOCK) if literal_blob else None
        self.phrases = phrases or Phrases([], SlotTable.of([]))
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
                one, two = header["split"]
                return cls(body[:one] or None, frozenset(header["always"]), header["swap"], header["rare"],
                           body[one:two] or None, Phrases.from_cache(header["phrases"], body[two:]))
            except (hs.error, KeyError, TypeError, ValueError):
                pass  # a damaged or foreign entry: rebuild it
        sets = Charsets(folding())
        space = sets.strip_space()
        lowering = sets.lowering()
        nodes = parse_all(patterns)
        phrases, always, rest = gather(nodes, groups, sets, space, lowering)
        expressions: dict[int, list[bytes]] = {}
        for slot in rest:
            node = nodes[slot]
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
        always.discard(rare)
        blob = hs.dumpb(db) if db is not None else b""
        literal_blob = hs.dumpb(compile_literals(phrases.strings)) if phrases.strings else b""
        phrases = phrases.without_strings()  # the database holds them
        split = [len(blob), len(blob) + len(literal_blob)]
        cache.store(name, {"always": sorted(always), "swap": lowering.swap, "rare": rare, "split": split,
                           "phrases": phrases.header()}, blob + literal_blob + phrases.slots.to_bytes())
        return cls(blob or None, frozenset(always), lowering.swap, rare, literal_blob or None, phrases)

    def __reduce__(self) -> tuple[Any, ...]:
        return (HyperscanPrefilter, (self._blob, self.always, self.lowering.swap, self.rare, self._literal_blob,
                                     self.phrases))

    def _scratch(self) -> tuple[hs.Scratch | None, hs.Scratch | None]:
        """This thread's scratch spaces (Hyperscan's are not thread-safe)."""
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = (hs.Scratch(self.db) if self.db is not None else None,
                                             hs.Scratch(self.literal_db) if self.literal_db is not None else None)
        return scratch

    def scan_many(self, texts: Sequence[str], spaces: Sequence[Collection[str] | None]) -> list[Candidates | None]:
        if not texts:
            return []
        if self.db is None and self.literal_db is None:
            return [Candidates({}, self.always) for _ in texts]
        batch = Batch(texts, spaces)
        text = self.lowering.apply(batch.text)
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: Hyperscan needs valid UTF-8
            return without_unencodable(texts, spaces, self.scan_many)
        by_slot: dict[int, set[int]] = {}
        scratch, literal_scratch = self._scratch()
        rare: list[int] = []  # lines holding an unusual case variant: their documents go unfiltered
        if self.db is not None:
            self._expressions(data, scratch, by_slot, rare)
        if self.literal_db is not None:
            self._strings(text, data, literal_scratch, by_slot)
        return batch.split(by_slot, self.always, {batch.document_of(line) for line in rare})

    def _expressions(self, data: bytes, scratch: hs.Scratch | None, by_slot: dict[int, set[int]],
                     rare_lines: list[int]) -> None:
        """Add the lines each expression matches, and to `rare_lines` those the rare-variant
        expression matches."""
        hits: list[tuple[int, int]] = []
        cast(hs.Database, self.db).scan(data, match_event_handler=_COLLECT, context=hits, scratch=scratch)
        if hits:
            hits.sort(key=_END)
            line = pos = 0
            rare = self.rare
            for slot, end in hits:  # count the line breaks before each match's last byte, once
                line += data.count(b"\n", pos, end - 1)
                pos = end - 1
                if slot == rare:
                    rare_lines.append(line)
                else:
                    by_slot.setdefault(slot, set()).add(line)

    def _strings(self, text: str, data: bytes, scratch: hs.Scratch | None, by_slot: dict[int, set[int]]) -> None:
        """Add the lines holding each phrase (`data` is `text` encoded; a line feed goes before
        every line), and the lines that hold one once cut after some of their leading non-letters."""
        phrases = self.phrases
        runs = LeadingRuns(text, phrases.reach, phrases.run_letters) if phrases.bulleted else None
        main = b"\n" + data
        size = len(main)
        data, starts = with_copies(main, [c.encode("utf-8") for c in runs.copies] if runs else [])
        hits: list[tuple[int, int]] = []
        cast(hs.Database, self.literal_db).scan(data, match_event_handler=_COLLECT, context=hits, scratch=scratch)
        hits.sort(key=_END)
        line, pos = -1, 0
        for index, end in hits:
            last = end - 1
            if last < size:  # in the text: count the line feeds before the match's last byte
                line += data.count(b"\n", pos, last)
                pos = last
                phrases.mark(index, line, by_slot)
            else:
                phrases.mark(index, cast(LeadingRuns, runs).line_at(starts, last), by_slot)
        if runs:
            runs.add_long(phrases, by_slot)
