"""An HTML review page of a clean run: counts per rule and category, and a sample of documents
with every removed span highlighted and labelled with its rule code, filterable by rule.

`Review` sees every document once and keeps bounded state: running counts, and a reservoir
sample per rule (and per outcome: flagged, rejected), so a rule that fired twice in a million
documents still shows up. `write_review` writes one self-contained page (inline CSS, JS and
SVG; a Content-Security-Policy that forbids any network access). `ReviewSink` plugs the review
into a `scrubber clean` run (`--review PATH`).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import regex

from scrubber.models import Edit, Finding, ScrubResult
from scrubber.report.review_page import render

_SURROGATE = regex.compile(r"[\ud800-\udfff]")
PER_KEY = 5  # documents kept per rule (and per flagged / rejected outcome)
MAX_CHARS = 12_000  # a longer document is shown as excerpts around its findings
CONTEXT = 400  # characters of context kept around each finding in an excerpt


@dataclass
class RuleTally:
    findings: int = 0
    documents: int = 0
    chars_removed: int = 0
    category: str = ""


# A piece of a sampled document: its text, the codes of the findings covering it, its kind ('' kept,
# 'fix' removed, 'report' found but not removed, 'gap' an elision), and the codes starting there.
Segment = tuple[str, list[str], str, list[str]]


@dataclass
class Sampled:
    """One sampled document, cut into segments ready to render."""

    where: str
    status: str
    codes: list[str]
    segments: list[Segment]
    notes: list[str] = field(default_factory=list)


class Review:
    """Running counts and a bounded, reproducible sample of the documents of a run."""

    def __init__(self, per_key: int = PER_KEY, seed: int = 0, title: str = "scrubber review") -> None:
        self.per_key, self.title = per_key, title
        self.rng = random.Random(seed)
        self.documents = 0
        self.status: Counter[str] = Counter()
        self.rules: dict[str, RuleTally] = {}
        self.categories: Counter[str] = Counter()
        self.chars_in = 0
        self.chars_removed = 0
        self._seen: Counter[str] = Counter()  # documents offered per reservoir key
        self._slots: dict[str, list[int]] = {}  # reservoir key -> sample ids
        self._sample: dict[int, Sampled] = {}
        self._refs: Counter[int] = Counter()

    def add(self, text: str, findings: Sequence[Finding], edits: Sequence[Edit] = (), *, status: str = "",
            where: str = "") -> None:
        """Count one document and offer it to the sample of each rule it has findings of."""
        self.documents += 1
        self.status[status or ("cleaned" if edits else "unchanged")] += 1
        self.chars_in += len(text)
        applied = status in ("", "cleaned")
        removed = sum(e.end - e.start for e in edits) if applied else 0
        self.chars_removed += removed
        codes = sorted({f.code for f in findings})
        for f in findings:
            tally = self.rules.setdefault(f.code, RuleTally(category=f.category))
            tally.findings += 1
            self.categories[f.category] += 1
        for code in codes:
            self.rules[code].documents += 1
        if applied:
            for e in edits:
                for code in e.codes:
                    self.rules.setdefault(code, RuleTally()).chars_removed += e.end - e.start
        keys = codes + ([f"status:{status}"] if status in ("flagged", "rejected") else [])
        chosen = [key for key in keys if self._draw(key)]
        if chosen:
            doc_id = self.documents
            self._sample[doc_id] = _prepare(text, findings, applied, status or "cleaned", where, codes)
            for key in chosen:
                self._place(key, doc_id)

    def add_result(self, result: ScrubResult, where: str = "") -> None:
        """Count and sample one library result."""
        self.add(result.original_text, result.findings, result.edits, status=result.status, where=where)

    def _draw(self, key: str) -> bool:
        """Reservoir sampling (algorithm R): is the next document of `key` kept?"""
        self._seen[key] += 1
        n = self._seen[key]
        return n <= self.per_key or self.rng.randrange(n) < self.per_key

    def _place(self, key: str, doc_id: int) -> None:
        slots = self._slots.setdefault(key, [])
        if len(slots) < self.per_key:
            slots.append(doc_id)
        else:
            at = self.rng.randrange(self.per_key)
            self._release(slots[at])
            slots[at] = doc_id
        self._refs[doc_id] += 1

    def _release(self, doc_id: int) -> None:
        self._refs[doc_id] -= 1
        if self._refs[doc_id] <= 0:
            del self._refs[doc_id]
            del self._sample[doc_id]

    def sample(self) -> list[Sampled]:
        """The sampled documents, in input order."""
        return [self._sample[i] for i in sorted(self._sample)]

    def html(self) -> str:
        return render(self)

    def write(self, path: Path | str) -> None:
        """Write the page atomically (it appears under `path` complete, or not at all)."""
        from scrubber.io.atomic import AtomicFile

        with AtomicFile(path) as out:
            out.stream.write(self.html().encode("utf-8"))


def _prepare(text: str, findings: Sequence[Finding], applied: bool, status: str, where: str,
             codes: list[str]) -> Sampled:
    text = _SURROGATE.sub("\ufffd", text)  # shown, not kept: a lone surrogate cannot be encoded
    spans = [(f.start, f.end, f.code, "fix" if applied and f.fixable else "report") for f in findings if f.end > f.start]
    notes = [f"{f.code}: {f.message}" for f in findings if f.end <= f.start]
    windows = [(0, len(text))] if len(text) <= MAX_CHARS else _windows(spans, len(text))
    segments: list[Segment] = []
    for lo, hi in windows:
        if lo > 0:
            segments.append(("[…]\n", [], "gap", []))
        segments += _segments(text, lo, hi, spans)
    if windows[-1][1] < len(text):
        segments.append(("\n[…]", [], "gap", []))
    return Sampled(where, status, codes, segments, notes)


def _windows(spans: Iterable[tuple[int, int, str, str]], size: int) -> list[tuple[int, int]]:
    """Merged ranges of context around the spans of a long document (its start when it has none)."""
    out: list[tuple[int, int]] = []
    for start, end, _, _ in sorted(spans):
        lo, hi = max(0, start - CONTEXT), min(size, end + CONTEXT)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
        if sum(b - a for a, b in out) > MAX_CHARS:
            break
    return out or [(0, min(size, MAX_CHARS))]


def _segments(text: str, lo: int, hi: int, spans: list[tuple[int, int, str, str]]) -> list[Segment]:
    """`text[lo:hi]` cut at every span boundary; each piece with the codes covering it."""
    inside = [(max(s, lo), min(e, hi), c, k) for s, e, c, k in spans if s < hi and e > lo]
    cuts = sorted({lo, hi, *(s for s, _, _, _ in inside), *(e for _, e, _, _ in inside)})
    out: list[Segment] = []
    for a, b in pairwise(cuts):
        covering = [(c, k) for s, e, c, k in inside if s <= a and b <= e]
        codes = sorted({c for c, _ in covering})
        kind = ("fix" if any(k == "fix" for _, k in covering) else "report") if covering else ""
        starts = sorted({c for s, _, c, _ in inside if s == a})
        out.append((text[a:b], codes, kind, starts))
    return out


class ReviewSink:
    """A `scrubber clean` sink: feeds every record to a Review and writes the page at the end."""

    def __init__(self, path: Path | str, text_field: str = "text", per_key: int = PER_KEY) -> None:
        self.path, self.text_field = Path(path), text_field
        self.review = Review(per_key=per_key)

    def handle(self, item: Any, outcome: Any) -> None:
        data = getattr(item, "data", None)
        if outcome is None or not isinstance(data, dict) or not isinstance(data.get(self.text_field), str):
            return  # unreadable records and file problems have no text to show
        self.review.add(data[self.text_field], outcome.findings, outcome.edits, status=outcome.status,
                        where=item.where)

    def finish(self, report: Any) -> None:
        self.review.write(self.path)
