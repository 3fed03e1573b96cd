"""A deterministic multilingual news corpus for benchmarks, built from the project's fixtures.

Each record is a JSON object like a scraper's output (`id`, `url`, `title`, `language`,
`published`, `source`, `text`). The text is ~4 KB of clean paragraphs drawn from the fixture
articles of one language (25 languages); a share `--dirty` of the records (default 0.3) also
carries one to three contaminated paragraphs of that language (cross-links, credits, captions,
prompt leaks, ... as marked in the fixtures). The seed fixes the order, so every run writes the
same bytes.

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


def paragraphs() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Language -> its clean fixture paragraphs, and language -> those holding an artifact
    (markers removed), each in file order."""
    clean: dict[str, list[str]] = {}
    dirty: dict[str, list[str]] = {}
    for path in sorted((ROOT / "fixtures" / "articles").glob("*/*.txt")):
        for para in path.read_text(encoding="utf-8").split("\n\n"):
            if para.strip():
                pool = dirty if MARK.search(para) else clean
                pool.setdefault(path.parent.name, []).append(MARK.sub(lambda m: m.group(1), para.strip("\n")))
    return clean, dirty


def records(target_bytes: int, seed: int = 7, doc_bytes: int = 4000, dirty_share: float = 0.3):
    """Yield records until their texts hold about `target_bytes` of UTF-8."""
    rng = random.Random(seed)
    clean, dirty = paragraphs()
    langs = sorted(clean)
    total, n = 0, 0
    while total < target_bytes:
        lang = langs[n % len(langs)]
        pool = clean[lang]
        size = int(doc_bytes * rng.uniform(0.5, 1.5))
        order = rng.sample(range(len(pool)), len(pool))
        paras, length = [], 0
        while length < size and order:
            p = pool[order.pop()]
            paras.append(p)
            length += len(p.encode()) + 2
        if rng.random() < dirty_share and dirty.get(lang):
            for p in rng.sample(dirty[lang], min(len(dirty[lang]), rng.randint(1, 3))):
                paras.insert(rng.randint(0, len(paras)), p)
        text = "\n\n".join(paras)
        title = paras[0][:80].split("\n")[0]
        yield {
            "id": f"{lang}-{n:07d}", "url": f"https://news.example/{lang}/{n}", "title": title,
            "language": lang, "published": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}T08:00:00Z",
            "source": "bench", "text": text,
        }
        total += len(text.encode())
        n += 1


def write(path: str, mb: float, seed: int = 7, dirty_share: float = 0.3) -> int:
    """Write about `mb` megabytes of article text as JSON Lines (gzip when `path` ends in .gz)."""
    opener = gzip.open if path.endswith(".gz") else open
    count = 0
    with opener(path, "wt", encoding="utf-8") as out:  # type: ignore[operator]
        for rec in records(int(mb * 1_000_000), seed, dirty_share=dirty_share):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            count += 1
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--mb", type=float, default=20, help="megabytes of article text")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dirty", type=float, default=0.3, help="share of records with contaminated paragraphs")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    n = write(args.output, args.mb, args.seed, args.dirty)
    print(f"{args.output}: {n} records", file=sys.stderr)


if __name__ == "__main__":
    main()
