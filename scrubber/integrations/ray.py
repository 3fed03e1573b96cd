"""Ray Data: clean a text column of a Dataset, or a directory of shards, on one machine or a cluster.

Needs the extra `scrubber[ray]`. Two entry points:

- `ScrubBatches`, the callable class for `Dataset.map_batches`: each actor builds its Scrubber
  once, then cleans every batch it is given (dicts of columns, pandas or Arrow batches). It adds
  `scrubber_status` and `scrubber_findings` (rule codes) columns; filter rejected rows with
  `ds.filter(lambda r: r["scrubber_status"] != "rejected")`.

      ds = ray.data.read_parquet("s3://bucket/news/")
      ds = ds.map_batches(ScrubBatches, fn_constructor_kwargs={"text_column": "body"},
                          compute=ray.data.ActorPoolStrategy(size=8), batch_format="pyarrow")

- `clean_directory(input, output)`, what `scrubber clean --engine ray DIR -o OUT` calls: every
  `.jsonl`, `.jsonl.gz` and `.parquet` shard of a directory (recursively) goes to a pool of Ray
  actors as one task; each writes its output shard under the same relative path, and its rejected
  records to `OUT/rejects/<shard>.jsonl`, with exactly the local engine's code (JSON Lines go
  through `scrubber.pipeline`), so the output equals a local run record for record. The merged
  report (records, outcomes, findings per rule, per shard) is returned and written to
  `OUT/report.json`. A shard is the unit of work: split a large file into shards to spread it.

On a cluster, pass `address` (`"auto"` on a node of the cluster, `"ray://head:10001"` from
outside) and use a directory every node sees (a shared file system); scrubber must be installed
on every node (or shipped with `runtime_env={"pip": ["scrubber[ray]"]}` in `ray_init`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

try:
    import ray
    import ray.data
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("scrubber.integrations.ray needs Ray Data: pip install 'scrubber[ray]'") from exc

from scrubber.api import Scrubber
from scrubber.errors import InputError
from scrubber.pipeline import Report, clean_file
from scrubber.settings import Settings

SHARD_SUFFIXES = (".jsonl", ".jsonl.gz", ".parquet")


def _settings(settings: Settings | Mapping[str, Any] | None) -> Settings:
    if settings is None:
        return Settings()
    return settings if isinstance(settings, Settings) else Settings.model_validate(dict(settings))


class ScrubBatches:
    """Clean `text_column` of each batch; the Scrubber is built once per actor."""

    def __init__(self, text_column: str = "text", *, output_column: str | None = None,
                 settings: Settings | Mapping[str, Any] | None = None) -> None:
        self.text_column = text_column
        self.output_column = output_column or text_column
        self.scrubber = Scrubber(_settings(settings))

    def __call__(self, batch: Any) -> Any:
        columns, kind = _columns(batch)
        if self.text_column not in columns:
            raise InputError(f"no column {self.text_column!r} (columns: {', '.join(columns)})")
        carried = [n for n in self.scrubber.settings.validation.required if n in columns and n != self.text_column]
        texts, statuses, codes = [], [], []
        for i, value in enumerate(columns[self.text_column]):
            if value is None:
                texts.append(None)
                statuses.append("rejected")
                codes.append([])
                continue
            result = self.scrubber.scrub({"text": str(value), **{n: columns[n][i] for n in carried}})
            texts.append(result.text)
            statuses.append(result.status)
            codes.append([f.code for f in result.findings])
        out = {**columns, self.output_column: texts, "scrubber_status": statuses, "scrubber_findings": codes}
        return _batch(out, kind)


def _columns(batch: Any) -> tuple[dict[str, list[Any]], str]:
    """A batch as plain column lists, and its kind (to give the same kind back)."""
    if hasattr(batch, "to_pydict"):  # pyarrow.Table
        return batch.to_pydict(), "pyarrow"
    if hasattr(batch, "to_dict") and hasattr(batch, "columns"):  # pandas.DataFrame
        return {c: batch[c].tolist() for c in batch.columns}, "pandas"
    return {k: list(v) for k, v in batch.items()}, "dict"


def _batch(columns: dict[str, list[Any]], kind: str) -> Any:
    if kind == "pyarrow":
        import pyarrow as pa

        return pa.Table.from_pydict(columns)
    if kind == "pandas":
        import pandas as pd

        return pd.DataFrame(columns)
    return columns


def clean_shard(scrubber: Scrubber, source: Path, target: Path, rejects: Path, *, text_field: str = "text",
                jobs: int = 1) -> Report:
    """Clean one shard into `target` (its rejected records into `rejects`): the local engine."""
    target.parent.mkdir(parents=True, exist_ok=True)
    rejects.parent.mkdir(parents=True, exist_ok=True)
    if source.name.endswith(".parquet"):
        return _clean_parquet(scrubber, source, target, rejects, text_field)
    report = clean_file(scrubber, str(source), str(target), str(rejects), jobs=jobs, text_field=text_field)
    if not report.rejected:
        rejects.unlink(missing_ok=True)
    return report


def _clean_parquet(scrubber: Scrubber, source: Path, target: Path, rejects: Path, text_field: str) -> Report:
    import orjson
    import pyarrow as pa
    import pyarrow.parquet as pq

    report = Report()
    reader = pq.ParquetFile(source)
    writer = None
    rejected: list[bytes] = []
    try:
        for batch in reader.iter_batches():
            rows = batch.to_pylist()
            kept: list[dict[str, Any]] = []
            for number, row in enumerate(rows, report.records + 1):
                report.records += 1
                if not isinstance(row.get(text_field), str):
                    report.status["error"] += 1
                    report.errors.append(f"{source}:{number}: field {text_field!r} is missing or not a string")
                    continue
                try:
                    result = scrubber.scrub(row, text_field=text_field)
                except InputError as exc:
                    report.status["error"] += 1
                    report.errors.append(f"{source}:{number}: {exc}")
                    continue
                report.status[result.status] += 1
                report.codes.update(f.code for f in result.findings)
                if result.ok:
                    kept.append({**row, text_field: result.text})
                else:
                    reasons = [i.model_dump() for i in result.issues]
                    rejected.append(orjson.dumps({**row, "_rejected": reasons}, default=str) + b"\n")
            table = pa.Table.from_pylist(kept, schema=batch.schema)
            if writer is None:
                writer = pq.ParquetWriter(target, batch.schema)
            writer.write_table(table)
        if writer is None:  # an empty file: an empty output with the same schema
            pq.write_table(reader.schema_arrow.empty_table(), target)
    finally:
        if writer is not None:
            writer.close()
    if rejected:
        rejects.write_bytes(b"".join(rejected))
    return report


def rejects_path(output: Path, relative: Path) -> Path:
    """Where the rejected records of shard `relative` go: `output/rejects/<shard>.jsonl`."""
    name = relative.name
    for suffix in SHARD_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return output / "rejects" / relative.parent / (name + ".jsonl")


def shards(directory: Path) -> list[Path]:
    """The shards of `directory` (JSON Lines, gzip-compressed JSON Lines, Parquet), sorted."""
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.name.endswith(SHARD_SUFFIXES))


class _ShardWorker:
    """A Ray actor: builds its Scrubber once, then cleans the shards it is handed."""

    def __init__(self, settings: dict[str, Any], output: str, root: str, text_field: str) -> None:
        self.scrubber = Scrubber(Settings.model_validate(settings))
        self.output, self.root, self.text_field = Path(output), Path(root), text_field

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        reports = []
        for path in batch["path"]:
            source = Path(str(path))
            relative = source.relative_to(self.root)
            report = clean_shard(self.scrubber, source, self.output / relative, rejects_path(self.output, relative),
                                 text_field=self.text_field)
            reports.append(json.dumps({"shard": str(relative), **report.as_dict()}))
        return {"report": reports}


def clean_directory(input: str | Path, output: str | Path, *, settings: Settings | Mapping[str, Any] | None = None,
                    text_field: str = "text", address: str | None = None, workers: int | None = None,
                    ray_init: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Clean every shard of `input` into `output` with Ray; return (and write) the merged report.

    Connects to the cluster at `address` (starts a local Ray without one) unless Ray is already
    initialised; `workers` actors (default: the cluster's CPUs, at most one per shard)."""
    root, out = Path(input), Path(output)
    found = shards(root)
    if not found:
        raise InputError(f"{root}: no .jsonl, .jsonl.gz or .parquet shards")
    if not ray.is_initialized():
        ray.init(address=address, **dict(ray_init or {}))
    size = workers or max(1, min(len(found), int(ray.cluster_resources().get("CPU", 1))))
    out.mkdir(parents=True, exist_ok=True)
    items = ray.data.from_items([{"path": str(p)} for p in found], override_num_blocks=len(found))
    results = items.map_batches(
        _ShardWorker, batch_size=1, compute=ray.data.ActorPoolStrategy(size=size), num_cpus=1,
        fn_constructor_kwargs={"settings": _settings(settings).model_dump(mode="json"), "output": str(out),
                               "root": str(root), "text_field": text_field},
    ).take_all()
    per_shard = sorted((json.loads(r["report"]) for r in results), key=lambda r: r["shard"])
    total = Report()
    for r in per_shard:
        total.records += r["records"]
        total.status.update(r["status"])
        total.codes.update(r["findings"])
        total.bytes_in += r["bytes_in"]
        total.bytes_out += r["bytes_out"]
        total.errors.extend(r["errors"][: max(0, 100 - len(total.errors))])
    merged = {**total.as_dict(), "shards": per_shard}
    (out / "report.json").write_text(json.dumps(merged, indent=2, ensure_ascii=False), encoding="utf-8")
    return merged
