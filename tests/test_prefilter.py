"""The prefilter never hides a match: every backend gives the output of no prefilter at all.

Two levels: the whole engine (findings and text on the fixtures, the seed and every rule
example, through each backend), and the candidates themselves (every line a rule pattern
matches must be a candidate for it), on real lines and on generated ones full of what breaks
naive matchers: case variants `regex` pairs (Kelvin sign, long s, dotted and dotless i, final
sigma), no-break and zero-width characters, tabs, doubled spaces, padding, CRLF.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrubber import Scrubber
from scrubber import prefilter as pf
from scrubber.errors import ConfigError
from scrubber.segment import Document

from .conftest import FIXTURES

BACKENDS = [b for b in ("hyperscan", "literal") if pf.available(b)]
MARK = regex.compile(r"⟦[a-z0-9-]+\|([^⟦⟧]*)⟧")


def articles() -> list[str]:
    """Every fixture article (markers removed) and the seed."""
    texts = [MARK.sub(lambda m: m.group(1), p.read_text(encoding="utf-8"))
             for p in sorted((FIXTURES / "articles").glob("*/*.txt"))]
    return texts + [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "seed").glob("*.txt"))]


# Texts that once tripped a backend: Hyperscan 5.4 lost `^(βιντεο)` after a long first line.
REGRESSIONS = ["The council met on Tuesday.\n\n(ΒΙΝΤΕΟ) Φωτιά στην Αττική"]
ARTICLES = articles() + REGRESSIONS
EXAMPLES = [text for rule in Scrubber(prefilter="none").rules for text, _ in rule.examples.cases()]
TEXTS = ARTICLES + EXAMPLES
# Variants `regex` matches case-insensitively that str.lower() and C matchers miss, and the
# spacing the normaliser and the stripped line view change.
SWAPS = [("k", "\u212a"), ("K", "\u212a"), ("s", "\u017f"), ("i", "\u0130"), ("i", "\u0131"), ("I", "\u0131"),
         ("σ", "ς"), ("Σ", "ς"), ("ß", "ẞ"), ("a", "A"), ("e", "E"), (" ", "\u00a0"), (" ", "  "), (" ", "\t"),
         (" ", " \u200b"), ("e", "e\u00ad"), ("Å", "\u212b"), ("å", "\u212b"), ("μ", "\u00b5")]


def mutate(text: str, rng: random.Random) -> str:
    """`text` with a few tricky substitutions, case changes and paddings."""
    for old, new in rng.sample(SWAPS, 4):
        text = text.replace(old, new)
    roll = rng.random()
    if roll < 0.2:
        text = text.upper()
    elif roll < 0.4:
        text = text.lower()
    lines = text.split("\n")
    return "\n".join(rng.choice(["", " ", "\t", "\u3000"]) + ln + rng.choice(["", " ", "\r", " \t"]) for ln in lines)


def scrubbers(backend: str) -> Scrubber:
    return Scrubber(prefilter=backend, budget=1.0, profile="aggressive")


NONE = scrubbers("none")


def outcome(scrubber: Scrubber, text: str) -> tuple[str, list[dict[str, object]]]:
    result = scrubber.scrub(text)
    return result.text, [f.model_dump() for f in result.findings]


def make_rules(kind: str, patterns: list[str], first: int = 0, **fields: Any) -> list[Any]:
    """One `line` or `span` rule per pattern, numbered from `first`."""
    from scrubber.kinds import LineRule, SpanRule

    cls = {"line": LineRule, "span": SpanRule}[kind]
    return [cls(kind=kind, code=f"ZZ{i:03d}", name=f"test-{i}", category="test", description="d", patterns=[p],
                **fields) for i, p in enumerate(patterns, first)]


def agree(rules: list[Any], backend: str, texts: list[str]) -> tuple[Scrubber, list[bool]]:
    """A Scrubber of `rules` on `backend`, checked to clean each text as one without a prefilter
    does, and whether the rules find anything in each text."""
    fast = Scrubber(rules=rules, prefilter=backend, budget=1.0)
    none = Scrubber(rules=rules, prefilter="none", budget=1.0)
    for text in texts:
        assert outcome(fast, text) == outcome(none, text), text
    return fast, [bool(none.check(t)) for t in texts]


@pytest.mark.parametrize("backend", BACKENDS)
def test_backend_output_equals_no_prefilter(backend: str) -> None:
    fast = scrubbers(backend)
    assert fast.engine.prefilter.backend == backend
    rng = random.Random(5)
    texts = TEXTS + [mutate(t, rng) for t in TEXTS[::2]]
    differ = [t[:80] for t in texts if outcome(fast, t) != outcome(NONE, t)]
    assert not differ, f"{len(differ)} of {len(texts)} texts differ, e.g. {differ[:3]}"


def uncovered(scrubber: Scrubber, text: str) -> list[tuple[str, int, str]]:
    """(rule, pattern index, line) for every match the prefilter did not make a candidate."""
    engine = scrubber.engine
    doc = Document(text)
    cands = engine.candidates(doc)
    if cands is None:
        return []
    missed = []
    lines = [(index, norm, norm.strip()) for index, norm in enumerate(doc.norms) if norm.strip()]
    for code, base in engine.slots.items():
        for i, pattern in enumerate(engine.rules[code].scanned_patterns()):
            for index, norm, stripped in lines:
                if cands.maybe(base + i, index):
                    continue
                if pattern.search(norm) or (stripped != norm and pattern.search(stripped)):
                    missed.append((code, i, norm))
    return missed


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_matching_line_is_a_candidate(backend: str) -> None:
    scrubber = scrubbers(backend)
    rng = random.Random(11)
    for text in ARTICLES:
        for variant in (text, mutate(text, rng)):
            assert uncovered(scrubber, variant) == []
    assert uncovered(scrubber, "\n".join(EXAMPLES)) == []
    assert uncovered(scrubber, mutate("\n".join(EXAMPLES), rng)) == []


PHRASES = sorted({p for r in NONE.rules for by_lang in r.lists.values() for ps in by_lang.values() for p in ps})
pieces = st.sampled_from(PHRASES) | st.sampled_from([":", " ", "  ", "\t", ": ", " | ", "\u00a0", "\u200b", ".", "—"]) \
    | st.text(alphabet="aAkKsSiIıİſσςΣ \u212a\u00a0-:.|", max_size=6) | st.text(max_size=8)


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.lists(pieces, max_size=6).map("".join), min_size=1, max_size=5))
def test_generated_lines_are_covered(backend: str, lines: list[str]) -> None:
    scrubber = scrubbers(backend)
    text = "\n".join(lines)
    assert uncovered(scrubber, text) == []
    assert uncovered(scrubber, text.swapcase()) == []


def test_unsupported_syntax_makes_a_pattern_a_candidate_everywhere() -> None:
    from scrubber.prefilter.syntax import Unsupported, parse

    for source in [r"(?(1)a|b)", r"(?:foo){e<=1}", r"(?x) a b", r"(?V1)[[a]--b]", r"a(?R)?", r"(?<n>a)\g<n>"]:
        with pytest.raises((Unsupported, regex.error)):
            parse(regex.compile(source))


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_pattern_in_unsupported_syntax_runs_on_every_line(backend: str) -> None:
    patterns = [r"^(?:Anzeige){e<=1}$", r"^Werbung$"]
    fast, found = agree(make_rules("line", patterns), backend, ["A.\nAnzeigx\nB.", "A.\nWerbung\nB.", "A.\nB."])
    assert found == [True, True, False]
    assert fast.engine.slots["ZZ000"] in fast.engine.prefilter.always


def test_a_brace_that_is_no_repeat_is_a_literal() -> None:
    from scrubber.prefilter.syntax import Lit, Seq, parse

    node = parse(regex.compile(r"(?<![{\w]){[ \t]?title}"))
    assert isinstance(node, Seq) and node.items[1] == Lit("{") and node.items[-1] == Lit("}")
    assert parse(regex.compile(r"ab{2}")) != parse(regex.compile(r"ab\{2\}"))


def test_lookarounds_and_backreferences_widen() -> None:
    from scrubber.prefilter.syntax import ANY, EMPTY, Cls, Lit, Seq, parse

    behind = parse(regex.compile(r"(?<=[.!])x(?!y)(?=z)"))
    assert behind == Seq((Cls("[.!]", ""), Lit("x"), EMPTY, Lit("z")))
    assert parse(regex.compile(r"a(?<=a)b")) == Seq((Lit("a"), EMPTY, Lit("b")))
    assert parse(regex.compile(r"<(b)>.*</\1>")).items[-2] == ANY  # type: ignore[union-attr]


def test_a_start_kept_out_of_the_match_reads_as_a_lookbehind() -> None:
    from scrubber.prefilter.syntax import parse

    # `X\KY` matches where `(?<=X)Y` does; the prefilter reads both as X followed by Y
    assert parse(regex.compile(r"[.!?][ \t]+?\KRead(?: more)?:")) == parse(regex.compile(r"(?<=[.!?][ \t]+)Read(?: more)?:"))
    assert parse(regex.compile(r"(?:[.!?] +?|[。！？])\Kmore")) == parse(regex.compile(r"(?:[.!?] +|[。！？])more"))
    assert parse(regex.compile(r"(?:a|b\Kc)d")) == parse(regex.compile(r"(?:a|(?<=b)c)d"))  # nested: b is dropped


@pytest.mark.parametrize("backend", BACKENDS)
def test_rare_case_variants_in_patterns_and_text(backend: str) -> None:
    from scrubber.kinds import SpanRule

    rules = [SpanRule(kind="span", code="ZZ001", name="long-s", category="test", description="d",
                      patterns=["Wei\u017fe", "\u03d0eta", "Kelvin"]),
             SpanRule(kind="span", code="ZZ002", name="plain", category="test", description="d",
                      patterns=["weise", "beta", "(?-i:\u212aELVIN)"])]
    fast = Scrubber(rules=rules, prefilter=backend, budget=1.0)
    none = Scrubber(rules=rules, prefilter="none", budget=1.0)
    for text in ["eine weise Frau", "eine WEI\u017fE Frau", "BETA und \u03d0eta", "the kelvin scale", "\u212aelvin",
                 "\u212aELVIN", "KELVIN", "nothing"]:
        assert outcome(fast, text) == outcome(none, text), text


def test_env_var_forces_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCRUBBER_PREFILTER", "literal")
    assert Scrubber().engine.prefilter.backend == "literal"
    monkeypatch.setenv("SCRUBBER_PREFILTER", "none")
    assert Scrubber().engine.prefilter.backend == "none"
    monkeypatch.setenv("SCRUBBER_PREFILTER", "bogus")
    with pytest.raises(ConfigError, match="unknown prefilter"):
        Scrubber()


def test_explicit_setting_beats_the_env_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCRUBBER_PREFILTER", "none")
    assert Scrubber(prefilter="literal").engine.prefilter.backend == "literal"


def test_cache_entries_are_atomic_and_damage_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scrubber import cache

    monkeypatch.setenv("SCRUBBER_CACHE_DIR", str(tmp_path))
    cache.store("entry", {"a": 1}, b"body")
    assert cache.load("entry") == ({"a": 1}, b"body")
    assert [p.name for p in tmp_path.iterdir()] == ["entry.bin"]  # no temporary file left behind
    (tmp_path / "entry.bin").write_bytes(b"garbage")
    assert cache.load("entry") is None
    (tmp_path / "entry.bin").write_bytes(cache.MAGIC + b"\xff" * 3)
    assert cache.load("entry") is None
    monkeypatch.setenv("SCRUBBER_CACHE_DIR", "")
    cache.store("off", {"a": 1})
    assert cache.load("off") is None


@pytest.mark.parametrize("backend", BACKENDS)
def test_prefilter_is_cached_and_reloaded(backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A backend's compiled form (databases or automaton strings, and the slot table) is
    cached; the reloaded one finds the same candidates, and a damaged entry is rebuilt."""
    if backend == "hyperscan":
        from scrubber.prefilter.hyperscan import HyperscanPrefilter as Backend
    else:
        from scrubber.prefilter.literal import LiteralPrefilter as Backend  # type: ignore[assignment]

    monkeypatch.setenv("SCRUBBER_CACHE_DIR", str(tmp_path))
    flat = [p for r in NONE.rules if r.code.startswith(("XL", "CR")) for p in r.scanned_patterns()]
    built = Backend.build(flat)
    prefix = {"hyperscan": "hs-", "literal": "lit-"}[backend]
    assert [p for p in tmp_path.iterdir() if p.name.startswith(prefix)]
    loaded = Backend.build(flat)
    assert len(loaded.phrases.slots) == len(built.phrases.slots) > 100
    text = (FIXTURES / "seed" / "de-syria.raw.txt").read_text(encoding="utf-8")
    norm = Document(text).norm_text
    assert built.scan(norm) == loaded.scan(norm)
    assert built.scan(norm).by_slot  # the seed's cross-links and credit
    for cut in (100, -4):  # a damaged entry (its header, or the end of its slot table) is rebuilt, not trusted
        for entry in tmp_path.iterdir():
            if entry.name.startswith(prefix):
                entry.write_bytes(entry.read_bytes()[:cut])
        rebuilt = Backend.build(flat)
        assert rebuilt.scan(norm) == built.scan(norm)
        assert list(map(list, rebuilt.phrases.slots)) == list(map(list, built.phrases.slots))


