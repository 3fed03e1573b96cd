"""Human formats: `full` (with the matched text), `concise` (one line each), `grouped` (by file),
and the `--statistics` table."""

from __future__ import annotations

from typing import TextIO

from scrubber.report.base import Reporter, Summary, Violation, snippet

_SEVERITY_STYLE = {"error": (1, 31), "warning": (1, 33), "info": (1, 36)}


class ConciseReporter(Reporter):
    """`path:line:col: CODE message`."""

    def handle(self, v: Violation) -> None:
        f = v.finding
        where = self.style(str(v.location), 1)
        self.out.write(f"{where}: {self.style(f.code, *_SEVERITY_STYLE[f.severity.value])} {f.message}\n")

    def finish(self, summary: Summary) -> None:
        self.out.write(totals(summary) + "\n")


class FullReporter(ConciseReporter):
    """Concise plus a fix marker and the matched text under each finding."""

    def handle(self, v: Violation) -> None:
        f = v.finding
        where = self.style(str(v.location), 1)
        fix = " [*]" if f.fixable else ""
        self.out.write(f"{where}: {self.style(f.code, *_SEVERITY_STYLE[f.severity.value])}{fix} {f.message}\n")
        self.out.write(f"  {self.style('|', 2)} {snippet(f.text)}\n")
        if v.location.record_key:
            self.out.write(f"  {self.style('= record', 2)} {v.location.record_key}\n")
        self.out.write("\n")


class GroupedReporter(Reporter):
    """Findings under a heading per file."""

    def __init__(self, out: TextIO, *, color: bool = False) -> None:
        super().__init__(out, color=color)
        self._header: str | None = None

    def start_file(self, path: str) -> None:
        self._header = path

    def handle(self, v: Violation) -> None:
        if self._header is not None:
            self.out.write(self.style(self._header, 1) + ":\n")
            self._header = None
        loc, f = v.location, v.finding
        where = f"{loc.line}:{loc.col}" if loc.line is not None else f"[{loc.record}].{loc.field}:{loc.col}"
        fix = " [*]" if f.fixable else ""
        self.out.write(f"  {where} {self.style(f.code, *_SEVERITY_STYLE[f.severity.value])}{fix} {f.message}\n")

    def end_file(self, path: str) -> None:
        if self._header is None:
            self.out.write("\n")
        self._header = None

    def finish(self, summary: Summary) -> None:
        self.out.write(totals(summary) + "\n")


def totals(summary: Summary) -> str:
    if not summary.violations:
        return f"All checks passed ({summary.records} records in {summary.files} file(s))."
    fixable = f" ({summary.fixable} fixable with `scrubber clean`)" if summary.fixable else ""
    return f"Found {summary.violations} finding(s) in {summary.records} records{fixable}."


def statistics(summary: Summary) -> str:
    """Counts per rule and characters matched, most frequent first."""
    rows = sorted(summary.by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
    width = max((len(str(n)) for _, n in rows), default=1)
    lines = [f"{n:>{width}}  {code:<7} {summary.severities[code].value:<7} {summary.chars_by_rule[code]:>8} chars  "
             f"{summary.names[code]}" for code, n in rows]
    return "\n".join(lines)


def statistics_rows(summary: Summary) -> list[dict[str, object]]:
    return [{"code": code, "name": summary.names[code], "count": n, "chars": summary.chars_by_rule[code],
             "severity": summary.severities[code].value}
            for code, n in sorted(summary.by_rule.items(), key=lambda kv: (-kv[1], kv[0]))]
