"""Rule files: validated at load, with errors that name the file and the rule code."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrubber import RuleFileError, Scrubber
from scrubber.ruleset.loader import default_rules_dir, load_pack, load_rules

GOOD = '''
[pack]
name = "mine"

[[rules]]
code = "MY001"
name = "my-rule"
kind = "line"
category = "test"
description = "A test rule."
patterns = ['^\\L<w>$']
[rules.lists.w]
en = ["Sponsored"]
'''


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pack.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_good_pack_loads(tmp_path: Path) -> None:
    pack = load_pack(write(tmp_path, GOOD))
    assert [r.code for r in pack.rules] == ["MY001"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ((r"patterns = ['^\L<w>$']", "patterns = ['(unclosed']"), "does not compile"),
        (('en = ["Sponsored"]', "en = []"), "empty"),
        ((r"patterns = ['^\L<w>$']", r"patterns = ['^\L<nope>$']"), "undefined list"),
        (('kind = "line"', 'kind = "teleport"'), "kind"),
        (('category = "test"', 'category = "test"\nbogus = 1'), "bogus"),
        ((r"patterns = ['^\L<w>$']", "patterns = ['x*']"), "empty string"),
        (('code = "MY001"', 'code = "bad code"'), "code"),
    ],
)
def test_bad_rule_named_in_error(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(RuleFileError) as err:
        load_pack(path)
    message = str(err.value)
    assert str(path) in message and expected in message
    assert "MY001" in message or "bad code" in message


def test_invalid_toml(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="invalid TOML"):
        load_pack(write(tmp_path, "[pack\nname="))


def test_duplicate_code_across_packs(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.toml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(RuleFileError, match="already defined"):
        load_rules([tmp_path])


def test_extra_rule_dir_extends_defaults(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    s = Scrubber(extend_rules=[tmp_path])
    assert "MY001" in {r.code for r in s.active}
    body = "The body of the article is much longer than the line we remove."
    assert s.scrub(f"{body}\n\nSponsored").text == body


def test_bundled_packs_found() -> None:
    assert any(default_rules_dir().glob("*.toml"))
