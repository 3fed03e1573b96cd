"""The library entry point: build a Scrubber once, call it per article."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scrubber.engine import Cleaning, Engine
from scrubber.errors import ConfigError, InputError
from scrubber.kinds import Rule
from scrubber.models import Article, Finding, Issue, ScrubResult, Severity, Status
from scrubber.ruleset.lint import PatternWarning, RuleWarning
from scrubber.ruleset.loader import default_rules_dir, load_rules
from scrubber.ruleset.selection import is_enabled
from scrubber.settings import Settings
from scrubber.sources import source_of
from scrubber.validate import has_control, validate

Item = str | Article | Mapping[str, Any]


class Scrubber:
    """A compiled rule set with its settings. Build once; picklable; safe to share between threads.

    >>> s = Scrubber(select=["XL"])               # only the cross-link rules
    >>> s.scrub("Text.\\n\\nREAD MORE: Other story").text
    'Text.'
    """

    def __init__(self, settings: Settings | None = None, *, rules: list[Rule] | None = None, **overrides: Any) -> None:
        base = settings or Settings()
        try:
            self.settings = Settings.model_validate({**base.model_dump(), **overrides}) if overrides else base
        except ValidationError as exc:
            err = exc.errors()[0]
            raise ConfigError(f"setting {'.'.join(map(str, err['loc']))}: {err['msg']}") from None
        found: list[RuleWarning] = []
        bundled: set[str] = set()
        if rules is None:
            dirs = [default_rules_dir()] if self.settings.default_rules else []
            origins: dict[str, Path] = {}
            rules = load_rules([*dirs, *(Path(p) for p in self.settings.extend_rules)], found, origins=origins,
                               unlinted=dirs[0] if dirs else None)
            bundled = {code for code, path in origins.items() if dirs and path.is_relative_to(dirs[0])}
        self.rules = rules
        s = self.settings
        select, ignore = [*s.select, *s.extend_select], [*s.ignore, *s.extend_ignore]
        self.active = [r for r in rules if is_enabled(r, select, ignore, s.min_confidence)]
        active = {r.code for r in self.active}
        # Load-time lint of the active rules of the user's packs (`extend_rules`); the bundled packs
        # are measured instead, and rules passed in as objects were linted where they were loaded.
        self.warnings: list[RuleWarning] = [w for w in found if w.code in active]
        for w in self.warnings:
            warnings.warn(str(w), PatternWarning, stacklevel=2)
        self.engine = Engine(rules, [r.code for r in self.active], severity=dict(s.severity), timeout=s.regex_timeout,
                             prefilter=s.prefilter, shared=bundled)

    def __repr__(self) -> str:
        return f"Scrubber({len(self.active)} of {len(self.rules)} rules, profile={self.settings.profile!r})"

    def scrub(self, item: Item, *, text_field: str = "text", source: str | None = None) -> ScrubResult:
        """Detect, remove and validate. `item` is a text, an Article or a record (dict).

        Rules scoped to sites apply when the article's `source`, else its url's host, else
        `source` (the caller's fallback, e.g. the input file) is one of their sites.
        """
        return self.scrub_many([item], text_field=text_field, source=source)[0]

    def scrub_many(self, items: Sequence[Item], *, text_field: str = "text",
                   source: str | None = None) -> list[ScrubResult]:
        """`scrub` of each item, faster than one by one: the prefilter scans them as one text.
        InputError, naming the item's position, when one cannot be read as an article."""
        articles = []
        for number, item in enumerate(items):
            try:
                articles.append(to_article(item, text_field))
            except InputError as exc:
                raise InputError(f"item {number}: {exc}" if len(items) > 1 else str(exc)) from None
        done = self.engine.clean_many([a.text for a in articles], [source_of(a, source) for a in articles])
        return [self._result(item, article, cleaning) for item, article, cleaning in zip(items, articles, done)]

    def _result(self, item: Item, article: Article, done: Cleaning) -> ScrubResult:
        """The outcome of cleaning `article` (read from `item`): validated, or flagged."""
        original = article.text
        findings = done.findings + [timeout_finding(code) for code in done.timed_out]
        text, edits = done.text, done.edits
        issues: list[Issue] = []
        residual = [f for f in findings if not f.fixable]
        status: Status = "cleaned" if edits else "unchanged"
        share = sum(e.end - e.start for e in edits) / max(1, len(original))
        if share > self.settings.budget:
            issues.append(Issue(reason="removal-budget",
                                message=f"rules would remove {share:.0%} of the text (budget {self.settings.budget:.0%})"))
        if not done.settled:  # each pass exposes more to remove: leave the document to a human
            issues.append(Issue(reason="unsettled", message=f"rules still removed text after {done.passes} passes"))
        if issues:
            text, edits, residual, status = original, [], findings, "flagged"
            if self.settings.on_budget == "reject":
                status = "rejected"
        if text is not original or isinstance(item, Article):  # never hand back the caller's object
            article = article.model_copy(update={"text": text})
        # Cleaning only removes text: without a control character in the input, there is none left.
        problems = validate(article, residual, self.settings.validation, controls=has_control(done.unusual))
        if problems:
            status = "rejected"
        return ScrubResult.model_construct(article=article, original_text=original, findings=findings, edits=edits,
                                           issues=issues + problems, status=status)

    def check(self, item: Item, *, text_field: str = "text", source: str | None = None) -> list[Finding]:
        """Findings only: what `scrub` would remove or flag, without changing anything."""
        article = to_article(item, text_field)
        det = self.engine.detect(article.text, source_of(article, source))
        return det.findings + [timeout_finding(code) for code in det.timed_out]


def to_article(item: Item, text_field: str = "text") -> Article:
    """Coerce a text, Article or record to an Article; the record's text lives in `text_field`."""
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        return Article(text=item)
    if isinstance(item, Mapping):
        record = dict(item)
        if text_field != "text":
            if text_field not in record:
                raise InputError(f"record has no field {text_field!r}")
            record = {**{k: v for k, v in record.items() if k != "text"}, "text": record[text_field]}
        try:
            return Article.model_validate(record)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"])
            raise InputError(f"field {field!r}: {err['msg']}") from None
    raise InputError(f"cannot scrub an object of type {type(item).__name__}")


def timeout_finding(code: str) -> Finding:
    """A warning that rule `code` was skipped on a document because a pattern ran too long."""
    return Finding(code=code, name="timeout", category="engine", severity=Severity.WARNING, start=0, end=0,
                   line=1, col=1, text="", message="pattern timed out; rule skipped for this document", fixable=False)


@lru_cache(maxsize=1)
def default_scrubber() -> Scrubber:
    """The Scrubber with default settings, built on first use and reused."""
    return Scrubber()


def scrub(item: Item, *, text_field: str = "text") -> ScrubResult:
    """Scrub one article with the default rule set."""
    return default_scrubber().scrub(item, text_field=text_field)
