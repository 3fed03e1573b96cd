"""A real, non-editable install into a fresh virtual environment finds the bundled rule packs."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT


@pytest.mark.slow
def test_wheel_install_carries_rule_packs(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    pip = [str(bin_dir / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, str(ROOT)], check=True, cwd=tmp_path)
    seed = (FIXTURES / "seed" / "de-syria.raw.txt").read_bytes()
    out = subprocess.run([str(bin_dir / "scrubber"), "clean", "-", "--format", "txt"], input=seed,
                         capture_output=True, check=True, cwd=tmp_path)
    expected = (FIXTURES / "seed" / "de-syria.clean.txt").read_text(encoding="utf-8")
    assert out.stdout.decode("utf-8").rstrip() == expected.rstrip()
    where = subprocess.run([str(bin_dir / "python"), "-c",
                            "from scrubber.ruleset.loader import default_rules_dir; print(default_rules_dir())"],
                           capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert str(env_dir) in where, f"rules loaded from {where!r}, not from the installed package"
    assert sys.prefix not in where or str(env_dir) in where
