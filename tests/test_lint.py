"""Load-time warnings about nested quantifiers (best effort; the run-time budget is the guard)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from scrubber import Scrubber
from scrubber.ruleset.lint import PatternWarning, nested_quantifiers
from scrubber.ruleset.loader import load_pack

LISTS = {"m": ["Read more", "Lesen Sie auch"]}

RISKY = [r"(a+)+$", r"(\w+\s?)+$", r"(a*)*b", r"(?:x|y+)+", r"(a+){20}", r"(a+){1,30}", r"(.*a){20}",
         r"(?:\p{Lu}[\p{L}.]*[ \t]?)+", r"(?:[^,]+,?)+", r"(?:\L<m>\s*)+", r"^(?:(?:\w+)\s*)+$",
         r"(?=(a+)+)x", r"[.!?] +?\K(?:\w+ ?)+$"]
SAFE = [r"(\s+\w+)+", r"(a+b)+", r"(a++)+", r"(?>a+)+", r"(a+)++", r"(?:\p{Lu}[\p{L}.]*[ \t]?){1,4}",
        r"(?:\p{Lu}[\p{L}.]*[ \t])+", r"^\L<m>:\s+\S.{3,200}$", r"((ab)*c)+", r"(?:[^,]+,)+", r"(?:\L<m>[,;]\s*)+",
        r"a{2,}b+", r"(?:\d+\D)+", r"(?:\p{L}+\P{L})+", r"(\w+ )+", r'(?:"[^"\n]*",\s*)+',
        r'\[(?:[ \t]+[a-z]+=(?:"[^"]*"|[^\s\]"]+))+\]', r"[.!?] +?\K\L<m>:\s+\S.{3,200}$"]


@pytest.mark.parametrize("pattern", RISKY)
def test_nested_quantifiers_are_found(pattern: str) -> None:
    assert nested_quantifiers(pattern, LISTS) is True


@pytest.mark.parametrize("pattern", SAFE)
def test_separated_possessive_or_bounded_repeats_pass(pattern: str) -> None:
    assert nested_quantifiers(pattern, LISTS) is False


def test_letters_whose_case_is_two_characters_do_not_break_the_check() -> None:
    # "İ".lower() is two characters; comparing ranges once raised TypeError and failed the load
    assert nested_quantifiers(r"(?:[a-z]+ ?)+", {"m": ["İstanbul"]}) is True


def test_syntax_the_re_parser_cannot_read_is_not_checked() -> None:
    assert nested_quantifiers(r"(?V1)[[a-z]--[aeiou]]+") is None
    assert nested_quantifiers(r"(?|(a+)|(b+))+") is None


def write_pack(tmp_path: Path, pattern: str, exception: str = "x^") -> Path:
    path = tmp_path / "user.toml"
    path.write_text('[pack]\nname = "user"\n\n[[rules]]\ncode = "U001"\nname = "user-rule"\ncategory = "user"\n'
                    f'description = "d"\nkind = "line"\npatterns = [\'{pattern}\']\nexceptions = [\'{exception}\']\n',
                    encoding="utf-8")
    return path


def test_pack_warning_names_file_rule_and_pattern(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path, "^ok$", exception=r"(\w+\s?)+$"))
    (warning,) = pack.warnings
    assert str(warning).startswith(f"{tmp_path / 'user.toml'}: rule U001: pattern '(\\\\w+\\\\s?)+$' nests quantifiers")


def test_scrubber_warns_about_active_user_rules(tmp_path: Path) -> None:
    path = write_pack(tmp_path, "(a+)+$")
    with pytest.warns(PatternWarning, match="rule U001"):
        scrubber = Scrubber(extend_rules=[path])
    assert [w.code for w in scrubber.warnings] == ["U001"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert Scrubber(extend_rules=[path], ignore=["U001"]).warnings == []  # an inactive rule is not reported


def test_bundled_packs_do_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert Scrubber().warnings == []