def test_pickled_scrubber_keeps_its_prefilter() -> None:
    import pickle

    for backend in BACKENDS:
        s = scrubbers(backend)
        again = pickle.loads(pickle.dumps(s))
        assert again.engine.prefilter.backend == backend
        text = TEXTS[0]
        assert outcome(again, text) == outcome(s, text)


def test_documents_with_lone_surrogates_are_still_cleaned() -> None:
    text = "Body text.\n\nREAD MORE: Other story \ud800\n\nMore text."
    for backend in BACKENDS:
        assert outcome(scrubbers(backend), text) == outcome(NONE, text)


def test_resolve_auto_prefers_hyperscan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCRUBBER_PREFILTER", raising=False)
    assert pf.resolve("auto") == ("hyperscan" if pf.available("hyperscan") else "literal")


USER_PACK = '''[pack]
name = "user"

[[rules]]
code = "U001"
name = "sponsor-line"
category = "user"
description = "a sponsor line"
kind = "line"
patterns = ['^Presented by \\w+$']
'''


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_pack_of_ones_own_gets_its_own_prefilter_part(backend: str, tmp_path: Path) -> None:
    pack = tmp_path / "user.toml"
    pack.write_text(USER_PACK, encoding="utf-8")
    bundled = Scrubber(prefilter=backend)
    both = Scrubber(prefilter=backend, extend_rules=[pack])
    parts = both.engine.prefilter.parts  # type: ignore[attr-defined]
    assert [offset for offset, _ in parts] == [0, len(bundled.engine._slot_code)]
    assert parts[0][1] is bundled.engine.prefilter  # the bundled part is shared, not rebuilt
    text = "Body text here.\n\nPresented by Acme\n\nREAD MORE: Other story\n\nMore."
    none = Scrubber(prefilter="none", extend_rules=[pack])
    assert outcome(both, text) == outcome(none, text)
    assert {f.code for f in both.check(text)} >= {"U001", "XL001"}


