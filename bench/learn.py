"""Benchmark `scrubber learn`: peak memory and speed on a generated corpus of growing size, and
precision / recall of the learned pack on the corpus's labelled lines.

    python bench/learn.py                 # ~1 GB corpus in /tmp, deleted afterwards
    python bench/learn.py --gb 0.1 --keep # smaller; keep the files

Writes a multi-site corpus (tests/sitecorpus.py: 2,000 sites in 7 languages, each with its own
boilerplate, labelled lines), runs `scrubber learn` on prefixes of it (1/8, 1/4, 1/2, all) in a
child process and reports the child's peak RSS, so memory flatness shows as corpus size grows.
Then cleans a sample of the training corpus and held-out documents of the same sites with the
learned pack alone, per profile, and times cleaning with and without the pack.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrubber import Scrubber
from tests.sitecorpus import Corpus, score


def generate(path: Path, corpus: Corpus, target: int) -> int:
    """Write documents until the file reaches `target` bytes; return how many."""
    n = size = 0
    with path.open("w", encoding="utf-8") as out:
        for doc in corpus.docs(10**9, copies=0):
            line = json.dumps(doc.record(n), ensure_ascii=False) + "\n"
            out.write(line)
            size += len(line.encode("utf-8"))
            n += 1
            if size >= target:
                break
    return n


def prefix(src: Path, dst: Path, size: int) -> None:
    """The first `size` bytes of `src`, cut at a line end."""
    with src.open("rb") as inp, dst.open("wb") as out:
        left = size
        while left > 0:
            chunk = inp.readline()
            if not chunk:
                break
            out.write(chunk)
            left -= len(chunk)


def learn(corpus: Path, pack: Path, *extra: str) -> tuple[float, float, float, str]:
    """Run `scrubber learn` in a child process: (wall seconds, CPU seconds, peak RSS in MiB,
    summary line). CPU time is what to compare when other jobs share the machine."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "scrubber", "learn", str(corpus), "-o", str(pack), *extra],
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    summary = proc.stderr.read().strip() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"scrubber learn failed: {summary}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, summary


def records(path: Path, limit: int) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as inp:
        return [json.loads(line) for _, line in zip(range(limit), inp)]


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the clean-up in `finally`
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gb", type=float, default=1.0, help="corpus size in GB (default 1)")
    parser.add_argument("--sites", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=3000, help="documents scored per profile")
    parser.add_argument("--small-capacity", type=int, default=20_000,
                        help="also learn the whole corpus with this --capacity, to show pruning (0: skip)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="scrubber-learn-bench-"))
    try:
        corpus = Corpus(sites=args.sites, seed=11, wire=400)
        full = work / "corpus.jsonl"
        start = time.perf_counter()
        docs = generate(full, corpus, int(args.gb * 1e9))
        size = full.stat().st_size
        print(f"generated {docs} documents, {size / 1e9:.2f} GB, {args.sites} sites in "
              f"{time.perf_counter() - start:.0f} s", flush=True)
        heldout = work / "heldout.jsonl"
        with heldout.open("w", encoding="utf-8") as out:
            for i, doc in enumerate(corpus.docs(args.sample, copies=0)):
                out.write(json.dumps(doc.record(i), ensure_ascii=False) + "\n")

        print(f"\n{'corpus':>10} {'docs':>8} {'wall s':>7} {'CPU s':>7} {'MB/CPU s':>8} {'peak RSS':>9}")
        pack = work / "learned.toml"
        for part in (8, 4, 2, 1):
            src = full
            if part > 1:
                src = work / f"part{part}.jsonl"
                prefix(full, src, size // part)
            n = sum(1 for _ in src.open("rb"))
            secs, cpu, rss, summary = learn(src, pack)
            print(f"{src.stat().st_size / 1e9:>8.3f}GB {n:>8} {secs:>7.0f} {cpu:>7.0f} "
                  f"{src.stat().st_size / 1e6 / cpu:>8.1f} {rss:>7.0f}MB", flush=True)
            if part > 1:
                src.unlink()
        print(f"\nfull corpus: {summary}", flush=True)
        if args.small_capacity:
            small = work / "learned-small.toml"
            secs, cpu, rss, summary = learn(full, small, "--capacity", str(args.small_capacity))
            print(f"with --capacity {args.small_capacity}: {cpu:.0f} CPU s, peak RSS {rss:.0f}MB; {summary}")
            head = small.read_text(encoding="utf-8").split("[pack]")[0]
            for line in head.splitlines():
                if "Memory bound" in line or "too low" in line:
                    print(" ", line)

        print(f"\nprecision / recall of the learned pack alone ({args.sample} documents):")
        packs = [("", pack)] + ([(" (small capacity)", small)] if args.small_capacity else [])
        for (label, learned), (name, path) in itertools.product(packs, (("training", full), ("held-out", heldout))):
            sample = records(path, args.sample)
            for profile in ("safe", "default", "aggressive"):
                s = Scrubber(default_rules=False, extend_rules=[learned], profile=profile)
                r = score(s, iter(sample))
                print(f"  {name + label:9} {profile:10} precision {r.precision:.4f}  recall {r.recall:.4f}  "
                      f"(boilerplate removed {r.tp}, content removed {r.fp}, boilerplate kept {r.fn})", flush=True)

        sample = [{k: v for k, v in rec.items() if k != "labels"} for rec in records(heldout, 1000)]
        for label, extra in (("bundled rules", []), ("bundled + learned", [pack])):
            s = Scrubber(extend_rules=extra)
            start = time.process_time()
            for rec in sample:
                s.scrub(rec)
            print(f"clean with {label:18}: {len(sample) / (time.process_time() - start):.0f} docs per CPU second "
                  f"({len(s.rules)} rules)")
    finally:
        if args.keep:
            print(f"\nfiles kept in {work}")
        else:
            shutil.rmtree(work)


if __name__ == "__main__":
    main()
