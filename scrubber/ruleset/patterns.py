"""Pattern sources -> compiled `regex` patterns, with named phrase lists expanded.

A pattern may reference a named phrase list as `\\L<name>` (the `regex` package's own syntax).
The list is expanded here into an alternation of escaped phrases (a trie, the longest phrase
winning), in which every space matches any run of spaces or tabs. An empty list is an error: an alternation of nothing
would match everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import regex

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
    """Phrases as one non-capturing alternation in which the longest form wins.

    The phrases are merged into a trie ("Read", "Read more" -> `Read(?:[ \t]+more)?`), each
    optional continuation greedy, so at a given position the longest phrase matches first, as a
    longest-first list would; hundreds of phrases then cost a few branch points each instead of
    one attempt per phrase, at compile time and at match time.
    """
    unique = sorted(set(phrases))
    if not unique:
        raise PatternError("empty phrase list")
    trie: dict[str, Any] = {}
    for phrase in unique:
        node = trie
        for token in _tokens(phrase):
            node = node.setdefault(token, {})
        node[_END] = {}
    return "(?:" + _trie_regex(trie) + ")"


_END = ""  # marks the end of a phrase in the trie (no token is empty)


def _tokens(phrase: str) -> list[str]:
    """A phrase as regex tokens: one escaped character each, and `[ \t]+` between words."""
    words = phrase.split()
    if not words:
        raise PatternError("empty phrase")
    tokens: list[str] = []
    for i, word in enumerate(words):
        if i:
            tokens.append(r"[ \t]+")
        tokens.extend(regex.escape(c) for c in word)
    return tokens


def _trie_regex(node: dict[str, Any]) -> str:
    branches = [token + _trie_regex(child) for token, child in node.items() if token != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if _END in node else body


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
        pattern = regex.compile(expanded, flags)
    except regex.error as exc:
        raise PatternError(f"pattern {source!r} does not compile: {exc}") from None
    if pattern.search("") is not None:
        raise PatternError(f"pattern {source!r} matches the empty string")
    return pattern
