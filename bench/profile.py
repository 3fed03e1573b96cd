"""Where the time of one record goes: per stage, per rule, clean and contaminated records apart.

Builds records with bench/corpus.py (same seed, same records), cleans them once to warm up and
to tell clean from contaminated ones, then times each stage and each rule in this process:
records cleaned and scanned in chunks, as `clean_file` cleans them, and detection one record at
a time (a rule's cost does not depend on how its candidate lines were found).

    python bench/profile.py                  # 600 records, the default rule set
    SCRUBBER_PREFILTER=literal python bench/profile.py --records 200
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

from scrubber import Scrubber
from scrubber.kinds import base
from scrubber.segment import Document

CHUNK = 250  # records cleaned together, as `clean_file` hands them to `Scrubber.scrub_many`


def per_record(records: list[dict[str, Any]], step: Callable[[dict[str, Any]], object]) -> float:
    """Microseconds per record of `step`."""
    started = time.perf_counter()
    for record in records:
        step(record)
    return (time.perf_counter() - started) / max(1, len(records)) * 1e6


def per_record_in_chunks(records: list[dict[str, Any]], step: Callable[[list[dict[str, Any]]], object]) -> float:
    """Microseconds per record of `step` called on chunks of `CHUNK` records."""
    started = time.perf_counter()
    for i in range(0, len(records), CHUNK):
        step(records[i:i + CHUNK])
    return (time.perf_counter() - started) / max(1, len(records)) * 1e6


def rule_times(scrubber: Scrubber, records: list[dict[str, Any]]) -> Counter[str]:
    """Microseconds per record spent in each rule's detection (first pass of each record)."""
    spent: Counter[str] = Counter()
    run = base.Context.run

    def timed(ctx: base.Context, rule: Any) -> list[base.Hit]:
        if rule.code in ctx.hits:
            return ctx.hits[rule.code]
        started = time.perf_counter()
        try:
            return run(ctx, rule)
        finally:
            spent[rule.code] += (time.perf_counter() - started) * 1e6 / max(1, len(records))

    base.Context.run = timed  # type: ignore[method-assign]
    try:
        for record in records:
            scrubber.engine.detect(record["text"])
    finally:
        base.Context.run = run  # type: ignore[method-assign]
    return spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--records", type=int, default=600)
    ap.add_argument("--rules", type=int, default=12, help="rules to list, costliest first")
    args = ap.parse_args()
    records = [r for _, r in zip(range(args.records), corpus.records(args.records * 4500))]
    scrubber = Scrubber()
    outcome = [r.status for r in scrubber.scrub_many(records)]
    clean = [r for r, s in zip(records, outcome) if s == "unchanged"]
    dirty = [r for r, s in zip(records, outcome) if s != "unchanged"]
    engine = scrubber.engine
    print(f"{len(records)} records ({len(dirty)} contaminated), prefilter {engine.prefilter.backend}")
    for name, group in (("clean", clean), ("contaminated", dirty)):
        print(f"\n{name} records: {per_record_in_chunks(group, scrubber.scrub_many):.0f} us each "
              f"(Scrubber.scrub_many, {CHUNK} at a time)")
        print(f"  Document (segment, normalise)   {per_record(group, lambda r: Document(r['text'])):7.0f} us")
        scan = per_record_in_chunks(group, lambda rs: engine.candidates_many([Document(r["text"]) for r in rs]))
        print(f"  + prefilter scan, {CHUNK} at a time {scan:7.0f} us")
        print(f"  detect, first pass, one by one  {per_record(group, lambda r: engine.detect(r['text'])):7.0f} us"
              " (its own scan of each record)")
        for code, us in rule_times(scrubber, group).most_common(args.rules):
            print(f"    {code:<8} {scrubber.engine.rules[code].kind:<11} {us:7.1f} us")


if __name__ == "__main__":
    main()
