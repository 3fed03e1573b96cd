"""Custom rule kinds from installed packages, through the `scrubber.kinds` entry-point group.

Rule files are data (TOML and regular expressions) and never name Python code. The only way
to add behaviour is a kind: a `RuleBase` subclass that an installed distribution registers
under the entry-point group `scrubber.kinds`, with the entry-point name equal to the kind:

    [project.entry-points."scrubber.kinds"]
    shout = "scrubber_shout:ShoutRule"

A plugin is imported only when a rule file asks for its kind (`kind = "shout"`); installing a
plugin changes nothing until a rule uses it. See docs/plugins.md.
"""

from __future__ import annotations

import typing
from functools import cache, lru_cache
from importlib.metadata import EntryPoint, entry_points

from scrubber.errors import RuleFileError
from scrubber.kinds import Rule
from scrubber.kinds.base import RuleBase

GROUP = "scrubber.kinds"


@lru_cache(maxsize=1)
def builtin_kinds() -> tuple[str, ...]:
    """The kinds scrubber itself provides."""
    members = typing.get_args(typing.get_args(Rule)[0])
    return tuple(typing.get_args(cls.model_fields["kind"].annotation)[0] for cls in members)


def plugin_entry_points() -> dict[str, EntryPoint]:
    """Installed plugin kinds by name, without importing them."""
    return {ep.name: ep for ep in entry_points(group=GROUP)}


@cache
def plugin_kind(name: str) -> type[RuleBase]:
    """The rule class a plugin registers for kind `name`; RuleFileError when none is usable."""
    if name in builtin_kinds():
        raise RuleFileError(f"kind {name!r} is built in; a plugin cannot replace it")
    found = plugin_entry_points()
    if name not in found:
        known = ", ".join([*builtin_kinds(), *sorted(found)])
        raise RuleFileError(f"unknown kind {name!r} (known kinds: {known}; plugins register kinds under the "
                            f"{GROUP!r} entry-point group, see docs/plugins.md)")
    ep = found[name]
    try:
        cls = ep.load()
    except Exception as exc:  # noqa: BLE001 - a broken plugin is a configuration error, not a crash
        raise RuleFileError(f"plugin kind {name!r} ({ep.value}) cannot be loaded: {type(exc).__name__}: {exc}") from None
    if not (isinstance(cls, type) and issubclass(cls, RuleBase)):
        raise RuleFileError(f"plugin kind {name!r} ({ep.value}) is not a subclass of scrubber.kinds.RuleBase")
    field = cls.model_fields.get("kind")
    if field is None or typing.get_args(field.annotation) != (name,):
        raise RuleFileError(f"plugin kind {name!r} ({ep.value}) must declare kind: Literal[{name!r}]")
    return cls
