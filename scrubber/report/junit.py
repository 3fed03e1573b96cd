"""JUnit XML: a test suite per file, a failing test case per finding (a passing one for a file
without findings). Written file by file, so only one file's findings are held."""

from __future__ import annotations

from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

import regex

from scrubber.report.base import Reporter, Summary, Violation

_NOT_XML = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    return _escape(_NOT_XML.sub("\ufffd", text))


def quoteattr(text: str) -> str:
    return _quoteattr(_NOT_XML.sub("\ufffd", text))


class JunitReporter(Reporter):
    machine = True

    def start(self) -> None:
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="scrubber">\n')
        self._cases: list[Violation] = []

    def start_file(self, path: str) -> None:
        self._cases = []

    def handle(self, v: Violation) -> None:
        self._cases.append(v)

    def end_file(self, path: str) -> None:
        cases = self._cases
        self.out.write(f'  <testsuite name={quoteattr(path)} tests="{max(1, len(cases))}" failures="{len(cases)}" errors="0">\n')
        if not cases:
            self.out.write(f'    <testcase name="no findings" classname={quoteattr(path)}/>\n')
        for v in cases:
            f, loc = v.finding, v.location
            name = quoteattr(f"{f.code} {loc}")
            self.out.write(f"    <testcase name={name} classname={quoteattr(path)}>\n"
                           f"      <failure message={quoteattr(f.message)} type={quoteattr(f.code)}>"
                           f"{escape(f'{loc}: {f.code} {f.message}: {f.text}')}</failure>\n"
                           "    </testcase>\n")
        self.out.write("  </testsuite>\n")
        self._cases = []

    def finish(self, summary: Summary) -> None:
        self.out.write("</testsuites>\n")