@pytest.mark.parametrize("backend", BACKENDS)
def test_patterns_that_count_whitespace(backend: str) -> None:
    """Hyperscan scans a text with each run of whitespace made one space: patterns that need
    several whitespace characters, a tab, or a class holding one still get their lines."""
    patterns = [r"a[ ]{2,}b", r"c\t\td", r"e[\t,]f", r"g[^x]{3}h", r"i\s\s\sj", r"k[ \t]{2}[ \t]l", r"\s{2}m",
                r"n[ ]?\t o", r"Q[ \t.]{3}Zeta"]
    texts = ["x a   b y", "x c\t\td y", "x e\tf y", "x g \t h y", "x i \t\u3000j y", "x k \t l y", "x\t  m y",
             "x n \t o y", "x Q \t Zeta y", "x a b y", "x g  h y"]
    _, found = agree(make_rules("span", patterns), backend, texts)
    assert found == [True] * 9 + [False] * 2


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_run_of_bullets_keeps_the_line_anchor(backend: str) -> None:
    """A phrase behind a run of bullets, arrows or emoji of any length is scanned anchored to
    the line start: a line holding the phrase mid-sentence is no candidate, every bulleted one is."""
    patterns = [r"^[^\p{L}\p{N}]*(?:Lesen|Read more)\b", r"^(?:(?:[▶►»]|\p{Extended_Pictographic})\uFE0F?[ \t]*)*WATCH:"]
    hits = ["Lesen: Titel", "»» Read more here", "▶️ 🔥 ► WATCH: clip", "ℹ️WATCH: clip", "  -- >> 📌 Lesen Sie",
            "WATCH: clip", "( « Read more"]
    misses = ["Wir lesen: Titel", "You can read more here", "We WATCH: clip", "12 Lesen", "ℹ Lesen"]
    fast, found = agree(make_rules("line", patterns), backend, hits + misses)
    assert found == [True] * len(hits) + [False] * len(misses)
    if backend == "hyperscan":  # the mid-sentence lines are not even candidates
        doc = Document("\n".join(misses[:3]))
        assert fast.engine.candidates(doc).by_slot == {}


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_rule_needing_two_patterns_scans_only_the_rarer(backend: str) -> None:
    """With `min_hits = 2` of two patterns, a line that hits has a match of the rarer one: the
    common one (`Sie`) is not scanned at all, and the output is the same."""
    from scrubber.kinds import LineRule

    rule = LineRule(kind="line", code="ZM001", name="adblock-plea", category="test", description="d",
                    patterns=[r"\b(?:Sie|you)\b", r"(?i)ad-?blocker"], min_hits=2, max_words=12)
    texts = ["Sie sagten es.\nBitte deaktivieren Sie Ihren Adblocker.", "You use an AdBlocker", "Sie kommt.",
             "Ad-blocker tests, in a long line of prose that has no second pattern at all"]
    fast, found = agree([rule], backend, texts)
    assert found == [True, True, False, False]
    base = fast.engine.slots["ZM001"]
    assert base in fast.engine.prefilter.always and base + 1 not in fast.engine.prefilter.always
    assert fast.engine.candidates(Document("Sie kommt, und Sie gehen.")).by_slot == {}


