"""Bounded line reading and decoding: the shared core of the line-based readers.

A line longer than the record limit is skipped in pieces and never held in memory whole, so
memory stays flat whatever the input.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from scrubber.io.records import EncodingErrors

PREVIEW = 200  # characters of an unreadable record kept for the rejects file
_SKIP = 1 << 20


def bounded_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """Yield (line number, bytes or None when longer than `limit`, size in bytes) per line."""
    lineno = 0
    while True:
        chunk = stream.readline(limit + 1)
        if not chunk:
            return
        lineno += 1
        if len(chunk) > limit and not chunk.endswith(b"\n"):
            size = len(chunk)
            while chunk and not chunk.endswith(b"\n"):
                chunk = stream.readline(_SKIP)
                size += len(chunk)
            yield lineno, None, size
        else:
            yield lineno, chunk, len(chunk)


def decode(data: bytes, errors: EncodingErrors, first: bool = False) -> tuple[str | None, str | None]:
    """(text, problem): text is None when the bytes are invalid UTF-8 and errors="reject";
    `problem` describes invalid UTF-8 either way (reported whether rejected or replaced)."""
    if first and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        problem = f"invalid UTF-8 at byte {exc.start}"
        if errors == "reject":
            return None, problem
        return data.decode("utf-8", "replace"), problem + ", replaced with U+FFFD"
