"""Find and load rule packs (TOML), validating every rule with a located error."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, TypeAdapter, ValidationError

from scrubber import cache
from scrubber.errors import RuleFileError
from scrubber.kinds import Rule
from scrubber.ruleset import compiled
from scrubber.ruleset.lint import RuleWarning, lint_rule
from scrubber.ruleset.plugins import builtin_kinds, plugin_kind

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_RULE: TypeAdapter[Rule] = TypeAdapter(Rule)


class PackMeta(BaseModel):
    """The `[pack]` table of a rule file."""

    model_config = ConfigDict(extra="forbid")
    name: str
    description: str = ""


class RulePack(BaseModel):
    """One rule file: its metadata, its rules, and where it came from."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    pack: PackMeta
    rules: list[Any] = Field(default_factory=list)
    path: Path | None = None
    _warnings: list[RuleWarning] | None = PrivateAttr(default=None)

    @property
    def warnings(self) -> list[RuleWarning]:
        """The load-time lint (nested quantifiers), worked out on first use (~0.1 s for the
        bundled packs, which start-up skips)."""
        if self._warnings is None:
            self._warnings = [w for rule in self.rules for w in lint_rule(rule, self.path)]
        return self._warnings


def default_rules_dir() -> Path:
    """The bundled packs: inside the installed package, or `rules/` of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RuleFileError(f"bundled rule packs not found under {here}")


def _error(path: Path, code: str, exc: ValidationError) -> RuleFileError:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"] if not str(p).endswith("Rule"))
    detail = err["msg"].removeprefix("Value error, ")
    return RuleFileError(f"{path}: rule {code}: {where + ': ' if where else ''}{detail}")


def validate_rule(raw: Any) -> Rule:
    """One rule table as a rule of its kind: built in, or from an installed plugin (docs/plugins.md)."""
    kind = raw.get("kind") if isinstance(raw, dict) else None
    if isinstance(kind, str) and kind not in builtin_kinds():
        rule: Rule = plugin_kind(kind).model_validate(raw)  # type: ignore[assignment]
        return rule
    return _RULE.validate_python(raw)


def parse_toml(text: str) -> dict[str, Any]:
    """`tomllib.loads(text)`, remembered on disk as JSON by the text's hash: parsing the bundled
    packs' TOML is a third of a warm start-up, reading JSON a tenth of that."""
    name = "toml-" + cache.key(text)
    hit = cache.load(name)
    if hit is not None and isinstance(hit[0].get("data"), dict):
        return hit[0]["data"]  # type: ignore[no-any-return]
    data: dict[str, Any] = tomllib.loads(text)
    try:
        cache.store(name, {"data": data})
    except (TypeError, ValueError):  # a TOML date or time has no JSON form: parse it each time
        pass
    return data


def load_pack(path: Path) -> RulePack:
    """Load and validate one rule file; raise RuleFileError naming the file and rule code."""
    try:
        data = parse_toml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(f"{path}: invalid TOML: {exc}") from None
    unknown = set(data) - {"pack", "rules"}
    if unknown:
        raise RuleFileError(f"{path}: unknown top-level key(s): {', '.join(sorted(unknown))}")
    try:
        meta = PackMeta.model_validate(data.get("pack", {"name": path.stem}))
    except ValidationError as exc:
        raise _error(path, "[pack]", exc) from None
    rules = []
    for i, raw in enumerate(data.get("rules", [])):
        code = raw.get("code", f"#{i + 1}") if isinstance(raw, dict) else f"#{i + 1}"
        try:
            rules.append(validate_rule(raw))
        except ValidationError as exc:
            raise _error(path, code, exc) from None
        except RuleFileError as exc:
            raise RuleFileError(f"{path}: rule {code}: {exc}") from None
    return RulePack(pack=meta, rules=rules, path=path)


def rule_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Rule files named directly or found (sorted, recursively) in the given folders."""
    for path in paths:
        if path.is_dir():
            yield from sorted(path.rglob("*.toml"))
        elif path.is_file():
            yield path
        else:
            raise RuleFileError(f"{path}: no such rule file or folder")


def _load_pack_once(path: Path) -> RulePack:
    """`load_pack`, remembered per process while the file is unchanged: rules are immutable, and
    compiling the bundled packs costs seconds, so every Scrubber built after the first is cheap."""
    try:
        stat = path.stat()
    except OSError:
        return load_pack(path)
    return _cached_pack(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _cached_pack(path: str, mtime_ns: int, size: int) -> RulePack:
    return load_pack(Path(path))


def load_rules(paths: Iterable[Path], warnings: list[RuleWarning] | None = None, *,
               origins: dict[str, Path] | None = None, unlinted: Path | None = None) -> list[Rule]:
    """All rules of the given files and folders; a code defined twice is an error.

    The packs' load-time warnings are appended to `warnings` when a list is given, and the file
    each rule code comes from is recorded in `origins` when a dict is given. Packs under
    `unlinted` (the bundled ones, measured instead) add no warnings.
    """
    seen: dict[str, Path] = {} if origins is None else origins
    rules: list[Rule] = []
    for file in rule_files(paths):
        pack = _load_pack_once(file)
        if warnings is not None and not (unlinted and file.resolve().is_relative_to(unlinted.resolve())):
            warnings.extend(pack.warnings)
        for rule in pack.rules:
            if rule.code in seen:
                raise RuleFileError(f"{file}: rule {rule.code}: code already defined in {seen[rule.code]}")
            seen[rule.code] = file
            rules.append(rule)
    compiled.flush()  # remember the compiled patterns: the next start-up replays them
    return rules
