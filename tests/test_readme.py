"""The README's config example and hook ids are real: a drift here misleads every new user."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from .clitools import SEED, run
from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def block(lang: str, containing: str) -> str:
    return next(b for b in re.findall(rf"```{lang}\n(.*?)```", README, re.DOTALL) if containing in b)


def test_readme_config_example_is_valid(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(block("toml", "[tool.scrubber]"), encoding="utf-8")
    (tmp_path / "rules" / "house").mkdir(parents=True)
    (tmp_path / "a.jsonl").write_text('{"doc_id": 1, "url": "https://a", "body": ' + json.dumps(SEED, ensure_ascii=False) + "}\n")
    r = run("check", tmp_path / "a.jsonl", "--output-format", "concise")
    assert r.code == 1 and r.exception is None, r.err
    assert "CR001" in r.out and "XL001" in r.out


def test_readme_hooks_exist_and_select_data_files() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    used = yaml.safe_load(block("yaml", "repos:"))["repos"][0]["hooks"]
    assert {h["id"] for h in used} <= set(hooks)
    pattern = re.compile(hooks["scrubber-check"]["files"])
    for name in ("a.txt", "b.jsonl", "c.jsonl.gz", "d.json", "e.parquet"):
        assert pattern.search(name), name
    assert not pattern.search("README.md") and all(h["require_serial"] for h in hooks.values())


def test_readme_workflow_is_valid_yaml_and_uses_check() -> None:
    workflow = yaml.safe_load(block("yaml", "jobs:"))
    steps = workflow["jobs"]["scrubber"]["steps"]
    runs = [s["run"] for s in steps if "run" in s]
    assert any("--output-format github" in r for r in runs) and any("--output-format sarif" in r for r in runs)
