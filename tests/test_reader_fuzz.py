"""Fuzz target for the JSON Lines reader: any bytes in, no exception out, and nothing lost.

Inputs mix valid records with lone surrogates escaped in JSON (`"\\ud800"`), surrogates encoded
raw (invalid UTF-8), random bytes, truncated lines, blank and CRLF lines, a BOM, non-objects,
missing or non-string text fields, deep nesting and lines over the size limit.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrubber.batch.clean import rejected_record
from scrubber.io.json_array import read_json_array
from scrubber.io.jsonl import JsonlWriter, read_jsonl
from scrubber.io.records import BadRecord, FileProblem, ReadOptions, Record

EXAMPLES = int(os.environ.get("SCRUBBER_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d", "\ude00"]
text = st.text(st.characters() | st.sampled_from(SURROGATES + ["\x00", "\u2028", "\ufeff", "\r", "\n"]),
               max_size=60)
scalar = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text
record = st.fixed_dictionaries({"text": text}, optional={"id": st.integers() | text, "meta": st.dictionaries(
    text, scalar | st.lists(scalar, max_size=3), max_size=3)})


@st.composite
def line(draw: st.DrawFn) -> bytes:
    """One line of a JSONL file, valid or broken in one of many ways (without its newline)."""
    kind = draw(st.sampled_from(["ascii", "utf8", "surrogatepass", "bytes", "truncated", "blank", "other",
                                 "nested", "no-text", "bad-text"]))
    rec: dict[str, Any] = draw(record)
    if kind == "bytes":
        return draw(st.binary(max_size=80)).replace(b"\n", b" ")
    if kind == "blank":
        return draw(st.sampled_from([b"", b" ", b"\t", b"\r", b"  \r"]))
    if kind == "other":
        return json.dumps(draw(st.lists(scalar, max_size=3) | scalar)).encode()
    if kind == "nested":
        depth = draw(st.integers(1, 5000))
        return b"[" * depth + b"]" * draw(st.integers(0, depth))
    if kind == "no-text":
        rec.pop("text")
    if kind == "bad-text":
        rec["text"] = draw(st.none() | st.integers() | st.lists(text, max_size=2))
    if kind in ("utf8", "surrogatepass"):  # raw surrogates in UTF-8 are invalid UTF-8 bytes
        data = json.dumps(rec, ensure_ascii=False).encode("utf-8", "surrogatepass")
    else:
        data = json.dumps(rec).encode()  # ensure_ascii: surrogates become \\udXXX escapes
    if kind == "truncated":
        data = data[: draw(st.integers(0, max(0, len(data) - 1)))]
    return data


files = st.builds(lambda lines, eol, bom, last: (b"\xef\xbb\xbf" if bom else b"") + eol.join(lines) + (eol if last else b""),
                  st.lists(line(), max_size=12), st.sampled_from([b"\n", b"\r\n"]), st.booleans(), st.booleans())
options = st.builds(ReadOptions, encoding_errors=st.sampled_from(["reject", "replace"]),
                    max_record_bytes=st.sampled_from([64 * 2**20, 120, 1]))


def content_lines(data: bytes, limit: int) -> list[int]:
    """1-based numbers of the lines that are records: anything but whitespace (a leading
    byte-order mark aside), or too long to be read (rejected as too large)."""
    lines = data.split(b"\n")
    return [n for n, raw in enumerate(lines, 1)
            if len(raw) > limit or (raw[3:] if n == 1 and raw.startswith(b"\xef\xbb\xbf") else raw).strip()]


def writable(data: dict[str, Any]) -> None:
    """What the reader yields must survive the writers (a lone surrogate once crashed them)."""
    out = io.BytesIO()
    writer = JsonlWriter(out)
    writer.write(data)
    writer.close()
    json.loads(out.getvalue())


@FUZZ
@given(files, options)
def test_jsonl_reader_reads_anything_and_loses_nothing(data: bytes, opts: ReadOptions) -> None:
    items = list(read_jsonl(io.BytesIO(data), "f.jsonl", opts))
    records = [i for i in items if isinstance(i, Record | BadRecord)]
    problems = [i for i in items if isinstance(i, FileProblem)]
    expected = content_lines(data, opts.max_record_bytes)
    assert [r.line for r in records] == expected  # one item per line, in order, none lost
    assert [r.index for r in records] == list(range(1, len(expected) + 1))
    assert [p.reason for p in problems] == ([] if expected else ["empty"])
    for item in records:
        if isinstance(item, Record):
            assert isinstance(item.data[opts.text_field], str)
            writable(item.data)
            str(item.where).encode("utf-8")
            for w in item.warnings:
                w.encode("utf-8")
        else:
            str(item).encode("utf-8")  # the one-line error can be printed
            writable(rejected_record(item, None))  # and the record can go to the rejects file


@FUZZ
@given(st.lists(record, min_size=1, max_size=6))
def test_valid_records_round_trip_or_are_rejected_for_surrogates(recs: list[dict[str, Any]]) -> None:
    data = b"".join(json.dumps(r).encode() + b"\n" for r in recs)
    items = list(read_jsonl(io.BytesIO(data), "f.jsonl", ReadOptions()))
    for rec, item in zip(recs, items, strict=True):
        decoded = json.loads(json.dumps(rec))  # an escaped pair of surrogates is one character again
        if any("\ud800" <= c <= "\udfff" for s in _strings(decoded) for c in s):
            assert isinstance(item, BadRecord) and item.reason == "invalid-unicode", item
        else:
            assert isinstance(item, Record) and item.data == decoded


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@FUZZ
@given(files, st.floats(0, 1), options)
def test_gzip_reader_survives_truncation(data: bytes, cut: float, opts: ReadOptions) -> None:
    packed = gzip.compress(data)
    short = packed[: int(len(packed) * cut)]
    items = list(read_jsonl(io.BytesIO(short), "f.jsonl.gz", opts, compressed=True))
    problems = [i.reason for i in items if isinstance(i, FileProblem)]
    if len(short) < len(packed):
        assert problems in (["truncated"], ["empty"]), problems
    for item in items:
        if isinstance(item, Record):
            writable(item.data)


@FUZZ
@given(st.lists(line(), max_size=8), options)
def test_json_array_reader_never_raises(lines: list[bytes], opts: ReadOptions) -> None:
    data = b"[" + b",\n".join(lines) + b"]"
    for item in read_json_array(io.BytesIO(data), "f.json", opts):
        if isinstance(item, Record):
            writable(item.data)
        elif isinstance(item, BadRecord):
            writable(rejected_record(item, None))
