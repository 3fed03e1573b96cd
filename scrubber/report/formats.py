"""The output formats of `scrubber check`, and a factory for their reporters."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TextIO

from scrubber.kinds import Rule
from scrubber.report.base import Reporter
from scrubber.report.github import GithubReporter
from scrubber.report.jsonout import JsonLinesReporter, JsonReporter
from scrubber.report.junit import JunitReporter
from scrubber.report.sarif import SarifReporter
from scrubber.report.text import ConciseReporter, FullReporter, GroupedReporter


class OutputFormat(str, Enum):
    FULL = "full"
    CONCISE = "concise"
    GROUPED = "grouped"
    JSON = "json"
    JSON_LINES = "json-lines"
    GITHUB = "github"
    SARIF = "sarif"
    JUNIT = "junit"


_REPORTERS: dict[OutputFormat, type[Reporter]] = {
    OutputFormat.FULL: FullReporter,
    OutputFormat.CONCISE: ConciseReporter,
    OutputFormat.GROUPED: GroupedReporter,
    OutputFormat.JSON: JsonReporter,
    OutputFormat.JSON_LINES: JsonLinesReporter,
    OutputFormat.GITHUB: GithubReporter,
    OutputFormat.JUNIT: JunitReporter,
}


def make_reporter(fmt: OutputFormat | str, out: TextIO, *, color: bool = False,
                  rules: Mapping[str, Rule] | None = None, version: str = "0") -> Reporter:
    fmt = OutputFormat(fmt)
    if fmt is OutputFormat.SARIF:
        return SarifReporter(out, color=False, rules=rules, version=version)
    cls = _REPORTERS[fmt]
    return cls(out, color=color and not cls.machine)
