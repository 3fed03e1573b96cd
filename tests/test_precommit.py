"""The pre-commit hooks, run by pre-commit itself against a small fixture repository.

pre-commit builds a fresh virtual environment and installs the hook repository into it, as it
would for a user. The hook repository is a copy of this checkout's working tree (committed in a
temporary git repository), so the test sees uncommitted changes too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .clitools import CLEAN, SEED, jsonl
from .conftest import ROOT

pytest.importorskip("pre_commit")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def hook_repo(dest: Path, env: dict[str, str]) -> Path:
    """This checkout's package sources as a one-commit git repository."""
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", ".venv", "build", "dist")
    for name in ("scrubber", "rules"):
        shutil.copytree(ROOT / name, dest / name, ignore=skip)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, dest / name)
    git(dest, "init", "-q")
    git(dest, "add", ".")
    subprocess.run(["git", "commit", "-qm", "hooks"], cwd=dest, env=env, check=True, capture_output=True)
    return dest


def try_repo(repo: Path, hooks: Path, hook: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hooks), hook, "--all-files",
                           "--color", "never"], cwd=repo, env=env, capture_output=True, text=True, timeout=900,
                          check=False)


@pytest.mark.slow
def test_hooks_check_then_clean_a_fixture_repository(tmp_path: Path) -> None:
    repo = tmp_path / "corpus-repo"
    (repo / "articles").mkdir(parents=True)
    (repo / "articles" / "syria.txt").write_text(SEED, encoding="utf-8")
    (repo / "records.jsonl").write_text(jsonl([{"id": 1, "text": "A clean article body."}]), encoding="utf-8")
    (repo / "notes.md").write_text("READ MORE: not a corpus file, never checked\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    hooks = hook_repo(tmp_path / "hooks", env)

    checked = try_repo(repo, hooks, "scrubber-check", env)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "articles/syria.txt:3:1: CR001 [*] image credit line" in checked.stdout
    assert "notes.md" not in checked.stdout

    cleaned = try_repo(repo, hooks, "scrubber-clean", env)
    assert cleaned.returncode == 1 and "files were modified by this hook" in cleaned.stdout, cleaned.stdout
    assert (repo / "articles" / "syria.txt").read_text(encoding="utf-8") == CLEAN.rstrip("\n")

    git(repo, "add", ".")
    again = try_repo(repo, hooks, "scrubber-check", env)
    assert again.returncode == 0, again.stdout
    assert (repo / "notes.md").read_text(encoding="utf-8").startswith("READ MORE")
