"""The code passes the linter: ruff (pinned in the `test` extra, configured in pyproject.toml)
reports nothing over the package, the tests and the benchmarks."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_ruff_is_clean() -> None:
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "scrubber", "tests", "bench"],
                         check=False, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
