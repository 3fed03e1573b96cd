"""Where the time of one record goes: per stage, per rule, clean and contaminated records apart.

Builds records with bench/corpus.py (same seed, same records), cleans them once to warm up and
to tell clean from contaminated ones, then times each stage and each rule in this process.

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


def per_record(records: list[dict[str, Any]], step: Callable[[dict[str, Any]], object]) -> float:
    """Microseconds per record of `step`."""
    started = time.perf_counter()
    for record in records:
        step(record)
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
    outcome = [scrubber.scrub(r).status for r in records]
    clean = [r for r, s in zip(records, outcome) if s == "unchanged"]
    dirty = [r for r, s in zip(records, outcome) if s != "unchanged"]
    print(f"{len(records)} records ({len(dirty)} contaminated), prefilter {scrubber.engine.prefilter.backend}")
    for name, group in (("clean", clean), ("contaminated", dirty)):
        print(f"\n{name} records: {per_record(group, scrubber.scrub):.0f} us each (Scrubber.scrub)")
        print(f"  Document (segment, normalise)   {per_record(group, lambda r: Document(r['text'])):7.0f} us")
        scan = per_record(group, lambda r: scrubber.engine.candidates(Document(r["text"])))
        print(f"  + prefilter scan                {scan:7.0f} us")
        print(f"  detect, first pass              {per_record(group, lambda r: scrubber.engine.detect(r['text'])):7.0f} us")
        for code, us in rule_times(scrubber, group).most_common(args.rules):
            print(f"    {code:<8} {scrubber.engine.rules[code].kind:<11} {us:7.1f} us")


if __name__ == "__main__":
    main()
