"""The prefilter: one scan of a document tells which lines each rule pattern may match.

At build time every pattern the kinds search line by line (line, span and caption patterns,
tail-block headers) gets a slot. Per document, one pass over the folded, normalised text yields
the candidate lines of each slot; the kinds then run `regex` on those lines only. A candidate is
a superset of the lines the pattern matches, so the output is the same with any backend:

- `hyperscan` (extra `scrubber[fast]`): the patterns widened to Hyperscan expressions, compiled
  in prefilter mode into one database, cached on disk;
- `literal`: the literals every match must contain, found with one Aho-Corasick pass
  (ahocorasick-rs); a pattern without a required literal is a candidate on every line;
- `none`: every line is a candidate for every pattern.

`auto` picks the first that is installed; the environment variable `SCRUBBER_PREFILTER` overrides
`auto` (to force the fallback in CI, or to compare backends).
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import threading
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import regex

from scrubber import cache
from scrubber.errors import ConfigError
from scrubber.prefilter.casefold import Folding
from scrubber.prefilter.charsets import Charsets
from scrubber.prefilter.syntax import Node, Unsupported, parse

Backend = Literal["auto", "hyperscan", "literal", "none"]
# Slots of which at least `need` must match one line for their rule to hit there: a backend may
# leave `need - 1` of them unscanned, counting them as matching every line (`phrases.unscanned`).
Group = tuple[tuple[int, ...], int]
BACKENDS: tuple[str, ...] = ("auto", "hyperscan", "literal", "none")
FORMAT = 1  # bump when the cache layout changes


@functools.cache
def code_version() -> str:
    """A hash of the prefilter's own source: a change to how patterns are widened rebuilds the
    cached prefilters."""
    here = Path(__file__).parent
    return cache.key(*(f.read_text(encoding="utf-8") for f in sorted(here.glob("*.py"))))


@dataclass(frozen=True, slots=True)
class Candidates:
    """The lines (0-based indices) each slot may match; slots in `always` may match any line."""

    by_slot: dict[int, set[int]]
    always: frozenset[int]

    def maybe(self, slot: int, line: int) -> bool:
        return slot in self.always or line in self.by_slot.get(slot, ())


class Prefilter(Protocol):
    """A backend: it implements `scan_many`, and `scan` is one document of it (backends
    subclass this to share that)."""

    backend: str

    def scan(self, text: str, *, spaces: Collection[str] | None = None) -> Candidates | None:
        """Candidates for the normalised lines of one document, joined by line feeds; None:
        every line may match every slot. `spaces`: the whitespace characters other than space,
        tab and line feed the text may hold (None: any)."""
        return self.scan_many([text], [spaces])[0]

    def scan_many(self, texts: Sequence[str], spaces: Sequence[Collection[str] | None]) -> list[Candidates | None]:
        """`scan` of each text (`spaces[i]` for `texts[i]`), in one pass over all of them."""
        raise NotImplementedError


class NoPrefilter(Prefilter):
    """Every line is a candidate for every pattern."""

    backend = "none"

    def scan_many(self, texts: Sequence[str], spaces: Sequence[Collection[str] | None]) -> list[Candidates | None]:
        return [None] * len(texts)


def available(name: str) -> bool:
    module = {"hyperscan": "hyperscan", "literal": "ahocorasick_rs"}.get(name)
    return module is None or importlib.util.find_spec(module) is not None


def resolve(backend: str) -> str:
    """The backend `auto` stands for here (after `SCRUBBER_PREFILTER`), or the one named."""
    if backend == "auto":
        backend = os.environ.get("SCRUBBER_PREFILTER", "").strip().lower() or "auto"
    if backend not in BACKENDS:
        raise ConfigError(f"unknown prefilter {backend!r} (choose from {', '.join(BACKENDS)})")
    if backend == "auto":
        return next(b for b in ("hyperscan", "literal", "none") if available(b))
    if not available(backend):
        extra = "scrubber[fast]" if backend == "hyperscan" else "ahocorasick-rs"
        raise ConfigError(f"prefilter {backend!r} is not installed (pip install '{extra}')")
    return backend


_RUNS = re.compile(r"[^\S\n]+")


def one_space(text: str, spaces: Collection[str] | None = None) -> str:
    """`text` with each run of whitespace within a line made one space, as both backends scan it
    (no line break moves). `spaces`: the whitespace characters other than space, tab and line
    feed `text` may hold (None: any); given them, a few `str.replace` calls do what the regular
    expression does several times slower."""
    if spaces is None:
        return _RUNS.sub(" ", text)
    for c in spaces:
        text = text.replace(c, " ")
    if "\t" in text:
        text = text.replace("\t", " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text


_BUILT: dict[str, Prefilter] = {}  # this process's prefilters, by backend and patterns
_LOCK = threading.Lock()


def build(patterns: Sequence[regex.Pattern[str]], backend: str = "auto", groups: Sequence[Group] = ()) -> Prefilter:
    """A prefilter whose slot i stands for `patterns[i]` (shared by equal pattern lists)."""
    name = resolve(backend)
    if name == "none" or not patterns:
        return NoPrefilter()
    groups = tuple((tuple(slots), need) for slots, need in groups if need > 1)
    key = rules_key(name, patterns, groups)
    with _LOCK:
        if key not in _BUILT:
            if name == "hyperscan":
                from scrubber.prefilter.hyperscan import HyperscanPrefilter

                _BUILT[key] = HyperscanPrefilter.build(patterns, groups)
            else:
                from scrubber.prefilter.literal import LiteralPrefilter

                _BUILT[key] = LiteralPrefilter.build(patterns, groups)
        return _BUILT[key]


def build_parts(parts: Sequence[Sequence[regex.Pattern[str]]], backend: str = "auto",
                groups: Sequence[Group] = ()) -> Prefilter:
    """One prefilter over the patterns of every part, in order, each part built (and cached) on
    its own: a change to one part leaves the others' compiled prefilters as they are. A group
    lies within one part."""
    built = []
    for offset, part in zip(_offsets(parts), parts):
        if part:
            local = [(tuple(s - offset for s in slots), need) for slots, need in groups
                     if offset <= slots[0] < offset + len(part)]
            built.append((offset, build(part, backend, local)))
    if not built:
        return build([], backend)
    if len(built) == 1 and built[0][0] == 0:
        return built[0][1]
    return Combined(built)


def _offsets(parts: Sequence[Sequence[object]]) -> list[int]:
    offsets, total = [], 0
    for part in parts:
        offsets.append(total)
        total += len(part)
    return offsets


class Combined(Prefilter):
    """Several prefilters side by side: part k's slot i is slot `offset_k + i` here."""

    def __init__(self, parts: list[tuple[int, Prefilter]]) -> None:
        self.parts = parts
        self.backend = parts[0][1].backend
        self.always = frozenset(offset + s for offset, p in parts for s in getattr(p, "always", ()))

    def scan_many(self, texts: Sequence[str], spaces: Sequence[Collection[str] | None]) -> list[Candidates | None]:
        merged: list[dict[int, set[int]] | None] = [{} for _ in texts]
        for offset, part in self.parts:
            for k, found in enumerate(part.scan_many(texts, spaces)):
                by_slot = merged[k]
                if found is None:
                    merged[k] = None  # every line, whatever the other parts found
                elif by_slot is not None:
                    by_slot.update((offset + s, lines) for s, lines in found.by_slot.items())
        return [None if by_slot is None else Candidates(by_slot, self.always) for by_slot in merged]


