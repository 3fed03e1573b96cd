"""Scrapy: an item pipeline that cleans text fields, drops (or flags) rejected items, keeps stats.

    ITEM_PIPELINES = {"scrubber.integrations.scrapy.ScrubberPipeline": 300}
    SCRUBBER_TEXT_FIELDS = ["text", "summary"]   # fields to clean; the first is the body (default ["text"])
    SCRUBBER_SELECT = ["XL", "credit"]       # also SCRUBBER_IGNORE, SCRUBBER_EXTEND_SELECT/IGNORE
    SCRUBBER_PROFILE = "safe"                # safe | default | aggressive
    SCRUBBER_CONFIG = "scrubber.toml"        # a config file (or pyproject.toml)
    SCRUBBER_SETTINGS = {"validation": {"min-chars": 200}}   # any other Settings keys
    SCRUBBER_ON_REJECT = "drop"              # drop | flag
    SCRUBBER_REPORT_FIELD = None             # item field for the report (default "scrubber" when flagging)

Works with every item type itemadapter knows (dict, scrapy.Item, dataclass, attrs, pydantic). The
body (the first text field) is validated in full; the other fields only for control characters and
unfixed findings, since length and required-field checks are about the body. A missing field is
skipped (so is an empty one, except the body: an empty body is rejected); an item without any of
the text fields passes untouched. Stats: `scrubber/items_cleaned`, `scrubber/findings/<category>`,
`scrubber/items_rejected` (and `scrubber/rejected/<reason>`), `scrubber/items_dropped`,
`scrubber/items_flagged` (past the removal budget, left unchanged), `scrubber/chars_removed`.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, Literal

try:
    from itemadapter import ItemAdapter
    from scrapy.exceptions import DropItem
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("scrubber.integrations.scrapy needs Scrapy: pip install 'scrubber[scrapy]'") from exc

from scrubber.api import Scrubber
from scrubber.errors import ConfigError, InputError
from scrubber.integrations._config import resolve_settings
from scrubber.integrations.batch import shared_scrubber
from scrubber.models import Issue, ScrubResult

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector
    from typing_extensions import Self

__all__ = ["ScrubberPipeline", "ScrubberRejected"]

RANK = {"unchanged": 0, "cleaned": 1, "flagged": 2, "rejected": 3}
SELECTION = ("select", "ignore", "extend_select", "extend_ignore")


class ScrubberRejected(DropItem):
    """DropItem for an item that failed validation; `issues` maps each rejected field to its reasons."""

    def __init__(self, issues: dict[str, list[Issue]]) -> None:
        self.issues = issues
        detail = "; ".join(f"{field}: {i.reason} ({i.message})" for field, found in issues.items() for i in found)
        super().__init__(f"scrubber rejected the item: {detail}")

    @property
    def reasons(self) -> list[str]:
        """The machine-readable reasons, e.g. ["too-short", "residual-findings"]."""
        return [i.reason for found in self.issues.values() for i in found]


class ScrubberPipeline:
    """Clean each item's text fields with one Scrubber built when the crawl starts."""

    def __init__(
        self,
        scrubber: Scrubber,
        *,
        text_fields: tuple[str, ...] = ("text",),
        on_reject: Literal["drop", "flag"] = "drop",
        report_field: str | None = None,
        stats: StatsCollector | None = None,
    ) -> None:
        if on_reject not in ("drop", "flag"):
            raise ConfigError(f"SCRUBBER_ON_REJECT: expected 'drop' or 'flag', got {on_reject!r}")
        self.scrubber = scrubber
        # Other fields than the body: same rules, validation without the body's shape checks.
        shape: dict[str, Any] = {"min_chars": 0, "max_chars": None, "required": []}
        other = scrubber.settings.model_copy(update={"validation": scrubber.settings.validation.model_copy(update=shape)})
        self.field_scrubber = Scrubber(other, rules=scrubber.rules)
        self.text_fields = text_fields
        self.on_reject = on_reject
        self.report_field = report_field or ("scrubber" if on_reject == "flag" else None)
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read the SCRUBBER_* settings and build the Scrubber once."""
        s = crawler.settings
        overrides: dict[str, Any] = dict(s.getdict("SCRUBBER_SETTINGS"))
        for key in SELECTION:
            if s.get(f"SCRUBBER_{key.upper()}") is not None:
                overrides[key] = s.getlist(f"SCRUBBER_{key.upper()}")
        if s.get("SCRUBBER_PROFILE"):
            overrides["profile"] = s.get("SCRUBBER_PROFILE")
        settings = resolve_settings(config=s.get("SCRUBBER_CONFIG") or None, overrides=overrides)
        return cls(
            shared_scrubber(settings),
            text_fields=tuple(s.getlist("SCRUBBER_TEXT_FIELDS", ["text"])),
            on_reject=s.get("SCRUBBER_ON_REJECT", "drop"),
            report_field=s.get("SCRUBBER_REPORT_FIELD") or None,
            stats=crawler.stats,
        )

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """Clean the text fields in place; raise ScrubberRejected, or flag, when validation fails."""
        adapter = ItemAdapter(item)
        results = self._scrub(adapter)
        if not results:
            return item
        for field, result in results.items():
            if result.text != adapter[field]:
                adapter[field] = result.text
        if self.report_field:
            try:
                adapter[self.report_field] = report(results)
            except KeyError:
                raise ConfigError(f"{type(item).__name__} has no field {self.report_field!r} for the scrubber report: "
                                  "declare it, or name another with SCRUBBER_REPORT_FIELD") from None
        self._count(results)
        rejected = {field: r.issues for field, r in results.items() if not r.ok}
        if not rejected:
            return item
        self._inc("scrubber/items_rejected")
        for reason in sorted({i.reason for found in rejected.values() for i in found}):
            self._inc(f"scrubber/rejected/{reason}")
        if self.on_reject == "flag":
            return item
        self._inc("scrubber/items_dropped")
        raise ScrubberRejected(rejected)

    def _scrub(self, adapter: ItemAdapter) -> dict[str, ScrubResult]:
        required = self.scrubber.settings.validation.required
        results = {}
        for n, field in enumerate(self.text_fields):
            value = adapter.get(field)
            if value is None or (n > 0 and value == ""):
                continue
            if not isinstance(value, str):
                raise InputError(f"item field {field!r} holds {type(value).__name__}, not text; join it in the spider")
            if n == 0:
                carried = {k: adapter.get(k) for k in required if adapter.get(k) is not None}
                results[field] = self.scrubber.scrub({**carried, "text": value})
            else:
                results[field] = self.field_scrubber.scrub(value)
        return results

    def _count(self, results: dict[str, ScrubResult]) -> None:
        if any(r.edits for r in results.values()):
            self._inc("scrubber/items_cleaned")
        if any(r.status == "flagged" for r in results.values()):
            self._inc("scrubber/items_flagged")  # past the removal budget: left unchanged
        removed = sum(r.removed_chars for r in results.values())
        if removed:
            self._inc("scrubber/chars_removed", removed)
        for category, n in Counter(f.category for r in results.values() for f in r.findings).items():
            self._inc(f"scrubber/findings/{category}", n)

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, count)


def report(results: dict[str, ScrubResult]) -> dict[str, Any]:
    """A JSON-ready summary for an item: overall status, then status, findings and issues per field."""
    status = max((r.status for r in results.values()), key=RANK.__getitem__)
    return {
        "status": status,
        "fields": {
            field: {
                "status": r.status,
                "findings": [f.model_dump(mode="json") for f in r.findings],
                "issues": [i.model_dump(mode="json") for i in r.issues],
            }
            for field, r in results.items()
        },
    }
