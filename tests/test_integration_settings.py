"""Settings for the integrations: config files, overrides, and one Scrubber per settings per process."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrubber import ConfigError, Settings
from scrubber.integrations._config import resolve_settings
from scrubber.integrations.batch import ScrubBatch, shared_scrubber

PACK = '''
[pack]
name = "mine"

[[rules]]
code = "MY001"
name = "sponsored-line"
kind = "line"
category = "sponsored"
description = "A line that only says Sponsored."
patterns = ['^\\L<w>$']
[rules.lists.w]
en = ["Sponsored"]
[[rules.examples.remove]]
text = "Body.\\n\\nSponsored"
clean = "Body."
[rules.examples]
keep = ["Sponsored content is marked."]
'''


def test_pyproject_table_with_rules_relative_to_the_file(tmp_path: Path) -> None:
    (tmp_path / "my_rules").mkdir()
    (tmp_path / "my_rules" / "mine.toml").write_text(PACK, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.scrubber]\nselect = ["XL", "MY"]\nextend-rules = ["my_rules"]\n'
        'text-field = "body"\n', encoding="utf-8")
    fn = ScrubBatch(config=tmp_path / "pyproject.toml", profile="safe")
    assert fn.settings.profile == "safe"
    assert {r.code[:2] for r in fn.scrubber.active} == {"XL", "MY"}
    text = "The council met on Monday to approve the budget for next year.\n\nSponsored"
    assert fn({"text": [text]})["scrubber_findings"][0][0]["code"] == "MY001"


def test_overrides_win_and_errors_name_the_file_and_key(tmp_path: Path) -> None:
    config = tmp_path / "scrubber.toml"
    config.write_text('profile = "aggressive"\n[validation]\nmin-chars = 10\n', encoding="utf-8")
    settings = resolve_settings(config=config, overrides={"profile": "safe", "extend-ignore": ["CA"]})
    assert (settings.profile, settings.extend_ignore, settings.validation.min_chars) == ("safe", ["CA"], 10)
    config.write_text("budjet = 0.2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"scrubber\.toml: budjet: Extra inputs"):
        resolve_settings(config=config)
    config.write_text("budget = [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        resolve_settings(config=config)
    with pytest.raises(ConfigError, match="setting validation.min-chars"):
        resolve_settings(overrides={"validation": {"min-chars": -1}})


def test_one_scrubber_per_settings_per_process() -> None:
    a = shared_scrubber(Settings(select=["XL"]))
    assert shared_scrubber(Settings.model_validate({"select": ["XL"]})) is a
    assert shared_scrubber(Settings(select=["CR"])) is not a
