"""CPU time per record: the measure that survives this machine's drift in speed.

Times `scrubber.pipeline.clean_lines` (parse, scrub, write, in chunks as `clean_file` has them)
on the first records of the benchmark corpus with `time.process_time`, the minimum of several
rounds. Compare two checkouts by running this alternately with each on PYTHONPATH; compare rule
sets with `--doubled`, which interleaves the default and the doubled rule set (`run.py`) in one
process and prints the drop in throughput. `--corpus` times your own JSON Lines instead, and
`--against DIR` interleaves a second rule set (a folder of packs, e.g. a copy of `rules/` before
an edit) with the bundled one, to measure a change to the rules.

    python bench/cpu.py                                  # 3 000 records, default rules
    python bench/cpu.py --corpus my.jsonl --against /tmp/rules-before
    SCRUBBER_PREFILTER=literal python bench/cpu.py --records 2000
    PYTHONPATH=<other checkout> python bench/cpu.py      # the same on other code
    python bench/cpu.py --doubled --rounds 6
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import doubled_rules, ensure_corpus

from scrubber import Scrubber
from scrubber.pipeline import clean_lines
from scrubber.ruleset.loader import load_rules

CHUNK = 250  # records per chunk: what `clean_file` reads at once (~1 MB)


def cpu_per_record(scrubber: Scrubber, lines: list[bytes]) -> float:
    """Microseconds of CPU time per record of one pass over `lines`."""
    started = time.process_time()
    for i in range(0, len(lines), CHUNK):
        clean_lines(scrubber, lines[i:i + CHUNK])
    return (time.process_time() - started) / len(lines) * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--records", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--doubled", action="store_true", help="also the doubled rule set, interleaved")
    ap.add_argument("--against", type=Path, help="also the rule packs of this folder, interleaved")
    ap.add_argument("--corpus", type=Path, help="JSON Lines to time instead of the generated corpus")
    ap.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "scrubber-bench"))
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    path = args.corpus or ensure_corpus(Path(args.workdir), 20)
    with open(path, "rb") as f:
        lines = [line for _, line in zip(range(args.records), f)]
    setups = {"default": Scrubber()}
    if args.doubled:
        setups["doubled"] = Scrubber(rules=doubled_rules())
    if args.against:
        setups["against"] = Scrubber(rules=load_rules([args.against]))
    times: dict[str, list[float]] = {name: [] for name in setups}
    for scrubber in setups.values():
        clean_lines(scrubber, lines[:CHUNK])  # warm up: caches, lazy tables
    for _ in range(args.rounds):
        for name, scrubber in setups.items():
            times[name].append(cpu_per_record(scrubber, lines))
    print(f"{len(lines)} records of {path.name}, prefilter {setups['default'].engine.prefilter.backend}, "
          f"scrubber from {Path(sys.modules['scrubber'].__file__ or '?').parent}")
    for name, spent in times.items():
        print(f"{name:8} CPU per record {min(spent):6.0f} us (rounds: {', '.join(f'{t:.0f}' for t in spent)})")
    if args.doubled:
        base, double = min(times["default"]), min(times["doubled"])
        print(f"doubled rule set: throughput {100 * (1 - base / double):.1f} % lower")
    if args.against:
        print(f"bundled rules against {args.against}: CPU per record {100 * (min(times['default']) / min(times['against']) - 1):+.1f} %")


if __name__ == "__main__":
    main()
