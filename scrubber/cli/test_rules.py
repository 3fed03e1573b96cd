"""`scrubber test-rules [DIR]`: run the examples of rule packs, as the test suite does."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from scrubber.cli import options
from scrubber.cli.app import Exit
from scrubber.ruleset.examples import missing_examples, run_examples
from scrubber.ruleset.loader import default_rules_dir, load_rules


@click.command(name="test-rules")
@click.argument("paths", metavar="[DIR|FILE]...", nargs=-1, type=click.Path(exists=True, path_type=Path))
@options.verbosity_options
def test_rules(paths: tuple[Path, ...], **opts: Any) -> None:
    """Run every example of the rule packs in DIR (default: the bundled packs).

    Rules of the bundled packs stay loaded (inactive) so a caption rule can use their credit
    rules as anchors; a code defined in DIR replaces the bundled rule of that code. Exit 1 when
    an example fails or a rule lacks a `remove` or `keep` example, 2 when a pack is invalid.
    """
    console = options.console(opts)
    own = load_rules(list(paths)) if paths else load_rules([default_rules_dir()])
    codes = {r.code for r in own}
    bundled = [r for r in load_rules([default_rules_dir()]) if r.code not in codes] if paths else []
    failed = 0
    for r in own:
        lacks = missing_examples(r)
        if lacks:
            failed += 1
            console.message("error", f"{r.code} {r.name}: no {' and no '.join(lacks)} example")
    results = list(run_examples([*own, *bundled], sorted(codes)))
    for res in results:
        if not res.passed:
            failed += 1
            console.message("error", f"{res.code} example {res.index + 1}: {res.text!r}\n"
                                      f"  expected {res.expected!r}\n  got      {res.actual!r}")
        elif opts.get("verbose"):
            console.info(f"ok {res.code} example {res.index + 1}")
    console.info(f"{len(own)} rules, {len(results)} examples, {failed} problem(s)")
    sys.exit(Exit.FINDINGS if failed else Exit.OK)
