"""A deterministic multilingual news corpus for benchmarks, built from the project's fixtures.

Each record is a JSON object like a scraper's output (`id`, `url`, `title`, `language`,
`published`, `source`, `text`). The text is ~4 KB of paragraphs drawn from the fixture articles
of one language (25 languages), contaminated the way the fixtures are (cross-links, credits,
captions, prompt leaks, ...), in an order fixed by the seed, so every run writes the same bytes.

    python bench/corpus.py --mb 50 -o /tmp/corpus.jsonl        # add .gz to compress
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
MARK = regex.compile(r"⟦[a-z0-9-]+\|([^⟦⟧]*)⟧")


def paragraphs() -> dict[str, list[str]]:
    """Language -> the paragraphs of its fixture articles, markers removed, in file order."""
    by_lang: dict[str, list[str]] = {}
    for path in sorted((ROOT / "fixtures" / "articles").glob("*/*.txt")):
        raw = MARK.sub(lambda m: m.group(1), path.read_text(encoding="utf-8"))
        paras = [p.strip("\n") for p in raw.split("\n\n") if p.strip()]
        by_lang.setdefault(path.parent.name, []).extend(paras)
    return by_lang


def records(target_bytes: int, seed: int = 7, doc_bytes: int = 4000):
    """Yield records until their texts hold about `target_bytes` of UTF-8."""
    rng = random.Random(seed)
    by_lang = paragraphs()
    langs = sorted(by_lang)
    total, n = 0, 0
    while total < target_bytes:
        lang = langs[n % len(langs)]
        pool = by_lang[lang]
        size = int(doc_bytes * rng.uniform(0.5, 1.5))
        start = rng.randrange(len(pool))
        paras, length = [], 0
        while length < size:
            p = pool[(start + len(paras)) % len(pool)] if rng.random() < 0.7 else rng.choice(pool)
            paras.append(p)
            length += len(p.encode()) + 2
        text = "\n\n".join(paras)
        title = paras[0][:80].split("\n")[0]
        yield {
            "id": f"{lang}-{n:07d}", "url": f"https://news.example/{lang}/{n}", "title": title,
            "language": lang, "published": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}T08:00:00Z",
            "source": "bench", "text": text,
        }
        total += len(text.encode())
        n += 1


def write(path: str, mb: float, seed: int = 7) -> int:
    """Write about `mb` megabytes of article text as JSON Lines (gzip when `path` ends in .gz)."""
    opener = gzip.open if path.endswith(".gz") else open
    count = 0
    with opener(path, "wt", encoding="utf-8") as out:  # type: ignore[operator]
        for rec in records(int(mb * 1_000_000), seed):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            count += 1
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--mb", type=float, default=20, help="megabytes of article text")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    n = write(args.output, args.mb, args.seed)
    print(f"{args.output}: {n} records", file=sys.stderr)


if __name__ == "__main__":
    main()
