"""Measure a Scrubber on labelled articles: precision, recall, and what it got wrong.

A labelled article is raw text plus the spans that are artifacts, each with a category. Two
ways to write one:

- marked text: artifacts wrapped as `⟦category|artifact text⟧` (a .txt file, or the `marked`
  field of a JSON Lines record). A file or record without markers is a hard negative.
- a JSON Lines record with `text` (raw) and `expected` (the clean text); the artifacts are what
  a diff of the two removes, with category `unlabelled`.

Optional fields of a record: `id`, `language`. Scoring is by character: a character is removed
when an edit covers it; an artifact is caught when 80 % of its visible characters are removed;
a finding is wrong when more than 20 % of the visible characters it removed are content.
"""

from __future__ import annotations

import difflib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import regex

from scrubber.api import Scrubber
from scrubber.errors import InputError

MARK = regex.compile(r"⟦([a-z0-9-]+)\|([^⟦⟧]*)⟧")
CAUGHT, WRONG = 0.8, 0.2


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    category: str


@dataclass
class LabelledDoc:
    id: str
    language: str
    text: str
    artifacts: list[Span]


def parse_marked(marked: str, doc_id: str = "", language: str = "") -> LabelledDoc:
    """A marked text -> the raw text and its artifact spans."""
    out, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(marked):
        out.append(marked[pos:m.start()])
        length += m.start() - pos
        spans.append(Span(length, length + len(m.group(2)), m.group(1)))
        out.append(m.group(2))
        length += len(m.group(2))
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    if "⟦" in text or "⟧" in text:
        raise InputError(f"{doc_id}: unbalanced or malformed marker")
    return LabelledDoc(doc_id, language, text, spans)


def diff_spans(raw: str, expected: str) -> list[Span]:
    """The spans of `raw` that are missing from `expected` (line diff, then characters)."""
    spans: list[Span] = []
    a, b = raw.splitlines(keepends=True), expected.splitlines(keepends=True)
    offsets = [0]
    for line in a:
        offsets.append(offsets[-1] + len(line))
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "delete":
            spans.append(Span(offsets[i1], offsets[i2], "unlabelled"))
        elif tag == "replace":
            old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
            for t, x1, x2, _, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
                if t in ("delete", "replace"):
                    spans.append(Span(offsets[i1] + x1, offsets[i1] + x2, "unlabelled"))
    return spans


def load_labelled(paths: Iterable[Path]) -> Iterator[LabelledDoc]:
    """Labelled articles from marked .txt files (folders searched recursively) and .jsonl files."""
    for path in paths:
        if path.is_dir():
            yield from load_labelled(sorted(path.rglob("*.txt")) + sorted(path.rglob("*.jsonl")))
        elif path.suffix == ".jsonl":
            yield from _jsonl(path)
        else:
            lang = path.parent.name if len(path.parent.name) <= 3 else ""
            yield parse_marked(path.read_text(encoding="utf-8"), path.stem, lang)


def _jsonl(path: Path) -> Iterator[LabelledDoc]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: invalid JSON: {exc.msg}") from None
            doc_id, lang = str(rec.get("id", f"{path.name}:{n}")), str(rec.get("language") or "")
            if isinstance(rec.get("marked"), str):
                yield parse_marked(rec["marked"], doc_id, lang)
            elif isinstance(rec.get("text"), str) and isinstance(rec.get("expected"), str):
                yield LabelledDoc(doc_id, lang, rec["text"], diff_spans(rec["text"], rec["expected"]))
            else:
                raise InputError(f"{path}:{n}: a record needs `marked`, or `text` and `expected`")