@pytest.mark.parametrize("backend", BACKENDS)
def test_candidates_carried_to_the_next_pass_equal_a_fresh_scan(backend: str) -> None:
    """The second pass takes the candidates of lines it kept from the first and scans only the
    lines that lost a span: the result is what a scan of the whole cleaned text gives."""
    engine = scrubbers(backend).engine
    carried = 0
    for text in ARTICLES + ["Intro line.\n\nREAD MORE: x <br> y\n\nREAD MORE: x <br> y\n\nEnd."]:
        det = engine.detect(text)
        cleaned, edits = engine.apply(det)
        if not edits:
            continue
        doc = Document(cleaned)
        fresh, kept = engine.candidates(doc), engine.carried(det, doc)
        assert (kept is None) == (fresh is None)
        if fresh is not None and kept is not None:
            assert kept.by_slot == {s: lines for s, lines in fresh.by_slot.items() if lines}
            carried += 1
    assert carried > 10


@pytest.mark.parametrize("backend", BACKENDS)
def test_documents_scanned_together_get_their_own_candidates(backend: str) -> None:
    """One scan of many documents joined (`scan_many`) gives each document every candidate its
    own scan gives, and the same output: documents that skip the prefilter (a rare case variant,
    a lone surrogate) or need their spaces made one (tabs, runs, no-break spaces) sit among
    ordinary ones, and empty ones shift no line."""
    scrubber = scrubbers(backend)
    rng = random.Random(11)
    texts = ARTICLES + [mutate(t, rng) for t in ARTICLES] + [
        "", "\n\n", "READ MORE: Other story \ud800", "LIES AUCH: Die ſache", "Photo:\tAFP  \u00a0 / Getty"]
    rng.shuffle(texts)
    docs = [Document(t) for t in texts]
    together = scrubber.engine.candidates_many(docs)
    skipped = 0
    for doc, found in zip(docs, together, strict=True):
        alone = scrubber.engine.candidates(doc)
        assert (found is None) == (alone is None), doc.text[:80]
        if found is None or alone is None:
            skipped += 1
            continue
        for slot, lines in alone.by_slot.items():
            assert lines <= found.by_slot.get(slot, set()), (doc.text[:80], slot)
    assert skipped >= 2
    results = scrubber.scrub_many(texts)
    assert [(r.text, [f.model_dump() for f in r.findings]) for r in results] == [outcome(NONE, t) for t in texts]


