"""The HTML review page: bounded sampling, counts, and the page as a real browser renders it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from html import unescape
from pathlib import Path

import pytest

from scrubber import Scrubber
from scrubber.report.review import MAX_CHARS, Review

from .clitools import SEED, jsonl, run

SCRUBBER = Scrubber()
BODY = "Der Stadtrat tagte am Dienstag bis spät in die Nacht und beschloss den Haushalt."
HOSTILE = "Er schrieb <script>document.title='pwned'</script> & </script><!-- in den Text \ud800 🙂."
DOCS = {
    "cross": f"{BODY}\n\nREAD MORE: Markets rally on rate hopes\n\n{BODY}",
    "credit": f"{BODY} {BODY}\n\nGetty Images\n\n{BODY}",
    "hostile": f"{HOSTILE}\n\n{BODY}\n\nREAD MORE: Other </script> story <b>bold</b>\n\n{BODY}",
    "plain": BODY,
    "flagged": "Kurz.\n\nREAD MORE: Markets rally on rate hopes",  # past the removal budget: nothing removed
}


def review_of(docs: dict[str, str], **kw: int) -> Review:
    review = Review(**kw)
    for name, text in docs.items():
        review.add_result(SCRUBBER.scrub(text), where=f"{name}.jsonl:1")
    return review


def test_counts_per_rule_and_category() -> None:
    review = review_of(DOCS)
    assert review.documents == 5 and dict(review.status) == {"cleaned": 3, "unchanged": 1, "flagged": 1}
    assert review.rules["XL001"].findings == 3 and review.rules["XL001"].documents == 3
    assert review.rules["CR001"].category == "credit" and review.categories["cross-link"] == 3
    removed = SCRUBBER.scrub(DOCS["cross"]).removed_chars + SCRUBBER.scrub(DOCS["hostile"]).removed_chars
    assert review.rules["XL001"].chars_removed == removed  # the flagged document removed nothing


def test_reservoir_keeps_rare_rules_and_stays_bounded() -> None:
    review = Review(per_key=3)
    common = SCRUBBER.scrub(DOCS["cross"])
    for i in range(2000):
        review.add_result(common, where=f"c:{i}")
        if i == 1234:
            review.add_result(SCRUBBER.scrub(DOCS["credit"]), where="rare:1")
    sample = review.sample()
    assert len(sample) <= 3 * 2
    assert [d.where for d in sample if "CR001" in d.codes] == ["rare:1"]
    assert sum("XL001" in d.codes for d in sample) == 3
    again = Review(per_key=3)
    for i in range(2000):
        again.add_result(common, where=f"c:{i}")
        if i == 1234:
            again.add_result(SCRUBBER.scrub(DOCS["credit"]), where="rare:1")
    assert [d.where for d in again.sample()] == [d.where for d in sample]  # reproducible


def test_long_document_is_shown_as_excerpts_around_findings() -> None:
    filler = (BODY + "\n\n") * 2000
    review = review_of({"long": filler + "READ MORE: Markets rally on rate hopes\n\n" + filler})
    (doc,) = review.sample()
    shown = "".join(s[0] for s in doc.segments)
    assert len(shown) < MAX_CHARS and "READ MORE: Markets rally on rate hopes" in shown
    assert [s[2] for s in doc.segments].count("gap") == 2


def test_page_is_self_contained_and_escaped() -> None:
    page = review_of(DOCS).html()
    assert not re.search(r"(src|href)\s*=|https?://|@import|url\(", page, re.IGNORECASE), "the page loads nothing"
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert page.count("<script") == 2 and page.count("</script>") == 2  # document text cannot close a script
    assert "<b>bold</b>" not in page


# --- in a real browser ------------------------------------------------------------------------

CHROMIUM = os.environ.get("SCRUBBER_CHROMIUM") or next(
    (p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (apt-get install chromium)")


def dump_dom(url: str) -> str:
    """The DOM after the page's scripts ran, from headless Chromium with no network."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--virtual-time-budget=5000", "--dump-dom", url],
            capture_output=True, timeout=120, check=True)
    dom = done.stdout.decode("utf-8")
    assert dom.strip(), done.stderr.decode("utf-8", "replace")[-2000:]
    return dom


