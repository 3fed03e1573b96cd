"""Typed exceptions. The library raises these; only the CLI turns them into exit codes."""

from __future__ import annotations


class ScrubberError(Exception):
    """Base class of every error scrubber raises on purpose."""


class RuleFileError(ScrubberError):
    """A rule pack is malformed: the message names the file and the rule code."""


class ConfigError(ScrubberError):
    """A configuration file or option is invalid: the message names the file and the key."""


class InputError(ScrubberError):
    """An input record cannot be read: the message names the file and the line."""
