"""What every rule has, what a kind reports (a Hit), and what a kind sees while detecting."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

import regex
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from scrubber.models import Confidence, Severity
from scrubber.prefilter import Candidates
from scrubber.ruleset.patterns import PatternError, compile_pattern
from scrubber.segment import Document, Line, normalise
from scrubber.sources import source_key

if TYPE_CHECKING:
    from scrubber.kinds import Rule

CODE = r"^[A-Z]{1,4}[0-9]{3}$"
T = TypeVar("T")

# Scripts written without spaces between words (Chinese, Japanese), and their punctuation.
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\u30fc]")
_CJK_PUNCT = regex.compile(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")


# No Han or kana character lies below U+2E80 (tests check it): a text without any character
# from there up, most lines, needs no `_CJK` scan (`re` finds one ~5x faster than `regex` counts).
_FROM_CJK = re.compile("[\u2e80-\U0010ffff]")


def _no_cjk(text: str) -> bool:
    return text.isascii() or not _FROM_CJK.search(text)


def word_count(text: str) -> int:
    """Words in `text`: whitespace-separated tokens, with every two Han or kana characters
    counted as one word, since Chinese and Japanese put no spaces between words."""
    cjk = 0 if _no_cjk(text) else len(_CJK.findall(text))
    if not cjk:
        return len(text.split())
    rest = _CJK_PUNCT.sub(" ", _CJK.sub(" ", text))
    return len(rest.split()) + (cjk + 1) // 2


def text_width(text: str) -> int:
    """Length of `text` with Han and kana characters counted twice (they carry about as much
    as two Latin letters), so one length threshold suits every script."""
    return len(text) if _no_cjk(text) else len(text) + len(_CJK.findall(text))


class RemoveExample(BaseModel):
    """Text the rule must change, and what it must become."""

    model_config = ConfigDict(extra="forbid")
    text: str
    clean: str = ""


class Examples(BaseModel):
    """Examples that run as tests: `remove` must be cleaned, `keep` must stay untouched."""

    model_config = ConfigDict(extra="forbid")
    remove: list[RemoveExample | str] = Field(default_factory=list)
    keep: list[str] = Field(default_factory=list)

    def cases(self) -> Iterator[tuple[str, str]]:
        """(input, expected output) pairs, keep-examples included."""
        for ex in self.remove:
            yield (ex, "") if isinstance(ex, str) else (ex.text, ex.clean)
        for text in self.keep:
            yield text, text


@dataclass(frozen=True, slots=True)
class Hit:
    """A detected artifact: a span of the input, or a whole line when `line` is set."""

    start: int
    end: int
    line: Line | None = None


class _Budget:
    """The CPU time left to one rule on one document. The thread's CPU clock is a system call
    (~0.6 us); CPU time passes no faster than the wall clock (~0.05 us to read), so the budget
    is counted on the wall clock from the last CPU reading, which gives a pattern call a little
    less than is left, and read exactly again once half of it seems spent."""

    __slots__ = ("_cpu", "_half", "_wall", "deadline", "started")

    def __init__(self, started: float, timeout: float) -> None:
        self.started = started
        self.deadline = started + timeout
        self._cpu, self._wall, self._half = started, time.perf_counter(), timeout / 2

    def left(self) -> float:
        left = self.deadline - self._cpu - (time.perf_counter() - self._wall)
        if left < self._half:
            self._cpu, self._wall = time.thread_time(), time.perf_counter()
            left = self.deadline - self._cpu
        if left <= 0:
            raise TimeoutError("regex time budget exhausted")
        return left


@dataclass
class Context:
    """Per-document state a kind may read: the document, earlier hits, the regex timeout.

    `timeout` is a budget per rule and document: all the pattern calls one rule makes on one
    document (patterns and exceptions) share it. A rule that runs out is skipped for this
    document (`timed_out`); its partial hits are dropped, so the document is left as it was.
    The budget is CPU time of the calling thread, as the `regex` package measures its own
    timeout, so a busy machine does not make rules time out on more documents; it starts with the
    rule's first pattern call (`_Budget`).

    The prefilter's candidates (`slots`: rule code -> slot of its first scanned pattern) let a
    kind skip lines none of its patterns can match.
    """

    doc: Document
    rules: Mapping[str, Rule]
    timeout: float | None = None
    active: set[str] = field(default_factory=set)
    hits: dict[str, list[Hit]] = field(default_factory=dict)
    timed_out: list[str] = field(default_factory=list)
    _deadlines: list[_Budget | None] = field(default_factory=list)  # one per rule running, innermost last
    candidates: Candidates | None = None
    slots: Mapping[str, int] = field(default_factory=dict)
    live: AbstractSet[str] | None = None  # rules that may find something here (None: all)
    cut: bool = False  # an active rule cut a span out of a line
    removed: set[int] = field(default_factory=set)  # lines active rules drop whole
    _views: dict[Callable[[Document], Any], Any] = field(default_factory=dict)

    def run(self, rule: Rule) -> list[Hit]:
        """The hits of `rule`, detected once per document and remembered."""
        if rule.code not in self.hits:
            if self.live is not None and rule.code not in self.live:
                self.hits[rule.code] = []  # no line can match any of its patterns
                return self.hits[rule.code]
            self._deadlines.append(None)  # the budget starts with the rule's first pattern call
            try:
                found = self.hits[rule.code] = list(rule.detect(self))
                if found and rule.code in self.active:
                    for h in found:
                        if h.line is None:
                            self.cut = True
                        else:
                            self.removed.add(h.line.index)
            except TimeoutError:  # a runaway pattern: skip the rule for this document only
                self.hits[rule.code] = []
                self.timed_out.append(rule.code)
            finally:
                budget = self._deadlines.pop()
                waiting = self._deadlines[-1] if self._deadlines else None
                if waiting is not None and budget is not None:
                    waiting.deadline += time.thread_time() - budget.started  # an anchor's wait is not spent
        return self.hits[rule.code]

    def view(self, of: Callable[[Document], T]) -> T:
        """`of(self.doc)`, computed once per document for every rule that asks (the same
        function gives the same object: a rule must not change it)."""
        if of not in self._views:
            self._views[of] = of(self.doc)
        return cast(T, self._views[of])

    def hits_of(self, code: str) -> list[Hit]:
        """The hits of rule `code`, whether it is active or not (an anchor may be ignored)."""
        rule = self.rules.get(code)
        return self.run(rule) if rule is not None else []

    def cut_line_indices(self) -> set[int]:
        """Indices of the lines active rules that ran so far cut a span from."""
        if not self.cut:
            return set()
        return {self.doc.line_of(h.start).index for code, hs in self.hits.items() if code in self.active
                for h in hs if h.line is None}

    def removed_lines(self) -> set[int]:
        """Indices of the lines that some active rule that ran so far drops whole."""
        return self.removed

    def maybe(self, code: str, index: int, line: int) -> bool:
        """False when pattern `index` of rule `code` cannot match line `line` (prefilter)."""
        base = self.slots.get(code)
        return self.candidates is None or base is None or self.candidates.maybe(base + index, line)

    def candidate_lines(self, code: str, count: int, need: int = 1) -> list[int]:
        """The non-blank lines, in order, on which at least `need` of the first `count` scanned
        patterns of rule `code` may match."""
        base = self.slots.get(code)
        if self.candidates is None or base is None:
            return self.doc.content
        always, by_slot = self.candidates.always, self.candidates.by_slot
        if count == 1:  # most rules: one scanned pattern
            if base in always:
                return self.doc.content
            rank = self.doc.rank
            return sorted(line for line in by_slot.get(base, ()) if line in rank)
        need -= sum(1 for i in range(count) if base + i in always)
        if need <= 0:
            return self.doc.content
        sets = [by_slot[base + i] for i in range(count) if base + i in by_slot]
        if need == 1:
            lines = set().union(*sets)
        else:
            counts: dict[int, int] = {}
            for s in sets:
                for line in s:
                    counts[line] = counts.get(line, 0) + 1
            lines = {line for line, n in counts.items() if n >= need}
        rank = self.doc.rank
        return sorted(line for line in lines if line in rank)

    def kept_text(self, line: Line) -> str:
        """The normalised text of `line` without the spans that active rules cut from it."""
        cuts = sorted((h.start, h.end) for code, hs in self.hits.items() if code in self.active
                      for h in hs if h.line is None and line.start <= h.start < line.end)
        if not cuts:
            return line.norm
        out, pos = [], line.start
        for start, end in cuts:
            if start > pos:
                out.append(self.doc.text[pos:start])
            pos = max(pos, end)
        out.append(self.doc.text[pos:line.end])
        return normalise("".join(out))

    def remaining(self) -> float | None:
        """Seconds left to the running rule on this document; TimeoutError when none are."""
        if self.timeout is None:
            return None
        if not self._deadlines:
            return self.timeout
        budget = self._deadlines[-1]
        if budget is None:
            self._deadlines[-1] = _Budget(time.thread_time(), self.timeout)
            return self.timeout
        return budget.left()

    def search(self, pattern: regex.Pattern[str], text: str) -> regex.Match[str] | None:
        """`pattern.search(text)` within the running rule's time budget."""
        return pattern.search(text, timeout=self.remaining())

    def finditer(self, pattern: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
        """`pattern.finditer(text)` within the running rule's time budget (for the whole iteration)."""
        for m in pattern.finditer(text, timeout=self.remaining()):
            yield m
            self.remaining()  # the caller may have spent the budget between two matches


class RuleBase(BaseModel):
    """Fields common to every rule, whatever its kind."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Context kinds read the hits of other rules, so they run after the line and span kinds.
    stage: ClassVar[int] = 0
    # A gated kind hits only on lines its own scanned patterns match: without a candidate line
    # from the prefilter it is not run at all.
    gated: ClassVar[bool] = False

    code: str = Field(pattern=CODE)
    name: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    category: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    severity: Severity = Severity.WARNING
    confidence: Confidence = Confidence.HIGH
    fix: bool = True
    languages: list[str] = Field(default_factory=lambda: ["*"])
    description: str = Field(min_length=1)
    message: str | None = None
    case_sensitive: bool = False
    lists: dict[str, dict[str, list[str]]] = Field(
        default_factory=dict, description="named phrase lists, by language: lists.NAME.LANG = [...]"
    )
    exceptions: list[str] = Field(default_factory=list, description="patterns that veto a match")
    sources: list[str] = Field(
        default_factory=list, description="sites (source field or url host) the rule applies to; empty: all"
    )
    examples: Examples = Field(default_factory=Examples)

    _exceptions: list[regex.Pattern[str]] = PrivateAttr(default_factory=list)

    @field_validator("lists")
    @classmethod
    def _no_empty_lists(cls, v: dict[str, dict[str, list[str]]]) -> dict[str, dict[str, list[str]]]:
        for name, by_lang in v.items():
            for lang, phrases in by_lang.items():
                if not phrases or any(not p.strip() for p in phrases):
                    raise ValueError(f"phrase list {name}.{lang} is empty or holds an empty phrase")
        return v

    @field_validator("sources")
    @classmethod
    def _fold_sources(cls, v: list[str]) -> list[str]:
        if any(not s.strip() for s in v):
            raise ValueError("empty source name")
        return [source_key(s) for s in v]

    @model_validator(mode="after")
    def _compiled(self) -> RuleBase:
        try:
            self._compile()
        except PatternError as exc:
            raise ValueError(str(exc)) from None
        return self

    def _compile(self) -> None:
        self._exceptions = [self.compile(p) for p in self.exceptions]
        self.compile_patterns()
        # The compiled state is read on every document: keep it where attribute lookup finds it
        # first, not behind pydantic's lookup of private attributes (~2 us a read).
        self.__dict__.update(self.__pydantic_private__ or {})

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        # Compiled patterns pickle as their source and recompile on load, slowly: leave them
        # out and compile again on load, replayed from the compiled-pattern cache.
        fields = {k: v for k, v in state["__dict__"].items() if k not in self.__private_attributes__}
        return {**state, "__dict__": fields, "__pydantic_private__": {}}

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        self._compile()

    def compile(self, source: str) -> regex.Pattern[str]:
        """Compile one of this rule's pattern sources with its lists and case setting."""
        flat = {name: [p for phrases in by_lang.values() for p in phrases] for name, by_lang in self.lists.items()}
        return compile_pattern(source, flat, case_sensitive=self.case_sensitive)

    def compile_patterns(self) -> None:
        """Compile the kind's own patterns; kinds with patterns override this."""

    def scanned_patterns(self) -> list[regex.Pattern[str]]:
        """The patterns the kind searches line by line, for the prefilter (exceptions aside:
        they only run where a pattern matched)."""
        return []

    def patterns_needed(self) -> int:
        """How many of the scanned patterns must match one line for the rule to hit there."""
        return 1

    def needs_candidates(self) -> bool:
        """True when the rule can only hit on a line the prefilter names as a candidate for one
        of its scanned patterns (the kind is `gated`): without one, it is not run at all."""
        return self.gated

    def excepted(self, ctx: Context, text: str) -> bool:
        """True when one of the rule's exceptions matches `text`."""
        return any(ctx.search(p, text) for p in self._exceptions)

    def detect(self, ctx: Context) -> Iterator[Hit]:
        """Yield the hits of this rule in `ctx.doc`."""
        raise NotImplementedError

    def line_local(self) -> bool:
        """True when the rule judges each line on that line's text alone (not its neighbours or
        its position), so removing other lines cannot change what it finds. Kinds that are
        sure of it say so; the default is the safe answer."""
        return False

    def describe(self, hit: Hit) -> str:
        """The message of a finding."""
        return self.message or self.description.split("\n", 1)[0]

    def language_set(self) -> list[str]:
        """The languages the rule covers: its declared ones plus those of its phrase lists."""
        langs = {lang for by_lang in self.lists.values() for lang in by_lang}
        return sorted(set(self.languages) | langs - {"*"}) if langs else self.languages

    def meta(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_defaults=False)


def strip_span(line: Line) -> tuple[int, int]:
    """Absolute offsets of a line's text without surrounding whitespace (normalised view)."""
    left = len(line.norm) - len(line.norm.lstrip())
    right = len(line.norm.rstrip())
    return line.source(left), line.source(right)


def line_hit(line: Line) -> Hit:
    start, end = strip_span(line)
    return Hit(start, end, line)
