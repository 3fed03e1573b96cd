"""The `scrubber` command group, the exit codes every command shares, and the one place where
errors become a single line (a traceback only with -v)."""

from __future__ import annotations

import os
import signal
import sys
import threading
import traceback
import warnings
from enum import IntEnum
from typing import Any

import click

from scrubber.errors import ScrubberError


class Exit(IntEnum):
    """Exit codes shared by every command."""

    OK = 0
    FINDINGS = 1  # findings remain, or records were rejected
    USAGE = 2  # usage, configuration or rule-file error


class Group(click.Group):
    """Turns library errors into `error: ...` and exit 2, and never shows a traceback unless -v."""

    def invoke(self, ctx: click.Context) -> Any:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _terminate)  # clean up (temporary files) as on Ctrl-C
        try:
            with warnings.catch_warnings():
                warnings.showwarning = _show_warning  # a library warning (a risky pattern) is one line
                return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except ScrubberError as exc:
            _fail(ctx, str(exc))
        except BrokenPipeError:  # the reader went away (`| head`): stop quietly, but not "all clear"
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so the final flush at exit cannot fail again
            ctx.exit(Exit.FINDINGS)
        except OSError as exc:  # a file we were asked to write (or read) is out of reach
            _fail(ctx, f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc))
        except KeyboardInterrupt:
            click.echo("error: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, not a traceback
            _fail(ctx, f"internal error: {type(exc).__name__}: {exc}", hint=True)


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    click.echo(f"warning: {message}", err=True)


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _fail(ctx: click.Context, message: str, *, hint: bool = False) -> None:
    verbose = ctx.meta.get("scrubber.verbose", False)
    if verbose:
        traceback.print_exc()
    click.echo(f"error: {message}" + (" (run with -v for the traceback)" if hint and not verbose else ""), err=True)
    ctx.exit(Exit.USAGE)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="scrubber")
def main() -> None:
    """Clean contaminated scraped news articles and validate the result.

    \b
    Exit codes: 0 success; 1 findings remain or records were rejected;
    2 usage, configuration or rule-file error.
    """
