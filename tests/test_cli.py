"""The minimal `clean` command: txt and jsonl, standard streams, field mapping, rejects."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from scrubber.cli import main

from .conftest import FIXTURES

SEED = (FIXTURES / "seed" / "de-syria.raw.txt").read_text(encoding="utf-8")
CLEAN = (FIXTURES / "seed" / "de-syria.clean.txt").read_text(encoding="utf-8")


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_clean_txt_from_stdin() -> None:
    code, out, _ = run("clean", "-", "--format", "txt", input=SEED)
    assert code == 0 and out.rstrip() == CLEAN.rstrip()


def test_clean_txt_file_to_file(tmp_path: Path) -> None:
    src, dst = tmp_path / "a.txt", tmp_path / "out.txt"
    src.write_text(SEED, encoding="utf-8")
    code, _, _ = run("clean", str(src), "-o", str(dst))
    assert code == 0 and dst.read_text(encoding="utf-8").rstrip() == CLEAN.rstrip()


def test_clean_jsonl_keeps_fields_and_order(tmp_path: Path) -> None:
    records = [{"url": "u1", "body": SEED, "n": 1}, {"url": "u2", "body": "Plain text stays plain.", "n": 2}]
    payload = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    code, out, _ = run("clean", "-", "--format", "jsonl", "--text-field", "body", input=payload)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [list(r) for r in rows] == [["url", "body", "n"]] * 2
    assert rows[0]["body"].rstrip() == CLEAN.rstrip() and rows[1] == records[1]


def test_rejected_record_goes_to_rejects_and_exit_1(tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.jsonl"
    payload = json.dumps({"id": 1, "text": "   "}) + "\n" + json.dumps({"id": 2, "text": "Fine."}) + "\n"
    code, out, err = run("clean", "-", "--format", "jsonl", "--rejects", str(rejects), input=payload)
    assert code == 1
    assert [json.loads(x)["id"] for x in out.splitlines()] == [2]
    assert json.loads(rejects.read_text())["_rejected"][0]["reason"] == "empty"
    assert "<stdin>:1" in err


def test_bad_json_line_is_reported_with_its_line() -> None:
    payload = json.dumps({"text": "Fine."}) + "\n{oops\n"
    code, out, err = run("clean", "-", "--format", "jsonl", input=payload)
    assert code == 1 and "<stdin>:2: invalid JSON" in err and json.loads(out)["text"] == "Fine."


def test_unknown_format_is_usage_error() -> None:
    code, _, err = run("clean", "-", input="x")
    assert code == 2 and "--format" in err
