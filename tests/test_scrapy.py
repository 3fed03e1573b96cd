"""The Scrapy pipeline in a real crawl: a local HTTP server, a spider, every item type, real stats."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from scrubber.errors import ConfigError

from .conftest import FIXTURES, ROOT
from .readme import readme_example

pytest.importorskip("scrapy", reason="needs the scrapy extra: pip install '.[scrapy]'")

import scrapy
from scrapy.utils.test import get_crawler

from scrubber.integrations.scrapy import ScrubberPipeline, ScrubberRejected

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SITE = FIXTURES / "scrapy-site"
PAGES: dict[str, dict[str, Any]] = tomllib.loads((SITE / "expected.toml").read_text(encoding="utf-8"))["pages"]
KINDS = {"dict", "scrapy.Item", "dataclass", "attrs"}
RULES = ["XL", "PL", "CR", "CA", "VD"]  # pinned, so rules added later do not move the expectations
VIDEO = "Moment, in dem die Streikenden vor dem Terminal am Burchardkai eintreffen."


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """The fixture site on 127.0.0.1, on a port the system picks."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(SITE)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


def crawl(site: str, out: Path, settings: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Run tests/crawl_site.py in its own process (a Twisted reactor cannot restart); items and stats."""
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "crawl_site.py"), site, str(out), json.dumps(settings)],
                          check=False, capture_output=True, text=True, timeout=300, cwd=out)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    items = [json.loads(line) for line in (out / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    return items, json.loads((out / "stats.json").read_text(encoding="utf-8"))


def page(item: dict[str, Any]) -> str:
    return item["url"].rsplit("/", 1)[1]


def scrubber_stats(stats: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in stats.items() if k.startswith("scrubber/")}


def test_crawl_cleans_every_item_type_and_drops_rejects(site: str, tmp_path: Path) -> None:
    items, stats = crawl(site, tmp_path, {
        "SCRUBBER_TEXT_FIELDS": ["text", "title"],
        "SCRUBBER_SELECT": RULES,
        "SCRUBBER_SETTINGS": {"validation": {"min-chars": 200}},
    })
    kept = {name for name, p in PAGES.items() if p["status"] != "rejected"}
    assert Counter((page(i), i["kind"]) for i in items) == Counter({(p, k): 1 for p in kept for k in KINDS})
    for item in items:
        assert item["text"] == PAGES[page(item)]["clean"], (page(item), item["kind"])
        assert item.get("scrubber") is None  # no report field unless asked for
    # Titles carry no artifacts: cleaned as a second text field, left as they were.
    assert {i["title"] for i in items if page(i) == "en-bridge.html"} == {"Council approves river bridge"}

    per_item: Counter[str] = Counter()
    for p in PAGES.values():
        per_item.update(p["findings"])
    n = len(KINDS)
    cleaned = sum(p["status"] in ("cleaned", "rejected") for p in PAGES.values())
    expected = {
        "scrubber/items_cleaned": n * cleaned,
        "scrubber/items_rejected": n,
        "scrubber/items_dropped": n,
        "scrubber/rejected/too-short": n,
        **{f"scrubber/findings/{cat}": n * count for cat, count in per_item.items()},
    }
    got = scrubber_stats(stats)
    assert got.pop("scrubber/chars_removed") > 0
    assert got == expected
    assert stats["item_scraped_count"] == len(items) and stats["item_dropped_count"] == n


def test_crawl_flags_rejects_with_a_config_file(site: str, tmp_path: Path) -> None:
    config = tmp_path / "scrubber.toml"
    config.write_text(f'select = {json.dumps(RULES)}\nextend-ignore = ["VD001"]\ntext-field = "body"\n\n'
                      "[validation]\nmin-chars = 200\n", encoding="utf-8")
    items, stats = crawl(site, tmp_path, {"SCRUBBER_CONFIG": str(config), "SCRUBBER_ON_REJECT": "flag"})
    assert Counter(i["kind"] for i in items) == Counter({k: len(PAGES) for k in KINDS})
    for item in items:
        expected = PAGES[page(item)]
        report = item["scrubber"]
        assert report["status"] == expected["status"], (page(item), item["kind"])
        findings = report["fields"]["text"]["findings"]
        assert all(f["code"] != "VD001" for f in findings)  # ignored in the config file
        if page(item) == "de-hafen.html":
            assert VIDEO in item["text"]
            assert item["text"].replace(VIDEO + "\n\n", "") == expected["clean"]
        else:
            assert item["text"] == expected["clean"]
        assert [i["reason"] for i in report["fields"]["text"]["issues"]] == expected.get("reasons", [])
    got = scrubber_stats(stats)
    assert got["scrubber/items_rejected"] == got["scrubber/rejected/too-short"] == len(KINDS)
    assert "scrubber/items_dropped" not in got and "scrubber/findings/video" not in got


def test_pipeline_rejects_carry_reasons_and_bad_settings_fail_loudly(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"SCRUBBER_SETTINGS": {"validation": {"min-chars": 50}}})
    pipeline = ScrubberPipeline.from_crawler(crawler)
    with pytest.raises(ScrubberRejected) as info:
        pipeline.process_item({"text": "Too short."})
    assert info.value.reasons == ["too-short"] and "text: too-short" in str(info.value)
    untouched = {"url": "https://example.org/image.jpg"}
    assert pipeline.process_item(untouched) == {"url": "https://example.org/image.jpg"}
    with pytest.raises(ConfigError, match="budget"):
        ScrubberPipeline.from_crawler(get_crawler(settings_dict={"SCRUBBER_SETTINGS": {"budget": 2}}))
    with pytest.raises(ConfigError, match="SCRUBBER_ON_REJECT"):
        ScrubberPipeline.from_crawler(get_crawler(settings_dict={"SCRUBBER_ON_REJECT": "skip"}))
    bad = tmp_path / "scrubber.toml"
    bad.write_text('selct = ["XL"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"scrubber.toml: selct"):
        ScrubberPipeline.from_crawler(get_crawler(settings_dict={"SCRUBBER_CONFIG": str(bad)}))


class Undeclared(scrapy.Item):
    text = scrapy.Field()


def test_flagging_into_an_undeclared_item_field_names_the_fix() -> None:
    pipeline = ScrubberPipeline.from_crawler(get_crawler(settings_dict={"SCRUBBER_ON_REJECT": "flag"}))
    assert pipeline.process_item({"text": "Fine."})["scrubber"]["status"] == "unchanged"
    with pytest.raises(ConfigError, match="Undeclared has no field 'scrubber'"):
        pipeline.process_item(Undeclared(text="Fine."))


def test_readme_spider_runs_with_scrapy_runspider(site: str, tmp_path: Path) -> None:
    spider = tmp_path / "news_spider.py"
    spider.write_text(readme_example("news_spider.py"), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "scrapy", "runspider", str(spider), "-a", f"start={site}",
                          "-o", "items.jsonl", "-s", "LOG_LEVEL=WARNING", "-s", "TELNETCONSOLE_ENABLED=0"],
                         check=False, capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert out.returncode == 0, out.stderr
    items = {page(i): i for i in map(json.loads, (tmp_path / "items.jsonl").read_text(encoding="utf-8").splitlines())}
    assert set(items) == set(PAGES) - {"de-kurz.html"}  # too short: dropped
    assert "Dropped: scrubber rejected the item: text: too-short" in out.stderr
    for name, item in items.items():
        if name == "de-hafen.html":  # the video rules are ignored in the example
            assert item["text"].replace(VIDEO + "\n\n", "") == PAGES[name]["clean"]
        else:
            assert item["text"] == PAGES[name]["clean"]


def test_stats_of_a_pipeline_outside_a_crawl() -> None:
    crawler = get_crawler(settings_dict={"SCRUBBER_SELECT": ["XL"], "SCRUBBER_TEXT_FIELDS": ["body", "teaser"]})
    pipeline = ScrubberPipeline.from_crawler(crawler)
    body = "The council met on Monday to approve the budget for next year."
    link = "\n\nREAD MORE: Election results in full"
    item = {"body": body + link, "teaser": "Short teaser."}
    assert pipeline.process_item(item) == {"body": body, "teaser": "Short teaser."}
    over = {"body": "Ok.\n\nREAD MORE: One story here\n\nREAD MORE: Two story here"}
    assert pipeline.process_item(over) == over  # past the removal budget: flagged, unchanged
    assert crawler.stats is not None
    assert scrubber_stats(crawler.stats.get_stats()) == {
        "scrubber/items_cleaned": 1, "scrubber/items_flagged": 1, "scrubber/findings/cross-link": 3,
        "scrubber/chars_removed": len(link),
    }
