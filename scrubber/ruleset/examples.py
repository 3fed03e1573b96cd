"""Run the examples a rule carries: the test suite and `scrubber test-rules` both use this."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from scrubber.kinds import Rule


@dataclass(frozen=True)
class ExampleResult:
    """One example of one rule: what went in, what was expected, what came out."""

    code: str
    index: int
    text: str
    expected: str
    actual: str

    @property
    def passed(self) -> bool:
        return self.actual.strip() == self.expected.strip()


def missing_examples(rule: Rule) -> list[str]:
    """What a rule lacks: a rule needs at least one `remove` and one `keep` example."""
    lacks = []
    if not rule.examples.remove:
        lacks.append("remove")
    if not rule.examples.keep:
        lacks.append("keep")
    return lacks


def run_examples(rules: Sequence[Rule], codes: Sequence[str] | None = None) -> Iterator[ExampleResult]:
    """Run each example through an engine where only its own rule is active.

    The other rules are present (a caption rule needs its credit rules as anchors) but inactive,
    and no removal budget applies: an example may be removed whole. A rule scoped to sites sees
    its examples as articles of its first site.
    """
    from scrubber.api import Scrubber
    from scrubber.settings import Settings

    wanted = set(codes) if codes is not None else {r.code for r in rules}
    for rule in rules:
        if rule.code not in wanted:
            continue
        scrubber = Scrubber(Settings(select=[rule.code], budget=1.0, profile="aggressive"), rules=list(rules))
        for i, (text, expected) in enumerate(rule.examples.cases()):
            source = rule.sources[0] if rule.sources else None
            yield ExampleResult(rule.code, i, text, expected, scrubber.scrub(text, source=source).text)
