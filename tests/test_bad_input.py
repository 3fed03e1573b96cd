"""Regressions from fuzzing the readers, through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .clitools import rows, run

LONE = '{"id": 1, "text": "Ein halbes Zeichen \\ud800 im Text, sonst gute Prosa."}\n'
GOOD = '{"id": 2, "text": "Gute Prosa bleibt."}\n'


@pytest.mark.parametrize("name", ["in.jsonl", "in.json"])
def test_escaped_lone_surrogate_is_rejected_not_a_crash(tmp_path: Path, name: str) -> None:
    src = tmp_path / name
    src.write_text(LONE + GOOD if name.endswith("l") else f"[{LONE.strip()},\n{GOOD.strip()}]", encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    result = run("clean", src, "-o", tmp_path / f"out.{name.split('.')[1]}", "--rejects", rejects)
    assert result.code == 1, result.err
    assert f"{src}:1: lone surrogate U+D800 in field text" in result.err and "internal error" not in result.err
    (rejected,) = rows(rejects.read_text(encoding="utf-8"))
    assert rejected["_rejected"][0]["reason"] == "invalid-unicode" and "\\ud800" in rejected["_raw"]


def test_lone_surrogate_is_replaced_on_request(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(LONE + GOOD, encoding="utf-8")
    result = run("clean", src, "--encoding-errors", "replace")
    assert result.code == 0 and "replaced with U+FFFD" in result.err
    assert [r["text"] for r in rows(result.out)] == ["Ein halbes Zeichen \ufffd im Text, sonst gute Prosa.",
                                                    "Gute Prosa bleibt."]


def test_file_with_only_a_byte_order_mark_is_empty(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\xef\xbb\xbf\n")
    result = run("clean", src, "--report", tmp_path / "report.json")
    assert result.code == 1 and f"{src}: empty file" in result.err
    assert json.loads((tmp_path / "report.json").read_text())["records"]["in"] == 0
