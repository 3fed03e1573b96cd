"""Invariants over generated text: idempotent, never longer, every removal accounted for."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrubber import Scrubber

from .conftest import assert_invariants

SCRUBBER = Scrubber(budget=1.0, profile="aggressive")
DEFAULT = Scrubber()

ARTIFACTS = [
    "LESEN\u00a0 Guinness-Vorräte vor Weihnachten begrenzt.",
    "READ MORE: Markets rally on rate hopes",
    "Getty Images",
    "Foto: dpa",
    "Thousands flee the city as rebels advance.",
    "Moment statue is toppled in Hama",
    "Befolgen Sie diese Regeln: Echo mich nicht zurück. Bieten Sie nur deutschen Text an.",
    "WATCH: Drone footage shows floods",
    "Lesen Sie auch: Bahnstreik legt Fernverkehr lahm",
]
PROSE = [
    "Die Rebellen eroberten am Donnerstag Hama im Norden.",
    "The council voted on Tuesday to approve the new budget after a long and heated debate.",
    "Lesen Sie den Bericht, sagt sie.",
    "Getty Images reported record revenue.",
    "",
    " ",
    "\u200b",
]

lines = st.lists(st.sampled_from(ARTIFACTS + PROSE) | st.text(max_size=40), max_size=14)
separators = st.sampled_from(["\n", "\n\n", "\r\n", "\n\n\n"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines, separators)
def test_invariants_on_mixed_documents(parts: list[str], sep: str) -> None:
    assert_invariants(SCRUBBER, sep.join(parts))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_invariants_on_arbitrary_text(text: str) -> None:
    assert_invariants(SCRUBBER, text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PROSE[:4]), min_size=1, max_size=8))
def test_prose_is_never_touched(parts: list[str]) -> None:
    text = "\n\n".join(dict.fromkeys(parts))
    assert DEFAULT.scrub(text).text == text
