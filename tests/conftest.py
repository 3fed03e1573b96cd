"""Shared fixtures and the invariant checks every cleaning test applies."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrubber import Scrubber, ScrubResult

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session")
def scrubber() -> Scrubber:
    return Scrubber()


def assert_invariants(scrubber: Scrubber, text: str) -> ScrubResult:
    """Scrub `text` and check what must hold for every input; return the result."""
    result = scrubber.scrub(text)
    out = result.text
    assert len(out) <= len(text), "output longer than input"
    again = scrubber.scrub(out)
    assert again.text == out, f"second pass changed the text: {again.findings}"
    # Output = input minus the edits, and each edit is findings plus whitespace.
    rebuilt, pos = [], 0
    for edit in result.edits:
        rebuilt.append(text[pos:edit.start])
        pos = max(pos, edit.end)
    rebuilt.append(text[pos:])
    if result.status != "flagged":
        assert "".join(rebuilt) == out
    covered = [False] * len(text)
    for f in result.findings:
        for i in range(f.start, f.end):
            covered[i] = True
    for edit in result.edits:
        stray = [text[i] for i in range(edit.start, edit.end) if not covered[i] and not text[i].isspace()
                 and text[i] not in "\u200b\u200c\u200d\u2060\ufeff\u00ad"]
        assert not stray, f"removed characters no finding names: {''.join(stray)!r}"
    return result
