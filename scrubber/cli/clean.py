"""`scrubber clean`: remove artifacts from articles and write the result."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from scrubber.batch.clean import CleanJob
from scrubber.batch.outputs import OutputPlan, plan_outputs
from scrubber.batch.parallel import jobs_count
from scrubber.batch.pipeline import build_task
from scrubber.cli import options
from scrubber.cli.app import Exit
from scrubber.cli.clean_ray import check_options, ray_workers, run_ray
from scrubber.cli.learn import learn_options, with_learned_rules
from scrubber.errors import InputError
from scrubber.report.review import ReviewSink
from scrubber.report.run import RunReport


@click.command()
@click.argument("paths", metavar="INPUT...", nargs=-1, required=True)
@click.option("-o", "--output", metavar="PATH", help="output file or folder (mirrors the inputs); default: standard output")
@click.option("--in-place", is_flag=True, help="rewrite each input file (atomically)")
@click.option("--diff", is_flag=True, help="show what would change as a unified diff; write nothing")
@click.option("--rejects", type=click.Path(dir_okay=False, path_type=Path), help="write rejected records here (JSON Lines), each with its reasons")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), help="write a JSON run report here")
@click.option("--annotate", is_flag=True, help="add each record's findings to the output record")
@click.option("--annotate-key", default="_scrubber", show_default=True, metavar="KEY", help="field --annotate writes")
@click.option("--fail-fast", is_flag=True, help="stop at the first unreadable or rejected record (outputs are not written)")
@click.option("--statistics", is_flag=True, help="print counts per rule and characters removed")
@click.option("--learn", "learn_first", is_flag=True, help="first learn each site's boilerplate from the inputs (one more pass), then clean with it")
@click.option("--learned", type=click.Path(dir_okay=False, path_type=Path), help="with --learn: keep the learned rule pack here")
@learn_options
@click.option("--review", type=click.Path(dir_okay=False, path_type=Path),
              help="write an HTML review page here: counts per rule, sampled documents with removals highlighted")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: this machine (-j processes); ray: each shard on a Ray actor, -j actors "
                   "(default: the cluster's CPUs); needs scrubber[ray] and -o FOLDER")
@click.option("--ray-address", metavar="ADDR",
              help="with --engine ray: the cluster (auto on a node of it, ray://HEAD:10001 from outside); default: a new local Ray")
@options.input_options
@options.jobs_option
@options.common_options
def clean(paths: tuple[str, ...], output: str | None, in_place: bool, diff: bool, rejects: Path | None,
          report: Path | None, annotate: bool, annotate_key: str, fail_fast: bool, statistics: bool,
          review: Path | None, jobs: int, **opts: Any) -> None:
    """Remove artifacts from each INPUT: .txt articles, .jsonl(.gz), .json arrays, .parquet;
    folders are searched recursively; - reads standard input.

    Every record ends in the output or, rejected, in --rejects with its reasons (exit 1).
    With --engine ray, in OUT/rejects/; the merged report is OUT/report.json.
    """
    console = options.console(opts)
    engine, address = opts.pop("engine"), opts.pop("ray_address")
    try:
        if address and engine != "ray":
            raise InputError("--ray-address needs --engine ray")
        inputs = options.inputs(paths, opts)
        settings = options.settings(opts, paths[0])
        if engine == "ray":
            given = {"in_place": in_place, "diff": diff, "fail_fast": fail_fast, "review": review, "rejects": rejects}
            plan = OutputPlan("folder", check_options(output, inputs, given))
        else:
            plan = plan_outputs(inputs, output, in_place=in_place, dry=diff)
        if opts.pop("learn_first"):
            settings = with_learned_rules(inputs, settings, opts, console, opts.pop("learned"))
    except InputError as exc:
        raise click.UsageError(str(exc)) from None
    task, variants = build_task(settings, inputs, "clean")
    read = options.read_options(opts, settings.text_field)
    if engine == "ray":  # each shard is cleaned by a CleanJob on a Ray actor
        assert plan.path is not None
        result = run_ray(task, inputs, variants, plan.path, read=read, annotate=annotate_key if annotate else None,
                         address=address, workers=ray_workers(jobs), console=console, report=report)
        console.done()
        _finish(result, statistics, console, changed=False)
        return
    # Extensions plug in here: an HTML review page (--review) or a learner (--learn) is a Sink
    # passed as `sinks=[...]`; another record-level engine is a `runner=` (see scrubber/batch/clean.py).
    try:
        job = CleanJob(
            task, inputs, plan, variants, read,
            rejects=rejects, annotate=annotate_key if annotate else None,
            diff=sys.stdout if diff else None, fail_fast=fail_fast,
            jobs=jobs_count(jobs), on_message=console.message, on_progress=console.progress,
            sinks=[ReviewSink(review, task.fields.text)] if review else [],
        )
    except InputError as exc:
        raise click.UsageError(str(exc)) from None
    result = job.run()
    console.done()
    if report:
        result.write(report)
    _finish(result, statistics, console, changed=bool(diff and (result.cleaned or result.rejected)))


def _finish(result: RunReport, statistics: bool, console: Any, *, changed: bool) -> None:
    if statistics:
        _print_statistics(result, console.message)
    console.info(result.summary())
    sys.exit(Exit.FINDINGS if result.failed or changed else Exit.OK)


def _print_statistics(result: RunReport, say: Any) -> None:
    rows = sorted(result.rules.items(), key=lambda kv: (-kv[1].findings, kv[0]))
    for code, rc in rows:
        say("info", f"{rc.findings:>6}  {code:<7} {rc.records:>6} records {rc.chars_removed:>9} chars removed")
