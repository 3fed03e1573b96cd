"""What readers yield: records, records that cannot be read, and problems with a whole file.

Every item carries where it came from, so an error names the file and the line (or, where a
file has no lines worth naming — compressed files, Parquet — the record index).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Literal

import regex

from scrubber.errors import InputError

EncodingErrors = Literal["reject", "replace"]


@dataclass(frozen=True)
class ReadOptions:
    """How readers treat their input."""

    text_field: str = "text"
    encoding_errors: EncodingErrors = "reject"  # invalid UTF-8: reject the record, or decode with U+FFFD
    max_record_bytes: int = 64 * 2**20  # a record larger than this is rejected without being loaded


@dataclass(frozen=True)
class Record:
    """One input record. `index` is 1-based within its file; `line` is the file line it starts on,
    when the file is plain text (a .jsonl record N is line N; a .txt article is line 1)."""

    source: str
    index: int
    data: dict[str, Any]
    line: int | None = None
    warnings: tuple[str, ...] = field(default=())

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else f"{self.source}[{self.index}]"


@dataclass(frozen=True)
class BadRecord:
    """A record that cannot be read. It goes to the rejects with its reason; `raw` is what could be
    read of it (None when it was too large to keep)."""

    source: str
    index: int
    line: int | None
    reason: str  # invalid-json, not-an-object, missing-text, invalid-utf8, invalid-unicode, too-large
    message: str
    raw: str | None = None

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else f"{self.source}[{self.index}]"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class FileProblem:
    """A problem with a file rather than one record: empty, truncated, unreadable."""

    source: str
    reason: str  # empty, truncated, unreadable, invalid-json
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


Item = Record | BadRecord | FileProblem


def check_record(data: Any, source: str, index: int, line: int | None, text_field: str,
                 warnings: tuple[str, ...] = (), raw: str | None = None) -> Record | BadRecord:
    """A Record when `data` is an object with a string text field, else a BadRecord saying why."""
    if not isinstance(data, dict):
        return BadRecord(source, index, line, "not-an-object", f"expected a JSON object, got {type(data).__name__}", raw)
    if text_field not in data:
        return BadRecord(source, index, line, "missing-text", f"field {text_field!r} is missing", raw)
    if not isinstance(data[text_field], str):
        kind = "null" if data[text_field] is None else type(data[text_field]).__name__
        return BadRecord(source, index, line, "missing-text", f"field {text_field!r} is {kind}, not a string", raw)
    return Record(source, index, data, line, warnings)


_ESCAPED_SURROGATE = regex.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def surrogate_problem(obj: Any, text: str) -> str | None:
    """What is wrong when a parsed JSON record holds a lone surrogate: an escape such as
    `\\ud800` that is half of a character, cannot be written as UTF-8, and would crash the
    writer. None for a clean record (cheap: only records whose text has such an escape are walked)."""
    if not _ESCAPED_SURROGATE.search(text):
        return None
    for where, value in _strings(obj):
        if (m := _SURROGATE.search(value)) is not None:
            return f"lone surrogate U+{ord(m.group()):04X} in {where} (half a character, not valid Unicode)"
    return None


def without_surrogates(obj: Any) -> Any:
    """`obj` with every lone surrogate in its strings (keys too) replaced by U+FFFD."""
    if isinstance(obj, str):
        return _SURROGATE.sub("\ufffd", obj)
    if isinstance(obj, list):
        return [without_surrogates(v) for v in obj]
    if isinstance(obj, dict):
        return {without_surrogates(k): without_surrogates(v) for k, v in obj.items()}
    return obj


def _strings(obj: Any) -> Iterator[tuple[str, str]]:
    """(where, string) for every string of a JSON value, field names included; `where` is ASCII."""
    stack: list[tuple[Any, str]] = [(obj, "")]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            yield f"field {where}" if where else "the record", value
        elif isinstance(value, dict):
            for k, v in value.items():
                name = f"{where}.{ascii(k)[1:-1]}" if where else ascii(k)[1:-1]
                yield f"the name of field {name}", k
                stack.append((v, name))
        elif isinstance(value, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(value))


# -- the original minimal API, kept for callers of the first release ------------------------

FORMATS = ("txt", "jsonl")


def detect_format(name: str, explicit: str | None) -> str:
    """The format named by `--format`, else by the file extension."""
    from scrubber.io.formats import detect_format as detect

    return detect(name, explicit)


def read_records(stream: IO[str], fmt: str, source: str, text_field: str = "text") -> Iterator[Record | InputError]:
    """Yield each record of a text stream, or an InputError naming the file and line."""
    import json

    if fmt == "txt":
        yield Record(source, 1, {text_field: stream.read()}, 1)
        return
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            item = check_record(json.loads(line), source, lineno, lineno, text_field)
        except json.JSONDecodeError as exc:
            yield InputError(f"{source}:{lineno}: invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        yield item if isinstance(item, Record) else InputError(str(item))


def dump_record(data: dict[str, Any], fmt: str, text_field: str = "text") -> str:
    """A record in the output format: the text itself for .txt, one JSON line for .jsonl."""
    import json

    if fmt == "txt":
        text: str = data[text_field]
        return text if text.endswith("\n") or not text else text + "\n"
    return json.dumps(data, ensure_ascii=False) + "\n"
