"""Where cleaned records go: standard output, one file, a folder mirroring the inputs, or back in
place. Every file is written atomically; nothing is written outside the named output."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

from scrubber.errors import InputError
from scrubber.io.atomic import AtomicFile
from scrubber.io.discover import Input
from scrubber.io.formats import FORMATS, Writer, format_of
from scrubber.io.parquet import parquet_schema
from scrubber.io.txt import TxtWriter

Target = Literal["stdout", "file", "folder", "in-place", "none"]


@dataclass(frozen=True)
class OutputPlan:
    """How a run's outputs are laid out; `plan_outputs` checks it makes sense for the inputs."""

    target: Target
    path: Path | None = None
    format: str | None = None  # of a single output (stdout or file)


def plan_outputs(inputs: list[Input], output: str | None, *, in_place: bool = False, dry: bool = False) -> OutputPlan:
    """Decide the layout; InputError (a usage error) when the options cannot work together."""
    formats = {i.format for i in inputs}
    if dry:
        return OutputPlan("none")
    if in_place:
        if output:
            raise InputError("--in-place and -o/--output exclude each other")
        if any(i.path == "-" for i in inputs):
            raise InputError("--in-place cannot rewrite standard input")
        return OutputPlan("in-place")
    several = len(inputs) > 1 or any(i.root is not None for i in inputs)
    if output and output != "-" and (Path(output).is_dir() or output.endswith(("/", "\\")) or several and format_of(output) is None):
        names = [i.relative for i in inputs]
        clash = next((n for n in names if names.count(n) > 1), None)
        if clash is not None:
            raise InputError(f"two inputs would both be written to {Path(output) / clash}")
        return OutputPlan("folder", Path(output))
    fmt = format_of(output) if output and output != "-" else None
    if fmt is None:
        fmt = next(iter(formats)) if len(formats) == 1 else "jsonl"
        fmt = "jsonl" if fmt == "jsonl.gz" and not output else fmt  # to a terminal or pipe: plain
    if fmt == "txt" and (len(inputs) > 1 or formats != {"txt"}):
        raise InputError("several articles cannot go to one .txt output; pass -o FOLDER or --in-place")
    if "txt" in formats and fmt != "txt":
        raise InputError(f"a .txt article cannot be written as {fmt}; pass -o FOLDER or --in-place")
    if fmt == "parquet" and not output:
        raise InputError("Parquet output needs a file: pass -o FILE.parquet")
    if not output or output == "-":
        return OutputPlan("stdout", None, fmt)
    return OutputPlan("file", Path(output), fmt)


class OpenOutput:
    """One open output: a writer over a stream, committed (renamed into place) or aborted."""

    def __init__(self, writer: Writer, atomic: AtomicFile | None, stream: BinaryIO) -> None:
        self.writer, self.atomic, self.stream = writer, atomic, stream
        self.changed = False  # differs from its input (in place, an unchanged file is not rewritten)
        self.damaged = False  # its input could not be read to the end

    def write(self, data: dict[str, Any]) -> None:
        self.writer.write(data)

    def commit(self, *, only_if_changed: bool = False) -> None:
        self.writer.close()
        if self.atomic is None:
            self.stream.flush()
        elif only_if_changed and not self.changed:
            self.atomic.abort()  # nothing changed: leave the file (and its mtime) alone
        else:
            self.atomic.commit()

    def abort(self) -> None:
        if self.atomic is not None:
            self.atomic.abort()
        else:  # standard output: what was written so far goes out whole
            self.writer.close()
            self.stream.flush()


def open_output(plan: OutputPlan, inp: Input | None, text_field: str) -> OpenOutput:
    """Open the output for `inp`; with a single output (stdout, one file) `inp` is the run's only
    input, or None."""
    fmt = plan.format or (inp.format if inp else "jsonl")
    if plan.target == "stdout":
        stream: BinaryIO = sys.stdout.buffer
        writer = TxtWriter(stream, text_field, final_newline=True) if fmt == "txt" else FORMATS[fmt].make_writer(stream, text_field, None)
        return OpenOutput(writer, None, stream)
    if plan.target == "file":
        path = plan.path
    elif inp is not None and plan.target == "folder" and plan.path is not None:
        path = plan.path / inp.relative
    elif inp is not None and plan.target == "in-place":
        path = Path(inp.path)
    else:  # pragma: no cover - plan_outputs never builds this
        raise InputError("no output for this input")
    assert path is not None
    schema = None
    if fmt == "parquet" and inp is not None and inp.format == "parquet" and inp.path != "-":
        with open(inp.path, "rb") as fh:
            schema = parquet_schema(fh)
    atomic = AtomicFile(path)
    try:
        return OpenOutput(FORMATS[fmt].make_writer(atomic.stream, text_field, schema), atomic, atomic.stream)
    except BaseException:
        atomic.abort()
        raise


def per_file(plan: OutputPlan) -> bool:
    """True when each input has its own output (folder or in place)."""
    return plan.target in ("folder", "in-place")
