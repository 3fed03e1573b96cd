"""Which rules run: select/ignore by code, code prefix, category, name or ALL, ruff-style."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from scrubber.kinds import Rule
from scrubber.models import Confidence


def specificity(selector: str, rule: Rule) -> int:
    """How precisely `selector` names `rule` (0: not at all); the most precise selector wins."""
    if selector == "ALL":
        return 1
    if selector in (rule.code, rule.name):
        return 100
    if selector == rule.category:
        return 2
    if rule.code.startswith(selector):
        return 2 + len(selector)
    return 0


def _best(selectors: Iterable[str], rule: Rule) -> int:
    return max((specificity(s, rule) for s in selectors), default=0)


def is_enabled(
    rule: Rule,
    select: Sequence[str],
    ignore: Sequence[str],
    min_confidence: Confidence,
) -> bool:
    """Enabled when selected more precisely than ignored, and sure enough for the profile.

    A rule below the confidence floor runs only when selected by its exact code or name.
    """
    chosen, dropped = _best(select, rule), _best(ignore, rule)
    if chosen == 0 or dropped >= chosen:
        return False
    return rule.confidence.rank >= min_confidence.rank or chosen == 100


def unknown_selectors(selectors: Iterable[str], rules: Sequence[Rule]) -> list[str]:
    """Selectors that name no rule at all (a typo in --select should not pass silently)."""
    return [s for s in selectors if not any(specificity(s, r) for r in rules)]
