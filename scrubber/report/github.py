"""GitHub Actions workflow commands: each finding becomes an annotation on the file and line.

GitHub shows only a few annotations per step; for corpus-scale runs upload SARIF instead.
"""

from __future__ import annotations

from scrubber.report.base import Reporter, Violation

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    machine = True

    def handle(self, v: Violation) -> None:
        f, loc = v.finding, v.location
        props = [f"file={_prop(loc.path)}"]
        if loc.line is not None:
            props += [f"line={loc.line}", f"col={loc.col}"]
        props.append(f"title={_prop(f'{f.code} ({f.name})')}")
        where = "" if loc.line is not None else f"record {loc.record}, field {loc.field}, offset {loc.col}: "
        self.out.write(f"::{LEVEL[f.severity.value]} {','.join(props)}::{_data(where + f.message)}\n")
