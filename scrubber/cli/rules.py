"""`scrubber rules` (list the rules) and `scrubber rule CODE` (explain one, with its examples)."""

from __future__ import annotations

import json
from typing import Any

import click

from scrubber.api import Scrubber
from scrubber.cli import options
from scrubber.ruleset.docs import explain, markdown, rule_summary


def _scrubber(opts: dict[str, Any]) -> Scrubber:
    return Scrubber(options.settings(opts, None).engine())


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--enabled", is_flag=True, help="only the rules the selection enables")
@options.config_options
@options.selection_options
@options.verbosity_options
def rules(fmt: str, enabled: bool, **opts: Any) -> None:
    """List the rules: bundled packs plus extend-rules. `--format markdown` writes docs/rules.md."""
    scrubber = _scrubber(opts)
    active = {r.code for r in scrubber.active}
    listed = [r for r in scrubber.rules if not enabled or r.code in active]
    if fmt == "markdown":
        click.echo(markdown(listed), nl=False)
    elif fmt == "json":
        click.echo(json.dumps([{**rule_summary(r), "enabled": r.code in active} for r in listed],
                              ensure_ascii=False, indent=1))
    else:
        for r in sorted(listed, key=lambda r: r.code):
            mark = "*" if r.code in active else " "
            click.echo(f"{mark} {r.code:<7} {r.name:<32} {r.category:<16} {r.severity.value:<8} {r.confidence.value}")
        if not opts.get("quiet"):
            click.echo(f"\n{len(active)} of {len(scrubber.rules)} rules enabled (*)", err=True)


@click.command()
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@options.config_options
@options.verbosity_options
def rule(code: str, fmt: str, **opts: Any) -> None:
    """Explain rule CODE (or name): description, languages, confidence and examples."""
    scrubber = _scrubber(opts)
    found = next((r for r in scrubber.rules if code in (r.code, r.name) or code.upper() == r.code), None)
    if found is None:
        raise click.UsageError(f"no rule {code!r}; `scrubber rules` lists them")
    if fmt == "json":
        click.echo(json.dumps({**rule_summary(found), "examples": found.examples.model_dump()}, ensure_ascii=False, indent=1))
    else:
        click.echo(explain(found))
