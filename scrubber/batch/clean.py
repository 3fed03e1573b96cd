"""A `clean` run: inputs -> Scrubber -> outputs, rejects, diffs and a run report.

Every input record ends in the output or in the rejects (with its reasons); the report
reconciles. Extension points, so new options stay small:

- `runner`: how records are processed (default: `pipeline.run`, in-process or a process pool);
  another engine (e.g. Ray) passes its own function with the same signature.
- `sinks`: extra consumers that see every (item, outcome) and the final report — e.g. an HTML
  review page (`--review PATH`) or a learner (`--learn`). See `Sink`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

from scrubber.batch.outputs import OpenOutput, OutputPlan, open_output, per_file
from scrubber.batch.pipeline import Outcome, Task, read_inputs, run
from scrubber.errors import InputError
from scrubber.io.atomic import AtomicFile
from scrubber.io.discover import Input
from scrubber.io.jsonl import JsonlWriter
from scrubber.io.records import BadRecord, FileProblem, Item, ReadOptions, Record
from scrubber.report.run import RunReport

Runner = Callable[[Task, Iterable[tuple[int, Item]], int], Iterator[tuple[Item, "Outcome | None"]]]
Message = Callable[[str, str], None]  # (level: error | rejected | warning, text)


class Sink(Protocol):
    """An extra consumer of a clean run."""

    def handle(self, item: Item, outcome: Outcome | None) -> None: ...
    def finish(self, report: RunReport) -> None: ...


def finding_dicts(outcome: Outcome) -> list[dict[str, Any]]:
    """Findings as plain dicts (for --annotate and machine output)."""
    applied = outcome.status == "cleaned"
    return [{**f.model_dump(mode="json"), "fixed": applied and f.fixable} for f in outcome.findings]


def annotation(outcome: Outcome) -> dict[str, Any]:
    return {"status": outcome.status, "removed_chars": outcome.removed_chars, "findings": finding_dicts(outcome),
            "issues": [i.model_dump() for i in outcome.issues]}


def rejected_record(item: Record | BadRecord, outcome: Outcome | None) -> dict[str, Any]:
    """What the rejects file holds: the original record (or what could be read of it), the
    reasons, and where it came from."""
    if isinstance(item, BadRecord):
        base: dict[str, Any] = {"_raw": item.raw}
        reasons = [{"reason": item.reason, "message": item.message}]
    else:
        base = dict(item.data)
        reasons = [i.model_dump() for i in outcome.issues] if outcome else []
    return {**base, "_rejected": reasons, "_source": item.where}


@dataclass
class CleanJob:
    task: Task
    inputs: list[Input]
    plan: OutputPlan
    variants: list[int]  # per input: which of task.scrubbers applies (per-file ignores)
    read: ReadOptions = field(default_factory=ReadOptions)
    rejects: Path | None = None
    annotate: str | None = None  # key to add findings under
    diff: TextIO | None = None  # dry run: unified diffs go here, nothing is written
    fail_fast: bool = False
    jobs: int = 1
    on_message: Message = lambda level, text: None
    on_progress: Callable[[int], None] | None = None
    sinks: list[Sink] = field(default_factory=list)
    runner: Runner = run

    def __post_init__(self) -> None:
        if self.annotate and any(i.format == "txt" for i in self.inputs):
            raise InputError("--annotate needs records with fields (.jsonl, .json, .parquet), not .txt articles")
        if self.plan.target == "in-place" and not self.rejects and any(i.format != "txt" for i in self.inputs):
            raise InputError("--in-place would drop rejected records from the file; pass --rejects PATH to keep them")
        self._by_source = {i.display: (i, v) for i, v in zip(self.inputs, self.variants)}

    def run(self) -> RunReport:
        report = RunReport()
        opened: list[OpenOutput] = []
        rejects: AtomicFile | None = None
        rej_writer: JsonlWriter | None = None
        try:
            if self.rejects:
                rejects = AtomicFile(self.rejects)
                rej_writer = JsonlWriter(rejects.stream, compressed=str(self.rejects).endswith(".gz"))
            single = None
            if self.plan.target in ("stdout", "file"):
                only = self.inputs[0] if len(self.inputs) == 1 else None  # a Parquet output keeps its schema
                single = open_output(self.plan, only, self.task.fields.text)
                opened.append(single)
            current: Input | None = None
            out: OpenOutput | None = single
            for item, outcome in self.runner(self.task, read_inputs(self.inputs, self.variants, self.read), self.jobs):
                inp = self._by_source[item.source][0]
                if inp is not current:
                    self._close_file(out, single)
                    current, report.files = inp, report.files + 1
                    out = self._open_file(inp, item, opened) if per_file(self.plan) else single
                problem = self._handle(item, outcome, report, rej_writer)
                if isinstance(item, Record) and outcome is not None and not outcome.rejected:
                    out = self._write(inp, item, outcome, out, opened)
                elif out is not None:
                    out.changed = True  # a record leaves this file
                    out.damaged |= isinstance(item, FileProblem)
                for sink in self.sinks:
                    sink.handle(item, outcome)
                if self.on_progress:
                    self.on_progress(report.records_in)
                if problem and self.fail_fast:
                    report.aborted = True
                    raise _Stopped
            self._close_file(out, single)
            if single is not None:
                single.commit()
            if rej_writer is not None and rejects is not None:
                rej_writer.close()
                rejects.commit()
        except _Stopped:
            self._abort(opened, rejects)
        except BaseException:
            self._abort(opened, rejects)
            raise
        report.finish()
        for sink in self.sinks:
            sink.finish(report)
        return report

    def _open_file(self, inp: Input, first: Item, opened: list[OpenOutput]) -> OpenOutput | None:
        """The output of one input in a folder or in place (a .txt article's opens when written)."""
        if inp.format == "txt" or _unreadable(first):
            return None
        out = open_output(self.plan, inp, self.task.fields.text)
        opened.append(out)
        return out

    def _close_file(self, out: OpenOutput | None, single: OpenOutput | None) -> None:
        """Finish one input's own output. In place, a file that could not be read to its end is
        left as it was: rewriting it would drop its unreadable tail."""
        if out is None or out is single:
            return
        if self.plan.target == "in-place" and out.damaged:
            out.abort()
        else:
            out.commit(only_if_changed=self.plan.target == "in-place")

    @staticmethod
    def _abort(opened: list[OpenOutput], rejects: AtomicFile | None) -> None:
        for o in opened:
            o.abort()
        if rejects is not None:
            rejects.abort()

    def _handle(self, item: Item, outcome: Outcome | None, report: RunReport, rejects: JsonlWriter | None) -> bool:
        """Count and report one item; True when it is a problem (for --fail-fast)."""
        say = self.on_message
        if isinstance(item, FileProblem):
            report.file_errors.append({"file": item.source, "reason": item.reason, "message": item.message})
            say("error", str(item))
            return True
        report.records_in += 1
        if isinstance(item, BadRecord):
            report.rejected += 1
            report.reasons[item.reason] += 1
            say("error", str(item))
            if rejects:
                rejects.write(rejected_record(item, None))
            return True
        assert outcome is not None
        report.chars_in += len(item.data[self.task.fields.text])
        for warning in item.warnings:
            report.replaced_encoding += 1
            say("warning", f"{item.where}: {warning}")
        for f in outcome.findings:
            if f.category == "engine":  # a rule skipped on this record (its pattern ran out of time)
                say("warning", f"{item.where}: rule {f.code}: {f.message}")
        report.count_rules(outcome.findings, outcome.edits, applied=outcome.status == "cleaned")
        if outcome.rejected:
            report.rejected += 1
            report.reasons.update(i.reason for i in outcome.issues)
            say("rejected", f"{item.where}: " + "; ".join(f"{i.reason}: {i.message}" for i in outcome.issues))
            if rejects:
                rejects.write(rejected_record(item, outcome))
            return True
        report.records_out += 1
        if outcome.status == "flagged":
            report.flagged += 1
            say("warning", f"{item.where}: " + "; ".join(f"{i.reason}: {i.message}" for i in outcome.issues))
        elif outcome.status == "cleaned":
            report.cleaned += 1
            report.chars_removed += outcome.removed_chars
        else:
            report.unchanged += 1
        return False

    def _write(self, inp: Input, rec: Record, outcome: Outcome, out: OpenOutput | None,
               opened: list[OpenOutput]) -> OpenOutput | None:
        text_field = self.task.fields.text
        if self.diff is not None:
            if outcome.text is not None:
                self.diff.writelines(_diff(rec, outcome.text, text_field, inp.format == "txt"))
            return out
        if out is None:  # a .txt article in a folder or in place: opened only when written
            out = open_output(self.plan, inp, text_field)
            opened.append(out)
        data = rec.data if outcome.text is None else {**rec.data, text_field: outcome.text}
        if self.annotate:
            data = {**data, self.annotate: annotation(outcome)}
        out.write(data)
        out.changed = out.changed or outcome.text is not None or bool(self.annotate)
        return out


class _Stopped(Exception):
    """--fail-fast stopped the run."""


def _unreadable(item: Item) -> bool:
    return isinstance(item, FileProblem) and item.reason in ("unreadable", "invalid-json", "missing-text")


def _diff(rec: Record, cleaned: str, text_field: str, whole_file: bool) -> Iterator[str]:
    where = rec.source if whole_file else f"{rec.where} ({text_field})"
    before, after = rec.data[text_field], cleaned
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{where}", tofile=f"b/{where}")
    for line in lines:
        yield line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
