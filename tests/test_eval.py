"""The eval command's scoring, and the quality floors on the project's own fixtures."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scrubber import Scrubber
from scrubber.cli import main
from scrubber.evaluate import diff_spans, evaluate, load_labelled, parse_marked

from .conftest import FIXTURES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ARTICLES = FIXTURES / "articles"
FLOORS = tomllib.loads((FIXTURES / "floors.toml").read_text(encoding="utf-8"))


def corpus_digest() -> str:
    h = hashlib.sha256()
    for path in sorted(ARTICLES.rglob("*.txt")):
        h.update(path.relative_to(ARTICLES).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def test_parse_marked() -> None:
    doc = parse_marked("Body.\n\n⟦credit|Getty Images⟧\n\nMore ⟦placeholder|{{x}}⟧ text.")
    assert doc.text == "Body.\n\nGetty Images\n\nMore {{x}} text."
    assert [(doc.text[s.start:s.end], s.category) for s in doc.artifacts] == [
        ("Getty Images", "credit"), ("{{x}}", "placeholder")]


def test_diff_spans_finds_removed_lines_and_spans() -> None:
    raw, expected = "A.\n\nREAD MORE: x y\n\nB {{t}} c.\n", "A.\n\nB c.\n"
    removed = "".join(raw[s.start:s.end] for s in diff_spans(raw, expected))
    assert "READ MORE: x y" in removed and "{{t}}" in removed and "A." not in removed


def test_scores_a_miss_and_a_wrong_removal(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    records = [
        {"id": "hit", "language": "en", "marked": "Body one is here.\n\n⟦cross-link|READ MORE: Other story today⟧\n\nBody two is here too."},
        {"id": "miss", "language": "en", "marked": "Body one is here.\n\n⟦newsletter|Zorgblorp the frobnicator⟧\n\nBody two is here too."},
        {"id": "neg", "language": "de", "text": "Der Text.\n\nGetty Images\n\nMehr Text hier.", "expected": "Der Text.\n\nGetty Images\n\nMehr Text hier."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    report = evaluate(Scrubber(), load_labelled([path]))
    assert report.overall.artifacts == 2 and report.overall.caught == 1
    assert report.missed[0][0] == "miss"
    assert report.damaged_docs == ["neg"] and report.wrongly_removed[0][3] == "Getty Images"
    assert report.by_category["cross-link"].recall == 1.0 and report.by_language["de"].precision == 0.0


def test_eval_command_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"marked": "Body one is here and long.\n\n⟦cross-link|READ MORE: Other story⟧"}) + "\n")
    result = CliRunner().invoke(main, ["eval", str(good)])
    assert result.exit_code == 0 and "overall" in result.output
    bad = tmp_path / "bad.jsonl"
    text = "Body one is here, and it is long enough\n\nGetty Images\n\nMore text follows in this article."
    bad.write_text(json.dumps({"text": text, "expected": text}) + "\n")
    result = CliRunner().invoke(main, ["eval", str(bad), "--json"])
    assert result.exit_code == 1 and json.loads(result.output)["damaged_docs"]


def test_fixture_digest_is_recorded() -> None:
    assert corpus_digest() == FLOORS["digest"], (
        "fixtures changed: rerun `scrubber eval fixtures/articles`, then update digest (and, only "
        "if they rose, the floors) in fixtures/floors.toml"
    )


@pytest.fixture(scope="module")
def fixture_report() -> object:
    return evaluate(Scrubber(), load_labelled([ARTICLES]))


def test_no_content_lost_on_fixtures(fixture_report: object) -> None:
    assert fixture_report.wrongly_removed == []  # type: ignore[attr-defined]


def test_hard_negatives_unchanged(scrubber: Scrubber) -> None:
    for path in sorted(ARTICLES.rglob("*negative*.txt")):
        text = path.read_text(encoding="utf-8")
        assert scrubber.scrub(text).text == text, path.name


@pytest.mark.parametrize("metric", ["recall", "precision", "char_precision"])
def test_quality_floor(fixture_report: object, metric: str) -> None:
    measured = getattr(fixture_report.overall, metric)  # type: ignore[attr-defined]
    assert measured >= FLOORS["floors"][metric], f"{metric} fell to {measured:.4f}"


def test_category_recall_floors(fixture_report: object) -> None:
    for category, floor in FLOORS.get("category_recall", {}).items():
        got = fixture_report.by_category[category].recall  # type: ignore[attr-defined]
        assert got >= floor, f"{category} recall fell to {got:.3f} (floor {floor})"