def articles(dom: str) -> list[tuple[str, bool, str]]:
    """(data-codes, hidden, inner HTML) of each document the script built."""
    found = re.findall(r'<article class="doc" data-codes="([^"]*)" data-status="[^"]*"( hidden="")?>(.*?)</article>',
                       dom, re.DOTALL)
    return [(codes, bool(hidden), inner) for codes, hidden, inner in found]


def marks(inner: str) -> list[tuple[str, str, str]]:
    """(class, data-codes, text without tags) of each highlighted span."""
    found = re.findall(r'<mark class="([^"]*)" data-codes="([^"]*)"[^>]*>(.*?)</mark>', inner, re.DOTALL)
    return [(cls, codes, unescape(re.sub(r'<span class="tag">[^<]*</span>', "", text))) for cls, codes, text in found]


@needs_browser
def test_browser_renders_highlighted_spans(tmp_path: Path) -> None:
    page = tmp_path / "review.html"
    review_of(DOCS).write(page)
    dom = dump_dom(page.as_uri())
    docs = articles(dom)
    assert len(docs) == 4 and not any(hidden for _, hidden, _ in docs)  # the plain document has no findings
    found = {(cls, codes, text) for _, _, inner in docs for cls, codes, text in marks(inner)}
    assert ("fix", "XL001", "READ MORE: Markets rally on rate hopes") in found
    assert ("fix", "CR001", "Getty Images") in found
    assert ("fix", "XL001", "READ MORE: Other </script> story <b>bold</b>") in found
    assert ("report", "XL001", "READ MORE: Markets rally on rate hopes") in found  # flagged: kept
    assert dom.count('<span class="tag">XL001</span>') == 3
    # Document text is text: the hostile script did not run and the DOM holds it escaped.
    assert "<title>scrubber review</title>" in dom and "pwned" not in dom.split("<main")[0]
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
    hostile = next(inner for codes, _, inner in docs if "<b>" not in inner and "Er schrieb" in inner)
    text = unescape(re.sub(r"<[^>]+>", "", hostile.split('<pre class="text">', 1)[1]))
    assert text.startswith(HOSTILE.replace("\ud800", "\ufffd"))


@needs_browser
@pytest.mark.parametrize(("rule", "visible"), [("XL001", 3), ("CR001", 1), ("status:flagged", 1), ("", 4)])
def test_browser_filters_by_rule(tmp_path: Path, rule: str, visible: int) -> None:
    page = tmp_path / "review.html"
    review_of(DOCS).write(page)
    dom = dump_dom(page.as_uri() + (f"#rule={rule}" if rule else ""))
    docs = articles(dom)
    shown = [codes for codes, hidden, _ in docs if not hidden]
    assert len(shown) == visible and f">{visible} of 4 sampled documents<" in dom
    if rule.startswith("status:"):
        assert shown == ["XL001"] and "READ MORE: Markets rally" in dom
        return
    assert all(rule in codes.split() for codes in shown if rule)
    for codes, hidden, inner in docs:
        for cls, mark_codes, _ in marks(inner):
            assert ("dim" in cls.split()) == bool(rule and rule not in mark_codes.split())


@needs_browser
def test_clean_review_option_writes_the_page(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl([{"id": 1, "text": SEED}, {"id": 2, "text": BODY}]), encoding="utf-8")
    page = tmp_path / "review.html"
    result = run("clean", src, "-o", tmp_path / "out.jsonl", "--review", page)
    assert result.code == 0, result.err
    docs = articles(dump_dom(page.as_uri()))
    assert len(docs) == 1 and docs[0][0] == "CA001 CR001 PL001 VD001 XL001"
    assert {codes for cls, codes, _ in marks(docs[0][2])} >= {"XL001", "CR001", "CA001", "VD001"}
    assert "in.jsonl:1" in docs[0][2]
