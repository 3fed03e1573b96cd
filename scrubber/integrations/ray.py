"""Ray: clean a text column of a Dataset, or a folder of shards, on one machine or a cluster.

Needs the extra `scrubber[ray]`. Two entry points:

- `ScrubBatches`, the callable class for `Dataset.map_batches`: each actor builds its Scrubber
  once, then cleans every batch it is given (dicts of columns, pandas or Arrow batches). It adds
  `scrubber_status` and `scrubber_findings` (rule codes) columns; filter rejected rows with
  `ds.filter(lambda r: r["scrubber_status"] != "rejected")`.

      ds = ray.data.read_parquet("s3://bucket/news/")
      ds = ds.map_batches(ScrubBatches, fn_constructor_kwargs={"text_column": "body"},
                          compute=ray.data.ActorPoolStrategy(min_size=1, max_size=8),
                          batch_format="pyarrow")

- `clean_shards` (what `scrubber clean --engine ray DIR -o OUT` runs) and `clean_directory` (the
  same from Python): each shard (a `.jsonl`, `.jsonl.gz`, `.json` or `.parquet` file) goes to a
  pool of Ray actors as one unit of work; an actor cleans it with the local engine's own code
  (`scrubber.batch.clean.CleanJob`), so the output equals a local run record for record. It
  writes the shard's output under the same relative path in OUT, its rejected records (with
  their reasons) to `OUT/rejects/<shard>.jsonl`, and returns its run report; the reports are
  merged and written to `OUT/report.json`. Split a large file into shards to spread it.

On a cluster, connect with `address` (`"auto"` on a node of the cluster, `"ray://head:10001"`
from outside), give paths every node and the driver see at the same place (a shared file
system), and install scrubber on every node (or ship it with `runtime_env={"pip":
["scrubber[ray]"]}` in `ray_init`).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import ray
    import ray.data
    from ray.util import ActorPool
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("scrubber.integrations.ray needs Ray: pip install 'scrubber[ray]'") from exc

from scrubber.api import Scrubber
from scrubber.batch.clean import CleanJob
from scrubber.batch.outputs import OutputPlan
from scrubber.batch.pipeline import Task
from scrubber.errors import InputError, ScrubberError
from scrubber.io.discover import Input, expand_inputs
from scrubber.io.fields import FieldMap
from scrubber.io.records import ReadOptions
from scrubber.report.run import RuleCount, RunReport
from scrubber.settings import Settings

MAX_MESSAGES = 100  # per shard: the messages an actor sends back to be shown (the rest are counted)


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
        values = columns[self.text_column]
        texts: list[str | None] = [None] * len(values)  # a missing text stays missing, and is rejected
        statuses = ["rejected"] * len(values)
        codes: list[list[str]] = [[] for _ in values]
        rows = [i for i, value in enumerate(values) if value is not None]
        records = [{"text": str(values[i]), **{n: columns[n][i] for n in carried}} for i in rows]
        for i, result in zip(rows, self.scrubber.scrub_many(records), strict=True):
            texts[i], statuses[i], codes[i] = result.text, result.status, [f.code for f in result.findings]
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
        import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

        return pa.Table.from_pydict(columns)
    if kind == "pandas":
        import pandas as pd

        return pd.DataFrame(columns)
    return columns


# --- a folder of shards -------------------------------------------------------------------


def rejects_path(output: Path, relative: Path) -> Path:
    """Where the rejected records of shard `relative` go: `output/rejects/<shard>.jsonl`."""
    name = relative.name
    for suffix in (".jsonl.gz", ".ndjson.gz", ".jsonl", ".ndjson", ".json", ".parquet"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return output / "rejects" / relative.parent / (name + ".jsonl")


@dataclass
class ShardResult:
    """What an actor sends back for one shard."""

    shard: str  # the shard's path relative to the output folder
    report: RunReport
    messages: list[tuple[str, str]] = field(default_factory=list)  # (level, text), at most MAX_MESSAGES
    more_messages: int = 0


class _ShardCleaner:
    """A Ray actor: receives the Task (its Scrubbers built once), then cleans the shards it is handed."""

    def __init__(self, task: Task, output: str, read: ReadOptions, annotate: str | None) -> None:
        self.task, self.output, self.read, self.annotate = task, Path(output), read, annotate

    def clean(self, inp: Input, variant: int) -> ShardResult:
        result = ShardResult(inp.relative.as_posix(), RunReport())

        def say(level: str, text: str) -> None:
            if len(result.messages) < MAX_MESSAGES:
                result.messages.append((level, text))
            else:
                result.more_messages += 1

        rejects = rejects_path(self.output, inp.relative)
        job = CleanJob(self.task, [inp], OutputPlan("folder", self.output), [variant], self.read,
                       rejects=rejects, annotate=self.annotate, on_message=say)
        result.report = job.run()
        if not result.report.rejected:
            rejects.unlink(missing_ok=True)
        return result


def connect(address: str | None = None, **ray_init: Any) -> None:
    """Connect to the Ray cluster at `address`, or start a local Ray; nothing when already connected."""
    if ray.is_initialized():
        return
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    local = {"include_dashboard": False} if address is None else {}
    ray.init(address=address, **{"logging_level": logging.WARNING, **local, **ray_init})


def check_layout(inputs: Sequence[Input], output: Path) -> None:
    """InputError when the shards cannot be laid out under `output` beside rejects/ and report.json."""
    names = [i.relative for i in inputs]
    for inp in inputs:
        if inp.path == "-" or inp.format == "txt":
            raise InputError(f"{inp.display}: the Ray engine takes record shards (.jsonl, .jsonl.gz, .json, "
                             ".parquet), not .txt articles or standard input")
        if inp.relative.parts[0] == "rejects" or inp.relative == Path("report.json"):
            raise InputError(f"{inp.display}: would be written over {output / inp.relative}, where the Ray "
                             "engine keeps rejects/ and report.json")
        if names.count(inp.relative) > 1:
            raise InputError(f"two inputs would both be written to {output / inp.relative}")


def clean_shards(task: Task, inputs: Sequence[Input], variants: Sequence[int], output: Path, *,
                 read: ReadOptions | None = None, annotate: str | None = None, workers: int | None = None,
                 on_shard: Callable[[ShardResult], None] | None = None) -> tuple[RunReport, list[ShardResult]]:
    """Clean each input shard into `output` on the connected Ray cluster, with `workers` actors
    (default: the cluster's CPUs, at most one per shard); the merged report and each shard's
    result (sorted by shard), after calling `on_shard` as each one finishes."""
    check_layout(inputs, output)
    total = RunReport()
    if not inputs:
        return total.finish(), []
    output.mkdir(parents=True, exist_ok=True)
    cpus = int(ray.cluster_resources().get("CPU", 1))  # type: ignore[no-untyped-call,unused-ignore]
    size = max(1, min(len(inputs), workers or cpus))
    task_ref = ray.put(task)
    actor = ray.remote(num_cpus=1)(_ShardCleaner)
    pool = ActorPool([actor.remote(task_ref, str(output), read or ReadOptions(task.fields.text), annotate)
                      for _ in range(size)])
    largest_first = sorted(zip(inputs, variants), key=lambda iv: -_size(iv[0]))
    results = []
    try:
        for result in pool.map_unordered(lambda a, iv: a.clean.remote(*iv), largest_first):
            merge_into(total, result.report)
            results.append(result)
            if on_shard:
                on_shard(result)
    except ray.exceptions.RayTaskError as exc:  # an error we raise on purpose, or a file out of reach: as is
        if isinstance(exc.cause, (ScrubberError, OSError)):
            raise exc.cause from None
        raise
    _prune(output / "rejects")
    return total.finish(), sorted(results, key=lambda r: r.shard)


def _prune(folder: Path) -> None:
    """Remove the folders under `folder` (and itself) left empty: shards without rejected records."""
    if not folder.is_dir():
        return
    for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(sub.iterdir()):
            sub.rmdir()
    if not any(folder.iterdir()):
        folder.rmdir()


def _size(inp: Input) -> int:
    try:
        return os.path.getsize(inp.path)
    except OSError:
        return 0


def merge_into(total: RunReport, part: RunReport) -> None:
    """Add one shard's counts to the run's."""
    for name in ("files", "records_in", "records_out", "rejected", "cleaned", "unchanged", "flagged",
                 "chars_in", "chars_removed", "replaced_encoding"):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.reasons.update(part.reasons)
    for code, rc in part.rules.items():
        into = total.rules.setdefault(code, RuleCount())
        into.findings += rc.findings
        into.records += rc.records
        into.chars_removed += rc.chars_removed
    total.file_errors.extend(part.file_errors)
    total.aborted |= part.aborted


def report_dict(total: RunReport, results: Sequence[ShardResult]) -> dict[str, Any]:
    """The merged report, with one entry per shard."""
    shards = [{"shard": r.shard, **{k: v for k, v in r.report.as_dict().items() if k != "files"}} for r in results]
    return {**total.as_dict(), "engine": "ray", "shards": shards}


def write_report(path: Path, report: dict[str, Any]) -> None:
    from scrubber.io.atomic import AtomicFile

    with AtomicFile(path) as out:
        out.stream.write((json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def clean_directory(input: str | Path, output: str | Path, *, settings: Settings | Mapping[str, Any] | None = None,
                    text_field: str = "text", address: str | None = None, workers: int | None = None,
                    ray_init: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Clean every shard under `input` into `output` with Ray; return (and write to
    `output/report.json`) the merged report.

    Connects to the cluster at `address` (starts a local Ray without one) unless Ray is already
    initialised."""
    found = [i for i in expand_inputs([str(input)]) if i.format != "txt"]
    if not found:
        raise InputError(f"{input}: no .jsonl, .jsonl.gz, .json or .parquet shards")
    connect(address, **dict(ray_init or {}))
    task = Task((Scrubber(_settings(settings)),), FieldMap(text=text_field))
    out = Path(output)
    total, results = clean_shards(task, found, [0] * len(found), out, workers=workers)
    report = report_dict(total, results)
    write_report(out / "report.json", report)
    return report
