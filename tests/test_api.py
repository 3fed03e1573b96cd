"""The library API: build once, call per item, pickle, threads, records, budget, validation."""

from __future__ import annotations

import pickle
from concurrent.futures import ThreadPoolExecutor

import pytest

from scrubber import Article, ConfigError, InputError, Scrubber, Settings, ValidationSettings, scrub
from scrubber.api import default_scrubber

from .conftest import FIXTURES

SEED = (FIXTURES / "seed" / "de-syria.raw.txt").read_text(encoding="utf-8")
CLEAN = (FIXTURES / "seed" / "de-syria.clean.txt").read_text(encoding="utf-8")


def test_module_scrub_uses_one_cached_instance() -> None:
    assert scrub(SEED).text.rstrip() == CLEAN.rstrip()
    assert default_scrubber() is default_scrubber()


def test_record_keeps_unknown_fields() -> None:
    rec = {"id": 7, "text": SEED, "crawl": {"ts": 1}, "title": "T"}
    result = Scrubber().scrub(rec)
    assert result.article.model_extra == {"crawl": {"ts": 1}}
    assert result.article.id == 7 and result.article.title == "T"


def test_text_field_mapping() -> None:
    result = Scrubber().scrub({"body": SEED}, text_field="body")
    assert result.text.rstrip() == CLEAN.rstrip()
    with pytest.raises(InputError, match="body"):
        Scrubber().scrub({"text": "x"}, text_field="body")


def test_scrub_many_gives_the_results_of_scrub_in_order() -> None:
    s = Scrubber()
    items = [SEED, {"id": 2, "text": "Plain text that stays."}, Article(text=SEED, id=3)]
    assert [r.model_dump() for r in s.scrub_many(items)] == [s.scrub(i).model_dump() for i in items]
    assert s.scrub_many([]) == []
    with pytest.raises(InputError, match=r"^item 1: field 'text'"):
        s.scrub_many([SEED, {"text": 5}])


def test_pickle_round_trip_gives_same_output() -> None:
    s = Scrubber(select=["XL", "PL"])
    clone = pickle.loads(pickle.dumps(s))
    assert clone.scrub(SEED).text == s.scrub(SEED).text
    assert [r.code for r in clone.active] == [r.code for r in s.active]


def test_threads_share_one_scrubber() -> None:
    s = Scrubber()
    texts = [SEED, SEED.replace("Homs", "Hama"), "Nothing to remove here."] * 20
    expected = [s.scrub(t).text for t in texts]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda t: s.scrub(t).text, texts)) == expected


def test_selection_by_prefix_category_name_and_ignore() -> None:
    xl = {r.code for r in Scrubber(select=["XL"]).active}
    assert "XL001" in xl and all(code.startswith("XL") for code in xl)
    assert {r.category for r in Scrubber(select=["credit"]).active} == {"credit"}
    assert [r.code for r in Scrubber(select=["read-marker-capitals"]).active] == ["XL001"]
    assert "XL001" not in {r.code for r in Scrubber(ignore=["XL001"]).active}
    assert "XL001" in {r.code for r in Scrubber(ignore=["XL"], extend_select=["XL001"]).active}


def test_safe_profile_drops_medium_confidence_rules() -> None:
    codes = {r.code for r in Scrubber(profile="safe").active}
    assert "CA001" not in codes and "XL001" in codes


def test_budget_flags_instead_of_gutting() -> None:
    text = "READ MORE: One story here\n\nREAD MORE: Two story here\n\nOk."
    result = Scrubber(budget=0.5).scrub(text)
    assert result.status == "flagged" and result.text == text
    assert [i.reason for i in result.issues] == ["removal-budget"]
    rejected = Scrubber(budget=0.5, on_budget="reject").scrub(text)
    assert rejected.status == "rejected" and not rejected.ok


def test_validation_reasons() -> None:
    strict = Scrubber(validation=ValidationSettings(min_chars=50, required=["url"]))
    result = strict.scrub("Short body.")
    assert {i.reason for i in result.issues} == {"too-short", "missing-field"}
    assert Scrubber().scrub("   ").issues[0].reason == "empty"
    assert Scrubber().scrub("Bell\x07 here.").issues[0].reason == "control-characters"


def test_residual_error_findings_reject() -> None:
    s = Scrubber(budget=0.1)  # the prompt leak (severity error) cannot be removed within budget
    result = s.scrub("Follow these rules: Do not echo me back. Only provide English text.\n\nBody.")
    assert result.status == "rejected"
    assert "residual-findings" in {i.reason for i in result.issues}


def test_bad_setting_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="budget"):
        Scrubber(budget=3)


def test_results_serialise_to_json() -> None:
    result = Scrubber().scrub(Article(text=SEED, url="https://example.org/a"))
    again = type(result).model_validate_json(result.model_dump_json())
    assert again.findings == result.findings and again.article.url == "https://example.org/a"


def test_settings_accept_kebab_keys() -> None:
    assert Settings.model_validate({"extend-select": ["XL"], "on-budget": "reject"}).on_budget == "reject"
