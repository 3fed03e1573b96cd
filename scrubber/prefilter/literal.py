"""The fallback backend: required literals found with one Aho-Corasick pass (pyahocorasick).

Every match of a pattern contains one of its required literals (see `widen.scanned_literals`),
so a line without any of them is no candidate. A pattern with no required literal (`^\\p{Lu}+$`)
is a candidate on every line. The text is scanned folded, with each run of whitespace within a
line made one space and a line feed before every line, so a literal can be a whole phrase, or
one anchored to the start of a line. Needs no Hyperscan, so it runs wherever pyahocorasick does.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import ahocorasick
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
from scrubber.prefilter.casefold import Folding
from scrubber.prefilter.widen import scanned_literals

_NL = re.compile("\n")


class LiteralPrefilter:
    """Candidates from the required literals present on each line."""

    backend = "literal"

    def __init__(self, literals: dict[str, list[int]], always: frozenset[int], fixes: dict[str, str]) -> None:
        self.literals = literals
        self.always = always
        self.folding = Folding.from_fixes(fixes)
        self._slots = [tuple(slots) for slots in literals.values()]
        self.automaton: Any = None
        if literals:
            self.automaton = ahocorasick.Automaton()
            for i, word in enumerate(literals):
                self.automaton.add_word(word, i)
            self.automaton.make_automaton()

    @classmethod
    def build(cls, patterns: Sequence[regex.Pattern[str]], groups: Sequence[Group] = ()) -> LiteralPrefilter:
        name = "lit-" + rules_key("literal", patterns, groups)
        hit = cache.load(name)
        if hit is not None:
            header = hit[0]
            try:
                return cls(header["literals"], frozenset(header["always"]), header["fixes"])
            except (KeyError, TypeError):
                pass
        fold = folding()
        sets = Charsets(fold)
        literals: dict[str, list[int]] = defaultdict(list)
        nodes = parse_all(patterns)
        always = unscanned(nodes, groups, sets)
        for slot, node in enumerate(nodes):
            if slot in always:
                continue
            need = scanned_literals(node, sets) if node is not None else None
            if need is None:
                always.add(slot)
                continue
            for word in sorted(need):
                literals[word].append(slot)
        cache.store(name, {"literals": literals, "always": sorted(always), "fixes": fold.fixes})
        return cls(dict(literals), frozenset(always), fold.fixes)

    def __reduce__(self) -> tuple[Any, ...]:
        return (LiteralPrefilter, (self.literals, self.always, self.folding.fixes))

    def scan(self, text: str, *, odd_spaces: bool = True) -> Candidates | None:
        by_slot: dict[int, set[int]] = defaultdict(set)
        if self.automaton is None:
            return Candidates(by_slot, self.always)
        text = "\n" + self.folding.fold(one_space(text, odd_spaces))
        newlines: list[int] | None = None
        slots = self._slots
        for end, index in self.automaton.iter(text):
            if newlines is None:
                newlines = [m.start() for m in _NL.finditer(text)]
            # `end` is the match's last character; a line feed there starts the line it belongs to
            # (one stands before every line, the first included)
            line = bisect_right(newlines, end) - 1
            for slot in slots[index]:
                by_slot[slot].add(line)
        return Candidates(by_slot, self.always)
