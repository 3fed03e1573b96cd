"""The registry of formats: names, extensions, readers and writers.

| format     | extensions            | a record is          | located by          |
|------------|-----------------------|----------------------|---------------------|
| `txt`      | .txt                  | the whole file       | line:col in the text |
| `jsonl`    | .jsonl, .ndjson       | one line             | line (record N = line N) |
| `jsonl.gz` | .jsonl.gz, .ndjson.gz | one line             | record index        |
| `json`     | .json                 | one element of an array | line the record starts on |
| `parquet`  | .parquet              | one row              | record index        |
"""

from __future__ import annotations

import functools
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from scrubber.errors import InputError
from scrubber.io.json_array import JsonArrayWriter, read_json_array
from scrubber.io.jsonl import JsonlWriter, read_jsonl
from scrubber.io.parquet import ParquetWriter, read_parquet
from scrubber.io.records import FileProblem, Item, ReadOptions
from scrubber.io.txt import TxtWriter, read_txt

GZIP_MAGIC = b"\x1f\x8b"


class Writer(Protocol):
    def write(self, data: dict[str, Any]) -> None: ...
    def close(self) -> None: ...


Reader = Callable[[BinaryIO, str, ReadOptions], Iterator[Item]]


@dataclass(frozen=True)
class Format:
    name: str
    extensions: tuple[str, ...]
    reader: Reader
    make_writer: Callable[[BinaryIO, str, Any], Writer]  # (stream, text field, parquet schema)
    records: bool = True  # records with fields (everything but txt)
    seekable: bool = False  # the reader needs a seekable file (Parquet)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("txt", (".txt",), read_txt, lambda s, field, _: TxtWriter(s, field), records=False),
        Format("jsonl", (".jsonl", ".ndjson"), read_jsonl, lambda s, _f, _s: JsonlWriter(s)),
        Format("jsonl.gz", (".jsonl.gz", ".ndjson.gz"), functools.partial(read_jsonl, compressed=True),
               lambda s, _f, _s: JsonlWriter(s, compressed=True)),
        Format("json", (".json",), read_json_array, lambda s, _f, _s: JsonArrayWriter(s)),
        Format("parquet", (".parquet",), read_parquet, lambda s, _f, schema: ParquetWriter(s, schema), seekable=True),
    )
}
FORMAT_NAMES = tuple(FORMATS)
EXTENSIONS = tuple(ext for f in FORMATS.values() for ext in f.extensions)


def format_of(name: str) -> str | None:
    """The format a file name's extension tells, if any (the longest extension wins)."""
    lower = name.lower()
    best = max(((ext, f.name) for f in FORMATS.values() for ext in f.extensions if lower.endswith(ext)),
               default=None, key=lambda pair: len(pair[0]))
    return best[1] if best else None


def detect_format(name: str, explicit: str | None) -> str:
    """The format named by `--format`, else by the file extension; InputError when neither tells."""
    if explicit:
        if explicit not in FORMATS:
            raise InputError(f"unknown format {explicit!r}; choose one of {', '.join(FORMAT_NAMES)}")
        return explicit
    found = format_of(name)
    if found is None:
        raise InputError(f"{name}: cannot tell the format from the name; pass --format {'|'.join(FORMAT_NAMES)}")
    return found


def read_items(path: str, fmt: str, opts: ReadOptions, *, display: str | None = None) -> Iterator[Item]:
    """Stream the items of one input (`-` is standard input); a file that cannot be opened is a
    FileProblem, not an exception."""
    source = display or ("<stdin>" if path == "-" else path)
    form = FORMATS[fmt]
    try:
        stream: BinaryIO = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield FileProblem(source, "unreadable", f"cannot open: {exc.strerror or exc}")
        return
    try:
        if form.seekable and not stream.seekable():
            spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed below, as `stream`
            shutil.copyfileobj(stream, spool)
            spool.seek(0)
            stream = spool
        if fmt == "jsonl" and _peek(stream).startswith(GZIP_MAGIC):
            form = FORMATS["jsonl.gz"]
        yield from form.reader(stream, source, opts)
    except OSError as exc:
        yield FileProblem(source, "unreadable", f"read error: {exc.strerror or exc}")
    finally:
        if path != "-":
            stream.close()


def _peek(stream: BinaryIO) -> bytes:
    peek = getattr(stream, "peek", None)
    return peek(2)[:2] if peek else b""


def is_data_file(path: Path) -> bool:
    return format_of(path.name) is not None
