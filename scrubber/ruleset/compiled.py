"""Compiled rule patterns cached on disk, so start-up does not re-parse big phrase alternations.

`regex` parses and compiles a pattern in Python: a rule whose phrase lists expand to thousands of
alternatives takes tens of milliseconds, a full rule set over a second. What its parser hands to
the C engine (`_regex.compile`: the opcode list, group tables, required string) is plain data;
it is recorded the first time a pattern is compiled and replayed later, which takes
microseconds. Entries are keyed by pattern and flags in a file per `regex` release, in the
prefilter's cache directory; anything unexpected (another `regex` version with other internals,
a damaged file) falls back to `regex.compile`. `SCRUBBER_CACHE_DIR=""` turns it off.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Protocol, cast

import regex

from scrubber import cache


class _Engine(Protocol):
    """What this module uses of `regex`'s C module, which types-regex does not declare."""

    compile: Callable[..., regex.Pattern[str]]


try:
    from regex import _regex

    _native: _Engine | None = cast("_Engine", _regex)
except ImportError:  # pragma: no cover - regex always ships its C module
    _native = None

MAX_ENTRIES = 5000
_LOCK = threading.Lock()
_CAPTURE = threading.local()
_state: dict[str, Any] = {"entries": None, "dirty": False, "used": set()}


def _name() -> str:
    return "regex-" + cache.key(regex.__version__)


def _entries() -> dict[str, list[Any]]:
    if _state["entries"] is None:
        hit = cache.load(_name())
        entries = hit[0].get("entries") if hit is not None else None
        _state["entries"] = entries if isinstance(entries, dict) else {}
    return _state["entries"]  # type: ignore[no-any-return]


def _recording(*args: Any) -> regex.Pattern[str]:
    if getattr(_CAPTURE, "active", False):
        _CAPTURE.args = args
    assert _ORIGINAL is not None  # installed only in place of it (compile_cached)
    return _ORIGINAL(*args)


_ORIGINAL: Callable[..., regex.Pattern[str]] | None = getattr(_native, "compile", None)


def _encode(args: tuple[Any, ...]) -> list[Any] | None:
    source, flags, code, group_index, index_group, named_lists, list_indexes, offset, chars, req_flags, groups = args
    if named_lists or list_indexes:
        return None
    return [source, int(flags), list(code), dict(group_index), {str(k): v for k, v in index_group.items()},
            offset, list(chars), req_flags, groups]


def _decode(entry: list[Any], native: _Engine) -> regex.Pattern[str]:
    source, flags, code, group_index, index_group, offset, chars, req_flags, groups = entry
    return native.compile(source, flags, code, group_index, {int(k): v for k, v in index_group.items()}, {}, [],
                          offset, tuple(chars), req_flags, groups)


def compile_cached(source: str, flags: int) -> regex.Pattern[str]:
    """`regex.compile(source, flags)`, replayed from the cache when it has this pattern."""
    if _native is None or _ORIGINAL is None or cache.cache_dir() is None:
        return regex.compile(source, flags)
    key = f"{int(flags)}:{source}"
    with _LOCK:
        entry = _entries().get(key)
        _state["used"].add(key)
    if entry is not None:
        try:
            pattern = _decode(entry, _native)
            if pattern.pattern == source:
                return pattern
        except Exception:  # noqa: BLE001, S110 - another regex's internals: compile afresh
            pass
    with _LOCK:  # record what regex hands its C engine (the hook is ours only while we hold the lock)
        _native.compile = _recording
        _CAPTURE.active, _CAPTURE.args = True, None
        try:
            pattern = regex.compile(source, flags)
        finally:
            _native.compile = _ORIGINAL
            _CAPTURE.active = False
        args, _CAPTURE.args = _CAPTURE.args, None
        encoded = _encode(args) if args is not None and args[0] == source else None
        if encoded is not None:
            _entries()[key] = encoded
            _state["dirty"] = True
    return pattern


def expansion(key: str) -> str | None:
    """A pattern source expanded earlier under `key` (see `patterns.expand_cached`), or None."""
    if cache.cache_dir() is None:
        return None
    with _LOCK:
        entry = _entries().get(key)
        _state["used"].add(key)
    return entry[0] if isinstance(entry, list) and len(entry) == 1 and isinstance(entry[0], str) else None


def remember_expansion(key: str, expanded: str) -> None:
    """Record an expanded pattern source, written with the compiled patterns on `flush`."""
    if cache.cache_dir() is None:
        return
    with _LOCK:
        _entries()[key] = [expanded]
        _state["used"].add(key)
        _state["dirty"] = True


def flush() -> None:
    """Write the patterns compiled since the last flush (a no-op when nothing is new)."""
    with _LOCK:
        if not _state["dirty"]:
            return
        entries = _entries()
        if len(entries) > MAX_ENTRIES:  # keep what this process used, then the newest others
            keep = [k for k in entries if k in _state["used"]] + [k for k in entries if k not in _state["used"]]
            entries = {k: entries[k] for k in keep[:MAX_ENTRIES]}
            _state["entries"] = entries
        cache.store(_name(), {"entries": entries})
        _state["dirty"] = False
