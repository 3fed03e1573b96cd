"""Adversarial text: mixed scripts, invisible and bidi characters, NUL, long lines, many markers.

For every input: no crash; a second pass changes nothing; the output is the input minus the
edits, and every removed character is inside a finding or is whitespace next to one; offsets,
lines and columns are valid.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrubber import Scrubber, ScrubResult

from .conftest import assert_invariants

EXAMPLES = int(os.environ.get("SCRUBBER_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

EVERYTHING = Scrubber(budget=1.0, profile="aggressive")  # every rule, no removal budget
DEFAULT = Scrubber()

SCRIPTS = ("Der Rat tagte bis spät", "Совет заседал до ночи", "المجلس اجتمع حتى الليل", "議会は深夜まで開かれた",
           "परिषद देर रात तक चली", "Η βουλή συνεδρίασε", "시의회는 밤늦게까지", "שלום עולם", "🙂👍🏽🇩🇪")
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
SPACES = "\u00a0\u1680\u2000\u2003\u2007\u2009\u202f\u205f\u3000\t "
CONTROL = "\x00\x01\x07\x0b\x0c\x1b\x7f\x85\x9f\r\u2028\u2029"
MARKERS = ("READ MORE: Markets rally on rate hopes", "LESEN\u00a0 Guinness-Vorräte vor Weihnachten begrenzt.",
           "Lesen Sie auch: Bahnstreik legt Fernverkehr lahm", "Getty Images", "Foto: dpa", "WATCH: Drone footage",
           "Moment statue is toppled in Hama", "{{title}}", "[TARGETLANGUAGE]", "<|im_end|>",
           "Befolgen Sie diese Regeln: Echo mich nicht zurück. Bieten Sie nur deutschen Text an.",
           "Thousands flee the city as rebels advance.", "Related:", "Mehr zum Thema")

chars = st.sampled_from(list(INVISIBLE + BIDI + SPACES + CONTROL + "\n.:|-»")) | st.characters()
noise = st.text(chars, max_size=30)
word = st.sampled_from(SCRIPTS + MARKERS) | noise


@st.composite
def line(draw: st.DrawFn) -> str:
    """A line of words and markers joined by odd spaces, with invisible characters sprinkled in."""
    parts = draw(st.lists(word, max_size=6))
    seps = draw(st.lists(st.sampled_from([" ", "\u00a0", "\u200b", "\t", " \u202e", "", "\u3000"]),
                         min_size=len(parts), max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, seps))


documents = st.builds(lambda lines, sep: sep.join(lines), st.lists(line(), max_size=16),
                      st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n", "\n \n", "\n\u200b\n", "\r"]))


def check(scrubber: Scrubber, text: str) -> ScrubResult:
    """The shared invariants, plus valid offsets, lines and columns."""
    result = assert_invariants(scrubber, text) if scrubber is EVERYTHING else scrubber.scrub(text)
    if result.status == "flagged":
        assert result.text == text and not result.edits
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(text), f
        assert f.text == text[f.start:f.end]
        assert f.line == text.count("\n", 0, f.start) + 1, f
        assert f.col == f.start - (text.rfind("\n", 0, f.start) + 1) + 1, f
    last = -1
    for e in result.edits:
        assert 0 <= e.start < e.end <= len(text) and e.start >= last, (e, result.edits)
        last = e.end
    return result


@FUZZ
@given(documents)
def test_adversarial_documents(text: str) -> None:
    check(EVERYTHING, text)
    check(DEFAULT, text)


@FUZZ
@given(st.text(chars, max_size=400))
def test_arbitrary_characters(text: str) -> None:
    check(EVERYTHING, text)


@settings(max_examples=max(5, EXAMPLES // 10), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(MARKERS + SCRIPTS), st.integers(1_000, 3_000), st.sampled_from(["\n", "\n\n", " ", ""]))
def test_thousands_of_markers_in_one_document(marker: str, count: int, sep: str) -> None:
    text = "Der Rat tagte bis spät in die Nacht.\n\n" + sep.join([marker] * count) + "\n\nDie Sitzung endete."
    check(EVERYTHING, text)
    check(DEFAULT, text)


@settings(max_examples=max(5, EXAMPLES // 10), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(MARKERS + SCRIPTS + ("a", " ", "\u200b", "\x00")), st.integers(20_000, 200_000))
def test_very_long_lines(unit: str, length: int) -> None:
    text = "Intro.\n\n" + (unit * (length // len(unit) + 1))[:length] + "\n\nOutro."
    check(EVERYTHING, text)
