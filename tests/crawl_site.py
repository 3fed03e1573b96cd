"""A real Scrapy crawl with the scrubber pipeline, run in its own process by test_scrapy.py.

    python tests/crawl_site.py START_URL OUT_DIR '{"SCRUBBER_...": ...}'

The spider follows the teasers of the start page and extracts each article naively, one text
node per paragraph (as a quick spider does), so captions, credits and cross-links come along. It
yields every article four times, once per item type, and writes the items that survive to
OUT_DIR/items.jsonl and the crawler's stats to OUT_DIR/stats.json.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response


class ArticleItem(scrapy.Item):
    kind = scrapy.Field()
    url = scrapy.Field()
    title = scrapy.Field()
    text = scrapy.Field()
    scrubber = scrapy.Field()


@dataclasses.dataclass
class ArticleData:
    kind: str
    url: str
    title: str
    text: str
    scrubber: dict[str, Any] | None = None


@attrs.define
class ArticleAttrs:
    kind: str
    url: str
    title: str
    text: str
    scrubber: dict[str, Any] | None = None


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(self, start_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [start_url]

    def parse(self, response: Response) -> Iterator[Any]:
        yield from response.follow_all(css="a.teaser", callback=self.parse_article)

    def parse_article(self, response: Response) -> Iterator[Any]:
        title = response.css("article h1::text").get(default="").strip()
        blocks = (t.strip() for t in response.css("article .body ::text").getall())
        text = "\n\n".join(t for t in blocks if t)
        fields = {"url": response.url, "title": title, "text": text}
        yield {"kind": "dict", **fields}
        yield ArticleItem(kind="scrapy.Item", **fields)
        yield ArticleData(kind="dataclass", **fields)
        yield ArticleAttrs(kind="attrs", **fields)


def main(start_url: str, out_dir: str, extra: str) -> None:
    out = Path(out_dir)
    settings = {
        "ITEM_PIPELINES": {"scrubber.integrations.scrapy.ScrubberPipeline": 300},
        "FEEDS": {str(out / "items.jsonl"): {"format": "jsonlines", "encoding": "utf-8"}},
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        **json.loads(extra),
    }
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(NewsSpider)
    process.crawl(crawler, start_url=start_url)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    (out / "stats.json").write_text(json.dumps(stats, default=str, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:4])
