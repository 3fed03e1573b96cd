"""Pattern sources -> compiled `regex` patterns, with named phrase lists expanded.

A pattern may reference a named phrase list as `\\L<name>` (the `regex` package's own syntax).
The list is expanded here into an alternation of escaped phrases (a trie, the longest phrase
winning), in which every space matches any run of spaces or tabs. An empty list is an error: an alternation of nothing
would match everywhere.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

import regex

from scrubber import cache
from scrubber.ruleset.compiled import compile_cached, expansion, remember_expansion

LIST_REF = regex.compile(r"\\L<(\w+)>")


class PatternError(ValueError):
    """A pattern does not compile or references an unknown or empty list."""


def phrase_regex(phrase: str) -> str:
    """One literal phrase as a regex: escaped, with flexible inner whitespace."""
    words = phrase.split()
    if not words:
        raise PatternError("empty phrase")
    return r"[ \t]+".join(regex.escape(w) for w in words)


def alternation(phrases: Iterable[str], *, fold: bool = False) -> str:
    """Phrases as one non-capturing alternation in which the longest form wins.

    The phrases are merged into a trie ("Read", "Read more" -> `Read(?:[ \t]+more)?`), each
    optional continuation greedy, so at a given position the longest phrase matches first, as a
    longest-first list would, but hundreds of phrases cost a few branch points instead of one
    attempt each. With `fold`, every letter becomes the class of its case variants inside a
    case-sensitive group (`(?-i:[Rr][Ee]...)`): the same matches as IGNORECASE, several times
    faster in the `regex` package.
    """
    unique = sorted(set(phrases))
    if not unique:
        raise PatternError("empty phrase list")
    trie: dict[str, Any] = {}
    for phrase in unique:
        node = trie
        for token in _tokens(phrase, fold):
            node = node.setdefault(token, {})
        node[_END] = {}
    body = _trie_regex(trie)
    return f"(?-i:{body})" if fold else f"(?:{body})"


_END = ""  # marks the end of a phrase in the trie (no token is empty)
_EXTRA_CASES = {"σ": "ςΣ", "ς": "σΣ", "Σ": "σς", "i": "İ", "ß": "ẞ", "ẞ": "ß"}


@functools.cache
def _fold(char: str) -> str:
    """A character as a regex token matching its case variants, as IGNORECASE would."""
    pool = {char, char.lower(), char.upper(), char.casefold(), char.title(), *_EXTRA_CASES.get(char, "")}
    pattern = regex.compile(regex.escape(char), regex.IGNORECASE)
    variants = sorted(c for c in pool if len(c) == 1 and pattern.fullmatch(c))
    if len(variants) == 1:
        return regex.escape(char)
    return "[" + "".join(regex.escape(c) for c in variants) + "]"


def _tokens(phrase: str, fold: bool) -> list[str]:
    """A phrase as regex tokens: one per character, and `[ \t]+` between words."""
    words = phrase.split()
    if not words:
        raise PatternError("empty phrase")
    tokens: list[str] = []
    for i, word in enumerate(words):
        if i:
            tokens.append(r"[ \t]+")
        tokens.extend(_fold(c) if fold else regex.escape(c) for c in word)
    return tokens


def _trie_regex(node: dict[str, Any]) -> str:
    branches = [token + _trie_regex(child) for token, child in node.items() if token != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if _END in node else body


def _case_sensitive_spans(source: str) -> list[tuple[int, int]]:
    """The spans of the `(?-i:...)` groups of a pattern source, where lists must keep their case."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[bool, int]] = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a character class: skip to its closing bracket
            j = i + 1
            if j < n and source[j] == "^":
                j += 1
            if j < n and source[j] == "]":
                j += 1
            while j < n and source[j] != "]":
                j += 2 if source[j] == "\\" else 1
            i = j + 1
            continue
        if c == "(":
            stack.append((source.startswith("(?-i:", i), i))
        elif c == ")" and stack:
            sensitive, start = stack.pop()
            if sensitive:
                spans.append((start, i + 1))
        i += 1
    return spans


def expand(source: str, lists: Mapping[str, Iterable[str]], *, fold: bool = False) -> str:
    """Replace every `\\L<name>` in `source` by the alternation of list `name`.

    With `fold` (a case-insensitive pattern) lists outside `(?-i:...)` groups are case-folded.
    """
    sensitive = _case_sensitive_spans(source) if fold else []

    def sub(m: regex.Match[str]) -> str:
        name = m.group(1)
        if name not in lists:
            raise PatternError(f"pattern references undefined list \\L<{name}>")
        inside = any(a <= m.start() < b for a, b in sensitive)
        try:
            return alternation(lists[name], fold=fold and not inside)
        except PatternError as exc:
            raise PatternError(f"list {name!r}: {exc}") from None

    return LIST_REF.sub(sub, source)


def expand_cached(source: str, lists: Mapping[str, Iterable[str]]) -> str:
    """`expand(source, lists)`, remembered on disk with the compiled patterns: building the
    tries of the bundled packs' phrase lists is most of a warm start-up otherwise."""
    used = [(name, sorted(set(lists[name]))) for name in sorted(set(LIST_REF.findall(source))) if name in lists]
    key = "x:" + cache.key(source, used)
    found = expansion(key)
    if found is None:
        found = expand(source, lists, fold=False)
        remember_expansion(key, found)
    return found


def compile_pattern(source: str, lists: Mapping[str, Iterable[str]], *, case_sensitive: bool) -> regex.Pattern[str]:
    """Expand and compile one pattern; raise PatternError with the reason when it is unusable."""
    # Case-folding lists into character classes matches faster but makes the `regex` parser ~5x
    # slower to compile the bundled packs (14 s instead of 3 s per Scrubber), so lists stay plain
    # and IGNORECASE does the folding.
    expanded = expand_cached(source, lists)
    flags = regex.V0 if case_sensitive else regex.V0 | regex.IGNORECASE
    try:
        pattern = compile_cached(expanded, flags)
    except regex.error as exc:
        raise PatternError(f"pattern {source!r} does not compile: {exc}") from None
    if pattern.search("") is not None:
        raise PatternError(f"pattern {source!r} matches the empty string")
    return pattern