def rules_key(backend: str, patterns: Sequence[regex.Pattern[str]], *extra: object) -> str:
    """The cache key of a prefilter: its patterns and every library version that shapes it."""
    return cache.key(FORMAT, code_version(), backend, regex.__version__, unicodedata.unidata_version, list(extra),
                     [(p.pattern, p.flags) for p in patterns])


@functools.cache
def folding() -> Folding:
    """The case folding of this `regex` release, from the cache or built (~0.2 s); once per process."""
    name = "folding-" + cache.key(FORMAT, regex.__version__, unicodedata.unidata_version)
    hit = cache.load(name)
    if hit is not None and isinstance(hit[0].get("fixes"), dict):
        return Folding.from_fixes(hit[0]["fixes"])
    result = Folding.build()
    cache.store(name, {"fixes": result.fixes})
    return result


def parse_all(patterns: Sequence[regex.Pattern[str]]) -> list[Node | None]:
    """The parsed tree of each pattern, None where the syntax is not supported."""
    out: list[Node | None] = []
    for p in patterns:
        try:
            out.append(parse(p))
        except Unsupported:
            out.append(None)
    return out


__all__ = ["BACKENDS", "Backend", "Candidates", "Charsets", "Group", "NoPrefilter", "Prefilter", "build", "folding",
           "one_space", "parse_all", "resolve", "rules_key"]
