"""`scrubber validate`: check records against the schema and constraints only; change nothing."""

from __future__ import annotations

import sys
from typing import Any

import click

from scrubber.batch.parallel import jobs_count
from scrubber.batch.pipeline import build_task, read_inputs, run
from scrubber.cli import options
from scrubber.cli.app import Exit
from scrubber.errors import InputError
from scrubber.io.records import BadRecord, FileProblem


@click.command()
@click.argument("paths", metavar="INPUT...", nargs=-1, required=True)
@options.input_options
@options.jobs_option
@options.config_options
@options.field_options
@options.verbosity_options
def validate(paths: tuple[str, ...], jobs: int, **opts: Any) -> None:
    """Validate each record of INPUT against the Article schema (or --schema) and the configured
    constraints, without cleaning. Prints one line per invalid record; exit 1 if there is one."""
    console = options.console(opts)
    try:
        inputs = options.inputs(paths, opts)
    except InputError as exc:
        raise click.UsageError(str(exc)) from None
    settings = options.settings(opts, paths[0])
    task, variants = build_task(settings, inputs, "validate")
    records = invalid = 0
    for item, outcome in run(task, read_inputs(inputs, variants, options.read_options(opts, settings.text_field)),
                             jobs_count(jobs)):
        console.progress(records)
        if isinstance(item, FileProblem):
            invalid += 1
            console.message("error", str(item))
            continue
        records += 1
        if isinstance(item, BadRecord):
            invalid += 1
            console.message("error", str(item))
        elif outcome is not None and outcome.rejected:
            invalid += 1
            for issue in outcome.issues:
                click.echo(f"{item.where}: {issue.reason}: {issue.message}")
    console.done()
    console.info(f"{records} records in {len(inputs)} file(s), {invalid} invalid")
    sys.exit(Exit.FINDINGS if invalid else Exit.OK)
