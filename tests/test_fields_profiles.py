"""Field mapping flags (--text-field, --id-field, --title-field, ...), --profile, --extend-rules,
and the layering rule that the core never imports the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from scrubber.io.fields import ARTICLE_FIELDS

from .clitools import SEED, jsonl, rows, run
from .conftest import ROOT


@pytest.mark.parametrize("name", [n for n in ARTICLE_FIELDS if n != "text"])
def test_each_field_flag_maps_a_record_field(tmp_path: Path, name: str) -> None:
    (tmp_path / "scrubber.toml").write_text(f'[validation]\nrequired = ["{name}"]\n')
    value: object = ["A. Author"] if name == "authors" else "v1"
    src = tmp_path / "c.jsonl"
    src.write_text(jsonl([{"body": SEED, f"my_{name}": value}, {"body": SEED}]), encoding="utf-8")
    r = run("validate", src, "--text-field", "body", f"--{name}-field", f"my_{name}")
    assert r.code == 1 and r.out.splitlines() == [f"{src}:2: missing-field: required field {name!r} is missing or empty"]
    assert run("validate", src, "--text-field", "body").out.count("missing-field") == 2  # without the flag


def test_id_and_url_fields_name_records_in_reports_and_baselines(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    src.write_text(jsonl([{"doc": "d-1", "link": "https://x/1", "text": SEED}, {"link": "https://x/2", "text": SEED}]))
    out = rows(run("check", src, "--id-field", "doc", "--url-field", "link", "--output-format", "json-lines",
                   "--select", "CR001").out)
    assert [f["record_key"] for f in out] == ["id:d-1", "url:https://x/2"]
    out = rows(run("check", "-", "--format", "jsonl", "--output-format", "json-lines", "--select", "CR001",
                   input=src.read_text()).out)
    assert [f["record_key"] for f in out] == [None, None] and out[0]["location"]["path"] == "<stdin>"


def test_profile(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(SEED, encoding="utf-8")

    def codes(*args: str) -> set[str]:
        return {f["code"] for f in rows(run("check", src, "--output-format", "json-lines", *args).out)}

    assert {"CA001", "VD001"} <= codes()  # medium-confidence rules run by default
    safe = codes("--profile", "safe")
    assert "CA001" not in safe and "VD001" not in safe and "CR001" in safe
    assert "CA001" in codes("--profile", "safe", "--select", "ALL", "--extend-select", "CA001")  # exact code opts in


BODY = "The council met on Tuesday and agreed on the new budget for the harbour."


def test_extend_rules_on_the_command_line(tmp_path: Path) -> None:
    rules = tmp_path / "extra"
    rules.mkdir()
    (rules / "ads.toml").write_text('''[pack]
name = "ads"
[[rules]]
code = "ZZ001"
name = "house-ad"
kind = "line"
category = "house-ad"
description = "Our own house ad."
patterns = ['^Subscribe to the Daily Widget$']
examples.remove = ["Subscribe to the Daily Widget"]
examples.keep = ["We subscribe to the view that widgets matter."]
''')
    r = run("clean", "-", "--format", "txt", "--extend-rules", rules, input=BODY + "\n\nSubscribe to the Daily Widget\n")
    assert r.code == 0 and r.out == BODY + "\n"
    assert "ZZ001" in run("rules", "--extend-rules", rules).out


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_core_never_imports_the_cli_nor_exits() -> None:
    core = [p for p in (ROOT / "scrubber").rglob("*.py") if "cli" not in p.relative_to(ROOT / "scrubber").parts
            and p.name != "__main__.py"]
    assert len(core) > 20
    for path in core:
        imported = _imports(path)
        assert not {m for m in imported if m == "click" or m.startswith(("scrubber.cli", "click."))}, path
        assert "sys.exit" not in path.read_text(encoding="utf-8"), path
