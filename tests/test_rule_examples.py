"""Every example of every bundled rule runs, and every rule has both kinds of example."""

from __future__ import annotations

import pytest

from scrubber import Scrubber
from scrubber.ruleset.examples import missing_examples, run_examples

RULES = Scrubber().rules


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_remove_and_keep_examples(rule: object) -> None:
    assert missing_examples(rule) == []  # type: ignore[arg-type]


@pytest.mark.parametrize("result", list(run_examples(RULES)), ids=lambda e: f"{e.code}-{e.index}")
def test_rule_example(result: object) -> None:
    assert result.actual.strip() == result.expected.strip(), (  # type: ignore[attr-defined]
        f"{result.code} example {result.index}: {result.text!r} gave {result.actual!r}"  # type: ignore[attr-defined]
    )


def test_missing_examples_are_reported() -> None:
    from scrubber.kinds import LineRule

    bare = LineRule(kind="line", code="ZZ001", name="bare", category="test", description="d", patterns=["x+y"])
    assert missing_examples(bare) == ["remove", "keep"]