@pytest.mark.parametrize("backend", BACKENDS)
def test_whitespace_runs_across_items(backend: str) -> None:
    """Whitespace that ends one item and starts the next is one run in the scanned text: the
    literal backend's phrases allow for it (`(?:a|b )\\s`, `x[ .]\\s+y`, `^\\s+foo`)."""
    patterns = [r"(?:alpha|beta )\sgamma", r"x[ .]\s+yank", r"^\s+foo\b", r"(?:one\s)?\s*two\s{2}three",
                r"delta\s[ .]epsilon", r"(?:kappa\s)+\s*lambda"]
    texts = ["a beta  gamma b", "a x. \t yank b", "  foo bar", "one \t two  three", "a delta  epsilon",
             "kappa kappa \t lambda", "x beta gamma", "two three"]
    _, found = agree(make_rules("span", patterns), backend, texts)
    assert found == [True] * 6 + [False] * 2


@pytest.mark.skipif(not pf.available("hyperscan"), reason="hyperscan is not installed")
def test_a_far_rarer_phrase_after_an_anchored_start_is_scanned_instead() -> None:
    """`^(?:This|Ce|To) ... (?:for subscribers only|réservé aux abonnés)`: a line starting with a
    short word is common, the closing phrase is not; Hyperscan scans the phrase."""
    pattern = r"^(?:This|Ce|To)\s*[^.!?\n]{0,50}?(?:for subscribers only|réservé aux abonnés)"
    texts = ["This article is for subscribers only", "Ce contenu est réservé aux abonnés",
             "This year the club won.", "To the surprise of many, it rained."]
    fast, found = agree(make_rules("line", [pattern]), "hyperscan", texts)
    assert found == [True, True, False, False]
    assert fast.engine.candidates(Document("\n".join(texts[2:]))).by_slot == {}


