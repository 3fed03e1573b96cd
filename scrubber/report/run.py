"""The run report of `scrubber clean`: what came in, what went out, what was rejected and why.

It reconciles: records_in == records_out + rejected, always.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrubber.io.atomic import AtomicFile


@dataclass
class RuleCount:
    findings: int = 0
    records: int = 0
    chars_removed: int = 0  # characters of edits this rule took part in


@dataclass
class RunReport:
    files: int = 0
    records_in: int = 0
    records_out: int = 0
    rejected: int = 0
    cleaned: int = 0
    unchanged: int = 0
    flagged: int = 0
    chars_in: int = 0
    chars_removed: int = 0
    replaced_encoding: int = 0  # records decoded with U+FFFD replacements
    reasons: Counter[str] = field(default_factory=Counter)
    rules: dict[str, RuleCount] = field(default_factory=dict)
    file_errors: list[dict[str, str]] = field(default_factory=list)
    aborted: bool = False
    started: float = field(default_factory=time.perf_counter)
    seconds: float = 0.0

    @property
    def reconciles(self) -> bool:
        return self.records_in == self.records_out + self.rejected

    @property
    def failed(self) -> bool:
        """Records were rejected, a file could not be read, or the run was stopped."""
        return bool(self.rejected or self.file_errors or self.aborted)

    def count_rules(self, findings: Any, edits: Any, applied: bool) -> None:
        """Tally findings per rule, and (when the edits were applied) the characters removed."""
        seen: set[str] = set()
        for f in findings:
            rc = self.rules.setdefault(f.code, RuleCount())
            rc.findings += 1
            if f.code not in seen:
                rc.records += 1
                seen.add(f.code)
        if applied:
            for e in edits:
                for code in e.codes:
                    self.rules.setdefault(code, RuleCount()).chars_removed += e.end - e.start

    def finish(self) -> RunReport:
        self.seconds = round(time.perf_counter() - self.started, 3)
        return self

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "records": {"in": self.records_in, "out": self.records_out, "rejected": self.rejected,
                        "cleaned": self.cleaned, "unchanged": self.unchanged, "flagged": self.flagged,
                        "replaced_encoding": self.replaced_encoding},
            "reconciles": self.reconciles,
            "characters": {"in": self.chars_in, "removed": self.chars_removed},
            "rejected_reasons": dict(sorted(self.reasons.items())),
            "rules": {code: vars(rc) for code, rc in sorted(self.rules.items())},
            "file_errors": self.file_errors,
            "aborted": self.aborted,
            "seconds": self.seconds,
        }

    def write(self, path: Path) -> None:
        with AtomicFile(path) as out:
            out.stream.write((json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8"))

    def summary(self) -> str:
        line = (f"{self.records_in} records in {self.files} file(s): {self.records_out} written "
                f"({self.cleaned} cleaned, {self.flagged} flagged), {self.rejected} rejected; "
                f"{self.chars_removed} characters removed in {self.seconds:.2f}s")
        return line + (" (stopped early)" if self.aborted else "")
