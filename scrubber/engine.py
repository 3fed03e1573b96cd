"""Detect, then apply: rules report findings on the input; the engine removes what they name.

Detection never changes the text. Application removes whole lines (with the blank lines that
separated them, so no gap is left) and spans inside lines (with one adjacent run of spaces).
Everything removed is either inside a finding or whitespace next to it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from scrubber import prefilter as prefilter_
from scrubber.kinds import Context, Hit, Rule
from scrubber.models import Edit, Finding, Severity
from scrubber.segment import ODD_SPACES, Document, Line

_HSPACE = " \t\u00a0\u3000\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"


@dataclass(frozen=True)
class Detection:
    """The findings of one document, with the hits that locate them."""

    doc: Document
    findings: list[Finding]
    lines: dict[int, list[str]]  # line index -> codes of rules dropping that whole line
    spans: list[tuple[int, int, str]]  # (start, end, code) cut inside lines
    timed_out: list[str]


class Engine:
    """Runs a fixed set of rules over documents. Immutable, so safe to share between threads.

    `prefilter` names the backend that picks candidate lines for each pattern (see
    `scrubber.prefilter`); every backend gives the same findings.
    """

    def __init__(self, rules: Sequence[Rule], active: Iterable[str], *, severity: dict[str, Severity] | None = None,
                 timeout: float | None = None, prefilter: str = "auto") -> None:
        self.rules = {r.code: r for r in rules}
        active_set = set(active)
        self.active = sorted((r for r in rules if r.code in active_set), key=lambda r: (r.stage, r.code))
        self.active_codes = {r.code for r in self.active}
        self.severity = severity or {}
        self.timeout = timeout
        patterns, self.slots = self._scanned()
        self.prefilter = prefilter_.build(patterns, prefilter)
        self._slot_code = [code for code, base in sorted(self.slots.items(), key=lambda kv: kv[1])
                           for _ in self.rules[code].scanned_patterns()]
        always = getattr(self.prefilter, "always", frozenset())
        self._always_codes = frozenset(self._slot_code[s] for s in always)
        # Rules that run on every document (context kinds), and the order of all active ones.
        self._ungated = [r for r in self.active if not r.gated or r.code in self._always_codes]
        self._order = {r.code: n for n, r in enumerate(self.active)}

    def _scanned(self) -> tuple[list[regex.Pattern[str]], dict[str, int]]:
        """The scanned patterns of every rule, active or not: the prefilter depends on the rule
        set only, so every selection from it shares one compiled (and cached) prefilter."""
        patterns: list[regex.Pattern[str]] = []
        slots: dict[str, int] = {}
        for code in sorted(self.rules):
            scanned = self.rules[code].scanned_patterns()
            if scanned:
                slots[code] = len(patterns)
                patterns.extend(scanned)
        return patterns, slots

    def candidates(self, doc: Document) -> prefilter_.Candidates | None:
        """The prefilter's candidate lines of `doc`, per slot (None: every line)."""
        return self.prefilter.scan(doc.norm_text, odd_spaces=not doc.unusual.isdisjoint(ODD_SPACES))

    def detect(self, text: str) -> Detection:
        doc = Document(text)
        candidates = self.candidates(doc)
        live = None  # codes of the rules with a candidate line (None: every rule)
        if candidates is not None:
            live = self._always_codes.union(self._slot_code[s] for s in candidates.by_slot)
        ctx = Context(doc, self.rules, timeout=self.timeout, active=self.active_codes, candidates=candidates,
                      slots=self.slots, live=live)
        findings: list[Finding] = []
        lines: dict[int, list[str]] = defaultdict(list)
        spans: list[tuple[int, int, str]] = []
        claimed: set[tuple[int, str]] = set()  # (line, category): one finding per line and family
        if live is None:
            running = self.active
        else:  # the rules with a candidate line, and those that always run, in rule order
            order = self._order
            running = [*self._ungated, *(self.rules[c] for c in live if c in order and c not in self._always_codes)]
            running.sort(key=lambda r: order[r.code])
        for rule in running:
            for hit in ctx.run(rule):
                if hit.line is not None:
                    if (hit.line.index, rule.category) in claimed:
                        continue
                    claimed.add((hit.line.index, rule.category))
                findings.append(self._finding(rule, hit, doc))
                if not rule.fix:
                    continue
                if hit.line is not None:
                    lines[hit.line.index].append(rule.code)
                else:
                    spans.append((hit.start, hit.end, rule.code))
        findings.sort(key=lambda f: (f.start, f.code))
        return Detection(doc, findings, dict(lines), spans, ctx.timed_out)

    def _finding(self, rule: Rule, hit: Hit, doc: Document) -> Finding:
        line = hit.line or doc.line_of(hit.start)
        return Finding.model_construct(  # every field is computed here: no need to validate
            code=rule.code, name=rule.name, category=rule.category,
            severity=self.severity.get(rule.code, rule.severity),
            start=hit.start, end=hit.end, line=line.index + 1, col=hit.start - line.start + 1,
            text=doc.text[hit.start:hit.end], message=rule.describe(hit), fixable=rule.fix,
        )

    def apply(self, det: Detection) -> tuple[str, list[Edit]]:
        """The cleaned text and the ranges removed from the input."""
        if not det.lines and not det.spans:
            return det.doc.text, []
        doc, dropped = det.doc, dict(det.lines)
        edits: list[Edit] = []
        by_line: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for start, end, code in det.spans:
            by_line[doc.line_of(start).index].append((start, end, code))
        for index, cuts in by_line.items():
            if index in dropped:
                continue
            line = doc.lines[index]
            merged = _merge(cuts)
            kept = "".join(line.text[a - line.start:b - line.start] for a, b in _gaps(line, merged))
            if not kept.strip(_HSPACE + "\u200b\u200c\u200d\u2060\ufeff\u00ad"):
                dropped[index] = sorted({c for _, _, c in cuts})
            else:
                edits.extend(Edit.model_construct(start=s, end=e, codes=codes) for s, e, codes in _widen(line, merged))
        edits.extend(_line_edits(doc, dropped))
        edits.sort(key=lambda e: e.start)
        out, pos = [], 0
        for e in edits:
            out.append(doc.text[pos:e.start])
            pos = max(pos, e.end)
        out.append(doc.text[pos:])
        return "".join(out), edits


