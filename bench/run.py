"""Throughput of scrubber beside the JSON round-trip floor and datatrove's C4 line filter.

Every case runs in a fresh process on the same deterministic corpus (bench/corpus.py) and prints
MB/s of uncompressed JSON Lines input, documents per second and peak RSS. MB/s counts the input
bytes over the wall time from reading the first record to closing the output (read, parse, scan,
clean, validate, write); start-up (loading rules) is measured on its own.

    python bench/run.py                    # 50 MB corpus, every case
    python bench/run.py --mb 20 --cases scrubber,floor
    python bench/run.py --cases rss --rss-mb 10,2000

Cases: floor, peer (datatrove's C4QualityFilter line filter; needs `pip install datatrove`),
scrubber (`scrubber.pipeline.clean_file`), cli (the `scrubber clean` command, start-up included),
gz (floor and scrubber on .jsonl.gz), fallback (the literal prefilter), double (the rule set
doubled), startup (cold and warm cache), rss (peak memory by input size).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus

ALL = ("floor", "peer", "scrubber", "cli", "gz", "fallback", "double", "startup", "rss")


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, "
            f"{platform.system()} {platform.machine()}, load average {load:.2f} at start")


def ensure_corpus(workdir: Path, mb: float, gz: bool = False) -> Path:
    path = workdir / f"corpus-{mb:g}mb.jsonl{'.gz' if gz else ''}"
    if not path.exists():
        tmp = path.with_name(path.name + ".tmp" + ("" if not gz else ".gz"))
        corpus.write(str(tmp), mb)
        tmp.rename(path)
    return path


# ---------------------------------------------------------------- child side


def doubled_rules() -> list[Any]:
    """The default rules plus a copy of each with other phrases: words of a phrase in reverse
    order, a single word spelled backwards; same patterns, new codes."""
    from pydantic import TypeAdapter

    from scrubber.kinds import Rule
    from scrubber.ruleset.loader import default_rules_dir, load_rules

    rules = load_rules([default_rules_dir()])
    adapter: TypeAdapter[Any] = TypeAdapter(Rule)

    def turn(phrase: str) -> str:
        words = phrase.split()
        return " ".join(reversed(words)) if len(words) > 1 else phrase[::-1]

    copies = []
    for rule in rules:
        data = rule.model_dump(mode="json")
        data["code"] = "Z" + data["code"]
        data["name"] += "-copy"
        data["lists"] = {name: {lang: [turn(p) for p in ps] for lang, ps in by_lang.items()}
                         for name, by_lang in data["lists"].items()}
        copies.append(adapter.validate_python(data))
    return rules + copies


def child(args: argparse.Namespace) -> None:
    from scrubber.pipeline import open_input, open_output

    t0 = time.perf_counter()
    records = nbytes = 0
    if args.task == "floor":
        import orjson

        src, dst = open_input(args.input), open_output(args.output)
        start = time.perf_counter()
        for line in src:
            if line.strip():
                dst.write(orjson.dumps(orjson.loads(line)) + b"\n")
                records += 1
                nbytes += len(line)
        src.close()
        dst.close()
    elif args.task == "peer":
        import orjson
        from datatrove.data import Document
        from datatrove.pipeline.filters import C4QualityFilter

        c4 = C4QualityFilter(min_num_sentences=-1)  # the sentence count needs spaCy: line filter only
        src, dst = open_input(args.input), open_output(args.output)
        start = time.perf_counter()
        for line in src:
            if not line.strip():
                continue
            data = orjson.loads(line)
            doc = Document(text=data["text"], id=str(data.get("id", records)))
            if c4.filter(doc) is True:
                data["text"] = doc.text
                dst.write(orjson.dumps(data) + b"\n")
            records += 1
            nbytes += len(line)
        src.close()
        dst.close()
    elif args.task == "cli":  # what a user runs: `scrubber clean IN -o OUT`, start-up included
        src = open_input(args.input)
        for line in src:
            if line.strip():
                records += 1
                nbytes += len(line)
        src.close()
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "scrubber", "clean", args.input, "-o", args.output, "-j",
                               str(args.jobs), "-q"], check=False, capture_output=True, text=True)
        if done.returncode > 1:  # 1: some records rejected, a finished run; 2: it failed, no number
            raise SystemExit(f"scrubber clean failed:\n{done.stderr[-3000:]}")
    else:
        from scrubber import Scrubber
        from scrubber.pipeline import clean_file

        rules = doubled_rules() if args.rules == "double" else None
        scrubber = Scrubber(rules=rules, prefilter=args.prefilter)
        start = time.perf_counter()
        report = clean_file(scrubber, args.input, args.output, jobs=args.jobs)
        records, nbytes = report.records, report.bytes_in
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "setup": start - t0, "records": records, "bytes": nbytes,
                      "rss_mb": max(own, kids), "rss_parent_mb": own}))


# --------------------------------------------------------------- parent side


def run_child(task: str, inp: Path, out: Path, *, jobs: int = 1, prefilter: str = "auto", rules: str = "default",
              env: dict[str, str] | None = None) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__)), "--child", task, "--input", str(inp), "--output", str(out),
           "--jobs", str(jobs), "--prefilter", prefilter, "--rules", rules]
    done = subprocess.run(cmd, check=False, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if done.returncode != 0:
        raise RuntimeError(f"{task} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def row(name: str, inp: Path, jobs: int, res: dict[str, Any], note: str = "") -> dict[str, Any]:
    mbs = res["bytes"] / 1e6 / res["seconds"]
    docs = res["records"] / res["seconds"]
    line = {"case": name, "input": inp.name, "jobs": jobs, "mb_s": round(mbs, 1), "docs_s": round(docs),
            "rss_mb": round(res["rss_mb"]), "note": note}
    print(f"{name:<22} {inp.name:<26} {jobs:>4} {mbs:>8.1f} {docs:>9.0f} {res['rss_mb']:>8.0f}  {note}", flush=True)
    return line


def startup(env_cache: str | None) -> float:
    """Wall time of a fresh process that imports scrubber, builds the default Scrubber and
    cleans one short text (best of 3)."""
    code = "from scrubber import Scrubber; Scrubber().scrub('Text.\\n\\nREAD MORE: Other story')"
    env = dict(os.environ)
    best = float("inf")
    for _ in range(3):
        if env_cache is not None:
            env["SCRUBBER_CACHE_DIR"] = env_cache
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--mb", type=float, default=50, help="megabytes of article text in the corpus")
    ap.add_argument("--cases", default=",".join(ALL), help=f"comma-separated, from: {', '.join(ALL)}")
    ap.add_argument("--jobs", default="1,2", help="worker counts for the scrubber cases")
    ap.add_argument("--rss-mb", default="10,500", help="corpus sizes for the rss case")
    ap.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "scrubber-bench"))
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    ap.add_argument("--output", help=argparse.SUPPRESS)
    ap.add_argument("--prefilter", default="auto", help=argparse.SUPPRESS)
    ap.add_argument("--rules", default="default", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        args.task, args.jobs = args.child, int(args.jobs)
        child(args)
        return
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    jobs = [int(j) for j in args.jobs.split(",")]
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    plain = ensure_corpus(work, args.mb)
    print(f"corpus: {plain} ({plain.stat().st_size / 1e6:.1f} MB, share of contaminated records 0.3)\n")
    print(f"{'case':<22} {'input':<26} {'jobs':>4} {'MB/s':>8} {'docs/s':>9} {'RSS MB':>8}")
    out = work / "out"
    rows: list[dict[str, Any]] = []
    if "floor" in cases:
        rows.append(row("json round-trip floor", plain, 1, run_child("floor", plain, out.with_suffix(".jsonl"))))
    if "peer" in cases:
        try:
            import datatrove  # noqa: F401

            rows.append(row("datatrove C4 lines", plain, 1, run_child("peer", plain, out.with_suffix(".jsonl")),
                            "C4QualityFilter(min_num_sentences=-1)"))
        except ImportError:
            print("datatrove C4 lines      skipped: pip install datatrove")
    if "scrubber" in cases:
        run_child("scrubber", ensure_corpus(work, 1), out.with_suffix(".jsonl"))  # fill the caches first
        for j in jobs:
            rows.append(row("scrubber", plain, j, run_child("scrubber", plain, out.with_suffix(".jsonl"), jobs=j)))
    if "cli" in cases:
        for j in jobs:
            rows.append(row("scrubber clean (CLI)", plain, j, run_child("cli", plain, out.with_suffix(".jsonl"), jobs=j),
                            "whole command, start-up included"))
    if "gz" in cases:
        gz = ensure_corpus(work, args.mb, gz=True)
        rows.append(row("json round-trip floor", gz, 1, run_child("floor", gz, out.with_suffix(".jsonl.gz"))))
        for j in jobs:
            rows.append(row("scrubber", gz, j, run_child("scrubber", gz, out.with_suffix(".jsonl.gz"), jobs=j)))
    if "fallback" in cases:
        run_child("scrubber", ensure_corpus(work, 1), out.with_suffix(".jsonl"), prefilter="literal")
        rows.append(row("scrubber, literal", plain, 1,
                        run_child("scrubber", plain, out.with_suffix(".jsonl"), prefilter="literal"),
                        "the fallback prefilter (no Hyperscan)"))
    if "double" in cases:
        run_child("scrubber", ensure_corpus(work, 1), out.with_suffix(".jsonl"), rules="double")
        rows.append(row("scrubber, rules x2", plain, 1,
                        run_child("scrubber", plain, out.with_suffix(".jsonl"), rules="double"),
                        "every rule twice, with other phrases"))
    if "rss" in cases:
        for mb in [float(x) for x in args.rss_mb.split(",")]:
            src = ensure_corpus(work, mb)
            rows.append(row("scrubber (rss)", src, 1, run_child("scrubber", src, out.with_suffix(".jsonl"))))
    if "startup" in cases:
        with tempfile.TemporaryDirectory() as empty:  # a cold start compiles the prefilter: once
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", "from scrubber import Scrubber; Scrubber()"], check=True,
                           env={**os.environ, "SCRUBBER_CACHE_DIR": empty})
            cold = time.perf_counter() - t
        warm = startup(None)
        print(f"\nstart-up (import, build the default Scrubber, clean one text): warm cache {warm:.2f} s, "
              f"cold cache (compiles and caches the prefilter) {cold:.1f} s")
        rows.append({"case": "startup", "warm_s": round(warm, 3), "cold_s": round(cold, 1)})
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine(), "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
