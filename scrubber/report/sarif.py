"""SARIF 2.1.0, streamed: results are written as they come; the rules they used at the end.

Upload it with github/codeql-action/upload-sarif for corpus-scale runs (GitHub shows only a few
workflow annotations per step). Record files without lines (compressed, Parquet) get a logical
location `records[N].field` instead of a region.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, TextIO
from urllib.parse import quote

from scrubber.baseline import match_hash
from scrubber.kinds import Rule
from scrubber.report.base import Reporter, Summary, Violation

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


class SarifReporter(Reporter):
    machine = True

    def __init__(self, out: TextIO, *, color: bool = False, rules: Mapping[str, Rule] | None = None,
                 version: str = "0") -> None:
        super().__init__(out, color=color)
        self.rules = rules or {}
        self.version = version
        self._index: dict[str, int] = {}
        self._rule_meta: list[dict[str, Any]] = []

    def start(self) -> None:
        self.out.write(f'{{"$schema": "{SCHEMA}", "version": "2.1.0", "runs": [{{\n'
                       ' "columnKind": "unicodeCodePoints",\n "results": [')
        self._first = True

    def _rule_index(self, v: Violation) -> int:
        f = v.finding
        if f.code not in self._index:
            self._index[f.code] = len(self._rule_meta)
            rule = self.rules.get(f.code)
            meta: dict[str, Any] = {
                "id": f.code, "name": f.name,
                "shortDescription": {"text": f.message},
                "defaultConfiguration": {"level": LEVEL[f.severity.value]},
                "properties": {"category": f.category},
            }
            if rule is not None:
                meta["fullDescription"] = {"text": rule.description}
                meta["properties"] |= {"confidence": rule.confidence.value, "languages": rule.language_set()}
            self._rule_meta.append(meta)
        return self._index[f.code]

    def handle(self, v: Violation) -> None:
        f, loc = v.finding, v.location
        physical: dict[str, Any] = {"artifactLocation": {"uri": quote(loc.path.replace("\\", "/"))}}
        location: dict[str, Any] = {"physicalLocation": physical}
        if loc.line is not None:
            physical["region"] = {"startLine": loc.line, "startColumn": loc.col, "snippet": {"text": f.text}}
        if loc.field is not None:
            location["logicalLocations"] = [{"fullyQualifiedName": f"records[{loc.record}].{loc.field}",
                                             "kind": "member"}]
        fingerprint = hashlib.sha256(f"{f.code}|{loc.record_key or loc.path}|{match_hash(f.text)}".encode()).hexdigest()
        result = {
            "ruleId": f.code, "ruleIndex": self._rule_index(v), "level": LEVEL[f.severity.value],
            "message": {"text": f.message}, "locations": [location],
            "partialFingerprints": {"scrubberMatch/v1": fingerprint[:32]},
            "properties": {k: val for k, val in (("record", loc.record), ("field", loc.field), ("offset", f.start),
                           ("length", f.end - f.start), ("recordKey", loc.record_key), ("fixable", f.fixable))
                           if val is not None},
        }
        self.out.write(("\n  " if self._first else ",\n  ") + json.dumps(result, ensure_ascii=False))
        self._first = False

    def finish(self, summary: Summary) -> None:
        driver = {"name": "scrubber", "version": self.version, "rules": self._rule_meta}
        self.out.write(("]" if self._first else "\n ]") + ",\n \"tool\": "
                       + json.dumps({"driver": driver}, ensure_ascii=False) + "\n}]}\n")
