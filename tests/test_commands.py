"""rules, rule, test-rules, validate, schema, eval's shared options; errors, -v, progress."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from scrubber.ruleset.docs import markdown
from scrubber.ruleset.loader import default_rules_dir, load_rules

from .clitools import SEED, jsonl, run
from .conftest import FIXTURES, ROOT

PACK = '''[pack]
name = "mine"

[[rules]]
code = "ZZ001"
name = "house-ad"
kind = "line"
category = "house-ad"
description = "Our own house ad."
patterns = ['^Subscribe to the Daily Widget$']
examples.remove = [{{ text = "Body.\\n\\nSubscribe to the Daily Widget", clean = "{clean}" }}]
examples.keep = ["We subscribe to the view that widgets matter."]
'''


def test_docs_rules_md_matches_the_rule_files() -> None:
    expected = markdown(load_rules([default_rules_dir()]))
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md is stale: run `scrubber rules --format markdown --isolated > docs/rules.md`"
    assert run("rules", "--format", "markdown", "--isolated").out == expected


def test_rules_listing_formats_and_selection() -> None:
    r = run("rules", "--isolated")
    assert r.code == 0 and any(line.startswith("* XL001 ") for line in r.out.splitlines())
    listed = json.loads(run("rules", "--format", "json", "--isolated", "--select", "XL").out)
    assert {x["code"]: x["enabled"] for x in listed}["XL001"] is True
    assert {x["code"]: x["enabled"] for x in listed}["CR001"] is False
    enabled = json.loads(run("rules", "--format", "json", "--isolated", "--select", "XL", "--enabled").out)
    assert {x["code"] for x in enabled} == {r.code for r in load_rules([default_rules_dir()]) if r.code.startswith("XL")}


def test_rule_explains_with_examples() -> None:
    r = run("rule", "XL001")
    assert r.code == 0 and r.out.startswith("XL001 read-marker-capitals\n")
    assert "confidence: high" in r.out and "languages: " in r.out and "de, " in r.out
    assert "Removed:" in r.out and "Kept:" in r.out and "READ ALL ABOUT IT" in r.out
    assert run("rule", "read-marker-capitals").out == r.out and run("rule", "xl001").out == r.out
    data = json.loads(run("rule", "CR001", "--format", "json").out)
    assert data["confidence"] == "high" and data["examples"]["keep"]
    missing = run("rule", "ZZ999")
    assert missing.code == 2 and "no rule 'ZZ999'" in missing.err


def test_test_rules_on_bundled_and_own_packs(tmp_path: Path) -> None:
    r = run("test-rules")
    assert r.code == 0 and "0 problem(s)" in r.err
    good = tmp_path / "good"
    good.mkdir()
    (good / "pack.toml").write_text(PACK.format(clean="Body."), encoding="utf-8")
    r = run("test-rules", good)
    assert r.code == 0 and "1 rules, 2 examples, 0 problem(s)" in r.err
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "pack.toml").write_text(PACK.format(clean="Wrong."), encoding="utf-8")
    r = run("test-rules", bad)
    assert r.code == 1 and "ZZ001 example 1" in r.err and "expected 'Wrong.'" in r.err
    broken = tmp_path / "broken.toml"
    broken.write_text(PACK.format(clean="Body.").replace('kind = "line"', 'kind = "lime"'), encoding="utf-8")
    r = run("test-rules", broken)
    assert r.code == 2 and f"{broken}: rule ZZ001" in r.err and "Traceback" not in r.err


def test_test_rules_keeps_bundled_anchors(tmp_path: Path) -> None:
    """A user's caption rule anchored on a bundled credit rule runs its examples."""
    (tmp_path / "cap.toml").write_text('''[pack]
name = "captions"
[[rules]]
code = "ZC001"
name = "my-caption"
kind = "caption"
category = "caption"
anchors = ["CR001"]
description = "A caption above a credit."
examples.remove = [{ text = "Soldiers march through the old town square.\\n\\nGetty Images\\n\\nBody text follows here.", clean = "Getty Images\\n\\nBody text follows here." }]
examples.keep = ["A headline\\n\\nBody text."]
''', encoding="utf-8")
    r = run("test-rules", tmp_path)
    assert r.code == 0, r.err


