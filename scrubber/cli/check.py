"""`scrubber check`: report findings without changing anything, with linter exit codes (for CI)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any, TextIO

import click

from scrubber import __version__
from scrubber.baseline import Baseline
from scrubber.batch.check import CheckJob
from scrubber.batch.parallel import jobs_count
from scrubber.batch.pipeline import build_task
from scrubber.cli import options
from scrubber.cli.app import Exit
from scrubber.cli.console import Console
from scrubber.errors import InputError
from scrubber.io.atomic import AtomicFile
from scrubber.models import Severity
from scrubber.report.base import Reporter
from scrubber.report.formats import OutputFormat, make_reporter
from scrubber.report.text import statistics as stats_table
from scrubber.report.text import statistics_rows

FORMATS = [f.value for f in OutputFormat]


@click.command()
@click.argument("paths", metavar="INPUT...", nargs=-1, required=True)
@click.option("--output-format", type=click.Choice(FORMATS), default="full", show_default=True, help="how findings are shown")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False, path_type=Path), help="write the report here instead of standard output")
@click.option("--statistics", is_flag=True, help="counts per rule and characters matched, instead of each finding")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]), default="info", show_default=True,
              help="the lowest severity that fails the run")
@click.option("--exit-zero", is_flag=True, help="exit 0 even when findings remain")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path), help="accept the findings listed in this baseline")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path), help="write every finding to this baseline file and exit 0")
@options.input_options
@options.jobs_option
@options.common_options
def check(paths: tuple[str, ...], output_format: str, output_file: Path | None, statistics: bool, fail_on: str,
          exit_zero: bool, baseline_file: Path | None, write_baseline: Path | None, jobs: int, **opts: Any) -> None:
    """Report the artifacts in each INPUT without changing it.

    Exit 1 when a finding of --fail-on severity or above remains (after the baseline), or an
    input cannot be read; 0 otherwise.
    """
    console = options.console(opts)
    try:
        inputs = options.inputs(paths, opts)
    except InputError as exc:
        raise click.UsageError(str(exc)) from None
    settings = options.settings(opts, paths[0])
    task, variants = build_task(settings, inputs, "check")
    baseline = Baseline.load(baseline_file) if baseline_file else None
    atomic = AtomicFile(output_file) if output_file else None
    out: TextIO = (sys.stdout if atomic is None
                   else io.TextIOWrapper(atomic.stream, encoding="utf-8", newline="\n"))
    try:
        color = console.color_for(out) and atomic is None
        reporter = Reporter(out) if statistics else make_reporter(
            output_format, out, color=color, rules={r.code: r for r in task.scrubbers[0].rules}, version=__version__)
        job = CheckJob(task, inputs, variants, reporter, options.read_options(opts, settings.text_field),
                       fail_on=Severity(fail_on), baseline=baseline, collect_baseline=write_baseline is not None,
                       jobs=jobs_count(jobs), on_message=console.message, on_progress=console.progress)
        result = job.run()
        console.done()
        if statistics:
            machine = output_format in ("json", "json-lines")
            out.write(json.dumps(statistics_rows(result.summary), ensure_ascii=False) + "\n" if machine
                      else (stats_table(result.summary) + "\n" if result.summary.violations else ""))
        out.flush()
    except BaseException:
        if atomic:
            atomic.abort()
        raise
    if atomic:
        out.detach()  # type: ignore[attr-defined]
        atomic.commit()
    if write_baseline:
        Baseline(job.collected).write(write_baseline)
        console.info(f"wrote {len(job.collected)} finding(s) to the baseline {write_baseline}")
        sys.exit(Exit.OK)
    _baseline_news(console, baseline, opts.get("verbose", False))
    failing = result.failing and not exit_zero
    sys.exit(Exit.FINDINGS if failing or result.input_errors else Exit.OK)


def _baseline_news(console: Console, baseline: Baseline | None, verbose: bool) -> None:
    if baseline is None:
        return
    stale = baseline.stale()
    console.info(f"baseline: {baseline.suppressed} finding(s) suppressed, {len(stale)} stale entr{'y' if len(stale) == 1 else 'ies'}")
    for e in stale if verbose else stale[:20]:
        reason = f" ({e.reason})" if e.reason else ""
        console.message("warning", f"stale baseline entry: {e.code} {e.record} {e.match}{reason}")
    if len(stale) > 20 and not verbose:
        console.info(f"... and {len(stale) - 20} more stale entries (-v lists them all)")
