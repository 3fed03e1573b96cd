"""The fallback backend: the phrases of every pattern found with one Aho-Corasick pass
(ahocorasick-rs, the Rust `aho-corasick` crate), where no Hyperscan wheel exists.

It scans what the Hyperscan backend's literal matcher scans (`phrases`): the patterns whose core is
a small set of strings, anchored by a line feed, with the copies of bulleted lines. With no
expressions to fall back on, it reaches further for such strings (`hyperscan_literals` with
`strings_only`): past a start that says little (`^[a-z]{2,4}/` before an agency code), or within
the line (the "(" or "/" before one). Every other pattern is found by the literals every match
of it contains (`widen.lowered_literals`), in the same lowered text; a pattern without any
(`^\\p{Lu}+$`) is a candidate on every line, and so is every pattern in a document holding an
unusual case variant (`Lowering`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Sequence
from typing import Any, cast

import ahocorasick_rs
import orjson
import regex

from scrubber import cache
from scrubber.prefilter import Candidates, Charsets, Group, Prefilter, folding, parse_all, rules_key
from scrubber.prefilter.batch import Batch, without_unencodable
from scrubber.prefilter.charsets import Lowering
from scrubber.prefilter.phrases import LeadingRuns, Phrases, gather, with_copies
from scrubber.prefilter.widen import lowered_literals

_NL = re.compile("\n")
# Of the automaton's layouts, the contiguous NFA scans these phrases three times faster than
# pyahocorasick and builds in ~0.1 s; the DFA scans a quarter faster still but builds in ~0.6 s,
# in every process.
_LAYOUT = ahocorasick_rs.Implementation.ContiguousNFA


class LiteralPrefilter(Prefilter):
    """Candidates from the phrases and literals present on each line."""

    backend = "literal"

    def __init__(self, phrases: Phrases, always: frozenset[int], swap: dict[str, str], rare: str) -> None:
        self.phrases = phrases
        self.always = always
        self.lowering = Lowering(swap, frozenset(rare))
        self.automaton: ahocorasick_rs.AhoCorasick | None = None
        # Unusual case variants are found in the same pass, after the phrases (or as a phrase that
        # is one): a document holding one skips the prefilter.
        self.rare_ids: frozenset[int] = frozenset()
        if phrases.strings:
            known = {s: i for i, s in enumerate(phrases.strings)}
            variants = [c for c in sorted(self.lowering.rare) if c not in known]
            self.rare_ids = frozenset([*(known[c] for c in self.lowering.rare if c in known),
                                       *range(len(known), len(known) + len(variants))])
            self.automaton = ahocorasick_rs.AhoCorasick([*phrases.strings, *variants], implementation=_LAYOUT)

    @classmethod
    def build(cls, patterns: Sequence[regex.Pattern[str]], groups: Sequence[Group] = ()) -> LiteralPrefilter:
        name = "lit-" + rules_key("literal", patterns, groups)
        hit = cache.load(name)
        if hit is not None:
            header, body = hit
            try:
                split = header["split"]
                phrases = Phrases.from_cache(header["phrases"], body[split:], orjson.loads(body[:split]))
                return cls(phrases, frozenset(header["always"]), header["swap"], header["rare"])
            except (KeyError, TypeError, ValueError):
                pass
        sets = Charsets(folding())
        lowering = sets.lowering()
        phrases, always, _ = gather(parse_all(patterns), groups, sets, sets.strip_space(), lowering,
                                    other=lambda _, node: lowered_literals(node, sets, lowering),
                                    strings_only=True)
        rare = "".join(sorted(lowering.rare))
        strings = orjson.dumps(phrases.strings)
        cache.store(name, {"phrases": phrases.header(), "always": sorted(always), "swap": lowering.swap, "rare": rare,
                           "split": len(strings)}, strings + phrases.slots.to_bytes())
        return cls(phrases, frozenset(always), lowering.swap, rare)

    def __reduce__(self) -> tuple[Any, ...]:
        return (LiteralPrefilter, (self.phrases, self.always, self.lowering.swap, "".join(sorted(self.lowering.rare))))

    def scan_many(self, texts: Sequence[str], spaces: Sequence[Collection[str] | None]) -> list[Candidates | None]:
        if not texts:
            return []
        if self.automaton is None:
            return [Candidates({}, self.always) for _ in texts]
        batch = Batch(texts, spaces)
        text = self.lowering.apply(batch.text)
        phrases = self.phrases
        runs = LeadingRuns(text, phrases.reach, phrases.run_letters) if phrases.bulleted else None
        main = "\n" + text
        data, starts = with_copies(main, runs.copies if runs else [])
        newlines: list[int] | None = None
        by_slot: dict[int, set[int]] = {}
        rare: set[int] = set()  # documents holding an unusual case variant: every line a candidate
        try:
            found = self.automaton.find_matches_as_indexes(data, overlapping=True)
        except UnicodeEncodeError:  # lone surrogates: the automaton matches UTF-8
            return without_unencodable(texts, spaces, self.scan_many)
        for index, _, stop in found:
            end = stop - 1
            if end < len(main):
                if newlines is None:
                    newlines = [m.start() for m in _NL.finditer(main)]
                # `end` is the match's last character; a line feed there starts the line it
                # belongs to (one stands before every line, the first included)
                line = bisect_right(newlines, end) - 1
            else:  # past the text: in a copy, which exists only with `runs`
                line = cast(LeadingRuns, runs).line_at(starts, end)
            if index in self.rare_ids:
                rare.add(batch.document_of(line))
            else:
                phrases.mark(index, line, by_slot)
        if runs:
            runs.add_long(phrases, by_slot)
        return batch.split(by_slot, self.always, rare)
