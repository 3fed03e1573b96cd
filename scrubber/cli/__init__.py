"""The command line: one module per command; each only parses, calls the library and exits."""

from __future__ import annotations

from scrubber.cli.app import Exit, main
from scrubber.cli.check import check
from scrubber.cli.clean import clean
from scrubber.cli.eval import eval_command
from scrubber.cli.rules import rule, rules
from scrubber.cli.schema import schema
from scrubber.cli.test_rules import test_rules
from scrubber.cli.validate import validate

for command in (clean, check, rules, rule, test_rules, validate, schema, eval_command):
    main.add_command(command)

__all__ = ["Exit", "main"]
