"""A baseline of accepted findings, keyed so that it survives edits elsewhere in the corpus.

An entry is (rule code, record key, hash of the normalised match): the record key is the
record's id, else its url, else the file path for a .txt article, else a hash of its text — never
a line number, which drifts. Each entry may carry a `reason`. A run reports how many findings
the baseline suppressed and which entries matched nothing (stale).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from scrubber.errors import ConfigError
from scrubber.io.atomic import AtomicFile
from scrubber.segment import normalise

VERSION = 1
_SPACE = regex.compile(r"\s+")


def match_hash(text: str) -> str:
    """A short hash of the matched text, normalised (spaces folded, case folded)."""
    norm = _SPACE.sub(" ", normalise(text)).strip().casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def text_key(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Entry:
    code: str
    record: str
    match: str
    reason: str | None = None
    text: str | None = None  # the matched text, for a human reading the file

    @property
    def key(self) -> tuple[str, str, str]:
        return self.code, self.record, self.match

    def as_dict(self) -> dict[str, Any]:
        d = {"code": self.code, "record": self.record, "match": self.match, "text": self.text}
        if self.reason:
            d["reason"] = self.reason
        return {k: v for k, v in d.items() if v is not None}


class Baseline:
    """Accepted findings; `suppress` consumes one matching entry per finding."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self.entries = list(entries)
        self._left: Counter[tuple[str, str, str]] = Counter(e.key for e in self.entries)
        self.suppressed = 0

    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: the baseline is not valid JSON: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
            raise ConfigError(f"{path}: the baseline needs an 'entries' list")
        entries = []
        for i, raw in enumerate(data["entries"]):
            try:
                entries.append(Entry(code=str(raw["code"]), record=str(raw["record"]), match=str(raw["match"]),
                                     reason=raw.get("reason"), text=raw.get("text")))
            except (KeyError, TypeError):
                raise ConfigError(f"{path}: entries[{i}]: needs 'code', 'record' and 'match'") from None
        return cls(entries)

    def suppress(self, code: str, record: str, text: str) -> bool:
        """True (and the entry used up) when the baseline accepts this finding."""
        key = (code, record, match_hash(text))
        if self._left[key] > 0:
            self._left[key] -= 1
            self.suppressed += 1
            return True
        return False

    def stale(self) -> list[Entry]:
        """Entries that matched no finding in this run."""
        left = Counter(self._left)
        out = []
        for e in self.entries:
            if left[e.key] > 0:
                left[e.key] -= 1
                out.append(e)
        return out

    def write(self, path: Path) -> None:
        body = {"version": VERSION, "entries": [e.as_dict() for e in sorted(self.entries, key=lambda e: e.key)]}
        with AtomicFile(path) as out:
            out.stream.write((json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
