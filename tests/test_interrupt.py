"""An interrupted run leaves no half-written file under the final name (real processes, real signals)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .clitools import SEED, jsonl


def start_clean(tmp_path: Path, jobs: str) -> tuple[subprocess.Popen[bytes], Path]:
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "scrubber", "clean", "-", "--format", "jsonl", "-o", str(out),
                             "-j", jobs],
                            stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdin is not None
    proc.stdin.write(jsonl([{"id": i, "text": SEED} for i in range(50)]).encode())
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out.jsonl.*.tmp")):  # writing has begun
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.05)
    time.sleep(0.3)
    return proc, out


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_interrupted_run_leaves_no_output_file(tmp_path: Path, sig: signal.Signals, jobs: str) -> None:
    proc, out = start_clean(tmp_path, jobs)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert not out.exists()
    if sig != signal.SIGKILL:  # a catchable signal also removes the temporary file
        assert list(tmp_path.iterdir()) == [], list(tmp_path.iterdir())
        assert b"Traceback" not in err and err.strip().count(b"\n") == 0, err
