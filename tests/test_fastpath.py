"""The shortcuts of the hot path give what the long way gives: documents, duplicate signatures,
replayed compiled patterns, listed character classes."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from scrubber import Scrubber
from scrubber.kinds.duplicate import (
    _unkept_bytes,
    paragraph_key,
    script_signature,
    script_signatures,
    signatures,
)
from scrubber.segment import CASEFOLD_TO_ASCII, Document, normalise


def test_casefold_to_ascii_lists_every_such_character() -> None:
    found = {chr(c) for c in range(0x80, 0x30000)
             if not 0xD800 <= c < 0xE000 and any(ch.isascii() for ch in chr(c).casefold())}
    assert found == set(CASEFOLD_TO_ASCII)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_document_lines_are_the_normalised_lines(text: str) -> None:
    doc = Document(text)
    bodies = [r.removesuffix("\r") for r in text.split("\n")]
    assert doc.norms == [normalise(b) for b in bodies]
    assert doc.norm_text == "\n".join(doc.norms)
    assert [line.norm for line in doc.lines] == doc.norms
    assert doc.content == [i for i, n in enumerate(doc.norms) if n.strip()]


VARIANTS = st.sampled_from(["", " ", "  ", "\t", ",", ".", "«", "»", "—", "„", "“", "!", "\u00a0", "\u3001", "，", "。",
                            "「", "」", "\u060c", "\u0387", ";", "\u00b7", "\u3000", "\x1c"])
WORDS = st.sampled_from(["Straße", "STRASSE", "straße", "Kelvin", "\u212aelvin", "Istanbul", "\u0130stanbul", "ﬁle",
                         "file", "Σοφία", "σοφία", "ΟΔΌΣ", "οδός", "ΐ", "Москва", "МОСКВА", "ЁЖ", "ёж", "東京", "とうきょう",
                         "서울", "مرحبا", "data", "DATA", "42"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(WORDS, VARIANTS, VARIANTS), min_size=1, max_size=8), st.randoms())
def test_equal_paragraph_keys_have_equal_signatures(words: list[tuple[str, str, str]], rnd: object) -> None:
    a = " ".join(f"{x}{w}{y}" for w, x, y in words)
    b = " ".join(f"{y}{w.swapcase() if rnd.random() < 0.5 else w}{x}"  # type: ignore[attr-defined]
                 for w, x, y in words)
    doc = Document(a + "\n" + b)
    sig = signatures(doc)
    if paragraph_key(doc.norms[0].strip()) == paragraph_key(doc.norms[1].strip()):
        assert sig[0] == sig[1]
        assert script_signature(doc.norms[0]) == script_signature(doc.norms[1])


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40))
def test_script_signature_is_a_function_of_the_paragraph_key(text: str) -> None:
    # Why equal keys give equal script signatures: the signature is the key's UTF-8 form less
    # the bytes of folded-away characters, which UTF-8 encodes apart from every other one.
    key = paragraph_key(text.strip())
    assert script_signature(text) == key.encode("utf-8", "surrogatepass").translate(None, _unkept_bytes())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30), max_size=6))
def test_script_signatures_of_a_document_are_those_of_its_lines(lines: list[str]) -> None:
    doc = Document("\n".join(lines + ["Straße ΐ ﬁle \u212aelvin Σοφία ς 東京\u3000x"]))
    assert script_signatures(doc) == [script_signature(norm) for norm in doc.norms]


def test_duplicates_found_with_and_without_signatures() -> None:
    text = ("Organisers said the parade of 600 handmade lanterns took three months to build, with schools.\n\n"
            "Other text here.\n\n"
            "ORGANISERS SAID THE PARADE OF 600 HANDMADE LANTERNS TOOK THREE MONTHS TO BUILD — WITH SCHOOLS!")
    result = Scrubber(select=["DU"], budget=1.0).scrub(text)
    assert [f.code for f in result.findings] == ["DU001"]


def test_replayed_patterns_equal_compiled_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scrubber.ruleset import compiled

    monkeypatch.setenv("SCRUBBER_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(compiled, "_state", {"entries": None, "dirty": False, "used": set()})
    source, flags = r"(?:Lesen[ \t]+Sie|Foto)(?P<x>[:：])\s*\p{Lu}\w+$", regex.IGNORECASE | regex.V0
    first = compiled.compile_cached(source, flags)
    compiled.flush()
    monkeypatch.setattr(compiled, "_state", {"entries": None, "dirty": False, "used": set()})
    again = compiled.compile_cached(source, flags)
    assert compiled._state["dirty"] is False  # replayed from the file, not compiled
    for text in ["LESEN  Sie: Über", "foto：Ärger", "Foto - nein", "lesen sie:x"]:
        assert bool(first.search(text)) == bool(again.search(text))
        assert (first.search(text) or regex.match("", "")).span() == (again.search(text) or regex.match("", "")).span()
    assert again.groupindex == first.groupindex and again.flags == first.flags


def test_listed_classes_equal_the_full_scan() -> None:
    from scrubber.prefilter import folding
    from scrubber.prefilter.charsets import Charsets
    from scrubber.prefilter.syntax import Cls

    sets = Charsets(folding())
    for source, flags in [("[a-z]", "i"), ("[ \\t]", ""), ("[▶►▷»>•*#–—-]", ""), ("[\\]】)»>]", "i"), ("[-a]", ""),
                          ("[ks]", "i"), ("[σ]", "i"), ("[İ]", "i"), ("[\\n.!?]", "")]:
        listed = sets._listed(Cls(source, flags))
        sets._memo.clear()
        assert listed is not None
        slow = Charsets.__new__(Charsets)
        slow.__dict__.update(sets.__dict__)
        slow._listed = lambda cls: None  # type: ignore[method-assign]
        assert listed == slow._compute(Cls(source, flags)), source
