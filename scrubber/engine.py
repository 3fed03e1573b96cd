"""Detect, then apply: rules report findings on the input; the engine removes what they name.

Detection never changes the text. Application removes whole lines (with the blank lines that
separated them, so no gap is left) and spans inside lines (with one adjacent run of spaces).
Everything removed is either inside a finding or whitespace next to it.

Cleaning repeats detect-and-apply until nothing more is found, so a second run changes nothing:
removing one artifact can expose another (a cut leaves a line another rule drops; a new line
becomes the last one). Findings of later passes are mapped back to offsets in the input.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

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
    candidates: prefilter_.Candidates | None = None  # the prefilter's, for `doc`


@dataclass
class Cleaning:
    """The outcome of cleaning one document to a fixed point."""

    text: str
    findings: list[Finding]
    edits: list[Edit]
    timed_out: list[str] = field(default_factory=list)
    passes: int = 1
    settled: bool = True  # False: the last allowed pass still removed something
    unusual: frozenset[str] = frozenset()  # the input's unusual characters (`Document.unusual`)


class Engine:
    """Runs a fixed set of rules over documents. Immutable, so safe to share between threads.

    `prefilter` names the backend that picks candidate lines for each pattern (see
    `scrubber.prefilter`); every backend gives the same findings.
    """

    max_passes = 4  # 1: a single pass, not verified (a second run may remove more)

    def __init__(self, rules: Sequence[Rule], active: Iterable[str], *, severity: dict[str, Severity] | None = None,
                 timeout: float | None = None, prefilter: str = "auto", shared: Collection[str] = ()) -> None:
        self.rules = {r.code: r for r in rules}
        active_set = set(active)
        self.active = sorted((r for r in rules if r.code in active_set), key=lambda r: (r.stage, r.code))
        self.active_codes = {r.code for r in self.active}
        self.severity = severity or {}
        self.timeout = timeout
        self._unscoped = [r for r in self.active if not r.sources]
        self._unscoped_at = {r.code: i for i, r in enumerate(self._unscoped)}  # running order
        self._scoped: dict[str, list[Rule]] = defaultdict(list)
        for rule in self.active:
            for source in rule.sources:
                self._scoped[source].append(rule)
        # After a pass that only dropped whole lines, a rule that judges each line on its own text
        # and removes what it finds cannot find anything new: only the other rules run again.
        self.recheck = {r.code for r in self.active if not (r.fix and r.line_local())}
        patterns, self.slots, split = self._scanned(shared)
        groups = [(tuple(self._slots_of(code)), self.rules[code].patterns_needed()) for code in self.slots]
        self.prefilter = prefilter_.build_parts([patterns[:split], patterns[split:]], prefilter, groups)
        self._slot_code = [code for code in sorted(self.slots, key=self.slots.__getitem__) for _ in self._slots_of(code)]
        always: frozenset[int] = getattr(self.prefilter, "always", frozenset())
        unscanned = Counter(self._slot_code[s] for s in always)  # patterns counted as on every line
        # Rules that run whatever the prefilter finds: context kinds, and those with as many
        # unscanned patterns (it cannot widen them, or need not) as must match one line.
        self._always_codes = frozenset(code for code, n in unscanned.items()
                                       if n >= self.rules[code].patterns_needed())
        self._always_codes |= {r.code for r in rules if not r.needs_candidates()}
        # A line a later pass carries over unchanged was judged by every active rule that judges
        # lines on their own text and removes what it finds: it found nothing there, or the line
        # would have lost something. (Rules that only report, or are not active, may be anchors
        # of context kinds, whose hits must be found again.)
        self._judged = frozenset(s for code in self.slots
                                 if code in self.active_codes and self.rules[code].fix and self.rules[code].line_local()
                                 for s in self._slots_of(code))

    def _slots_of(self, code: str) -> range:
        """The prefilter slots of rule `code`'s scanned patterns."""
        return range(self.slots[code], self.slots[code] + len(self.rules[code].scanned_patterns()))

    def _scanned(self, shared: Collection[str]) -> tuple[list[regex.Pattern[str]], dict[str, int], int]:
        """The scanned patterns of every rule, active or not, and how many come from `shared`
        rules (the bundled packs), which take the first slots. The prefilter depends on the rule
        set only, so every selection from it shares one compiled (and cached) prefilter; the
        shared rules get a part of their own, so adding a pack of one's own compiles only that."""
        patterns: list[regex.Pattern[str]] = []
        slots: dict[str, int] = {}
        split = 0
        for code in sorted(self.rules, key=lambda c: (c not in shared, c)):
            scanned = self.rules[code].scanned_patterns()
            if scanned:
                slots[code] = len(patterns)
                patterns.extend(scanned)
                if code in shared:
                    split = len(patterns)
        return patterns, slots, split

    def candidates(self, doc: Document) -> prefilter_.Candidates | None:
        """The prefilter's candidate lines of `doc`, per slot (None: every line)."""
        return self._scan(doc.norm_text, doc)

    def candidates_many(self, docs: Sequence[Document]) -> list[prefilter_.Candidates | None]:
        """`candidates` of each document, from one prefilter scan of them all."""
        return self.prefilter.scan_many([d.norm_text for d in docs], [d.unusual & ODD_SPACES for d in docs])

    def _scan(self, lines: str, doc: Document) -> prefilter_.Candidates | None:
        """The prefilter's candidates of some of `doc`'s normalised lines (joined by line feeds)."""
        return self.prefilter.scan(lines, spaces=doc.unusual & ODD_SPACES)

    def carried(self, before: Detection, doc: Document, judged: Collection[int] = ()) -> prefilter_.Candidates | None:
        """The candidates of `doc`, a text left after removing parts of `before.doc`, without
        scanning it all again: the prefilter judges each line on its own text, so a line that
        reads as a line of `before.doc` has that line's candidates; only the others (lines that
        lost a span) are scanned. Slots in `judged` keep no candidate on such a line."""
        old = before.candidates
        if old is None:
            return self.candidates(doc)
        slots_of: dict[int, list[int]] = defaultdict(list)
        for slot, lines in old.by_slot.items():
            if slot in judged:
                continue
            for line in lines:
                slots_of[line].append(slot)
        known = {norm: index for index, norm in enumerate(before.doc.norms)}
        by_slot: dict[int, set[int]] = defaultdict(set)
        fresh: list[int] = []
        for index, norm in enumerate(doc.norms):
            was = known.get(norm)
            if was is None:
                fresh.append(index)
            else:
                for slot in slots_of.get(was, ()):
                    by_slot[slot].add(index)
        if fresh:
            found = self._scan("\n".join(doc.norms[i] for i in fresh), doc)
            if found is None:
                return None
            for slot, lines in found.by_slot.items():
                by_slot[slot].update(fresh[i] for i in lines)
        return prefilter_.Candidates(dict(by_slot), old.always)

    def rules_for(self, source: str | None) -> list[Rule]:
        """The active rules, in running order, that apply to a document of `source` (a source
        key): the unscoped ones and those scoped to it. Costs no more with thousands of sites."""
        scoped = self._scoped.get(source) if source is not None else None
        return sorted(self._unscoped + scoped, key=lambda r: (r.stage, r.code)) if scoped else self._unscoped

    def detect(self, text: str, source: str | None = None, only: Collection[str] | None = None,
               before: Detection | None = None) -> Detection:
        """Findings of the active rules (of those in `only`, when given); rules scoped to sites
        run only when `source` is one of theirs. `before`: the detection of a text `text` was
        cut from, whose prefilter candidates carry over."""
        doc = Document(text)
        candidates = self.candidates(doc) if before is None else self.carried(before, doc, self._judged)
        return self._detect(doc, candidates, source, only)

    def _detect(self, doc: Document, candidates: prefilter_.Candidates | None, source: str | None = None,
                only: Collection[str] | None = None) -> Detection:
        """`detect` on a document whose prefilter candidates are known."""
        live = None  # codes of the rules with a candidate line (None: every rule)
        if candidates is not None:
            live = self._always_codes.union(self._slot_code[s] for s in candidates.by_slot)
        ctx = Context(doc, self.rules, timeout=self.timeout, active=self.active_codes, candidates=candidates,
                      slots=self.slots, live=live)
        findings: list[Finding] = []
        lines: dict[int, list[str]] = defaultdict(list)
        spans: list[tuple[int, int, str]] = []
        claimed: set[tuple[int, str]] = set()  # (line, category): one finding per line and family
        rules = self.rules_for(source)
        if only is not None:
            rules = [r for r in rules if r.code in only]
        # a gated rule without a candidate line cannot find anything: only the live rules run, taken
        # by their running position when the rules are the unscoped ones (most documents)
        if live is not None and rules is self._unscoped:
            rules = [rules[i] for i in sorted(self._unscoped_at[c] for c in live if c in self._unscoped_at)]
        elif live is not None:
            rules = [r for r in rules if r.code in live]
        for rule in rules:
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
        return Detection(doc, findings, dict(lines), spans, ctx.timed_out, candidates)

    def clean(self, text: str, source: str | None = None) -> Cleaning:
        """Detect and apply until a pass removes nothing (at most `max_passes` passes that remove).

        Only the first pass reports findings that remove nothing (`fix = false`); later passes add
        the findings behind their removals, with offsets into `text`.
        """
        return self.clean_many([text], [source])[0]

    def clean_many(self, texts: Sequence[str], sources: Sequence[str | None]) -> list[Cleaning]:
        """`clean` of each text (of source `sources[i]`), with the first passes' prefilter scans
        made as one (`prefilter.batch`): the way to clean many documents."""
        docs = [Document(text) for text in texts]
        return [self._clean(doc, found, source)
                for doc, found, source in zip(docs, self.candidates_many(docs), sources, strict=True)]

    def _clean(self, doc: Document, candidates: prefilter_.Candidates | None, source: str | None) -> Cleaning:
        text = doc.text
        det = self._detect(doc, candidates, source)
        out, edits = self.apply(det)
        result = Cleaning(out, list(det.findings), edits, list(det.timed_out), unusual=det.doc.unusual)
        removed = bool(edits)
        while removed and result.passes < self.max_passes:
            if not det.spans and not self.recheck:
                removed = False  # only whole lines went, and every rule judges lines on their own
                break
            det = self.detect(result.text, source, None if det.spans else self.recheck, before=det)
            out, more = self.apply(det)
            result.timed_out += [c for c in det.timed_out if c not in result.timed_out]
            removed = bool(more)
            if removed:
                back = _to_source(result.edits)
                result.findings += [_moved(f, back, text) for f in det.findings if f.fixable]
                result.findings.sort(key=lambda f: (f.start, f.code))
                result.edits = _union(result.edits, [_moved_edit(e, back) for e in more])
                result.text = out
                result.passes += 1
        result.settled = not removed or self.max_passes == 1  # one pass: the old, unverified behaviour
        return result

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
    joined: list[tuple[int, int, tuple[str, ...]]] = []
    for s, e, codes in cuts:  # cuts with only spaces between them go as one
        if joined and not text[joined[-1][1] - base:s - base].strip(_HSPACE):
            ps, _, pcodes = joined.pop()
            s, codes = ps, tuple(sorted({*pcodes, *codes}))
        joined.append((s, e, codes))
    for s, e, codes in joined:
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


