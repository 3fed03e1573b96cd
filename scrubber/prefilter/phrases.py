"""Phrases: the scanned strings of the patterns whose core is a small set of them, for a literal
matcher (Hyperscan's, or Aho-Corasick in the fallback), and the copies of bulleted lines that let
such a string keep its line anchor.

Both backends scan the same text: lowered (`Lowering`), each run of whitespace within a line one
space, a line feed before every line, then the copies `LeadingRuns` makes.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, TypeVar

from scrubber.prefilter import Group
from scrubber.prefilter.charsets import Charsets, Lowering, Ranges
from scrubber.prefilter.syntax import Node
from scrubber.prefilter.widen import LiteralCore, hyperscan_literals, selectivity

S = TypeVar("S", str, bytes)


class SlotTable:
    """The slots each string stands for, as two flat arrays: string i stands for
    `values[offsets[i]:offsets[i + 1]]` (a hundred thousand small lists in a cache header took
    longer to load than the rest of a Scrubber)."""

    def __init__(self, offsets: array[int], values: array[int]) -> None:
        self.offsets, self.values = offsets, values

    @classmethod
    def of(cls, slots: Sequence[Sequence[int]]) -> SlotTable:
        offsets, values = array("i", [0]), array("i")
        for group in slots:
            values.extend(group)
            offsets.append(len(values))
        return cls(offsets, values)

    def __getitem__(self, index: int) -> array[int]:
        return self.values[self.offsets[index]:self.offsets[index + 1]]

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __iter__(self) -> Iterator[array[int]]:
        return (self[i] for i in range(len(self)))

    def to_bytes(self) -> bytes:
        return len(self.offsets).to_bytes(8, "little") + self.offsets.tobytes() + self.values.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> SlotTable:
        count = int.from_bytes(data[:8], "little")
        offsets, values = array("i"), array("i")
        offsets.frombytes(data[8:8 + count * offsets.itemsize])
        values.frombytes(data[8 + count * offsets.itemsize:])
        if len(offsets) != count or not count or offsets[-1] != len(values):
            raise ValueError("damaged slot table")
        return cls(offsets, values)

    def __reduce__(self) -> tuple[Any, ...]:
        return (SlotTable.from_bytes, (self.to_bytes(),))


@dataclass(frozen=True)
class Phrases:
    """String i stands for the slots `slots[i]`. The strings of the slots in `bulleted` may start
    a line after a run of non-letters left out (holding at most the letters `run_letters`), and
    none of them is longer than `reach` characters. `strings` may be left out once a matcher is
    built from them."""

    strings: list[str]
    slots: SlotTable
    bulleted: frozenset[int] = frozenset()
    reach: int = 0
    run_letters: frozenset[str] = frozenset()

    def header(self) -> dict[str, Any]:
        """What a cache header holds of the phrases: neither the strings nor the slot table."""
        return {"bulleted": sorted(self.bulleted), "reach": self.reach, "run_letters": sorted(self.run_letters)}

    @classmethod
    def from_cache(cls, header: dict[str, Any], table: bytes, strings: list[str] | None = None) -> Phrases:
        return cls(strings or [], SlotTable.from_bytes(table), frozenset(header["bulleted"]), header["reach"],
                   frozenset(header["run_letters"]))

    def without_strings(self) -> Phrases:
        return Phrases([], self.slots, self.bulleted, self.reach, self.run_letters)

    def mark(self, index: int, line: int, by_slot: dict[int, set[int]]) -> None:
        """Make `line` a candidate of every slot string `index` stands for."""
        for slot in self.slots[index]:
            by_slot.setdefault(slot, set()).add(line)


def unscanned(nodes: Sequence[Node | None], groups: Sequence[Group], sets: Charsets,
              cheap: Collection[int] = ()) -> set[int]:
    """The slots not worth scanning: in each group, the `need - 1` least selective (by the
    rarest literal each must contain), since a line with `need` matches has one of the others.
    Slots in `cheap` (rare phrases the backend scans at little cost) are scanned all the same:
    a line is then a candidate only where more of the group may match."""
    skip: set[int] = set()
    for slots, need in groups:
        ranked = sorted((s for s in slots if s not in cheap), key=lambda s: (selectivity(nodes[s], sets), -s))
        skip.update(ranked[:need - 1])
    return skip


def gather(nodes: Sequence[Node | None], groups: Sequence[Group], sets: Charsets, space: Ranges, lowering: Lowering,
           other: Callable[[int, Node], frozenset[str] | None] | None = None,
           strings_only: bool = False) -> tuple[Phrases, set[int], list[int]]:
    """The phrases of every pattern whose core is a small set of strings, the slots not scanned
    (see `unscanned`; a group's rare phrase lists are scanned all the same, the literal matcher
    takes them at little cost), and the other slots, left to the caller. `other`, when given,
    gives such a slot strings of its own (that every match holds, not only starts with); a slot
    it gives none is not scanned either. `strings_only`: for a matcher of nothing but strings
    (`hyperscan_literals`)."""
    cores: dict[int, LiteralCore | None] = {
        slot: hyperscan_literals(node, sets, space, lowering, strings_only) if node is not None else None
        for slot, node in enumerate(nodes)}
    always = unscanned(nodes, groups, sets, cheap={s for s, c in cores.items() if c is not None and c.rare()})
    by_string: dict[str, list[int]] = {}
    bulleted: set[int] = set()
    run_letters: set[str] = set()
    rest: list[int] = []
    for slot, node in enumerate(nodes):
        if slot in always:
            continue
        found = cores[slot]
        if found is not None:
            strings = found.strings
        elif other is None:
            rest.append(slot)
            continue
        else:
            given = other(slot, node) if node is not None else None
            if given is None:  # unsupported syntax, or no literal required: every line
                always.add(slot)
                continue
            strings = given
        for string in sorted(strings):
            by_string.setdefault(string, []).append(slot)
        if found is not None and found.after_run:
            bulleted.add(slot)
            run_letters |= found.run_letters
    reach = max((len(s) for s in by_string if s.startswith("\n")), default=0)
    phrases = Phrases(list(by_string), SlotTable.of(list(by_string.values())), frozenset(bulleted), reach,
                      frozenset(run_letters))
    return phrases, always, rest


class LeadingRuns:
    """Copies of the lines that start with non-letters (bullets, arrows, digits, brackets), each
    cut after one character of that run, for the literal matcher to see every place a phrase may
    start after it: a line feed before each, and no more than `reach` characters of the rest."""

    LIMIT = 24  # a longer run makes the line a candidate of every bulleted slot instead

    def __init__(self, text: str, reach: int, letters: frozenset[str] = frozenset()) -> None:
        self.copies: list[str] = []
        self.lines: list[int] = []  # the line each copy is cut from
        self.long: list[int] = []  # lines whose run is longer than LIMIT
        for index, line in enumerate(text.split("\n")):
            if not line or line[0].isalpha() and line[0] not in letters:  # \p{L} is what isalpha tells
                continue
            run = 1
            while run < len(line) and (not line[run].isalpha() or line[run] in letters):
                run += 1
            if run > self.LIMIT:
                self.long.append(index)
                continue
            for cut in range(1, run + 1):
                self.copies.append("\n" + line[cut:cut + reach])
                self.lines.append(index)

    def line_at(self, starts: Sequence[int], pos: int) -> int:
        """The line cut into the copy that holds position `pos` of the scanned text, given where
        each copy starts (in characters or in bytes, as `pos` counts)."""
        return self.lines[bisect_right(starts, pos) - 1]

    def add_long(self, phrases: Phrases, by_slot: dict[int, set[int]]) -> None:
        """Make each line with a run too long to copy a candidate of every bulleted slot."""
        for line in self.long:
            for slot in phrases.bulleted:
                by_slot.setdefault(slot, set()).add(line)


def with_copies(main: S, copies: Sequence[S]) -> tuple[S, list[int]]:
    """`main` followed by the `copies` of `LeadingRuns` (as characters or as bytes, the way the
    matcher counts), and the position where each copy starts, for `LeadingRuns.line_at`."""
    return main + main[:0].join(copies), list(accumulate(map(len, copies[:-1]), initial=len(main)))
