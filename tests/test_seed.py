"""The user's seed article comes out exactly as expected (golden test)."""

from __future__ import annotations

from scrubber import Scrubber

from .conftest import FIXTURES, assert_invariants


def test_seed_article_cleaned_exactly(scrubber: Scrubber) -> None:
    raw = (FIXTURES / "seed" / "de-syria.raw.txt").read_text(encoding="utf-8")
    expected = (FIXTURES / "seed" / "de-syria.clean.txt").read_text(encoding="utf-8")
    result = assert_invariants(scrubber, raw)
    assert result.text.rstrip() == expected.rstrip()
    assert result.status == "cleaned"
    assert {f.category for f in result.findings} >= {"cross-link", "prompt-leak", "credit", "caption", "video"}


def test_seed_findings_locate_the_removed_text(scrubber: Scrubber) -> None:
    raw = (FIXTURES / "seed" / "de-syria.raw.txt").read_text(encoding="utf-8")
    for f in scrubber.scrub(raw).findings:
        assert raw[f.start:f.end] == f.text
        line = raw.split("\n")[f.line - 1]
        assert line[f.col - 1:].startswith(f.text.split("\n")[0])
