"""`scrubber clean --engine ray`: the shards of a run cleaned by Ray actors, one shard at a time.

Each actor runs the local engine on its shard (see scrubber.integrations.ray), so outputs equal
a local run's; this module checks the options, connects, shows what the actors report and
writes the merged report to OUT/report.json (and --report).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any, cast

import click

from scrubber.batch.pipeline import Task
from scrubber.cli.console import Console
from scrubber.errors import ConfigError, InputError
from scrubber.io.discover import Input
from scrubber.io.formats import format_of
from scrubber.io.records import ReadOptions
from scrubber.report.run import RunReport

# Options of `clean` that need the whole run in this process, or one output stream.
EXCLUDED = {"in_place": "--in-place", "diff": "--diff", "fail_fast": "--fail-fast", "review": "--review",
            "rejects": "--rejects (rejected records go to OUT/rejects/)"}


def ray_module() -> ModuleType:
    """scrubber.integrations.ray, or a usage error when the extra is not installed."""
    try:
        return importlib.import_module("scrubber.integrations.ray")
    except ImportError:
        raise InputError("--engine ray needs Ray: pip install 'scrubber[ray]'") from None


def check_options(output: str | None, inputs: list[Input], given: dict[str, Any]) -> Path:
    """The output folder; InputError (a usage error) for what the Ray engine cannot do."""
    for name, flag in EXCLUDED.items():
        if given.get(name):
            raise InputError(f"--engine ray does not support {flag}")
    if not output or output == "-":
        raise InputError("--engine ray writes a folder of shards: pass -o FOLDER")
    if format_of(output) is not None:
        raise InputError(f"--engine ray writes a folder of shards: -o {output} names a file")
    ray_module().check_layout(inputs, Path(output))
    return Path(output)


def run_ray(task: Task, inputs: list[Input], variants: list[int], output: Path, *, read: ReadOptions,
            annotate: str | None, address: str | None, workers: int | None, console: Console,
            report: Path | None) -> RunReport:
    """Clean the shards on Ray; the merged run report."""
    engine = ray_module()
    try:
        engine.connect(address)
    except Exception as exc:  # noqa: BLE001 - Ray raises many kinds (ConnectionError, RuntimeError, ValueError)
        raise ConfigError(f"cannot connect to Ray at {address or 'a new local instance'}: {exc}") from None
    done = 0

    def show(shard: Any) -> None:
        nonlocal done
        for level, text in shard.messages:
            console.message(level, text)
        if shard.more_messages:
            console.message("warning", f"{shard.shard}: {shard.more_messages} more messages not shown "
                                       f"(see {output / 'report.json'} and {output / 'rejects'})")
        done += shard.report.records_in
        console.progress(done)

    total, shards = engine.clean_shards(task, inputs, variants, output, read=read, annotate=annotate,
                                        workers=workers, on_shard=show)
    merged = engine.report_dict(total, shards)
    engine.write_report(output / "report.json", merged)
    if report:
        engine.write_report(report, merged)
    return cast(RunReport, total)


def ray_workers(jobs: int) -> int | None:
    """-j as the number of actors: None (the cluster's CPUs) unless given on the command line."""
    source = click.get_current_context().get_parameter_source("jobs")
    return jobs if jobs > 0 and source is not click.core.ParameterSource.DEFAULT else None
