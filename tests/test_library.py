"""The library's shape: public names, no CLI or framework on import, no sys.exit, JSON, version."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from types import ModuleType

import pytest

import scrubber
from scrubber import Finding, ScrubberError, ScrubResult, Severity, scrub
from scrubber import api as api_module

from .conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PACKAGE = ROOT / "scrubber"
BODY = "The council met on Monday to approve the budget for next year."


def test_public_names_are_exported_and_documented() -> None:
    assert sorted(scrubber.__all__) == sorted(set(scrubber.__all__))
    for name in scrubber.__all__:
        obj = getattr(scrubber, name)
        assert obj.__doc__, f"scrubber.{name} has no docstring"
    # Submodules become attributes of the package once imported; only non-module names count.
    public = {n for n, v in vars(scrubber).items() if not n.startswith("_") and not isinstance(v, ModuleType)}
    assert public <= set(scrubber.__all__), f"public but not in __all__: {public - set(scrubber.__all__)}"
    assert (PACKAGE / "py.typed").is_file()


def test_errors_are_typed() -> None:
    for name in ("RuleFileError", "ConfigError", "InputError"):
        assert issubclass(getattr(scrubber, name), ScrubberError)


def test_importing_the_library_loads_no_cli_and_no_framework() -> None:
    code = ("import sys, scrubber; scrubber.scrub('Text.'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'click', 'scrapy', 'datasets', 'pandas', 'twisted'} or m.startswith(('scrubber.cli', 'scrubber.integrations'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_only_the_cli_exits() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "cli" in path.relative_to(PACKAGE).parts or path.name == "__main__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                if name in ("sys.exit", "exit", "quit", "os._exit"):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}()")
    assert not offenders


def test_results_and_findings_serialise_to_plain_json() -> None:
    result = scrub(BODY + "\n\nREAD MORE: Another story here")
    assert result.status == "cleaned"
    data = json.loads(result.model_dump_json())
    assert data["findings"][0]["code"] == "XL001" and data["findings"][0]["severity"] == "warning"
    assert ScrubResult.model_validate(data) == result
    finding = result.findings[0]
    assert Finding.model_validate_json(finding.model_dump_json()) == finding
    assert finding.severity is Severity.WARNING


def test_default_scrubber_loads_the_rules_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = api_module.load_rules
    monkeypatch.setattr(api_module, "load_rules", lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
    api_module.default_scrubber.cache_clear()
    try:
        for text in ("One.", "Two.\n\nREAD MORE: Three stories", "Four."):
            scrub(text)
        assert len(calls) == 1
    finally:
        api_module.default_scrubber.cache_clear()


def test_version_is_semantic_and_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert scrubber.__version__ == project["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?(?:\.dev\d+)?", project["version"])
    changes = (ROOT / "CHANGES.md").read_text(encoding="utf-8")
    assert "## Unreleased" in changes


def test_python_dash_m_runs_the_cli() -> None:
    out = subprocess.run([sys.executable, "-m", "scrubber", "--version"],
                         check=False, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and scrubber.__version__ in out.stdout
    out = subprocess.run([sys.executable, "-m", "scrubber", "clean", "-", "--format", "txt"],
                         input=BODY + "\n\nREAD MORE: Another story here\n",
                         check=False, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and out.stdout.strip() == BODY
