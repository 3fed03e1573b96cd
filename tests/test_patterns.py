"""Phrase lists expand into a trie alternation: the longest phrase wins, case folding is exact;
bundled patterns written for speed match as their plainer forms."""

from __future__ import annotations

import pytest
import regex

from scrubber import Scrubber
from scrubber.ruleset.patterns import PatternError, alternation, compile_pattern

from .conftest import FIXTURES

LISTS = {"m": ["Read", "Read more", "LESEN", "ΔΙΑΒΑΣΤΕ ΕΠΙΣΗΣ", "关联"]}


def match(source: str, text: str, *, case_sensitive: bool = False) -> str | None:
    m = compile_pattern(source, LISTS, case_sensitive=case_sensitive).search(text)
    return m.group() if m else None


def test_longest_phrase_wins() -> None:
    assert match(r"\L<m>", "Read more: x") == "Read more"
    assert match(r"^\L<m>:", "Read: x") == "Read:"


def test_shorter_phrase_after_backtracking() -> None:
    assert match(r"^\L<m>[ \t]+more[ \t]+than", "Read more than once") == "Read more than"


def test_case_insensitive_by_default_with_flexible_spaces() -> None:
    assert match(r"\L<m>", "READ  MORE") == "READ  MORE"
    assert match(r"\L<m>", "lesen") == "lesen"
    assert match(r"\L<m>", "Διαβάστε επίσης") is None  # accents are not case
    assert match(r"\L<m>", "διαβαςτε\tεπισης") == "διαβαςτε\tεπισης"  # final sigma folds like IGNORECASE


def test_list_inside_case_sensitive_group_keeps_its_case() -> None:
    assert match(r"(?-i:\L<m>)", "lesen") is None
    assert match(r"(?-i:[)(]\L<m>)", "(LESEN") == "(LESEN"
    assert match(r"[(]\L<m>", "(lesen") == "(lesen"


def test_case_sensitive_rule() -> None:
    assert match(r"\L<m>", "read", case_sensitive=True) is None
    assert match(r"(?i:\L<m>)", "read", case_sensitive=True) == "read"


def test_scripts_without_case() -> None:
    assert match(r"\L<m>", "关联新闻") == "关联"


def test_empty_list_is_an_error() -> None:
    with pytest.raises(PatternError):
        alternation([])


def lookbehind_form(source: str) -> str:
    """`X\\KY` written `(?<=X)Y`: X runs from the start of the pattern or of its opening `(?-i:`."""
    m = regex.fullmatch(r"(\(\?-i:)?(.*?)\\K(.*)", source, regex.DOTALL)
    assert m is not None, source
    return f"{m[1] or ''}(?<={m[2]}){m[3]}"


def fixture_lines() -> list[str]:
    """The lines of every fixture article and rule example, with the spaces after sentence ends
    varied or removed, and runs of them joined into long lines (as extractors often give)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*.txt"))]
    texts += [text for rule in Scrubber(prefilter="none").rules for text, _ in rule.examples.cases()]
    lines = [line.strip() for text in texts for line in text.split("\n") if line.strip()]
    after_end = regex.compile(r'(?<=[.!?…"”»’)。！？])\s+')
    varied = [after_end.sub(space, line) for line in lines for space in ("", "  ", "\t", "\u00a0 ", "   ")]
    joined = [" ".join(lines[i:i + 6]) for i in range(0, len(lines), 6)]
    return list(dict.fromkeys(lines + varied + joined))


def test_bundled_patterns_that_keep_their_start_out_match_as_their_lookbehind_forms() -> None:
    # Some bundled patterns open with `X\K` instead of a lookbehind `(?<=X)`: `regex` then skips to
    # the next place X can start instead of trying the lookbehind at every position (several
    # times faster on long lines). With X's repeats lazy, both forms find the same matches.
    rules = [r for r in Scrubber(prefilter="none").rules if any("\\K" in p for p in getattr(r, "patterns", []))]
    assert rules
    lines = fixture_lines()
    for rule in rules:
        hits = 0
        for source in (p for p in rule.patterns if "\\K" in p):
            kept, behind = rule.compile(source), rule.compile(lookbehind_form(source))
            for line in lines:
                spans = [m.span() for m in kept.finditer(line)]
                assert spans == [m.span() for m in behind.finditer(line)], (rule.code, source, line)
                hits += bool(spans)
        assert hits, f"{rule.code}: no fixture line matches; the comparison says nothing"
