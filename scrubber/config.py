"""Project configuration: `[tool.scrubber]` in pyproject.toml, or scrubber.toml / .scrubber.toml.

The file is found by walking up from the input. Keys are the kebab-case names of `Settings`
plus what only a corpus run needs: field mapping, per-file ignores, a user schema. Paths in a
config file are relative to that file. Errors name the file and the key.
"""

from __future__ import annotations

import fnmatch
import sys
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import Field, PrivateAttr, ValidationError

from scrubber.errors import ConfigError
from scrubber.io.fields import FieldMap
from scrubber.settings import Settings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

CONFIG_NAMES = (".scrubber.toml", "scrubber.toml", "pyproject.toml")


class ProjectSettings(Settings):
    """Settings plus the keys of a corpus run. `engine()` gives the part a Scrubber needs."""

    text_field: str = "text"
    id_field: str = "id"
    url_field: str = "url"
    title_field: str = "title"
    language_field: str = "language"
    published_field: str = "published"
    authors_field: str = "authors"
    source_field: str = "source"
    per_file_ignores: dict[str, list[str]] = Field(
        default_factory=dict, description="glob (relative to the config file) -> rules ignored in matching files"
    )
    schema_model: str | None = Field(None, alias="schema", description="package.module:Model to validate records with")
    _config_path: Path | None = PrivateAttr(None)

    @property
    def config_path(self) -> Path | None:
        """The file these settings came from, if any."""
        return self._config_path

    def engine(self) -> Settings:
        """The plain Settings a Scrubber is built from."""
        return Settings.model_validate(self.model_dump(include=set(Settings.model_fields)))

    def fields(self) -> FieldMap:
        return FieldMap(**{name: getattr(self, f"{name}_field") for name, _ in FieldMap().pairs()})

    def ignores_for(self, path: str) -> list[str]:
        """Rules per-file-ignores drop for `path` (globs match the path relative to the config
        file's folder, or the file name alone when the glob has no slash)."""
        if not self.per_file_ignores or path == "-":
            return []
        target = Path(path).resolve()
        base = self.config_path.parent.resolve() if self.config_path else Path.cwd()
        try:
            rel = PurePosixPath(target.relative_to(base).as_posix())
        except ValueError:
            rel = PurePosixPath(target.as_posix())
        out: list[str] = []
        for glob, codes in self.per_file_ignores.items():
            candidates = [str(rel)] if "/" in glob else [str(rel), rel.name]
            if any(fnmatch.fnmatchcase(c, glob) for c in candidates):
                out.extend(codes)
        return out


def find_config(start: Path) -> Path | None:
    """The nearest config file in `start` (a file's folder) or above; a pyproject.toml counts
    only when it has a [tool.scrubber] table."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for here in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = here / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return "scrubber" in _read(path).get("tool", {})
    except ConfigError:
        return True  # report the broken file rather than skip it


def _read(path: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        return data
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load_config(path: Path) -> ProjectSettings:
    """Read and validate one config file; ConfigError names the file and the key."""
    data = _read(path)
    prefix = ""
    if path.name == "pyproject.toml":
        data, prefix = data.get("tool", {}).get("scrubber", {}), "tool.scrubber."
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [tool.scrubber] must be a table")
    data = dict(data)
    if "extend-rules" in data and isinstance(data["extend-rules"], list):  # relative to the config file
        data["extend-rules"] = [str((path.parent / str(p)).resolve()) for p in data["extend-rules"]]
    return settings_from(data, source=f"{path}: {prefix}", config_path=path)


def settings_from(data: dict[str, Any], *, source: str = "", config_path: Path | None = None) -> ProjectSettings:
    """Validate kebab-case keys into ProjectSettings; ConfigError names `source` and the key."""
    try:
        settings = ProjectSettings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        raise ConfigError(f"{source}{key}: {msg}") from None
    settings._config_path = config_path
    return settings


def resolve_settings(start: Path | None, *, config: Path | None = None, isolated: bool = False,
                     overrides: dict[str, Any] | None = None) -> ProjectSettings:
    """The settings of a run: the config file (`config`, else found from `start`, none when
    `isolated`), then `overrides` (command-line options, kebab-case keys) on top."""
    base = ProjectSettings.model_validate({})
    if config is not None:
        if not config.is_file():
            raise ConfigError(f"{config}: no such config file")
        base = load_config(config)
    elif not isolated:
        found = find_config(start or Path.cwd())
        if found is not None:
            base = load_config(found)
    if not overrides:
        return base
    merged = {**base.model_dump(by_alias=True), **overrides}
    return settings_from(merged, source="command line: ", config_path=base.config_path)
