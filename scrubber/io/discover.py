"""Inputs named on the command line -> the files to read: files, folders (recursively, by
extension), or `-` for standard input."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scrubber.errors import InputError
from scrubber.io.formats import detect_format, format_of


@dataclass(frozen=True)
class Input:
    """One file to read. `root` is the folder it was found under (None when named directly), so
    an output folder can mirror the input layout."""

    path: str  # "-" for standard input
    format: str
    root: Path | None = None

    @property
    def display(self) -> str:
        return "<stdin>" if self.path == "-" else self.path

    @property
    def relative(self) -> Path:
        """The path to mirror under an output folder."""
        if self.path == "-":
            return Path("stdin." + self.format)
        path = Path(self.path)
        return path.relative_to(self.root) if self.root is not None else Path(path.name)


def expand_inputs(paths: Sequence[str], explicit_format: str | None = None) -> list[Input]:
    """The files to read, in a stable order; InputError for a path that does not exist.

    Folders are searched recursively for files with a known extension (or the extension of
    `explicit_format`), skipping hidden files and folders.
    """
    found: list[Input] = []
    for raw in paths:
        if raw == "-":
            found.append(Input("-", detect_format("-", explicit_format)))
            continue
        path = Path(raw)
        if path.is_dir():
            found.extend(_walk(path, explicit_format))
        elif path.exists():
            found.append(Input(raw, detect_format(raw, explicit_format)))
        else:
            raise InputError(f"{raw}: no such file or folder")
    return found


def _walk(root: Path, explicit_format: str | None) -> list[Input]:
    out = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            fmt = format_of(name)
            if name.startswith(".") or fmt is None or (explicit_format and fmt != explicit_format):
                continue
            out.append(Input(str(Path(folder) / name), fmt, root))
    return out
