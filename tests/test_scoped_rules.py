"""Rules scoped to sites (`sources`) and the `exact_lines` kind that learned packs use."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from pydantic import TypeAdapter, ValidationError

from scrubber import Article, Scrubber, Settings
from scrubber.kinds import Rule
from scrubber.kinds.exact_lines import line_key
from scrubber.ruleset.examples import run_examples
from scrubber.sources import source_key, source_of

_RULE: TypeAdapter[Rule] = TypeAdapter(Rule)
BODY = "The council approved the budget on Tuesday after a long debate."


def rule(**spec: Any) -> Rule:
    base = {"code": "T001", "name": "t", "category": "test", "description": "test rule"}
    return _RULE.validate_python({**base, **spec})


def scrubber(*rules: Rule) -> Scrubber:
    return Scrubber(Settings(budget=1.0, profile="aggressive"), rules=list(rules))


class TestSourceOf:
    @pytest.mark.parametrize(
        ("item", "expected"),
        [
            ({"source": " Example.COM ", "url": "https://other.org/a"}, "example.com"),
            ({"url": "https://www.Example.com:8080/a?b=1"}, "example.com"),
            ({"url": "example.com/path"}, "example.com"),
            ({"source": "", "url": "not a url"}, None),
            ({"text": "x"}, None),
        ],
    )
    def test_source_field_then_url_host(self, item: dict[str, str], expected: str | None) -> None:
        assert source_of(item) == expected

    def test_fallback_and_article(self) -> None:
        assert source_of({"text": "x"}, "corpus.jsonl") == "corpus.jsonl"
        assert source_of(Article(text="x", url="http://www.site.de/x")) == "site.de"

    def test_key_is_idempotent(self) -> None:
        assert source_key(source_key("www.www.Site.de")) == source_key("www.www.Site.de") == "site.de"


class TestScope:
    LINE: ClassVar[dict[str, Any]] = {"kind": "line", "patterns": ["^Subscribe now$"]}

    def test_scoped_rule_applies_only_to_its_sites(self) -> None:
        s = scrubber(rule(**self.LINE, sources=["www.Site-A.com"]))
        text = f"{BODY}\n\nSubscribe now"
        assert s.scrub({"text": text, "url": "https://site-a.com/x"}).text == BODY
        assert s.scrub({"text": text, "source": "SITE-A.com"}).text == BODY
        assert s.scrub({"text": text, "url": "https://site-b.com/x"}).text == text
        assert s.scrub(text).text == text
        assert s.scrub(text, source="site-a.com").text == BODY
        assert s.check({"text": text, "source": "site-b.com"}) == []

    def test_unscoped_rule_applies_everywhere(self) -> None:
        s = scrubber(rule(**self.LINE))
        assert s.scrub({"text": f"{BODY}\n\nSubscribe now", "source": "any"}).text == BODY

    def test_empty_source_name_rejected(self) -> None:
        with pytest.raises(ValidationError, match="empty source"):
            rule(**self.LINE, sources=[" "])

    def test_examples_of_scoped_rule_run_as_its_site(self) -> None:
        r = rule(**self.LINE, sources=["site-a.com"],
                 examples={"remove": [{"text": f"{BODY}\n\nSubscribe now", "clean": BODY}], "keep": [BODY]})
        assert all(e.passed for e in run_examples([r]))


class TestExactLines:
    def test_line_key_folds_case_digits_punctuation_symbols_and_spaces(self) -> None:
        assert line_key("© 2023 Site News.") == line_key("©\u00a02024  SITE news") == "site news"
        assert line_key("Ｓｕｂｓｃｒｉｂｅ！") == "subscribe"
        assert line_key("Sub\u200bscribe\u00a0now\u3000") == line_key("subscribe now") == "subscribe now"
        assert line_key("Subscribe to us") != line_key("Subscribe")

    def test_drops_folded_matches_only(self) -> None:
        s = scrubber(rule(kind="exact_lines", lines=["© 2023 Site News", {"text": "Share this story", "count": 9}]))
        text = f"© 2024 SITE NEWS.\n\n{BODY}\n\nShare this story:\n\nShare this story with a friend who likes budgets."
        assert s.scrub(text).text == f"{BODY}\n\nShare this story with a friend who likes budgets."

    def test_line_inside_a_paragraph_stays(self) -> None:
        s = scrubber(rule(kind="exact_lines", lines=["Share this story"]))
        text = f"{BODY} Share this story."
        assert s.scrub(text).text == text

    def test_line_that_folds_to_nothing_rejected(self) -> None:
        with pytest.raises(ValidationError, match="folds to nothing"):
            rule(kind="exact_lines", lines=["2024 — ***"])

    def test_needs_lines(self) -> None:
        with pytest.raises(ValidationError):
            rule(kind="exact_lines", lines=[])
