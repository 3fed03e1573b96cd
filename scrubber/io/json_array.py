"""A .json file holding one array of records, parsed incrementally: memory holds one record.

Records are located by the line they start on. Invalid UTF-8 is decoded with surrogate escapes
and detected per record, so one bad record does not stop the file. A malformed element does:
after it the array cannot be re-synchronised, so the file ends there with a one-line error.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

import regex

from scrubber.io.lines import PREVIEW
from scrubber.io.records import (
    BadRecord,
    FileProblem,
    Item,
    ReadOptions,
    check_record,
    surrogate_problem,
    without_surrogates,
)

_CHUNK = 1 << 16
_WS = regex.compile(r"[ \t\r\n]*")
_ESCAPED = regex.compile(r"[\udc80-\udcff]")
_DECODER = json.JSONDecoder()


class _Buffer:
    """Decoded text read on demand, with the line number of its first character."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self.text, self.pos, self.line, self.eof = "", 0, 1, False

    def fill(self, want: int = _CHUNK) -> bool:
        """Read at least `want` more bytes (fewer at the end); False at end of input."""
        if self.eof:
            return False
        data = self.stream.read(max(want, _CHUNK))
        self.eof = not data
        self.line += self.text.count("\n", 0, self.pos)
        self.text = self.text[self.pos:] + self.decoder.decode(data, final=self.eof)
        self.pos = 0
        return bool(data)

    def skip_ws(self) -> str:
        """The next non-space character ('' at the end), left unconsumed."""
        while True:
            match = _WS.match(self.text, self.pos)  # always matches: the pattern may be empty
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.text) or not self.fill():
                return self.text[self.pos:self.pos + 1]

    def line_at(self, pos: int) -> int:
        return self.line + self.text.count("\n", 0, pos)


def read_json_array(stream: BinaryIO, source: str, opts: ReadOptions) -> Iterator[Item]:
    buf = _Buffer(stream)
    if buf.skip_ws() == "":
        yield FileProblem(source, "empty", "empty file: no records")
        return
    if buf.text[buf.pos] != "[":
        yield FileProblem(source, "invalid-json", f"line {buf.line_at(buf.pos)}: expected a JSON array of records")
        return
    buf.pos += 1
    index = 0
    limit = opts.max_record_bytes
    while True:
        ch = buf.skip_ws()
        if ch == "]":
            return
        if index and ch == ",":
            buf.pos += 1
            buf.skip_ws()
        elif index:
            yield _broken(buf, source, "expected ',' or ']'")
            return
        index += 1
        start, line = buf.pos, buf.line_at(buf.pos)
        while True:
            try:
                obj, end = _DECODER.raw_decode(buf.text, buf.pos)
                break
            except RecursionError:
                yield _broken(buf, source, "JSON nested too deeply")
                return
            except json.JSONDecodeError as exc:
                if buf.eof or not _incomplete(exc):
                    yield _broken(buf, source, f"invalid JSON: {exc.msg}", exc.pos)
                    return
                if len(buf.text) - buf.pos > limit:
                    yield FileProblem(source, "too-large",
                                      f"line {line}: record {index} exceeds the limit of {limit} bytes; "
                                      "the rest of the array cannot be read")
                    return
                buf.fill(len(buf.text) - buf.pos)  # grow geometrically: no quadratic re-parsing
        piece = buf.text[start:end]
        buf.pos = end
        yield _record(obj, piece, source, index, line, opts)


def _incomplete(exc: json.JSONDecodeError) -> bool:
    """True when the error may only mean that the buffer ends inside the record."""
    return exc.msg.startswith("Unterminated string") or exc.pos >= len(exc.doc) - 6


def _record(obj: Any, piece: str, source: str, index: int, line: int, opts: ReadOptions) -> Item:
    warnings: tuple[str, ...] = ()
    if _ESCAPED.search(piece):
        if opts.encoding_errors == "reject":
            return BadRecord(source, index, line, "invalid-utf8", "invalid UTF-8 in the record",
                             _fix(piece)[:PREVIEW])
        obj = json.loads(_fix(piece))
        warnings = ("invalid UTF-8, replaced with U+FFFD",)
    if (lone := surrogate_problem(obj, piece)) is not None:
        if opts.encoding_errors == "reject":
            return BadRecord(source, index, line, "invalid-unicode", lone, _fix(piece)[:PREVIEW])
        obj, warnings = without_surrogates(obj), (*warnings, f"{lone}, replaced with U+FFFD")
    return check_record(obj, source, index, line, opts.text_field, warnings, raw=_fix(piece)[:PREVIEW])


def _fix(text: str) -> str:
    """Surrogate-escaped bytes -> U+FFFD."""
    fixed: str = _ESCAPED.sub("\ufffd", text)
    return fixed


def _broken(buf: _Buffer, source: str, what: str, pos: int | None = None) -> FileProblem:
    where = buf.line_at(buf.pos if pos is None else pos)
    return FileProblem(source, "invalid-json", f"line {where}: {what}; the rest of the array cannot be read")


class JsonArrayWriter:
    """Writes records as one JSON array, one record per line, streaming."""

    def __init__(self, stream: BinaryIO) -> None:
        self._out = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
        self._out.write("[")
        self._first = True

    def write(self, data: dict[str, Any]) -> None:
        self._out.write(("\n" if self._first else ",\n") + json.dumps(data, ensure_ascii=False, default=str))
        self._first = False

    def close(self) -> None:
        self._out.write("\n]\n")
        self._out.flush()
        self._out.detach()
