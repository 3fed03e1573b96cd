"""Several documents scanned as one text: the backends' scan state (compiled tables of several
megabytes) stays in the processor's cache across the batch, and the Python around each scan
(lowering, encoding, copying bulleted lines, walking the hits) runs once per batch, not once
per document.

Every scanned phrase and expression judges one line (a line feed only ever stands for `^`), so
documents joined by line feeds get the lines they would get alone; an expression whose widened
form reaches across a line feed may add a candidate, never lose one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection, Sequence
from itertools import accumulate

from scrubber.prefilter import Candidates, one_space


class Batch:
    """The normalised texts of several documents (`one_space` applied), joined by line feeds:
    line i of `text` is line `i - firsts[k]` of document k."""

    def __init__(self, texts: Sequence[str], spaces: Sequence[Collection[str] | None]) -> None:
        # Each text apart: a run of spaces is rare, and `str.replace` on the joined text would
        # cost a pass over all of it for one run in one document.
        texts = [one_space(text, odd) for text, odd in zip(texts, spaces, strict=True)]
        self.text = texts[0] if len(texts) == 1 else "\n".join(texts)
        self.firsts = list(accumulate((t.count("\n") + 1 for t in texts[:-1]), initial=0))

    def document_of(self, line: int) -> int:
        """The document line `line` of the joined text belongs to."""
        return bisect_right(self.firsts, line) - 1

    def split(self, by_slot: dict[int, set[int]], always: frozenset[int],
              unfiltered: Collection[int] = ()) -> list[Candidates | None]:
        """Each document's candidates, from those of the joined text; None for the documents
        in `unfiltered` (every line a candidate: an unusual case variant)."""
        firsts = self.firsts
        if len(firsts) == 1:
            return [None if unfiltered else Candidates(by_slot, always)]
        parts: list[dict[int, set[int]]] = [{} for _ in firsts]
        for slot, lines in by_slot.items():
            for line in lines:
                k = bisect_right(firsts, line) - 1
                parts[k].setdefault(slot, set()).add(line - firsts[k])
        return [None if k in unfiltered else Candidates(part, always) for k, part in enumerate(parts)]


def without_unencodable(texts: Sequence[str], spaces: Sequence[Collection[str] | None],
                        scan_many: Callable[[Sequence[str], Sequence[Collection[str] | None]],
                                            list[Candidates | None]]) -> list[Candidates | None]:
    """`scan_many` of the texts UTF-8 can encode, and None (every line a candidate) for those
    holding a lone surrogate."""
    bad = {k for k, text in enumerate(texts) if not _encodable(text)}
    kept = [k for k in range(len(texts)) if k not in bad]
    found = iter(scan_many([texts[k] for k in kept], [spaces[k] for k in kept]) if kept else [])
    return [None if k in bad else next(found) for k in range(len(texts))]


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