@dataclass
class Tally:
    """Counts for one slice (all, a category, a language)."""

    artifacts: int = 0
    caught: int = 0
    findings: int = 0
    wrong_findings: int = 0
    artifact_chars: int = 0
    removed_artifact_chars: int = 0
    removed_content_chars: int = 0

    @property
    def recall(self) -> float:
        return self.caught / self.artifacts if self.artifacts else 1.0

    @property
    def precision(self) -> float:
        return 1 - self.wrong_findings / self.findings if self.findings else 1.0

    @property
    def char_precision(self) -> float:
        removed = self.removed_artifact_chars + self.removed_content_chars
        return self.removed_artifact_chars / removed if removed else 1.0

    def as_dict(self) -> dict[str, float | int]:
        return {"artifacts": self.artifacts, "caught": self.caught, "recall": round(self.recall, 4),
                "findings": self.findings, "wrong_findings": self.wrong_findings,
                "precision": round(self.precision, 4), "char_precision": round(self.char_precision, 4)}


@dataclass
class EvalReport:
    """Precision and recall overall, per category and per language, with the mistakes listed."""

    docs: int = 0
    damaged_docs: list[str] = field(default_factory=list)
    overall: Tally = field(default_factory=Tally)
    by_category: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_language: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    wrongly_removed: list[tuple[str, int, str, str]] = field(default_factory=list)  # doc, line, codes, text
    missed: list[tuple[str, str, str]] = field(default_factory=list)  # doc, category, text

    def as_dict(self) -> dict[str, object]:
        return {
            "docs": self.docs, "damaged_docs": self.damaged_docs, "overall": self.overall.as_dict(),
            "by_category": {k: v.as_dict() for k, v in sorted(self.by_category.items())},
            "by_language": {k: v.as_dict() for k, v in sorted(self.by_language.items())},
            "wrongly_removed": [dict(zip(("doc", "line", "codes", "text"), w)) for w in self.wrongly_removed],
            "missed": [dict(zip(("doc", "category", "text"), m)) for m in self.missed],
        }


def _visible(text: str, start: int, end: int) -> list[int]:
    return [i for i in range(start, end) if not text[i].isspace()]


def evaluate(scrubber: Scrubber, docs: Iterable[LabelledDoc]) -> EvalReport:
    """Scrub every labelled article and score what was removed against the labels."""
    report = EvalReport()
    for doc in docs:
        report.docs += 1
        _score(scrubber, doc, report)
    return report


def _score(scrubber: Scrubber, doc: LabelledDoc, report: EvalReport) -> None:
    text = doc.text
    result = scrubber.scrub(text)
    category = [""] * len(text)
    for span in doc.artifacts:
        for i in range(span.start, span.end):
            category[i] = span.category
    removed = [False] * len(text)
    for edit in result.edits:
        for i in range(edit.start, edit.end):
            removed[i] = True
    slices = [report.overall, report.by_language[doc.language or "?"]]
    for span in doc.artifacts:
        vis = _visible(text, span.start, span.end)
        if not vis:
            continue
        got = sum(removed[i] for i in vis)
        for t in (*slices, report.by_category[span.category]):
            t.artifacts += 1
            t.artifact_chars += len(vis)
            t.removed_artifact_chars += got
            t.caught += got >= CAUGHT * len(vis)
        if got < CAUGHT * len(vis):
            report.missed.append((doc.id, span.category, text[span.start:span.end].strip()[:200]))
    content_hits: Counter[int] = Counter()
    for f in result.findings:
        if not f.fixable or not result.edits:
            continue
        vis = [i for i in _visible(text, f.start, f.end) if removed[i]]
        wrong = sum(1 for i in vis if not category[i])
        for t in (*slices, report.by_category[f.category]):
            t.findings += 1
            t.wrong_findings += bool(vis) and wrong > WRONG * len(vis)
    for i, gone in enumerate(removed):
        if gone and not category[i] and not text[i].isspace():
            content_hits[text.count("\n", 0, i)] += 1
    for t in slices:
        t.removed_content_chars += sum(content_hits.values())
    if content_hits:
        report.damaged_docs.append(doc.id)
        lines = text.split("\n")
        for n in sorted(content_hits):
            codes = ",".join(sorted({f.code for f in result.findings if f.line - 1 <= n <= f.line - 1 + f.text.count("\n")}))
            report.wrongly_removed.append((doc.id, n + 1, codes, lines[n].strip()[:200]))
