"""Pattern sources -> compiled `regex` patterns, with named phrase lists expanded.

A pattern may reference a named phrase list as `\\L<name>` (the `regex` package's own syntax).
The list is expanded here into an alternation of escaped phrases, longest first, in which every
space matches any run of spaces or tabs. An empty list is an error: an alternation of nothing
would match everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import regex

from scrubber.ruleset.compiled import compile_cached

LIST_REF = regex.compile(r"\\L<(\w+)>")


class PatternError(ValueError):
    """A pattern does not compile or references an unknown or empty list."""


def phrase_regex(phrase: str) -> str:
    """One literal phrase as a regex: escaped, with flexible inner whitespace."""
    words = phrase.split()
    if not words:
        raise PatternError("empty phrase")
    return r"[ \t]+".join(regex.escape(w) for w in words)


def alternation(phrases: Iterable[str]) -> str:
    """Phrases as one non-capturing alternation, longest first so the longest form wins."""
    unique = sorted(set(phrases), key=lambda p: (-len(p), p))
    if not unique:
        raise PatternError("empty phrase list")
    return "(?:" + "|".join(phrase_regex(p) for p in unique) + ")"


def expand(source: str, lists: Mapping[str, Iterable[str]]) -> str:
    """Replace every `\\L<name>` in `source` by the alternation of list `name`."""

    def sub(m: regex.Match[str]) -> str:
        name = m.group(1)
        if name not in lists:
            raise PatternError(f"pattern references undefined list \\L<{name}>")
        try:
            return alternation(lists[name])
        except PatternError as exc:
            raise PatternError(f"list {name!r}: {exc}") from None

    return LIST_REF.sub(sub, source)


def compile_pattern(source: str, lists: Mapping[str, Iterable[str]], *, case_sensitive: bool) -> regex.Pattern[str]:
    """Expand and compile one pattern; raise PatternError with the reason when it is unusable."""
    expanded = expand(source, lists)
    flags = regex.V0 if case_sensitive else regex.V0 | regex.IGNORECASE
    try:
        pattern = compile_cached(expanded, flags)
    except regex.error as exc:
        raise PatternError(f"pattern {source!r} does not compile: {exc}") from None
    if pattern.search("") is not None:
        raise PatternError(f"pattern {source!r} matches the empty string")
    return pattern
