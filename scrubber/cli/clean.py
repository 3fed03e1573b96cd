"""`scrubber clean`: remove artifacts from articles and write the result."""

from __future__ import annotations

import sys
from typing import IO

import click

from scrubber.api import Scrubber
from scrubber.cli.app import Exit
from scrubber.errors import InputError, ScrubberError
from scrubber.io.records import FORMATS, Record, detect_format, dump_record, read_records


@click.command()
@click.argument("input", type=click.Path(allow_dash=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(allow_dash=True, dir_okay=False), default="-", help="output file (default: standard output)")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="input format where the extension does not tell")
@click.option("--text-field", default="text", show_default=True, help="JSON field holding the article text")
@click.option("--rejects", type=click.Path(dir_okay=False), help="write rejected records here, with their reasons")
def clean(input: str, output: str, fmt: str | None, text_field: str, rejects: str | None) -> None:
    """Remove artifacts from INPUT (a .txt article or .jsonl records; - for standard input)."""
    try:
        fmt = detect_format(input, fmt)
        scrubber = Scrubber()
    except ScrubberError as exc:
        raise click.UsageError(str(exc)) from None
    name = "<stdin>" if input == "-" else input
    rejected = 0
    with click.open_file(input, "r", encoding="utf-8") as src, click.open_file(output, "w", encoding="utf-8") as dst:
        rej: IO[str] | None = open(rejects, "w", encoding="utf-8") if rejects else None
        try:
            for item in read_records(src, fmt, name, text_field):
                if isinstance(item, InputError):
                    click.echo(f"error: {item}", err=True)
                    rejected += 1
                    continue
                rejected += not _clean_one(scrubber, item, fmt, text_field, dst, rej)
        finally:
            if rej:
                rej.close()
    sys.exit(Exit.FINDINGS if rejected else Exit.OK)


def _clean_one(scrubber: Scrubber, rec: Record, fmt: str, text_field: str, dst: IO[str], rej: IO[str] | None) -> bool:
    try:
        result = scrubber.scrub(rec.data, text_field=text_field)
    except InputError as exc:
        click.echo(f"error: {rec.source}:{rec.line}: {exc}", err=True)
        return False
    if not result.ok:
        reasons = "; ".join(f"{i.reason}: {i.message}" for i in result.issues)
        click.echo(f"rejected: {rec.source}:{rec.line}: {reasons}", err=True)
        if rej:
            rej.write(dump_record({**rec.data, "_rejected": [i.model_dump() for i in result.issues]}, "jsonl"))
        return False
    dst.write(dump_record({**rec.data, text_field: result.text}, fmt, text_field))
    return True
