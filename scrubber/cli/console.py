"""Messages on standard error (respecting -q, -v and --color) and the progress line on a TTY."""

from __future__ import annotations

import sys
import time
from typing import TextIO

import click

_STYLE = {"error": "red", "rejected": "red", "warning": "yellow", "info": None}


class Console:
    """Where a command talks to the user: standard error, never the data on standard output."""

    def __init__(self, *, quiet: bool = False, verbose: bool = False, color: str = "auto",
                 progress: bool = True, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.quiet, self.verbose = quiet, verbose
        self.color = {"always": True, "never": False}.get(color, None)
        self._progress = Progress(self.stream, enabled=progress and not quiet)

    def color_for(self, stream: TextIO) -> bool:
        """Whether output on `stream` is coloured (auto: only on a terminal)."""
        return self.color if self.color is not None else _isatty(stream)

    def message(self, level: str, text: str) -> None:
        """One line: `level: text`. -q hides warnings and info, never errors."""
        if self.quiet and level in ("warning", "info"):
            return
        self._progress.clear()
        head = click.style(f"{level}:", fg=_STYLE.get(level), bold=True) if _STYLE.get(level) else f"{level}:"
        click.echo(f"{head} {text}" if level != "info" else text, file=self.stream, color=self.color_for(self.stream))

    def info(self, text: str) -> None:
        self.message("info", text)

    def progress(self, count: int) -> None:
        self._progress.update(count)

    def done(self) -> None:
        self._progress.clear()


class Progress:
    """`\\r1234 records` on a terminal, at most ten times a second; nothing anywhere else."""

    def __init__(self, stream: TextIO, *, enabled: bool = True) -> None:
        self.stream = stream
        self.enabled = enabled and _isatty(stream)
        self._last = 0.0
        self._shown = False

    def update(self, count: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1:
            return
        self._last = now
        self.stream.write(f"\r{count} records")
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
