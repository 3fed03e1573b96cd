"""Config files: found by walking up, pyproject or scrubber.toml, errors naming file and key,
paths relative to the config file, command line over config."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrubber.config import find_config, load_config, resolve_settings
from scrubber.errors import ConfigError

from .clitools import SEED, jsonl, rows, run


def test_found_by_walking_up_from_the_input(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')  # no [tool.scrubber]: skipped
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "scrubber.toml").write_text('select = ["XL"]\n')
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert find_config(deep / "x.jsonl") == tmp_path / "a" / "scrubber.toml"
    (deep / ".scrubber.toml").write_text("")
    assert find_config(deep / "x.jsonl") == deep / ".scrubber.toml"
    (tmp_path / "pyproject.toml").write_text("[tool.scrubber]\nprofile = 'safe'\n")
    assert find_config(tmp_path / "x.jsonl") == tmp_path / "pyproject.toml"
    assert load_config(tmp_path / "pyproject.toml").profile == "safe"


def test_errors_name_the_file_and_the_key(tmp_path: Path) -> None:
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text("[tool.scrubber]\nbudget = 3\n")
    with pytest.raises(ConfigError, match=r"pyproject.toml: tool.scrubber.budget: Input should be less than"):
        load_config(cfg)
    cfg.write_text("[tool.scrubber.validation]\nmin-chars = 'x'\n")
    with pytest.raises(ConfigError, match=r"tool.scrubber.validation.min-chars"):
        load_config(cfg)
    cfg.write_text("[tool.scrubber]\nselcet = ['XL']\n")
    with pytest.raises(ConfigError, match=r"tool.scrubber.selcet: unknown key"):
        load_config(cfg)
    cfg.write_text("[tool.scrubber\n")
    with pytest.raises(ConfigError, match=r"pyproject.toml: invalid TOML"):
        load_config(cfg)


def test_invalid_config_exits_2_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "scrubber.toml").write_text('profile = "reckless"\n')
    (tmp_path / "a.txt").write_text("Text.")
    r = run("check", tmp_path / "a.txt")
    assert r.code == 2 and r.exception is None
    assert r.err.strip().count("\n") == 0 and "scrubber.toml: profile:" in r.err
    assert "Traceback" not in r.err


def test_every_config_key_reaches_the_run(tmp_path: Path) -> None:
    rules = tmp_path / "myrules"
    rules.mkdir()
    (rules / "pack.toml").write_text('''[pack]
name = "mine"
[[rules]]
code = "ZZ001"
name = "house-ad"
kind = "line"
category = "house-ad"
severity = "error"
description = "Our own house ad."
patterns = ['^Subscribe to the Daily Widget$']
examples.remove = ["Subscribe to the Daily Widget"]
examples.keep = ["We subscribe to the view that widgets matter."]
''')
    (tmp_path / "pyproject.toml").write_text('''[tool.scrubber]
select = ["XL", "ZZ"]
extend-rules = ["myrules"]
text-field = "body"
id-field = "doc"
profile = "safe"
budget = 0.9
severity = { XL001 = "info" }
per-file-ignores = { "skip-*.jsonl" = ["ZZ001"] }
[tool.scrubber.validation]
min-chars = 5
''')
    sub = tmp_path / "data"
    sub.mkdir()
    text = "Body text here.\n\nSubscribe to the Daily Widget\n\nLESEN\u00a0 Guinness-Vorräte vor Weihnachten begrenzt"
    (sub / "a.jsonl").write_text(jsonl([{"doc": "d1", "body": text}, {"doc": "d2", "body": "tiny"}]))
    (sub / "skip-b.jsonl").write_text(jsonl([{"doc": "d3", "body": text}]))
    r = run("check", sub, "--output-format", "json-lines")
    found = {(f["location"]["path"].split("/")[-1], f["code"], f["severity"], f["record_key"]) for f in rows(r.out)}
    assert found == {("a.jsonl", "ZZ001", "error", "id:d1"), ("a.jsonl", "XL001", "info", "id:d1"),
                     ("skip-b.jsonl", "XL001", "info", "id:d3")}
    r = run("clean", sub / "a.jsonl")
    assert r.code == 1 and "data/a.jsonl:2: too-short" in r.err  # min-chars from the config
    assert rows(r.out)[0]["body"] == "Body text here."


def test_command_line_beats_config_and_isolated_ignores_it(tmp_path: Path) -> None:
    (tmp_path / "scrubber.toml").write_text('select = ["CR"]\nignore = ["XL001"]\n')
    src = tmp_path / "a.txt"
    src.write_text(SEED)
    codes = lambda r: {line.split(" ")[1] for line in r.out.splitlines()[:-1]}
    assert codes(run("check", src, "--output-format", "concise")) == {"CR001"}
    assert codes(run("check", src, "--output-format", "concise", "--select", "XL001")) == set()  # ignored by config
    assert codes(run("check", src, "--output-format", "concise", "--select", "XL001", "--ignore", "PL")) == {"XL001"}
    assert codes(run("check", src, "--output-format", "concise", "--extend-select", "PL")) == {"CR001", "PL001"}
    assert "XL001" in codes(run("check", src, "--output-format", "concise", "--isolated"))


def test_explicit_config_file_and_relative_paths(tmp_path: Path) -> None:
    conf_dir = tmp_path / "conf"
    conf_dir.mkdir()
    (conf_dir / "rules").mkdir()
    cfg = conf_dir / "custom.toml"
    cfg.write_text('extend-rules = ["rules"]\nselect = ["CR001"]\n')
    settings = resolve_settings(None, config=cfg)
    assert settings.extend_rules == [(conf_dir / "rules").resolve()]
    src = tmp_path / "a.txt"
    src.write_text(SEED)
    r = run("check", src, "--config", cfg, "--output-format", "concise")
    assert {line.split(" ")[1] for line in r.out.splitlines()[:-1]} == {"CR001"}
    r = run("check", src, "--config", tmp_path / "missing.toml")
    assert r.code == 2 and "missing.toml: no such config file" in r.err


def test_unknown_selector_is_a_usage_error(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Text.")
    r = run("check", src, "--select", "XLL9")
    assert r.code == 2 and "XLL9 names no rule" in r.err
