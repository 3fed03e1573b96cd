"""A disk cache for compiled prefilters, keyed by a hash of everything that shapes them.

Entries live in `$SCRUBBER_CACHE_DIR`, else the user cache directory (`$XDG_CACHE_HOME/scrubber`,
`~/Library/Caches/scrubber`, `%LOCALAPPDATA%\\scrubber\\Cache`). `SCRUBBER_CACHE_DIR=""`
turns the cache off. An entry is a JSON header and a binary body, written to a temporary file and
renamed into place, so concurrent writers never leave a torn entry; an unreadable entry is a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import orjson

MAGIC = b"scrubber-prefilter-1\n"


def cache_dir() -> Path | None:
    """Where entries go, or None when caching is off."""
    explicit = os.environ.get("SCRUBBER_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "scrubber"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "scrubber" / "Cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "scrubber"


def key(*parts: Any) -> str:
    """A stable hash of JSON-serialisable parts."""
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def load(name: str) -> tuple[dict[str, Any], bytes] | None:
    """The header and body stored under `name`, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        data = (folder / f"{name}.bin").read_bytes()
        if not data.startswith(MAGIC):
            return None
        rest = data[len(MAGIC):]
        size = int.from_bytes(rest[:8], "little")
        head = rest[8:8 + size]
        try:
            header = orjson.loads(head)  # several times faster: start-up reads a dozen entries
        except orjson.JSONDecodeError:
            header = json.loads(head.decode("utf-8"))  # what orjson refuses (integers over 64 bits)
        return header, rest[8 + size:]
    except (OSError, ValueError):
        return None


def store(name: str, header: dict[str, Any], body: bytes = b"") -> None:
    """Store an entry; a cache that cannot be written is silently skipped."""
    folder = cache_dir()
    if folder is None:
        return
    head = json.dumps(header, ensure_ascii=False).encode("utf-8")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(MAGIC + len(head).to_bytes(8, "little") + head + body)
            os.replace(tmp, folder / f"{name}.bin")
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return
