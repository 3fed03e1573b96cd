"""A `check` run: findings only, located, filtered by a baseline, handed to a reporter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scrubber.baseline import Baseline, Entry, match_hash, text_key
from scrubber.batch.clean import Message, Runner
from scrubber.batch.pipeline import Task, read_inputs, run
from scrubber.io.discover import Input
from scrubber.io.records import BadRecord, FileProblem, ReadOptions, Record
from scrubber.models import Finding, Severity
from scrubber.report.base import Location, Reporter, Summary, Violation


@dataclass
class CheckResult:
    summary: Summary
    failing: int = 0  # findings at or above the --fail-on severity, after the baseline
    input_errors: int = 0
    baseline: Baseline | None = None


def record_key(inp: Input, rec: Record, task: Task) -> str:
    """What a baseline entry names a record by: id, url, the .txt file, or a hash of the text."""
    key = task.fields.record_key(rec.data)
    if key is not None:
        return key
    if inp.format == "txt" and inp.path != "-":
        return "file:" + Path(inp.path).as_posix()
    return text_key(rec.data[task.fields.text])


def locate(inp: Input, rec: Record, f: Finding, text_field: str, key: str | None) -> Location:
    if inp.format == "txt":
        return Location(inp.display, rec.index, f.line, f.col, None, key)
    return Location(inp.display, rec.index, rec.line, f.start + 1, text_field, key)


@dataclass
class CheckJob:
    task: Task
    inputs: list[Input]
    variants: list[int]
    reporter: Reporter
    read: ReadOptions = field(default_factory=ReadOptions)
    fail_on: Severity = Severity.INFO
    baseline: Baseline | None = None
    collect_baseline: bool = False  # gather every finding as a baseline entry (--write-baseline)
    jobs: int = 1
    on_message: Message = lambda level, text: None
    on_progress: Callable[[int], None] | None = None
    runner: Runner = run
    collected: list[Entry] = field(default_factory=list)

    def run(self) -> CheckResult:
        by_source = {i.display: i for i in self.inputs}
        result = CheckResult(Summary(), baseline=self.baseline)
        summary, rep = result.summary, self.reporter
        current: str | None = None
        rep.start()
        for item, outcome in self.runner(self.task, read_inputs(self.inputs, self.variants, self.read), self.jobs):
            if item.source != current:
                if current is not None:
                    rep.end_file(current)
                current = item.source
                summary.files += 1
                rep.start_file(current)
            if isinstance(item, FileProblem | BadRecord):
                result.input_errors += 1
                summary.records += isinstance(item, BadRecord)
                self.on_message("error", str(item))
                continue
            assert outcome is not None
            summary.records += 1
            for warning in item.warnings:
                self.on_message("warning", f"{item.where}: {warning}")
            if outcome.findings:
                self._findings(by_source[item.source], item, outcome.findings, result)
            if self.on_progress:
                self.on_progress(summary.records)
        if current is not None:
            rep.end_file(current)
        rep.finish(summary)
        return result

    def _findings(self, inp: Input, rec: Record, findings: tuple[Finding, ...], result: CheckResult) -> None:
        key = record_key(inp, rec, self.task)
        shown = self.task.fields.record_key(rec.data)
        for f in findings:
            if self.collect_baseline:
                self.collected.append(Entry(f.code, key, match_hash(f.text), text=f.text))
            if self.baseline is not None and self.baseline.suppress(f.code, key, f.text):
                continue
            v = Violation(f, locate(inp, rec, f, self.task.fields.text, shown))
            self.reporter.handle(v)
            result.summary.add(v)
            if f.severity.rank >= self.fail_on.rank:
                result.failing += 1
