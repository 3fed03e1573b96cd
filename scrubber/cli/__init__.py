"""The command line: one module per command; each only parses, calls the library and exits."""

from __future__ import annotations

from scrubber.cli.app import Exit, main
from scrubber.cli.clean import clean
from scrubber.cli.eval import eval_command
from scrubber.cli.learn import learn

for command in (clean, eval_command, learn):
    main.add_command(command)

__all__ = ["Exit", "main"]