@pytest.mark.skipif(not pf.available("hyperscan"), reason="hyperscan is not installed")
def test_phrase_lists_go_to_the_literal_matcher_with_their_line_anchor() -> None:
    """A core that is a small set of strings is scanned by Hyperscan's literal matcher, a line
    anchor as a line feed; a run of bullets, digits or symbol letters (ℹ) before the phrase is
    left out, and each line starting with such a run is scanned again cut after each of its
    characters, so the phrase is found after a run of any length and nowhere else."""
    patterns = [r"^[^\p{L}\p{N}]*(?:Anzeige|Advertisement)\s*$", r"^(?:Werbung|Sponsored)\b",
                r"^(?:[\[(]|(?:\p{Extended_Pictographic})\uFE0F?)*\s*Lesen Sie auch:"]
    bullets = "•" * 30
    hits = ["Anzeige", "  Advertisement", "▶ ► Anzeige", "▶Anzeige", f"{bullets} Advertisement", "Werbung für X",
            "ℹ️Lesen Sie auch: Titel", "[( Lesen Sie auch: Titel", "Sponsored"]
    misses = ["Die Anzeige erschien.", "Keine Werbung hier.", "Wir Lesen Sie auch: nie", "x Sponsored",
              f"{bullets} Die Anzeige erschien."]
    text = "\n".join(hits + misses)
    fast, found = agree(make_rules("line", patterns), "hyperscan", [text, *hits, *misses])
    assert found == [True] + [True] * len(hits) + [False] * len(misses)
    prefilter = fast.engine.prefilter
    assert {slot for slots in prefilter.phrases.slots for slot in slots} == {0, 1, 2}
    assert prefilter.phrases.bulleted == {0, 2}
    candidates = fast.engine.candidates(Document("\n".join(misses[:4])))
    assert candidates is not None and candidates.by_slot == {}


