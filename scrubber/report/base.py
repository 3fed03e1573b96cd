"""What reporters receive (a located finding) and the interface they implement.

A reporter is driven as: `start()`, then per file `start_file(path)`, `handle(violation)` for
each finding, `end_file(path)`, and finally `finish(summary)`. Machine formats print nothing
but their data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from scrubber.models import Finding, Severity


@dataclass(frozen=True)
class Location:
    """Where a finding is, in terms a user can open.

    .txt: line and column in the file. Line-based record files (.jsonl, .json): the line the
    record is on, and the 1-based offset in the text field as column. Compressed files and
    Parquet: the record index and the field (line is None).
    """

    path: str
    record: int
    line: int | None
    col: int
    field: str | None = None
    record_key: str | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.path}:{self.line}:{self.col}"
        return f"{self.path}[{self.record}].{self.field}:{self.col}"


@dataclass(frozen=True)
class Violation:
    finding: Finding
    location: Location

    @property
    def code(self) -> str:
        return self.finding.code


@dataclass
class Summary:
    """Totals a reporter may print at the end."""

    files: int = 0
    records: int = 0
    violations: int = 0
    fixable: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)
    chars_by_rule: Counter[str] = field(default_factory=Counter)
    names: dict[str, str] = field(default_factory=dict)
    severities: dict[str, Severity] = field(default_factory=dict)

    def add(self, v: Violation) -> None:
        f = v.finding
        self.violations += 1
        self.fixable += f.fixable
        self.by_rule[f.code] += 1
        self.chars_by_rule[f.code] += f.end - f.start
        self.names[f.code] = f.name
        self.severities[f.code] = f.severity


class Reporter:
    """Base class: subclasses override what they need."""

    machine = False  # machine formats print no summary line

    def __init__(self, out: TextIO, *, color: bool = False) -> None:
        self.out, self.color = out, color

    def start(self) -> None:
        pass

    def start_file(self, path: str) -> None:
        pass

    def handle(self, v: Violation) -> None:
        pass

    def end_file(self, path: str) -> None:
        pass

    def finish(self, summary: Summary) -> None:
        pass

    def style(self, text: str, *codes: int) -> str:
        """ANSI styling when colour is on (1 bold, 2 dim, 31 red, 33 yellow, 36 cyan)."""
        if not self.color or not codes:
            return text
        return "".join(f"\x1b[{c}m" for c in codes) + text + "\x1b[0m"


def snippet(text: str, limit: int = 100) -> str:
    """A finding's text on one line, shortened."""
    flat = text.replace("\r", "").replace("\n", " ⏎ ").replace("\t", " ")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
