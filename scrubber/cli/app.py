"""The `scrubber` command group and the exit codes every command shares."""

from __future__ import annotations

from enum import IntEnum

import click


class Exit(IntEnum):
    """Exit codes shared by every command."""

    OK = 0
    FINDINGS = 1  # findings remain, or records were rejected
    USAGE = 2  # usage, configuration or rule-file error


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="scrubber")
def main() -> None:
    """Clean contaminated scraped news articles and validate the result."""
