"""Custom kinds come only from installed plugins (entry points); rule files stay data."""

from __future__ import annotations

import ast
import importlib
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from scrubber import Scrubber
from scrubber.errors import RuleFileError
from scrubber.kinds import LineRule
from scrubber.ruleset.loader import load_pack
from scrubber.ruleset.plugins import plugin_kind

from .conftest import ROOT

PLUGIN = Path(__file__).parent / "data" / "plugin"
RULE = ('[pack]\nname = "mine"\n\n[[rules]]\ncode = "SH001"\nname = "shouted-line"\ncategory = "teaser"\n'
        'description = "a line in capitals"\nkind = "{kind}"\n{extra}')
TEXT = "Der Rat tagte bis spät.\n\nBREAKING NEWS FROM THE CITY\n\nDie Sitzung endete um Mitternacht."


def forget_plugins() -> None:
    plugin_kind.cache_clear()
    importlib.invalidate_caches()
    for name in [m for m in sys.modules if m.startswith(("scrubber_shout", "badplug"))]:
        del sys.modules[name]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plugin, really installed by pip (into a target folder)."""
    site = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--disable-pip-version-check",
                    "--target", str(site), str(PLUGIN)], check=True, capture_output=True)
    return site


@pytest.fixture
def on_path(installed: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(installed))
    forget_plugins()
    yield installed
    forget_plugins()


def rule_file(tmp_path: Path, kind: str = "shout", extra: str = "") -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(RULE.format(kind=kind, extra=extra), encoding="utf-8")
    return path


def fake_dist(site: Path, entry: str, module: str) -> None:
    """A distribution with one `scrubber.kinds` entry point, as pip would lay it out."""
    (site / "badplug.py").write_text(module, encoding="utf-8")
    info = site / "badplug-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: badplug\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[scrubber.kinds]\n{entry}\n", encoding="utf-8")


def test_installed_plugin_kind_cleans(on_path: Path, tmp_path: Path) -> None:
    scrubber = Scrubber(extend_rules=[rule_file(tmp_path)], default_rules=False)
    result = scrubber.scrub(TEXT)
    assert result.text == "Der Rat tagte bis spät.\n\nDie Sitzung endete um Mitternacht."
    assert [(f.code, f.line) for f in result.findings] == [("SH001", 3)]
    assert pickle.loads(pickle.dumps(scrubber)).scrub(TEXT).text == result.text


def test_plugin_options_are_validated(on_path: Path, tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match=r"mine\.toml: rule SH001: min_letters"):
        load_pack(rule_file(tmp_path, extra="min_letters = 0\n"))


def test_plugin_is_imported_only_when_a_rule_uses_it(on_path: Path, tmp_path: Path) -> None:
    Scrubber()
    assert "scrubber_shout" not in sys.modules
    load_pack(rule_file(tmp_path))
    assert "scrubber_shout" in sys.modules


def test_installed_plugin_works_in_a_fresh_interpreter(installed: Path, tmp_path: Path) -> None:
    code = ("import sys; from scrubber import Scrubber; "
            f"print(Scrubber(extend_rules=[{str(rule_file(tmp_path))!r}]).scrub(sys.stdin.read()).text)")
    env = {**os.environ, "PYTHONPATH": str(installed)}
    out = subprocess.run([sys.executable, "-c", code], input=TEXT, capture_output=True, text=True, env=env,
                         check=True, cwd=tmp_path)
    assert "BREAKING" not in out.stdout and "Mitternacht" in out.stdout


def test_unknown_kind_names_file_rule_and_mechanism(tmp_path: Path) -> None:
    forget_plugins()
    with pytest.raises(RuleFileError) as err:
        load_pack(rule_file(tmp_path))
    message = str(err.value)
    assert "mine.toml: rule SH001: unknown kind 'shout'" in message and "scrubber.kinds" in message


@pytest.mark.parametrize(("entry", "module", "reason"), [
    ("shout = badplug:Nope", "x = 1\n", "cannot be loaded: AttributeError"),
    ("shout = badplug:Thing", "class Thing:\n    pass\n", "not a subclass of scrubber.kinds.RuleBase"),
    ("shout = badplug:Wrong", ("from typing import Literal\nfrom scrubber.kinds import RuleBase\n"
                               "class Wrong(RuleBase):\n    kind: Literal['other']\n"),
     "must declare kind: Literal['shout']"),
    ("shout = badplug:X", "raise RuntimeError('boom')\n", "cannot be loaded: RuntimeError: boom"),
])
def test_broken_plugin_is_a_rule_file_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry: str,
                                            module: str, reason: str) -> None:
    site = tmp_path / "site"
    site.mkdir()
    fake_dist(site, entry, module)
    monkeypatch.syspath_prepend(str(site))
    forget_plugins()
    try:
        with pytest.raises(RuleFileError, match="plugin kind 'shout'") as err:
            load_pack(rule_file(tmp_path))
        assert reason in str(err.value) and "\n" not in str(err.value)
    finally:
        forget_plugins()


def test_plugin_cannot_replace_a_builtin_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    fake_dist(site, "line = badplug:Evil", "raise RuntimeError('plugin code ran')\n")
    monkeypatch.syspath_prepend(str(site))
    forget_plugins()
    try:
        pack = load_pack(rule_file(tmp_path, kind="line", extra="patterns = ['^X$']\n"))
        assert isinstance(pack.rules[0], LineRule) and "badplug" not in sys.modules
    finally:
        forget_plugins()


# Rule files are data: nothing in them is evaluated or imported.

HOSTILE = [
    ('kind = "os:system"\npatterns = ["x"]\n', "unknown kind 'os:system'"),
    ('kind = "line"\npatterns = ["(?{print(1)})"]\n', "does not compile"),
    ('kind = "line"\npatterns = ["x"]\n__class__ = "os.system"\n', "Extra inputs are not permitted"),
    ('kind = "line"\npatterns = ["x"]\nmessage = "{__import__(\'os\').system(\'touch PWNED\')}"\n', None),
]


@pytest.mark.parametrize(("extra", "error"), HOSTILE)
def test_rule_file_values_are_never_evaluated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str,
                                              error: str | None) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "hostile.toml"
    path.write_text(RULE.replace('kind = "{kind}"\n{extra}', extra), encoding="utf-8")
    if error:
        with pytest.raises(RuleFileError, match=error.replace("(", r"\(")):
            load_pack(path)
    else:
        scrubber = Scrubber(extend_rules=[path], default_rules=False)
        finding = scrubber.scrub("x\n\nBody text stays.").findings[0]
        assert finding.message.startswith("{__import__")  # kept as text
    assert not (tmp_path / "PWNED").exists()


def test_loading_code_has_no_evaluation_paths() -> None:
    """Loading and kinds call no eval/exec/import by name; only the plugin module loads entry points."""
    builtins = {"eval", "exec", "compile", "__import__", "open"}
    modules = {"pickle", "marshal", "yaml", "importlib", "runpy", "subprocess", "os"}
    for path in [*(ROOT / "scrubber" / "ruleset").glob("*.py"), *(ROOT / "scrubber" / "kinds").glob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        if path.name == "plugins.py":
            imported -= {"importlib"}  # importlib.metadata: entry points, the one documented way in
        assert not calls & builtins, f"{path.name} calls {calls & builtins}"
        assert not imported & modules, f"{path.name} imports {imported & modules}"
