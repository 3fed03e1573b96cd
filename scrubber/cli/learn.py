"""`scrubber learn`: learn each site's own boilerplate from a corpus and write a rule pack."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from scrubber.cli import options
from scrubber.cli.app import Exit
from scrubber.cli.console import Console
from scrubber.config import ProjectSettings
from scrubber.errors import ScrubberError
from scrubber.io.atomic import AtomicFile
from scrubber.io.discover import Input
from scrubber.learn import LearnOptions, LearnResult, render
from scrubber.learn.corpus import learn_corpus
from scrubber.learn.pack import PREFIX
from scrubber.models import Confidence

learn_options = options._stack(
    click.option("--min-docs", default=5, show_default=True, type=click.IntRange(min=2),
                 help="learn a line recurring in at least this many documents of one source"),
    click.option("--min-share", default=0.1, show_default=True, type=click.FloatRange(0, 1),
                 help="... and in at least this share of the source's documents"),
    click.option("--prefix", default="LB", show_default=True, help="learned rule codes: PREFIX + two letters + three digits"),
    click.option("--capacity", default=500_000, show_default=True, type=click.IntRange(min=1000),
                 help="recurring lines tracked at once (bounds memory: about 150 bytes each)"),
)
# The fields learning reads: the text, and what tells the source.
field_options = options._stack(
    *(click.option(f"--{name}-field", f"{name}_field", metavar="NAME", help=f"record field holding the {name} (default: {name})")
      for name in ("text", "url", "source")),
)


def summary(result: LearnResult) -> str:
    by = {c.value: sum(1 for ln in result.lines if ln.confidence is c) for c in Confidence}
    return (f"learned {len(result.lines)} lines (high {by['high']}, medium {by['medium']}, low {by['low']}) "
            f"for {len(result.documents)} of {result.sources} sources from {result.docs} documents"
            + (f"; held back {result.held_back} found only in copies of one document" if result.held_back else ""))


def learn_pack(inputs: Sequence[Input], settings: ProjectSettings, opts: dict[str, Any], console: Console,
               target: Path | None) -> tuple[str, int]:
    """Learn from `inputs` with the command's options; write the pack to `target` (when given)
    and return its text and the count of unreadable items. Raises ScrubberError or ValueError."""
    if not PREFIX.match(opts["prefix"]):
        raise click.UsageError(f"--prefix {opts['prefix']!r}: one or two capital letters")
    learn_opts = LearnOptions(min_docs=opts["min_docs"], min_share=opts["min_share"], capacity=opts["capacity"])
    result, bad = learn_corpus(inputs, learn_opts, fields=settings.fields(),
                               read=options.read_options(opts, settings.text_field),
                               on_problem=lambda m: console.message("error", m), on_progress=console.progress)
    console.done()
    pack = render(result, learn_opts, prefix=opts["prefix"], inputs=[i.display for i in inputs])
    if target is not None:
        with AtomicFile(target) as out:
            out.stream.write(pack.encode("utf-8"))
    console.info(summary(result))
    return pack, bad


def with_learned_rules(inputs: Sequence[Input], settings: ProjectSettings, opts: dict[str, Any], console: Console,
                       keep: Path | None) -> ProjectSettings:
    """`clean --learn`: a first pass learns a pack from `inputs` (kept at `keep`, else in a
    temporary folder removed when the command ends); the settings extended with it."""
    if any(inp.path == "-" for inp in inputs):
        raise click.UsageError("--learn reads the input twice: name files, not standard input")
    if keep is None:
        folder = Path(tempfile.mkdtemp(prefix="scrubber-learn-"))
        click.get_current_context().call_on_close(lambda: shutil.rmtree(folder, ignore_errors=True))
        keep = folder / "learned.toml"
    try:
        learn_pack(inputs, settings, opts, console, keep)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    return settings.model_copy(update={"extend_rules": [*settings.extend_rules, keep.resolve()]})


@click.command()
@click.argument("paths", metavar="CORPUS...", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="the rule pack to write (default: standard output)")
@learn_options
@options.input_options
@options.config_options
@field_options
@options.verbosity_options
def learn(paths: tuple[str, ...], output: Path | None, **opts: Any) -> None:
    """Learn each site's own boilerplate from CORPUS (files or folders; - for standard input)
    and write it as a rule pack to review, then clean with `--extend-rules PACK`.

    Documents are grouped by source (the `source` field, else the host of `url`, else the file)
    and their lines counted with case, digits and punctuation folded, in bounded memory. A line
    recurring in at least --min-docs documents and --min-share of its source's documents becomes
    a rule scoped to that source. Exit 1 when records were unreadable (reported and skipped).
    """
    console = options.console(opts)
    try:
        inputs = options.inputs(paths, opts)
        pack, bad = learn_pack(inputs, options.settings(opts, paths[0]), opts, console, output)
    except (ScrubberError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    if output is None:
        click.echo(pack, nl=False)
    sys.exit(Exit.FINDINGS if bad else Exit.OK)
