"""Settings for integrations: a config file, then overrides, merged into one Settings.

The file format is the CLI's: `[tool.scrubber]` in `pyproject.toml`, or the same keys at the top
level of `scrubber.toml`. Keys that only the command line uses are accepted and ignored here.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scrubber.errors import ConfigError
from scrubber.settings import Settings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# Keys of the shared config file that shape a command-line run rather than a Scrubber.
CLI_ONLY = frozenset({
    "text-field", "format", "output-format", "output-file", "rejects", "per-file-ignores",
    "jobs", "exit-zero", "fail-on", "baseline", "statistics", "progress", "color", "quiet", "verbose",
})


def read_config(path: str | Path) -> dict[str, Any]:
    """The scrubber table of a config file, with `extend-rules` resolved against the file's folder."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("scrubber", {})
    table = {k.replace("_", "-"): v for k, v in data.items() if k.replace("_", "-") not in CLI_ONLY}
    if "extend-rules" in table:
        table["extend-rules"] = [str(path.parent / p) for p in table["extend-rules"]]
    return table


def resolve_settings(
    settings: Settings | None = None, config: str | Path | None = None, overrides: Mapping[str, Any] | None = None
) -> Settings:
    """`settings` (or the defaults), then the keys of `config`, then `overrides`; kebab or snake keys."""
    merged = (settings or Settings()).model_dump()
    layers = [(str(config), read_config(config))] if config is not None else []
    layers.append(("setting", dict(overrides or {})))
    for where, layer in layers:
        merged.update({k.replace("-", "_"): v for k, v in layer.items()})
        try:
            result = Settings.model_validate(merged)
        except ValidationError as exc:
            err = exc.errors()[0]
            key = ".".join(str(p).replace("_", "-") for p in err["loc"])
            prefix = f"{where}: " if where != "setting" else "setting "
            raise ConfigError(f"{prefix}{key}: {err['msg']}") from None
    return result
