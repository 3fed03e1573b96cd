"""Regressions found by fuzzing: removing one artifact exposed another, so a second run changed
the text. Cleaning now repeats until nothing more is found, or flags the document."""

from __future__ import annotations

from scrubber import Scrubber

from .conftest import assert_invariants
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
