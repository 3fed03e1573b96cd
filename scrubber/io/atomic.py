"""Atomic output: write to a temporary file beside the target, rename it over the target on success.

An interrupted or failed run leaves the target as it was (or absent) and no half-written file
under the final name; the temporary file is removed.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from typing_extensions import Self


class AtomicFile:
    """A binary file that appears under `path` only when `commit()` is called."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        self.tmp = Path(tmp)
        self.stream: BinaryIO = os.fdopen(fd, "wb")
        self.done = False

    def commit(self) -> None:
        """Sync the file and rename it over the target. Done only once the rename is: interrupted
        before it (Ctrl-C while syncing, at the end of a run), `abort` still removes the file."""
        if self.done:
            return
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        try:
            mode = stat.S_IMODE(self.path.stat().st_mode)  # keep the permissions of a file we replace
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(self.tmp, mode)
        os.replace(self.tmp, self.path)
        self.done = True

    def abort(self) -> None:
        if self.done:
            return
        self.done = True
        try:
            self.stream.close()
        finally:
            self.tmp.unlink(missing_ok=True)  # gone already when a commit was interrupted after its rename

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()
