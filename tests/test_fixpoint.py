"""Regressions found by fuzzing: removing one artifact exposed another, so a second run changed
the text. Cleaning now repeats until nothing more is found, or flags the document."""

from __future__ import annotations

import functools

from hypothesis import HealthCheck, given, settings

from scrubber import Scrubber
from scrubber.engine import Detection, Engine

from .conftest import assert_invariants
from .test_fuzz import documents
from .test_kinds import engine

BODY = "Der Stadtrat tagte am Dienstag bis spät in die Nacht."


def test_a_cut_that_leaves_a_droppable_line_is_finished_in_one_run() -> None:
    s = engine({"kind": "span", "patterns": [r"\{\{\w+\}\}"]}, {"kind": "line", "patterns": ["^Share this$"]})
    text = f"{BODY}\n\nShare this {{{{x}}}}\n\nMore body."
    result = assert_invariants(s, text)
    assert result.text == f"{BODY}\n\nMore body."
    # The finding of the second pass points into the input, with its line and column.
    share = next(f for f in result.findings if f.code == "T001")
    assert (share.start, share.text, share.line, share.col) == (len(BODY) + 2, "Share this", 3, 1)


def test_tail_window_counts_only_kept_lines() -> None:
    s = engine({"kind": "line", "patterns": ["^Share this$"], "where": "tail", "window": 1})
    assert assert_invariants(s, f"{BODY}\n\nShare this\n\nShare this").text == BODY
    assert assert_invariants(s, f"Share this\n\n{BODY}").text == f"Share this\n\n{BODY}"


def test_head_window_counts_only_kept_lines() -> None:
    s = engine({"kind": "line", "patterns": ["^Photo: .+$"], "where": "head", "window": 1})
    text = f"Photo: A\n\nPhoto: B\n\n{BODY}\n\nPhoto: C"
    assert assert_invariants(s, text).text == f"{BODY}\n\nPhoto: C"


def test_headerless_tail_block_longer_than_max_items_is_content() -> None:
    s = engine({"kind": "tail_block", "min_items": 2, "max_items": 3})
    items = "\n".join(f"Short headline number {n}" for n in range(5))
    assert assert_invariants(s, f"{BODY}\n\n{items}").text == f"{BODY}\n\n{items}"
    three = "\n".join(f"Short headline number {n}" for n in range(3))
    assert assert_invariants(s, f"{BODY}\n\n{three}").text == BODY


def test_cleaning_that_never_settles_is_flagged_not_gutted() -> None:
    # XL003 cuts a cross-link glued to a paragraph when its title runs to the end of the line
    # (at most 250 characters): with many glued in a row, each run exposed the next one.
    marker = "LESEN\u00a0 Guinness-Vorräte vor Weihnachten begrenzt."
    text = f"{BODY}\n\n" + " ".join([marker] * 40) + "\n\nDie Sitzung endete."
    result = assert_invariants(Scrubber(budget=1.0), text)
    assert result.status == "flagged" and result.text == text
    assert [i.reason for i in result.issues] == ["unsettled"]


def test_edges_window_counts_only_kept_lines() -> None:
    s = engine({"kind": "line", "patterns": ["^Share this$"], "where": "edges", "window": 1})
    text = f"Share this\n\nShare this\n\n{BODY}\n\nShare this\n\n{BODY}\n\nShare this"
    assert assert_invariants(s, text).text == f"{BODY}\n\nShare this\n\n{BODY}"


QUICK = Scrubber(budget=1.0, profile="aggressive")


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents)
def test_rechecking_only_context_rules_after_whole_line_removals_changes_nothing(text: str) -> None:
    """The shortcut (after a pass that removed only whole lines, rules that judge each line on its
    own are not run again) gives the same result as running every rule in every pass."""
    quick = Scrubber(QUICK.settings, rules=QUICK.rules)  # rules loaded once: loading costs seconds
    full = Scrubber(QUICK.settings, rules=QUICK.rules)
    full.engine.recheck = {r.code for r in full.engine.active}
    full.engine.detect = functools.partial(_detect_all, full.engine)  # type: ignore[method-assign]
    a, b = quick.scrub(text), full.scrub(text)
    assert (a.text, a.edits, a.findings, a.status) == (b.text, b.edits, b.findings, b.status)


def _detect_all(engine: Engine, text: str, source: str | None = None, only: object = None,
                before: Detection | None = None) -> Detection:
    return Engine.detect(engine, text, source)  # every rule, and a fresh prefilter scan


def test_later_passes_leave_unchanged_lines_to_the_rules_that_judged_them() -> None:
    """A later pass does not run an active line-local rule on a line it carries over unchanged
    (the rule found nothing there): on every fixture article, the same result as running those
    rules on every line in every pass, with fewer candidate lines."""
    from scrubber.segment import Document

    from .test_prefilter import ARTICLES

    quick = Scrubber(QUICK.settings, rules=QUICK.rules)
    full = Scrubber(QUICK.settings, rules=QUICK.rules)
    full.engine._judged = frozenset()
    engine = quick.engine
    assert engine._judged  # the default rule set has such rules
    fewer = 0
    for text in ARTICLES:
        a, b = quick.scrub(text), full.scrub(text)
        assert (a.text, a.edits, a.findings, a.status) == (b.text, b.edits, b.findings, b.status), text[:80]
        det = engine.detect(text)
        cleaned, edits = engine.apply(det)
        if edits:
            pruned, kept = engine.carried(det, Document(cleaned), engine._judged), engine.carried(det, Document(cleaned))
            if pruned is not None and kept is not None:
                pairs = [sum(map(len, c.by_slot.values())) for c in (pruned, kept)]
                assert pairs[0] <= pairs[1]
                fewer += pairs[0] < pairs[1]
    assert fewer > 5


def test_a_line_that_enters_a_tail_window_in_a_later_pass_is_still_judged() -> None:
    """Only rules that judge a line on its own text skip it when a later pass carries it over:
    a tail rule sees its window move once the last line is gone."""
    s = engine({"kind": "line", "patterns": ["^Share this$"], "where": "tail", "window": 1},
               {"kind": "line", "patterns": ["^Drop me$"]})
    assert assert_invariants(s, f"{BODY}\n\nShare this\n\nDrop me").text == BODY
