"""JSON Lines, plain or gzip-compressed: one record per line, read and written as a stream."""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from scrubber.io.lines import PREVIEW, bounded_lines, decode
from scrubber.io.records import (
    BadRecord,
    FileProblem,
    Item,
    ReadOptions,
    check_record,
    surrogate_problem,
    without_surrogates,
)

BOM = b"\xef\xbb\xbf"


def read_jsonl(stream: BinaryIO, source: str, opts: ReadOptions, *, compressed: bool = False) -> Iterator[Item]:
    """Each line's record, or a BadRecord naming the line. In a compressed file lines are not
    shown to users, so records are located by index only (record N is still line N)."""
    raw: BinaryIO = gzip.GzipFile(fileobj=stream, mode="rb") if compressed else stream  # type: ignore[assignment]
    index = lineno = 0
    try:
        for lineno, data, size in bounded_lines(raw, opts.max_record_bytes):
            if data is not None and not (data[3:] if lineno == 1 and data.startswith(BOM) else data).strip():
                continue  # a blank line (a byte-order mark alone counts as blank)
            index += 1
            line = None if compressed else lineno
            if data is None:
                yield BadRecord(source, index, line, "too-large",
                                f"record of {size} bytes exceeds the limit of {opts.max_record_bytes} bytes")
                continue
            text, problem = decode(data, opts.encoding_errors, first=lineno == 1)
            if text is None:
                yield BadRecord(source, index, line, "invalid-utf8", problem or "invalid UTF-8",
                                data[:PREVIEW].decode("utf-8", "replace"))
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                yield BadRecord(source, index, line, "invalid-json", f"invalid JSON: {exc.msg} (column {exc.colno})",
                                text.rstrip("\r\n"))
                continue
            except RecursionError:
                yield BadRecord(source, index, line, "invalid-json", "invalid JSON: nested too deeply",
                                text.rstrip("\r\n"))
                continue
            if (lone := surrogate_problem(obj, text)) is not None:
                if opts.encoding_errors == "reject":
                    yield BadRecord(source, index, line, "invalid-unicode", lone, text.rstrip("\r\n"))
                    continue
                obj, problem = without_surrogates(obj), f"{lone}, replaced with U+FFFD"
            yield check_record(obj, source, index, line, opts.text_field, (problem,) if problem else (),
                               raw=text.rstrip("\r\n"))
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield FileProblem(source, "truncated", f"truncated or corrupt gzip data after record {index}: {exc}")
        return
    if index == 0:
        yield FileProblem(source, "empty", "empty file: no records")


class JsonlWriter:
    """Writes one JSON object per line; gzip-compressed when asked."""

    def __init__(self, stream: BinaryIO, *, compressed: bool = False) -> None:
        self._gz = gzip.GzipFile(fileobj=stream, mode="wb", mtime=0) if compressed else None
        self._out = io.TextIOWrapper(self._gz or stream, encoding="utf-8", newline="\n", write_through=False)

    def write(self, data: dict[str, Any]) -> None:
        self._out.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")

    def close(self) -> None:
        self._out.flush()
        self._out.detach()
        if self._gz is not None:
            self._gz.close()