def _to_source(edits: Sequence[Edit]) -> Callable[[int], int]:
    """Map an offset of the text left after `edits` (sorted, disjoint) to the input offset."""
    points, shifts, removed = [], [], 0
    for e in edits:
        points.append(e.start - removed)
        removed += e.end - e.start
        shifts.append(removed)

    def back(pos: int) -> int:
        i = bisect_right(points, pos)
        return pos + (shifts[i - 1] if i else 0)

    return back


def _span(start: int, end: int, back: Callable[[int], int]) -> tuple[int, int]:
    """A range of the cleaned text as a range of the input (it may enclose earlier removals)."""
    return (back(start), back(end - 1) + 1) if end > start else (back(start), back(start))


def _moved(f: Finding, back: Callable[[int], int], source: str) -> Finding:
    start, end = _span(f.start, f.end, back)
    line_start = source.rfind("\n", 0, start) + 1
    return f.model_copy(update={"start": start, "end": end, "text": source[start:end],
                                "line": source.count("\n", 0, start) + 1, "col": start - line_start + 1})


def _moved_edit(e: Edit, back: Callable[[int], int]) -> Edit:
    start, end = _span(e.start, e.end, back)
    return Edit(start=start, end=end, codes=e.codes)


def _union(a: Iterable[Edit], b: Iterable[Edit]) -> list[Edit]:
    """Edits of two passes as one sorted list of disjoint ranges of the input."""
    out: list[Edit] = []
    for e in sorted([*a, *b], key=lambda e: (e.start, e.end)):
        if out and e.start < out[-1].end:
            last = out.pop()
            e = Edit(start=last.start, end=max(last.end, e.end), codes=tuple(sorted({*last.codes, *e.codes})))
        out.append(e)
    return out
