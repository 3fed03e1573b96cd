"""Killing a real `scrubber clean` mid-run: inputs untouched, nothing partial under a final name.

Each test starts the installed command on a generated corpus file, waits until it is writing,
sends a real signal, and then inspects the disk.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .clitools import SEED

RECORDS = 1500  # ~11 MB of articles: the run lasts well beyond the moment of the signal
CATCHABLE = [signal.SIGINT, signal.SIGTERM]


def corpus(path: Path, n: int = RECORDS) -> Path:
    lines = (json.dumps({"id": i, "url": f"https://example.org/{i}", "text": SEED}, ensure_ascii=False) + "\n"
             for i in range(n))
    data = "".join(lines).encode("utf-8")
    path.write_bytes(gzip.compress(data, compresslevel=1) if path.suffix == ".gz" else data)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under `folder`: its content hash and inode (a rewrite changes one or the other)."""
    return {str(p.relative_to(folder)): (digest(p), p.stat().st_ino) for p in sorted(folder.rglob("*")) if p.is_file()}


def start(args: list[str], cwd: Path, writing: Path, jobs: str = "1") -> subprocess.Popen[bytes]:
    """Run `scrubber clean ARGS`; return a second after it has opened a temporary file in `writing`
    (records are being cleaned and written by then; compressed output may still sit in a buffer)."""
    proc = subprocess.Popen([sys.executable, "-m", "scrubber", "clean", *args, "-j", jobs, "--no-progress"],
                            cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not list(writing.glob(".*.tmp")):
        if proc.poll() is not None:
            pytest.fail(f"the run ended before it was interrupted: {proc.stderr.read() if proc.stderr else ''!r}")
        assert time.monotonic() < deadline, "the run never started writing"
        time.sleep(0.02)
    time.sleep(1.0)
    assert proc.poll() is None, "the run finished before the signal: make the corpus larger"
    return proc


def stop(proc: subprocess.Popen[bytes], sig: signal.Signals) -> str:
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode != 0, "an interrupted run must not report success"
    return err.decode("utf-8", "replace")


def one_line_error(err: str) -> None:
    assert "Traceback" not in err and err.strip().count("\n") == 0 and err.startswith("error:"), err


@pytest.mark.parametrize("sig", CATCHABLE, ids=lambda s: s.name)
@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_output_file_never_appears_half_written(tmp_path: Path, sig: signal.Signals, suffix: str) -> None:
    (tmp_path / "in").mkdir()
    src = corpus(tmp_path / "in" / f"big{suffix}")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = snapshot(tmp_path / "in")
    proc = start([str(src), "-o", str(out_dir / f"clean{suffix}"), "--rejects", str(out_dir / "rejects.jsonl"),
                  "--report", str(out_dir / "report.json")], tmp_path, out_dir)
    one_line_error(stop(proc, sig))
    assert snapshot(tmp_path / "in") == before
    assert list(out_dir.iterdir()) == []  # no output, no rejects, no report, no temporary file


@pytest.mark.parametrize("sig", CATCHABLE, ids=lambda s: s.name)
def test_existing_output_is_kept_when_a_rerun_is_interrupted(tmp_path: Path, sig: signal.Signals) -> None:
    src = corpus(tmp_path / "big.jsonl")
    out = tmp_path / "clean.jsonl"
    out.write_text('{"text": "the previous run"}\n', encoding="utf-8")
    proc = start([str(src), "-o", str(out)], tmp_path, tmp_path, jobs="2")
    one_line_error(stop(proc, sig))
    assert out.read_text(encoding="utf-8") == '{"text": "the previous run"}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl", "clean.jsonl"]


@pytest.mark.parametrize("sig", [*CATCHABLE, signal.SIGKILL], ids=lambda s: s.name)
def test_in_place_original_survives(tmp_path: Path, sig: signal.Signals) -> None:
    data = tmp_path / "data"
    data.mkdir()
    corpus(data / "big.jsonl")
    before = snapshot(data)
    proc = start([str(data / "big.jsonl"), "--in-place", "--rejects", str(tmp_path / "rejects.jsonl")], tmp_path, data)
    err = stop(proc, sig)
    after = snapshot(data)
    assert after["big.jsonl"] == before["big.jsonl"]  # same bytes, same file: never replaced
    leftovers = sorted(set(after) - {"big.jsonl"})
    if sig == signal.SIGKILL:  # nothing can clean up after SIGKILL, but the temporary name is not the final one
        assert all(name.startswith(".big.jsonl.") and name.endswith(".tmp") for name in leftovers), leftovers
    else:
        one_line_error(err)
        assert leftovers == [] and not (tmp_path / "rejects.jsonl").exists()


@pytest.mark.parametrize("sig", CATCHABLE, ids=lambda s: s.name)
def test_folder_output_holds_only_complete_files(tmp_path: Path, sig: signal.Signals) -> None:
    src = tmp_path / "in"
    src.mkdir()
    corpus(src / "a_small.jsonl", 50)
    corpus(src / "b_big.jsonl")
    before = snapshot(src)
    out = tmp_path / "out"
    proc = start([str(src), "-o", str(out)], tmp_path, out)
    one_line_error(stop(proc, sig))
    assert snapshot(src) == before
    done = sorted(p.name for p in out.rglob("*") if p.is_file())
    assert done in ([], ["a_small.jsonl"]), done  # the finished file may be there, the unfinished one not
    for name in done:
        assert len((out / name).read_text(encoding="utf-8").splitlines()) == 50
