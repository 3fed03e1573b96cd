"""Stream a corpus, count each site's recurring lines, and judge which are boilerplate.

A document adds one to the count of each distinct folded line it holds (document frequency),
keyed by (source, folded line), in `LineCounts` (bounded memory). A line that reaches
`min_docs` documents of its source keeps the form it was seen in as the rule's example. At the
end, a line found in at least `min_docs` documents and `min_share` of its source's documents is
judged (`scrubber.learn.judge`) and becomes a `LearnedLine`.

Each document also gets a fingerprint: the smallest hash among its rarest lines so far (an
article's own lines, not the site's template). Copies of one article share it; different
articles do not. A line seen under very few fingerprints recurs only in copies of one article.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import regex

from scrubber.kinds.exact_lines import line_key
from scrubber.learn.counting import LineCounts, docs_seen, forms_seen, marks
from scrubber.learn.judge import SENTENCE_END, Thresholds, judge, words
from scrubber.models import Confidence
from scrubber.segment import normalise
from scrubber.sources import source_of

_DIGITS = regex.compile(r"\d+")
_WIDE_CHAR = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")


@dataclass(frozen=True)
class LearnOptions:
    """What makes a line boilerplate, and how much memory counting may use."""

    min_docs: int = 5  # a line must recur in at least this many documents of its source
    min_share: float = 0.1  # ... and in at least this share of them
    min_weight: int = 4  # folded lines lighter than this (letters; CJK count two) are ignored
    max_chars: int = 300  # longer lines are content (paragraphs): never learned
    capacity: int = 500_000  # recurring lines tracked at once
    bloom_bits: int = 1 << 27  # size of the seen-once filter (16 MiB)
    max_sources: int = 100_000  # sources tracked at once (~1 KB each); the smallest are dropped beyond
    thresholds: Thresholds = field(default_factory=Thresholds)

    def __post_init__(self) -> None:
        if self.min_docs < 2:
            raise ValueError("min_docs must be at least 2")
        if not 0 <= self.min_share <= 1:
            raise ValueError("min_share must be between 0 and 1")


@dataclass(frozen=True)
class LearnedLine:
    """A recurring line of one source, with its evidence and verdict."""

    source: str
    text: str
    count: int
    share: float
    confidence: Confidence
    note: str | None


@dataclass(slots=True)
class _Source:
    docs: int = 0
    samples: list[str] = field(default_factory=list)


@dataclass
class LearnResult:
    """What a pass over the corpus found: learned lines, a content sample per source, counters."""

    lines: list[LearnedLine]
    documents: dict[str, int]  # per source with learned lines
    samples: dict[str, str]  # source -> a content line of it (for keep examples)
    docs: int
    sources: int
    held_back: int  # recurring lines not learned: found only in copies of one document
    pruned: int
    error: int


def _hash(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=20).digest(), "little")


def _weight(key: str) -> int:
    plain = len(key) - key.count(" ")
    return plain if plain >= 4 else plain + len(_WIDE_CHAR.findall(key))


class Learner:
    """Feed documents with `add`, then call `result`. Memory stays within the options' bounds."""

    def __init__(self, options: LearnOptions | None = None) -> None:
        self.options = options or LearnOptions()
        self.counts = LineCounts(self.options.capacity, self.options.bloom_bits)
        self.sources: dict[str, _Source] = {}
        self.found: dict[int, tuple[str, str]] = {}  # key -> (source, the line as first seen)
        self.docs = 0
        self.sources_pruned = 0
        self._pruned = 0

    def add(self, record: Mapping[str, Any], *, text_field: str = "text", fallback: str = "-") -> None:
        """Count one record; its source is `source`, else its url's host, else `fallback`."""
        text = record.get(text_field)
        if isinstance(text, str):
            self.add_text(text, source_of(record, fallback) or fallback)

    def add_text(self, text: str, source: str) -> None:
        """Count one document of `source` (a source key)."""
        opts, counts = self.options, self.counts
        state = self.sources.get(source)
        if state is None:
            if len(self.sources) >= opts.max_sources:
                self._prune_sources()
            state = self.sources[source] = _Source()
        state.docs += 1
        self.docs += 1
        prefix = source.encode("utf-8", "surrogatepass") + b"\0"
        doc: dict[int, str] = {}
        seen: dict[int, int] = {}  # hash -> count so far, for the fingerprint
        for raw in text.split("\n"):
            line = raw.strip()
            if not line:
                continue
            if len(line) > opts.max_chars:  # a paragraph of content: never learned, only fingerprinted
                seen[_hash(line.encode("utf-8", "surrogatepass"))] = 0
                continue
            key = line_key(line)
            if _weight(key) < opts.min_weight:
                continue
            try:
                h = _hash(prefix + key.encode("utf-8"))
            except UnicodeEncodeError:  # a lone surrogate: cannot be written to a rule file
                continue
            if h not in doc:
                doc[h] = line
                seen[h] = counts.count(h)
        if not seen:
            return
        if state.docs <= 2:
            self._sample(state, doc.values())
        rarest = min(seen.values())
        fingerprint = min(h for h, c in seen.items() if c == rarest) >> 64
        for h, line in doc.items():
            digits = _DIGITS.findall(line)
            form = hashlib.blake2b(" ".join(digits).encode(), digest_size=1).digest()[0] if digits else 0
            if counts.add(h, marks(form, fingerprint)) == opts.min_docs:
                self.found[h & ((1 << 64) - 1)] = (source, normalise(line).strip())
        if counts.pruned != self._pruned:
            self._pruned = counts.pruned
            self.found = {k: v for k, v in self.found.items() if k in counts.table}

    def _sample(self, state: _Source, lines: Any) -> None:
        """Keep the longest sentence-like line of each of a source's first documents."""
        best = max((ln for ln in lines if 40 <= len(ln) <= 300 and SENTENCE_END.search(ln)), key=len, default=None)
        if best is not None and normalise(best).strip() not in state.samples:
            state.samples.append(normalise(best).strip())

    def _prune_sources(self) -> None:
        """Forget the half of the sources with the fewest documents (they can learn nothing yet)."""
        docs = sorted(s.docs for s in self.sources.values())
        cut = docs[len(docs) // 2]
        before = len(self.sources)
        self.sources = {k: s for k, s in self.sources.items() if s.docs > cut}
        self.sources_pruned += before - len(self.sources)

    def result(self) -> LearnResult:
        """Judge every line that recurred often enough."""
        opts, table = self.options, self.counts.table
        lines: list[LearnedLine] = []
        held_back = 0
        for key, (source, text) in self.found.items():
            value, state = table.get(key), self.sources.get(source)
            if value is None or state is None:
                continue
            count = value & ((1 << 24) - 1)
            share = min(1.0, count / state.docs)
            if count < opts.min_docs or share < opts.min_share:
                continue
            confidence, note = judge(text, count, share, forms_seen(value), docs_seen(value), opts.thresholds)
            if confidence is None:
                held_back += 1
                continue
            lines.append(LearnedLine(source, text, count, round(share, 3), confidence, note))
        lines.sort(key=lambda ln: (ln.source, -ln.confidence.rank, -ln.count, ln.text))
        learned = {ln.source for ln in lines}
        keys = {(ln.source, line_key(ln.text)) for ln in lines}
        samples = {}
        for source in learned:
            for sample in self.sources[source].samples:
                if (source, line_key(sample)) not in keys and words(sample) >= 5:
                    samples[source] = sample
                    break
        return LearnResult(
            lines=lines, documents={s: self.sources[s].docs for s in learned}, samples=samples,
            docs=self.docs, sources=len(self.sources) + self.sources_pruned, held_back=held_back,
            pruned=self.counts.pruned, error=self.counts.error,
        )
