"""Parquet in and out (the `parquet` extra; the test extra installs pyarrow, so these run in CI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from click.testing import CliRunner

from scrubber.cli import main
from scrubber.io.formats import read_items
from scrubber.io.records import FileProblem, ReadOptions, Record

from .conftest import FIXTURES

SEED = (FIXTURES / "seed" / "de-syria.raw.txt").read_text(encoding="utf-8")
CLEAN = (FIXTURES / "seed" / "de-syria.clean.txt").read_text(encoding="utf-8")


def write_table(path: Path, rows: list[dict[str, object]]) -> None:
    pq.write_table(pa.Table.from_pylist(rows), path)


def test_read_rows_as_records_located_by_index(tmp_path: Path) -> None:
    src = tmp_path / "c.parquet"
    write_table(src, [{"id": 1, "text": "a"}, {"id": 2, "text": None}])
    got = list(read_items(str(src), "parquet", ReadOptions()))
    assert isinstance(got[0], Record) and got[0].index == 1 and got[0].line is None
    assert got[1].reason == "missing-text" and str(got[1]).startswith(f"{src}[2]: ")  # type: ignore[union-attr]


def test_missing_column_and_corrupt_file(tmp_path: Path) -> None:
    src = tmp_path / "c.parquet"
    write_table(src, [{"body": "a"}])
    (problem,) = read_items(str(src), "parquet", ReadOptions())
    assert isinstance(problem, FileProblem) and "no column 'text'" in problem.message
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(src.read_bytes()[:40])
    (problem,) = read_items(str(bad), "parquet", ReadOptions())
    assert isinstance(problem, FileProblem) and problem.reason == "unreadable"


def test_clean_parquet_keeps_schema_and_order(tmp_path: Path) -> None:
    src, dst, rej = tmp_path / "c.parquet", tmp_path / "out.parquet", tmp_path / "rej.jsonl"
    rows = [{"id": i, "text": t, "score": float(i)} for i, t in enumerate([SEED, "Plain text.", "  "])]
    write_table(src, rows)
    result = CliRunner().invoke(main, ["clean", str(src), "-o", str(dst), "--rejects", str(rej)])
    assert result.exit_code == 1  # one record rejected (empty)
    table = pq.read_table(dst)
    assert table.schema == pq.read_schema(src)
    out = table.to_pylist()
    assert [r["id"] for r in out] == [0, 1] and out[0]["text"].rstrip() == CLEAN.rstrip()
    assert json.loads(rej.read_text())["_source"] == f"{src}[3]"


def test_check_parquet_reports_record_and_field(tmp_path: Path) -> None:
    src = tmp_path / "c.parquet"
    write_table(src, [{"text": "Plain."}, {"text": SEED}])
    result = CliRunner().invoke(main, ["check", str(src), "--output-format", "concise", "--select", "CR001"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"{src}[2].text:88: CR001 image credit line"


def test_annotate_parquet_adds_a_json_column(tmp_path: Path) -> None:
    src, dst = tmp_path / "c.parquet", tmp_path / "out.parquet"
    write_table(src, [{"text": SEED}])
    result = CliRunner().invoke(main, ["clean", str(src), "-o", str(dst), "--annotate"])
    assert result.exit_code == 0, result.output
    (row,) = pq.read_table(dst).to_pylist()
    assert {f["code"] for f in json.loads(row["_scrubber"])["findings"]} >= {"XL001", "CR001"}


def test_jsonl_to_parquet_and_stdin_parquet(tmp_path: Path) -> None:
    dst = tmp_path / "out.parquet"
    payload = json.dumps({"id": 1, "text": SEED}) + "\n"
    assert CliRunner().invoke(main, ["clean", "-", "--format", "jsonl", "-o", str(dst)], input=payload).exit_code == 0
    assert pq.read_table(dst).to_pylist()[0]["text"].rstrip() == CLEAN.rstrip()
    result = CliRunner().invoke(main, ["clean", "-", "--format", "parquet", "-o", str(tmp_path / "again.jsonl")],
                                input=dst.read_bytes())
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "again.jsonl").read_text())["id"] == 1