@pytest.mark.skipif(not pf.available("literal"), reason="ahocorasick-rs is not installed")
def test_the_fallback_scans_short_codes_with_what_surrounds_them() -> None:
    """Agency codes of two letters (`TT`, `AP`) open half the lines of a text. The fallback,
    which scans whole strings only, keeps them with their line anchor, with the "/" after an
    optional lower-case code (`^[a-z]{2,4}/TT`), and with the bracket or punctuation after a
    sentence end, rather than settling for the codes themselves, found anywhere: a line that
    holds one mid-sentence is no candidate."""
    agencies = r"(?:TT|AP|AA|dpa|Reuters)"
    patterns = [rf"^[^\p{{L}}\p{{N}}(]{{0,3}}[(]?\s*(?:(?-i:[a-zäö]{{2,4}})/)?{agencies}\s*[)/]?[.]?$",
                rf"(?<=[.!?]\s{{0,3}})[(/]\s*(?:(?-i:[a-z]{{2,4}})/)?{agencies}\s*[)/][.]?\s*$"]
    hits = ["(AA)", "ntb/TT", "— AP", "Der Zug fuhr ab. (dpa)", "Es regnete. /sda/tt/", "  (Reuters)."]
    misses = ["Aalborg vandt topopgøret.", "Apart from that, it rained.",  # candidates still: they open with a code
              "Mittags fuhr der Zug ab.", "Die Lage sei ernst, sagte AP-Sprecherin Anna.", "Sie aalen sich (im Sand)."]
    rules = make_rules("line", patterns[:1]) + make_rules("span", patterns[1:], first=1)
    fast, found = agree(rules, "literal", hits + misses)
    assert found == [True] * len(hits) + [False] * len(misses)
    candidates = fast.engine.candidates(Document("\n".join(misses[2:])))
    assert candidates is not None and candidates.by_slot == {}


WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(WHITESPACE + "ab\u00e9"), max_size=60))
def test_runs_of_whitespace_made_one_space_without_the_regex(text: str) -> None:
    """Told which odd whitespace a normalised text holds, `one_space` replaces and collapses
    with `str.replace` and gives what the regular expression gives."""
    from scrubber.segment import ODD_SPACES

    doc = Document(text)
    assert pf.one_space(doc.norm_text, doc.unusual & ODD_SPACES) == pf.one_space(doc.norm_text)
