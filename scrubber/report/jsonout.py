"""`json` (one array, streamed) and `json-lines` (one object per line)."""

from __future__ import annotations

import json
from typing import Any

from scrubber.report.base import Reporter, Violation


def violation_dict(v: Violation) -> dict[str, Any]:
    f, loc = v.finding, v.location
    return {
        "code": f.code, "name": f.name, "category": f.category, "severity": f.severity.value,
        "message": f.message, "fixable": f.fixable, "text": f.text,
        "location": {"path": loc.path, "line": loc.line, "col": loc.col, "record": loc.record, "field": loc.field},
        "record_key": loc.record_key, "offset": {"start": f.start, "end": f.end},
    }


class JsonReporter(Reporter):
    machine = True

    def start(self) -> None:
        self.out.write("[")
        self._first = True

    def handle(self, v: Violation) -> None:
        self.out.write(("\n  " if self._first else ",\n  ") + json.dumps(violation_dict(v), ensure_ascii=False))
        self._first = False

    def finish(self, summary: object) -> None:
        self.out.write("]\n" if self._first else "\n]\n")


class JsonLinesReporter(Reporter):
    machine = True

    def handle(self, v: Violation) -> None:
        self.out.write(json.dumps(violation_dict(v), ensure_ascii=False) + "\n")