def test_validate(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    src.write_text(jsonl([{"id": 1, "text": SEED}, {"id": 2, "text": " "}, {"id": 3, "text": "x", "title": 4}])
                   + "{oops\n", encoding="utf-8")
    r = run("validate", src)
    assert r.code == 1
    assert r.out.splitlines() == [f"{src}:2: empty: the body is empty",
                                  f"{src}:3: invalid-field: field 'title': Input should be a valid string"]
    assert f"error: {src}:4: invalid JSON" in r.err and "4 records in 1 file(s), 3 invalid" in r.err
    assert src.read_text().startswith('{"id": 1, "text": "')  # nothing changed
    ok = tmp_path / "ok.jsonl"
    ok.write_text(jsonl([{"text": SEED}]), encoding="utf-8")
    assert run("validate", ok).code == 0  # validation only: findings do not fail it


def test_schema_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = json.loads(run("schema").out)
    assert article["required"] == ["text"] and "url" in article["properties"]
    config = json.loads(run("schema", "--config").out)
    assert {"text-field", "per-file-ignores", "extend-rules", "schema"} <= set(config["properties"])
    (tmp_path / "mine.py").write_text("from pydantic import BaseModel\nclass Doc(BaseModel):\n    body: str\n")
    monkeypatch.chdir(tmp_path)
    assert json.loads(run("schema", "--schema", "mine:Doc").out)["required"] == ["body"]
    assert run("schema", "--schema", "mine:Nope").code == 2


def test_eval_takes_the_shared_options(tmp_path: Path) -> None:
    path = FIXTURES / "articles" / "de"
    everything = json.loads(run("eval", path, "--json", "--isolated").out)
    only_xl = json.loads(run("eval", path, "--json", "--isolated", "--select", "XL").out)
    assert only_xl["overall"]["findings"] < everything["overall"]["findings"]
    (tmp_path / "scrubber.toml").write_text('select = ["XL"]\n')
    configured = json.loads(run("eval", path, "--json", "--config", tmp_path / "scrubber.toml").out)
    assert configured["overall"] == only_xl["overall"]


def test_internal_errors_are_one_line_unless_verbose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "exploding.py").write_text("raise RuntimeError('boom at import')\n")
    monkeypatch.chdir(tmp_path)
    r = run("clean", "-", "--format", "txt", "--schema", "exploding:Model", input="Text.")
    assert r.code == 2 and r.exception is None
    assert r.err == "error: internal error: RuntimeError: boom at import (run with -v for the traceback)\n"
    sys.modules.pop("exploding", None)
    r = run("clean", "-", "--format", "txt", "--schema", "exploding:Model", "-v", input="Text.")
    assert r.code == 2 and "Traceback (most recent call last)" in r.err and "boom at import" in r.err


def test_garbage_input_never_shows_a_traceback(tmp_path: Path) -> None:
    for name, data in (("a.jsonl", os.urandom(4000)), ("b.json", os.urandom(4000)), ("c.jsonl.gz", os.urandom(4000)),
                       ("d.txt", os.urandom(4000)), ("e.json", b"[" * 5000)):
        (tmp_path / name).write_bytes(data)
    for command in ("clean", "check", "validate"):
        r = run(command, tmp_path, *(["-o", str(tmp_path / "out")] if command == "clean" else []))
        assert r.code == 1 and r.exception is None, (command, r.err)
        assert "Traceback" not in r.err
        assert all(line.startswith(("error:", "rejected:", "warning:")) or " records in " in line
                   for line in r.err.splitlines()), r.err


def test_progress_only_on_a_terminal(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    src.write_text(jsonl([{"text": "Body of an article.\n\nREAD MORE: Another story here\n\nMore."}] * 1500))

    def stderr_of(*extra: str, tty: bool) -> bytes:
        cmd = [sys.executable, "-m", "scrubber", "check", str(src), "--statistics", *extra]
        if not tty:
            return subprocess.run(cmd, capture_output=True, check=False).stderr
        primary, secondary = pty.openpty()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=secondary, check=False)
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(primary)
        assert proc.returncode == 1
        return b"".join(chunks)

    on_tty = stderr_of(tty=True)
    assert b"\r" in on_tty and b" records" in on_tty
    assert b"\r" not in stderr_of("--no-progress", tty=True)
    assert b"\r" not in stderr_of(tty=False)


def test_version_and_help() -> None:
    assert run("--version").out.startswith("main, version ") or "version" in run("--version").out
    helptext = run("--help").out
    for command in ("clean", "check", "rules", "rule", "test-rules", "validate", "schema", "eval"):
        assert f"  {command} " in helptext


def test_a_closed_pipe_stops_quietly(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    src.write_text(jsonl([{"text": "Body of an article.\n\nREAD MORE: Another story here\n\nMore."}] * 3000))
    proc = subprocess.Popen([sys.executable, "-m", "scrubber", "check", str(src), "--output-format", "concise"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(str(src).encode())
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 1
    assert b"Traceback" not in err and b"Exception ignored" not in err, err
