"""Phrase lists expand into a trie alternation: the longest phrase wins, case folding is exact."""

from __future__ import annotations

import pytest

from scrubber.ruleset.patterns import PatternError, alternation, compile_pattern

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
