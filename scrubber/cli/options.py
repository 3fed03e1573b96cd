"""Options every command shares, defined once, and how they become Settings, inputs and a Console.

Precedence: command line > config file > defaults. `--select`/`--ignore` replace the configured
lists; `--extend-select`/`--extend-ignore`/`--extend-rules` add to them. Lists accept commas.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from scrubber.cli.console import Console
from scrubber.config import ProjectSettings, resolve_settings, settings_from
from scrubber.io.discover import Input, expand_inputs
from scrubber.io.fields import ARTICLE_FIELDS
from scrubber.io.formats import FORMAT_NAMES
from scrubber.io.records import ReadOptions

F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[F], F]


def _stack(*decorators: Callable[[Any], Any]) -> Callable[[F], F]:
    def apply(f: F) -> F:
        for d in reversed(decorators):
            f = d(f)
        return f
    return apply


def _set_verbose(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta["scrubber.verbose"] = value
    return value


def split(values: tuple[str, ...] | list[str] | None) -> list[str]:
    """`--select A,B --select C` -> [A, B, C]."""
    return [v.strip() for raw in values or () for v in raw.split(",") if v.strip()]


verbosity_options = _stack(
    click.option("-q", "--quiet", is_flag=True, help="print only errors (and the data)"),
    click.option("-v", "--verbose", is_flag=True, callback=_set_verbose, is_eager=True,
                 help="more detail; a traceback on internal errors"),
    click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                 help="colour the output (auto: on a terminal)"),
    click.option("--no-progress", "no_progress", is_flag=True, help="no progress line (shown only on a terminal)"),
)

config_options = _stack(
    click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
                 help="use this config file instead of searching for one"),
    click.option("--isolated", is_flag=True, help="ignore every config file"),
)

selection_options = _stack(
    click.option("--select", multiple=True, metavar="RULES", help="rules to run: code, code prefix, category, name or ALL"),
    click.option("--extend-select", multiple=True, metavar="RULES", help="rules to run in addition to the selected ones"),
    click.option("--ignore", multiple=True, metavar="RULES", help="rules not to run"),
    click.option("--extend-ignore", multiple=True, metavar="RULES", help="rules not to run, in addition to the ignored ones"),
    click.option("--profile", type=click.Choice(["safe", "default", "aggressive"]),
                 help="safe: high-confidence rules only; aggressive: low-confidence rules too"),
    click.option("--extend-rules", multiple=True, type=click.Path(exists=True, path_type=Path),
                 help="extra rule file or folder"),
)

field_options = _stack(
    *(click.option(f"--{name}-field", f"{name}_field", metavar="NAME", help=f"record field holding the article's {name} (default: {name})")
      for name in ARTICLE_FIELDS),
    click.option("--schema", "schema_model", metavar="MODULE:MODEL",
                 help="validate records with your own pydantic model (package.module:Model)"),
)

input_options = _stack(
    click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), help="input format, where no extension tells"),
    click.option("--encoding-errors", type=click.Choice(["reject", "replace"]), default="reject", show_default=True,
                 help="invalid UTF-8: reject the record, or decode it with U+FFFD (reported either way)"),
    click.option("--max-record-size", type=click.IntRange(min=1), default=64 * 2**20, show_default=True,
                 metavar="BYTES", help="reject larger records without loading them"),
)

jobs_option = click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
                           help="worker processes (0: one per CPU); output keeps input order")

common_options = _stack(config_options, selection_options, field_options, verbosity_options)


def console(opts: dict[str, Any]) -> Console:
    return Console(quiet=opts.get("quiet", False), verbose=opts.get("verbose", False), color=opts.get("color", "auto"),
                   progress=not opts.get("no_progress", False))


def settings(opts: dict[str, Any], start: str | None) -> ProjectSettings:
    """Config file (found from `start`, an input path) with the command-line options on top."""
    base_dir = None if start is None or start == "-" else Path(start)
    first = resolve_settings(base_dir, config=opts.get("config_file"), isolated=opts.get("isolated", False))
    over: dict[str, Any] = {}
    for key in ("select", "ignore"):
        if split(opts.get(key)):
            over[key] = split(opts.get(key))
    for key in ("extend_select", "extend_ignore"):
        if split(opts.get(key)):
            over[key.replace("_", "-")] = [*getattr(first, key), *split(opts.get(key))]
    if opts.get("extend_rules"):
        over["extend-rules"] = [*first.extend_rules, *(p.resolve() for p in opts["extend_rules"])]
    if opts.get("profile"):
        over["profile"] = opts["profile"]
    for name in ARTICLE_FIELDS:
        if opts.get(f"{name}_field"):
            over[f"{name}-field"] = opts[f"{name}_field"]
    if opts.get("schema_model"):
        over["schema"] = opts["schema_model"]
    if not over:
        return first
    return settings_from({**first.model_dump(by_alias=True), **over}, source="command line: ",
                         config_path=first.config_path)


def inputs(paths: tuple[str, ...], opts: dict[str, Any]) -> list[Input]:
    found = expand_inputs(paths, opts.get("fmt"))
    if not found:
        raise click.UsageError(f"no input files with a known extension under {', '.join(paths)}")
    return found


def read_options(opts: dict[str, Any], text_field: str) -> ReadOptions:
    return ReadOptions(text_field=text_field, encoding_errors=opts.get("encoding_errors", "reject"),
                       max_record_bytes=opts.get("max_record_size", 64 * 2**20))
