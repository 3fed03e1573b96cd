"""`scrubber eval`: precision and recall against labelled articles."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from scrubber.api import Scrubber
from scrubber.cli import options
from scrubber.cli.app import Exit
from scrubber.evaluate import EvalReport, Tally, evaluate, load_labelled


def _row(name: str, t: Tally) -> str:
    return (f"{name:16} {t.artifacts:6d} {t.caught:6d} {t.recall:7.3f} {t.findings:6d} "
            f"{t.wrong_findings:6d} {t.precision:7.3f} {t.char_precision:7.3f}")


def render(report: EvalReport, show: int) -> str:
    head = f"{'':16} {'artif':>6} {'caught':>6} {'recall':>7} {'finds':>6} {'wrong':>6} {'prec':>7} {'c-prec':>7}"
    out = [f"{report.docs} documents, {len(report.damaged_docs)} with content removed", "", head,
           _row("overall", report.overall), "", "by category:"]
    out += [_row(k, v) for k, v in sorted(report.by_category.items())]
    out += ["", "by language:"] + [_row(k, v) for k, v in sorted(report.by_language.items())]
    if report.wrongly_removed:
        out += ["", f"content wrongly removed ({len(report.wrongly_removed)} lines):"]
        out += [f"  {d}:{n} [{c}] {t}" for d, n, c, t in report.wrongly_removed[:show]]
    if report.missed:
        out += ["", f"artifacts missed ({len(report.missed)}):"]
        out += [f"  {d} [{c}] {t}" for d, c, t in report.missed[:show]]
    return "\n".join(out)


@click.command(name="eval")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="print the report as JSON")
@click.option("--show", default=50, show_default=True, help="how many mistakes of each kind to list")
@options.config_options
@options.selection_options
@options.verbosity_options
def eval_command(paths: tuple[Path, ...], as_json: bool, show: int, **opts: Any) -> None:
    """Score the rules on labelled articles (marked .txt files or labelled .jsonl).

    Prints precision and recall overall, per category and per language, and lists the content
    wrongly removed and the artifacts missed. Exits 1 when any content was removed.
    """
    settings = options.settings(opts, str(paths[0]))
    report = evaluate(Scrubber(settings.engine()), load_labelled(paths))
    click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1) if as_json else render(report, show))
    sys.exit(Exit.FINDINGS if report.damaged_docs else Exit.OK)
