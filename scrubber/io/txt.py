"""Plain text: one article per file, written back as the cleaned text, byte for byte."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from scrubber.io.lines import PREVIEW, decode
from scrubber.io.records import BadRecord, Item, ReadOptions, Record


def read_txt(stream: BinaryIO, source: str, opts: ReadOptions) -> Iterator[Item]:
    """The file as one record: an empty file is an empty article, which validation rejects."""
    data = stream.read(opts.max_record_bytes + 1)
    if len(data) > opts.max_record_bytes:
        size = len(data) + sum(len(chunk) for chunk in iter(lambda: stream.read(1 << 20), b""))
        yield BadRecord(source, 1, 1, "too-large", f"article of {size} bytes exceeds the limit of {opts.max_record_bytes} bytes")
        return
    text, problem = decode(data, opts.encoding_errors, first=True)
    if text is None:
        yield BadRecord(source, 1, 1, "invalid-utf8", problem or "invalid UTF-8", data[:PREVIEW].decode("utf-8", "replace"))
        return
    yield Record(source, 1, {opts.text_field: text}, 1, (problem,) if problem else ())


class TxtWriter:
    """Writes the text field of each record as it is (to a terminal or pipe, with a final newline)."""

    def __init__(self, stream: BinaryIO, text_field: str = "text", *, final_newline: bool = False) -> None:
        self._stream, self._field, self._newline = stream, text_field, final_newline

    def write(self, data: dict[str, Any]) -> None:
        text = str(data[self._field])
        if self._newline and text and not text.endswith("\n"):
            text += "\n"
        self._stream.write(text.encode("utf-8"))

    def close(self) -> None:
        self._stream.flush()
