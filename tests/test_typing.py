"""The package type-checks: mypy in strict mode (configured in pyproject.toml) reports nothing."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_mypy_strict_is_clean() -> None:
    out = subprocess.run([sys.executable, "-m", "mypy", "--strict", "-p", "scrubber"],
                         check=False, capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
