"""`scrubber learn`: learn each site's own boilerplate from a corpus and write a rule pack."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import click

from scrubber.cli.app import Exit
from scrubber.errors import InputError
from scrubber.io.records import FORMATS, detect_format, read_records
from scrubber.learn import Learner, LearnOptions, LearnResult, render
from scrubber.models import Confidence


def learn_inputs(inputs: Sequence[str], fmt: str | None, text_field: str, options: LearnOptions) -> tuple[LearnResult, int]:
    """One streaming pass over the inputs; returns what was learned and how many records were unreadable.

    A record's source is its `source` field, else its url's host, else the input file's name.
    Raises InputError when an input's format cannot be told.
    """
    learner, bad = Learner(options), 0
    for name in inputs:
        fmt_of = detect_format(name, fmt)
        label = "<stdin>" if name == "-" else name
        with click.open_file(name, "r", encoding="utf-8") as stream:
            for item in read_records(stream, fmt_of, label, text_field):
                if isinstance(item, InputError):
                    click.echo(f"error: {item}", err=True)
                    bad += 1
                else:
                    learner.add(item.data, text_field=text_field, fallback=label)
    return learner.result(), bad


def write_atomic(path: str, text: str) -> None:
    """Write `text` to `path` (- for standard output) so that a reader never sees half a file."""
    if path == "-":
        click.echo(text, nl=False)
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def summary(result: LearnResult) -> str:
    by = {c.value: sum(1 for ln in result.lines if ln.confidence is c) for c in Confidence}
    return (f"learned {len(result.lines)} lines (high {by['high']}, medium {by['medium']}, low {by['low']}) "
            f"for {len(result.documents)} of {result.sources} sources from {result.docs} documents"
            + (f"; held back {result.held_back} found only in copies of one document" if result.held_back else ""))


@click.command()
@click.argument("corpus", nargs=-1, required=True, type=click.Path(allow_dash=True, dir_okay=False))
@click.option("-o", "--output", default="-", type=click.Path(allow_dash=True, dir_okay=False),
              help="the rule pack to write (default: standard output)")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="input format where the extension does not tell")
@click.option("--text-field", default="text", show_default=True, help="JSON field holding the article text")
@click.option("--min-docs", default=5, show_default=True, type=click.IntRange(min=2),
              help="a line must recur in at least this many documents of one source")
@click.option("--min-share", default=0.1, show_default=True, type=click.FloatRange(0, 1),
              help="... and in at least this share of the source's documents")
@click.option("--prefix", default="LB", show_default=True, help="rule codes: PREFIX + two letters + three digits")
@click.option("--name", default="learned", show_default=True, help="the pack's name")
@click.option("--capacity", default=500_000, show_default=True, type=click.IntRange(min=1000),
              help="recurring lines tracked at once (bounds memory: about 150 bytes each)")
@click.option("-q", "--quiet", is_flag=True, help="print no summary")
def learn(corpus: tuple[str, ...], output: str, fmt: str | None, text_field: str, min_docs: int, min_share: float,
          prefix: str, name: str, capacity: int, quiet: bool) -> None:
    """Learn each site's boilerplate from CORPUS files (.jsonl, .txt; - for standard input).

    Lines are grouped by source (the `source` field, else the host of `url`, else the file) and
    counted with case, digits and punctuation folded. A line recurring in at least --min-docs
    documents and --min-share of its source's documents becomes a rule scoped to that source.
    Review the pack, then clean with `--rules` / `extend-rules`. Exits 1 when records were
    unreadable (they are reported and skipped).
    """
    try:
        options = LearnOptions(min_docs=min_docs, min_share=min_share, capacity=capacity)
        result, bad = learn_inputs(corpus, fmt, text_field, options)
        pack = render(result, options, name=name, prefix=prefix, inputs=corpus)
    except (InputError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    except OSError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(Exit.USAGE)
    write_atomic(output, pack)
    if not quiet:
        click.echo(summary(result), err=True)
    sys.exit(Exit.FINDINGS if bad else Exit.OK)
