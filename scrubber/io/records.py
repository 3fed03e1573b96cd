"""Records in and out: a .txt file is one article, a .jsonl file one record per line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from scrubber.errors import InputError

FORMATS = ("txt", "jsonl")


@dataclass(frozen=True)
class Record:
    """One input record and where it came from (`line` is 1-based; a .txt file is line 1)."""

    source: str
    line: int
    data: dict[str, Any]


def detect_format(name: str, explicit: str | None) -> str:
    """The format named by `--format`, else by the file extension."""
    if explicit:
        return explicit
    for fmt in FORMATS:
        if name.endswith("." + fmt):
            return fmt
    raise InputError(f"{name}: cannot tell the format from the name; pass --format {'|'.join(FORMATS)}")


def read_records(stream: IO[str], fmt: str, source: str, text_field: str = "text") -> Iterator[Record | InputError]:
    """Yield each record, or an InputError naming the file and line for one that cannot be read."""
    if fmt == "txt":
        yield Record(source, 1, {text_field: stream.read()})
        return
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{source}:{lineno}: invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(data, dict):
            yield InputError(f"{source}:{lineno}: expected a JSON object, got {type(data).__name__}")
        elif not isinstance(data.get(text_field), str):
            yield InputError(f"{source}:{lineno}: field {text_field!r} is missing or not a string")
        else:
            yield Record(source, lineno, data)


def dump_record(data: dict[str, Any], fmt: str, text_field: str = "text") -> str:
    """A record in the output format: the text itself for .txt, one JSON line for .jsonl."""
    if fmt == "txt":
        text: str = data[text_field]
        return text if text.endswith("\n") or not text else text + "\n"
    return json.dumps(data, ensure_ascii=False) + "\n"
