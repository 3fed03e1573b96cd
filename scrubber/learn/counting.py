"""Document frequency of (source, folded line) keys in bounded memory.

Most lines of a corpus occur once. A Bloom filter remembers that a key was seen without storing
it; only a key seen a second time enters the exact table. The table holds at most `capacity`
keys: when it is full, the half with the lowest counts is dropped (lossy counting), so memory is
flat whatever the corpus size. Counts are never too high except by one (a Bloom false positive
lets a first sighting in with a count of two), and too low by at most `error` (the sum of the
prune cut-offs); precision first: an error can only hide a line, not invent one.

Each table value packs three things into one integer: the count (low 24 bits), a 64-bit map of
the digit forms the line was seen with, and a 128-bit map of the documents' fingerprints (see
`scrubber.learn.learner`). Their popcounts are lower bounds of how many distinct forms and
documents a line was seen in.
"""

from __future__ import annotations

COUNT_BITS = 24
COUNT_MASK = (1 << COUNT_BITS) - 1
FORM_SHIFT, FORM_BITS = COUNT_BITS, 64
DOC_SHIFT, DOC_BITS = COUNT_BITS + FORM_BITS, 128
_KEY_MASK = (1 << 64) - 1


def marks(form: int, doc: int) -> int:
    """The bits that record one sighting: its digit form and its document fingerprint."""
    return (1 << (FORM_SHIFT + form % FORM_BITS)) | (1 << (DOC_SHIFT + doc % DOC_BITS))


def forms_seen(value: int) -> int:
    """How many distinct digit forms (a lower bound) a table value records."""
    return ((value >> FORM_SHIFT) & ((1 << FORM_BITS) - 1)).bit_count()


def docs_seen(value: int) -> int:
    """How many distinct document fingerprints (a lower bound) a table value records."""
    return (value >> DOC_SHIFT).bit_count()


class LineCounts:
    """A Bloom-gated, size-bounded table: hash -> packed count (see the module docstring).

    `add` takes a 160-bit hash: the low 64 bits key the table, the high 96 bits place the key in
    the Bloom filter (three 32-bit positions).
    """

    def __init__(self, capacity: int = 500_000, bloom_bits: int = 1 << 27) -> None:
        if capacity < 2:
            raise ValueError("capacity must be at least 2")
        if bloom_bits < 64 or bloom_bits & (bloom_bits - 1) or bloom_bits > 1 << 32:
            raise ValueError("bloom_bits must be a power of two between 64 and 2**32")
        self.capacity = capacity
        self.table: dict[int, int] = {}
        self._bloom = bytearray(bloom_bits >> 3)
        self._mask = bloom_bits - 1
        self.pruned = 0  # keys dropped to stay within capacity
        self.error = 0  # a count may be this much too low

    def count(self, h: int) -> int:
        """The current count of hash `h` (0 when it is not in the table)."""
        return self.table.get(h & _KEY_MASK, 0) & COUNT_MASK

    def add(self, h: int, bits: int) -> int:
        """Count one more document for hash `h` with `bits` from `marks`; return the new count."""
        key = h & _KEY_MASK
        table = self.table
        value = table.get(key)
        if value is not None:
            if value & COUNT_MASK < COUNT_MASK:
                value += 1
            table[key] = value | bits
            return value & COUNT_MASK
        bloom, mask, seen = self._bloom, self._mask, True
        for pos in ((h >> 64) & mask, (h >> 96) & mask, (h >> 128) & mask):
            byte, bit = pos >> 3, 1 << (pos & 7)
            if not bloom[byte] & bit:
                seen = False
                bloom[byte] |= bit
        if not seen:
            return 1
        table[key] = 2 | bits
        if len(table) > self.capacity:
            self.prune()
        return 2

    def prune(self) -> None:
        """Drop the half of the table with the lowest counts; remember the error it adds."""
        counts = sorted(v & COUNT_MASK for v in self.table.values())
        cut = counts[len(counts) // 2]
        before = len(self.table)
        self.table = {k: v for k, v in self.table.items() if v & COUNT_MASK > cut}
        self.pruned += before - len(self.table)
        self.error += cut

    def __contains__(self, h: int) -> bool:
        return (h & _KEY_MASK) in self.table
