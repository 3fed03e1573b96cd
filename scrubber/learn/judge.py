"""How sure a learned line is boilerplate: what looks like content is held back or marked low.

A line that recurs in many documents of one site is usually the site's own junk (a newsletter
prompt, a paywall notice, a footer). Some recurring lines are content all the same:

- a quotation repeated across a story series (`“We will rebuild every house,” the mayor said.`);
- a line whose numbers change from document to document (a dateline `BERLIN, 3. März 2024
  (dpa)`, a timestamp): folding the digits makes its copies one line, its many forms betray it;
- a long sentence, which boilerplate rarely is;
- any line of an article the corpus holds several copies of: it recurs only in documents that
  share one fingerprint, so it is not learned at all.

Short lines found in a large share of a site's documents are `high`; sentences and lines found in
a smaller share are `medium` (removed by the default profile); lines that look like content are
`low` (removed only with profile `aggressive`, for a reviewer to promote).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import regex

from scrubber.models import Confidence

_QUOTES = "\"“”„«»‹›「」『』〝〞＂"
QUOTED = regex.compile(f"[{_QUOTES}]([^{_QUOTES}]+)[{_QUOTES}]")
SENTENCE_END = regex.compile(r"[.!?。！？…؟][\"'”’»)\]」』]*$")
WIDE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}]")


@dataclass(frozen=True)
class Thresholds:
    """Where confidence changes; the defaults suit news sites."""

    high_share: float = 0.25  # a short line in fewer documents than this is only `medium`
    sentence_words: int = 8  # a sentence at least this long is only `medium`
    long_words: int = 25  # a line at least this long is `low`
    long_chars: int = 200
    quote_words: int = 4  # a quotation at least this long is `low`
    varying_forms: int = 8  # this many digit forms, or 3 in half the copies: `low`


def words(text: str) -> int:
    """Words of `text`, where each CJK or Thai character counts as half a word."""
    wide = len(WIDE.findall(text))
    return len(text.split()) + wide // 2


def distinct(popcount: int, bits: int) -> float:
    """Linear-counting estimate of distinct items from the set bits of a `bits`-bit map."""
    return math.inf if popcount >= bits else -bits * math.log(1 - popcount / bits)


def judge(text: str, count: int, share: float, forms: int, docs: int,
          t: Thresholds = Thresholds()) -> tuple[Confidence | None, str | None]:
    """Confidence for a recurring line and the reason it is not `high` (None: do not learn it).

    `forms` and `docs` are the distinct digit forms and document fingerprints seen (lower bounds
    from 64- and 128-bit maps, which miss the first document a line was seen in).
    """
    if distinct(docs, 128) < count / 2:
        return None, "recurs only in copies of the same document"
    for quoted in QUOTED.findall(text):
        if words(quoted) >= t.quote_words:
            return Confidence.LOW, "quotes someone: a recurring quotation is content"
    if forms >= t.varying_forms or (forms >= 3 and forms * 2 >= count - 1):
        return Confidence.LOW, "its numbers change from document to document (a date, a time, a figure)"
    n = words(text)
    if n >= t.long_words or len(text) >= t.long_chars:
        return Confidence.LOW, f"a long sentence ({n} words) reads like content"
    if n >= t.sentence_words and SENTENCE_END.search(text):
        return Confidence.MEDIUM, "reads like a sentence"
    if share < t.high_share:
        return Confidence.MEDIUM, f"in only {share:.0%} of the site's documents"
    return Confidence.HIGH, None
