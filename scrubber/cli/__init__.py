"""The command line: one module per command; each only parses, calls the library and exits."""

from __future__ import annotations

from scrubber.cli.app import Exit, main
from scrubber.cli.clean import clean
from scrubber.cli.eval import eval_command

for command in (clean, eval_command):
    main.add_command(command)

__all__ = ["Exit", "main"]
