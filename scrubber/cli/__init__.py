"""The command line: one module per command; each only parses, calls the library and exits."""

from __future__ import annotations

from scrubber.cli.app import Exit, main
from scrubber.cli.clean import clean

main.add_command(clean)

__all__ = ["Exit", "main"]
