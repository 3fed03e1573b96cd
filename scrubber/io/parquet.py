"""Parquet (the `scrubber[parquet]` extra): read and written in row batches, never whole.

Records are located by row index and field: a Parquet file has no lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from scrubber.errors import InputError
from scrubber.io.records import FileProblem, Item, ReadOptions, check_record

BATCH = 1024


def _pyarrow() -> Any:
    try:
        import pyarrow  # type: ignore[import-untyped,unused-ignore]
        import pyarrow.parquet  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise InputError("Parquet needs pyarrow: pip install 'scrubber[parquet]'") from None
    return pyarrow


def read_parquet(stream: BinaryIO, source: str, opts: ReadOptions) -> Iterator[Item]:
    pa = _pyarrow()
    try:
        file = pa.parquet.ParquetFile(stream)
    except (pa.ArrowException, OSError) as exc:
        yield FileProblem(source, "unreadable", f"not a readable Parquet file: {exc}")
        return
    if opts.text_field not in file.schema_arrow.names:
        yield FileProblem(source, "missing-text", f"no column {opts.text_field!r} (columns: {', '.join(file.schema_arrow.names)})")
        return
    index = 0
    try:
        for batch in file.iter_batches(batch_size=BATCH):
            for row in batch.to_pylist():
                index += 1
                yield check_record(row, source, index, None, opts.text_field)
    except (pa.ArrowException, OSError) as exc:
        yield FileProblem(source, "truncated", f"unreadable data after record {index}: {exc}")
        return
    if index == 0:
        yield FileProblem(source, "empty", "empty file: no records")


def parquet_schema(stream: BinaryIO) -> Any:
    """The Arrow schema of a Parquet file (used to write the output with the input's schema)."""
    return _pyarrow().parquet.ParquetFile(stream).schema_arrow


class ParquetWriter:
    """Buffers rows and writes them in batches, with the input's schema when one is known.

    Columns added to records (findings under --annotate) are stored as JSON strings.
    """

    def __init__(self, stream: BinaryIO, schema: Any = None) -> None:
        self._pa = _pyarrow()
        self._stream, self._schema = stream, schema
        self._rows: list[dict[str, Any]] = []
        self._writer: Any = None

    def write(self, data: dict[str, Any]) -> None:
        self._rows.append(data)
        if len(self._rows) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        pa = self._pa
        if not self._rows:
            return
        schema = self._schema
        if schema is not None:
            extra = [k for k in self._rows[0] if k not in schema.names]
            for key in extra:
                schema = schema.append(pa.field(key, pa.string()))
            rows = [{**r, **{k: json.dumps(r[k], ensure_ascii=False) for k in extra if k in r}} for r in self._rows]
            self._schema = schema
        else:
            rows = self._rows
        try:
            table = pa.Table.from_pylist(rows, schema=schema)
        except (pa.ArrowException, TypeError) as exc:
            raise InputError(f"cannot write these records as Parquet: {exc}") from None
        if self._writer is None:
            self._schema = table.schema
            self._writer = pa.parquet.ParquetWriter(self._stream, table.schema)
        self._writer.write_table(table)
        self._rows = []

    def close(self) -> None:
        self._flush()
        if self._writer is None:  # no rows: still a valid file, with the schema when known
            schema = self._schema if self._schema is not None else self._pa.schema([])
            self._writer = self._pa.parquet.ParquetWriter(self._stream, schema)
        self._writer.close()
