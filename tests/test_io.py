"""Readers, writers and atomic output: every format, and every kind of bad input, on real files."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from scrubber.errors import InputError
from scrubber.io.atomic import AtomicFile
from scrubber.io.discover import expand_inputs
from scrubber.io.fields import FieldMap
from scrubber.io.formats import FORMATS, detect_format, format_of, read_items
from scrubber.io.json_array import JsonArrayWriter
from scrubber.io.jsonl import JsonlWriter
from scrubber.io.lines import bounded_lines
from scrubber.io.records import BadRecord, FileProblem, ReadOptions, Record


def items(path: Path, fmt: str | None = None, **opts: object) -> list[object]:
    return list(read_items(str(path), fmt or detect_format(str(path), None), ReadOptions(**opts)))  # type: ignore[arg-type]


def test_format_detection_by_extension_longest_first() -> None:
    assert format_of("a/b.jsonl.gz") == "jsonl.gz"
    assert format_of("B.JSONL") == "jsonl"
    assert format_of("x.json") == "json"
    assert format_of("x.parquet") == "parquet"
    assert format_of("notes.md") is None
    assert detect_format("-", "jsonl") == "jsonl"
    with pytest.raises(InputError, match="--format"):
        detect_format("-", None)
    with pytest.raises(InputError, match="unknown format"):
        detect_format("x", "xml")


def test_jsonl_records_and_every_bad_line_located(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    src.write_bytes(b'{"id": 1, "text": "ok"}\n\n{oops\n[1, 2]\n{"id": 4}\n{"text": null}\n{"text": "caf\xe9"}\n')
    got = items(src)
    assert isinstance(got[0], Record) and got[0].line == 1 and got[0].index == 1
    bad = [(g.line, g.reason) for g in got if isinstance(g, BadRecord)]
    assert bad == [(3, "invalid-json"), (4, "not-an-object"), (5, "missing-text"), (6, "missing-text"),
                   (7, "invalid-utf8")]
    assert all(str(g).startswith(f"{src}:{g.line}: ") for g in got if isinstance(g, BadRecord))
    assert got[1].raw == "{oops"  # type: ignore[union-attr]


def test_invalid_utf8_replaced_is_reported_as_a_warning(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    src.write_bytes(b'{"text": "caf\xe9 au lait"}\n')
    (rec,) = items(src, encoding_errors="replace")
    assert isinstance(rec, Record) and rec.data["text"] == "caf\ufffd au lait"
    assert rec.warnings and "invalid UTF-8" in rec.warnings[0]


def test_bom_is_not_part_of_the_first_record(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    src.write_bytes(b'\xef\xbb\xbf{"text": "a"}\n')
    (rec,) = items(src)
    assert isinstance(rec, Record) and rec.data == {"text": "a"}


def test_empty_files(tmp_path: Path) -> None:
    for name in ("e.jsonl", "e.json"):
        (tmp_path / name).write_bytes(b"")
        (problem,) = items(tmp_path / name)
        assert isinstance(problem, FileProblem) and problem.reason == "empty"
    (tmp_path / "e.txt").write_bytes(b"")
    (rec,) = items(tmp_path / "e.txt")
    assert isinstance(rec, Record) and rec.data["text"] == ""  # an empty article: validation rejects it


def test_truncated_gzip_keeps_what_was_read_and_names_the_record(tmp_path: Path) -> None:
    payload = "".join(json.dumps({"id": i, "text": f"article {i} " * 50}) + "\n" for i in range(200))
    whole = gzip.compress(payload.encode())
    src = tmp_path / "c.jsonl.gz"
    src.write_bytes(whole[: len(whole) // 2])
    got = items(src)
    records = [g for g in got if isinstance(g, Record)]
    assert 0 < len(records) < 200 and all(r.line is None for r in records)
    assert isinstance(got[-1], FileProblem) and got[-1].reason == "truncated"
    assert f"after record {len(records)}" in got[-1].message


def test_gzip_detected_under_plain_jsonl_format(tmp_path: Path) -> None:
    src = tmp_path / "c.data"
    src.write_bytes(gzip.compress(b'{"text": "a"}\n'))
    (rec,) = items(src, "jsonl")
    assert isinstance(rec, Record) and rec.data == {"text": "a"}


def test_oversized_record_is_skipped_without_loading_it(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    big = json.dumps({"text": "x" * 5000})
    src.write_text(f'{{"text": "a"}}\n{big}\n{{"text": "b"}}\n', encoding="utf-8")
    got = items(src, max_record_bytes=1000)
    assert [type(g).__name__ for g in got] == ["Record", "BadRecord", "Record"]
    assert got[1].reason == "too-large" and got[1].line == 2 and got[1].raw is None  # type: ignore[union-attr]
    assert got[2].line == 3  # type: ignore[union-attr]


def test_bounded_lines_never_returns_more_than_the_limit() -> None:
    stream = io.BytesIO(b"short\n" + b"y" * 10_000 + b"\nlast")
    got = list(bounded_lines(stream, 100))
    assert got[0] == (1, b"short\n", 6) and got[1][1] is None and got[1][2] == 10_001
    assert got[2] == (3, b"last", 4)


def test_json_array_streams_records_with_their_lines(tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    records = [{"id": i, "text": "é" * (40_000 + i)} for i in range(5)]  # records span read chunks
    src.write_text("[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n", encoding="utf-8")
    got = items(src)
    assert [g.data for g in got] == records  # type: ignore[union-attr]
    assert [g.line for g in got] == [2, 3, 4, 5, 6]  # type: ignore[union-attr]


def test_json_array_bad_utf8_in_one_record_and_a_broken_tail(tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    src.write_bytes(b'[{"text": "ok"},\n {"text": "caf\xe9"},\n {"text": "fine"},\n {"text": oops}]')
    got = items(src)
    assert [type(g).__name__ for g in got] == ["Record", "BadRecord", "Record", "FileProblem"]
    assert got[1].reason == "invalid-utf8" and got[1].line == 2  # type: ignore[union-attr]
    assert "line 4" in got[3].message  # type: ignore[union-attr]
    replaced = items(src, encoding_errors="replace")
    assert replaced[1].data == {"text": "caf\ufffd"} and replaced[1].warnings  # type: ignore[union-attr]


def test_json_not_an_array(tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    src.write_text('{"text": "a"}', encoding="utf-8")
    (problem,) = items(src)
    assert isinstance(problem, FileProblem) and "array" in problem.message


def test_missing_file_is_a_file_problem_not_an_exception(tmp_path: Path) -> None:
    (problem,) = list(read_items(str(tmp_path / "gone.jsonl"), "jsonl", ReadOptions()))
    assert isinstance(problem, FileProblem) and problem.reason == "unreadable"


@pytest.mark.parametrize("fmt", ["jsonl", "jsonl.gz", "json"])
def test_writers_round_trip_through_readers(tmp_path: Path, fmt: str) -> None:
    records = [{"z": 1, "text": "Grüße\nzweite Zeile", "a": [1, {"b": None}]}, {"text": ""}]
    path = tmp_path / f"out{FORMATS[fmt].extensions[0]}"
    with AtomicFile(path) as out:
        writer = FORMATS[fmt].make_writer(out.stream, "text", None)
        for r in records:
            writer.write(r)
        writer.close()
    assert [g.data for g in items(path)] == records  # type: ignore[union-attr]


def test_json_array_writer_with_no_records_is_an_empty_array() -> None:
    buf = io.BytesIO()
    w = JsonArrayWriter(buf)
    w.close()
    assert json.loads(buf.getvalue()) == []


def test_atomic_file_appears_only_on_commit(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    target.chmod(0o640)
    with pytest.raises(RuntimeError), AtomicFile(target) as out:
        JsonlWriter(out.stream).write({"text": "half"})
        raise RuntimeError("interrupted")
    assert target.read_text() == "old\n" and list(tmp_path.iterdir()) == [target]
    with AtomicFile(target) as out:
        out.stream.write(b"new\n")
    assert target.read_text() == "new\n" and (target.stat().st_mode & 0o777) == 0o640
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("step", ["fsync", "chmod", "replace"])
def test_a_commit_interrupted_midway_is_aborted_cleanly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        step: str) -> None:
    """Ctrl-C while a commit syncs or renames (the run's last moment): the abort that follows
    still removes the temporary file, and the target keeps its old content."""
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    real = getattr(os, step)

    def interrupted(*args: object) -> None:
        monkeypatch.setattr(os, step, real)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), AtomicFile(target) as out:
        out.stream.write(b"new\n")
        monkeypatch.setattr(os, step, interrupted)
        out.commit()
    assert target.read_text() == "old\n" and list(tmp_path.iterdir()) == [target]


def test_expand_inputs_recurses_by_extension_and_skips_hidden(tmp_path: Path) -> None:
    for rel in ("a.txt", "sub/b.jsonl", "sub/deeper/c.jsonl.gz", "sub/notes.md", ".hidden/d.txt", "sub/.e.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    found = expand_inputs([str(tmp_path)])
    assert [(i.relative.as_posix(), i.format) for i in found] == [
        ("a.txt", "txt"), ("sub/b.jsonl", "jsonl"), ("sub/deeper/c.jsonl.gz", "jsonl.gz")]
    assert [i.relative.as_posix() for i in expand_inputs([str(tmp_path)], "jsonl")] == ["sub/b.jsonl"]
    with pytest.raises(InputError, match="no such file"):
        expand_inputs([str(tmp_path / "nope.txt")])


def test_field_map_renames_and_shadows() -> None:
    fm = FieldMap(text="body", id="doc_id")
    data = {"doc_id": 7, "text": "not the body", "body": "B", "x": 1}
    assert fm.to_article(data) == {"id": 7, "text": "B", "x": 1}
    assert fm.record_key(data) == "id:7"
    assert FieldMap().record_key({"url": "https://a"}) == "url:https://a"
    assert FieldMap().record_key({"text": "t"}) is None
