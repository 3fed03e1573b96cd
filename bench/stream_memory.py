"""Peak memory and throughput of `scrubber clean` on JSON Lines of growing size.

Streaming means the peak RSS stays flat as the input grows. The records are the fixture
articles (raw, contaminated), repeated. Prints one line per run; nothing is asserted.

    python bench/stream_memory.py                 # 1,000 and 10,000 records, -j 1
    python bench/stream_memory.py 2000 20000 -j 2
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrubber.evaluate import load_labelled

PEAK = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=False); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def write_corpus(path: Path, n: int, texts: list[str]) -> int:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as fh:  # type: ignore[operator]
        for i in range(n):
            fh.write(json.dumps({"id": i, "text": texts[i % len(texts)]}, ensure_ascii=False) + "\n")
    return path.stat().st_size


def measure(src: Path, out: Path, jobs: int) -> tuple[float, int]:
    cmd = [sys.executable, "-m", "scrubber", "clean", str(src), "-o", str(out), "-q", "--no-progress", "-j", str(jobs)]
    start = time.perf_counter()
    peak = subprocess.run([sys.executable, "-c", PEAK, *cmd], capture_output=True, text=True, check=True, cwd=ROOT)
    return time.perf_counter() - start, int(peak.stdout.strip())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    ap.add_argument("-j", "--jobs", type=int, default=1)
    ap.add_argument("--gzip", action="store_true")
    args = ap.parse_args()
    texts = [d.text for d in load_labelled([ROOT / "fixtures" / "articles"])]
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            src = Path(tmp) / ("in.jsonl.gz" if args.gzip else "in.jsonl")
            size = write_corpus(src, n, texts)
            seconds, peak_kib = measure(src, Path(tmp) / src.name.replace("in", "out"), args.jobs)
            print(f"{n:>8} records  {size / 2**20:8.1f} MiB in  -j {args.jobs}  {seconds:7.1f} s  "
                  f"{n / seconds:8.0f} records/s  peak RSS {peak_kib / 1024:6.1f} MiB")


if __name__ == "__main__":
    main()