def _merge(cuts: list[tuple[int, int, str]]) -> list[tuple[int, int, tuple[str, ...]]]:
    merged: list[tuple[int, int, tuple[str, ...]]] = []
    for start, end, code in sorted(cuts):
        if merged and start <= merged[-1][1]:
            s, e, codes = merged[-1]
            merged[-1] = (s, max(e, end), tuple(sorted({*codes, code})))
        else:
            merged.append((start, end, (code,)))
    return merged


def _gaps(line: Line, cuts: list[tuple[int, int, tuple[str, ...]]]) -> list[tuple[int, int]]:
    gaps, pos = [], line.start
    for s, e, _ in cuts:
        gaps.append((pos, s))
        pos = e
    gaps.append((pos, line.end))
    return gaps


def _widen(line: Line, cuts: list[tuple[int, int, tuple[str, ...]]]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Extend each cut over the spaces it would otherwise leave doubled or dangling."""
    text, base, out = line.text, line.start, []
    for s, e, codes in cuts:
        left, right = s - base, e - base
        while left > 0 and text[left - 1] in _HSPACE:
            left -= 1
        while right < len(text) and text[right] in _HSPACE:
            right += 1
        if right == len(text) or left == 0:  # at an edge of the line: take the spaces on both sides
            s, e = base + left, base + right
        elif left < s - base and right > e - base:  # spaces on both sides: keep one run
            e = base + right
        out.append((s, e, codes))
    return out


def _line_edits(doc: Document, dropped: dict[int, list[str]]) -> list[Edit]:
    """Remove runs of dropped lines together with the blank lines that separated them."""
    content = doc.content
    edits = []
    i = 0
    while i < len(content):
        if content[i] not in dropped:
            i += 1
            continue
        j = i
        while j + 1 < len(content) and content[j + 1] in dropped:
            j += 1
        first, last = doc.lines[content[i]], doc.lines[content[j]]
        codes = tuple(sorted({c for k in content[i:j + 1] for c in dropped[k]}))
        if j + 1 < len(content):
            start, end = first.start, doc.lines[content[j + 1]].start
        elif i > 0:
            start, end = doc.lines[content[i - 1]].end, last.end
        else:
            start, end = 0, len(doc.text)
        edits.append(Edit.model_construct(start=start, end=end, codes=codes))
        i = j + 1
    return edits
