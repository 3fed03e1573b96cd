"""Write what `Learner` found as a rule pack: one `exact_lines` rule per source and confidence.

The pack is for people first: a header says what was learned from what and how to review it;
each rule names its site, the documents it saw, and each line's count, share and (when it is not
`high`) the reason to look twice. Every rule carries a remove example (a content line of its
site followed by its most frequent line) and a keep example (that content line), so learned
packs pass `scrubber test-rules` like hand-written ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from itertools import groupby

import regex

from scrubber.learn.learner import LearnedLine, LearnOptions, LearnResult
from scrubber.models import Confidence

FALLBACK_KEEP = "The rest of the article stays as it was written, sentence by sentence."
PREFIX = regex.compile(r"^[A-Z]{1,2}$")


def toml_str(text: str) -> str:
    """A TOML basic string (JSON's escapes are a subset of TOML's; DEL must be escaped too)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def rule_code(prefix: str, n: int) -> str:
    """The n-th code (n >= 1) of a pack: prefix + two letters + three digits (LBAA001 ...)."""
    high, low = divmod(n, 1000)
    if high >= 26 * 26:
        raise ValueError(f"more than {26 * 26 * 1000 - 1} rules: use another prefix for part of the corpus")
    return f"{prefix}{chr(65 + high // 26)}{chr(65 + high % 26)}{low:03d}"


def slug(source: str) -> str:
    return regex.sub(r"[^a-z0-9]+", "-", source.casefold()).strip("-")[:48].strip("-") or "source"


def header(result: LearnResult, opts: LearnOptions, inputs: Sequence[str]) -> Iterator[str]:
    by_conf = {c: sum(1 for ln in result.lines if ln.confidence is c) for c in Confidence}
    yield f"# Learned by `scrubber learn` from {', '.join(inputs) or 'the input'}:"
    yield (f"# {result.docs} documents of {result.sources} sources; {len(result.lines)} recurring lines of "
           f"{len(result.documents)} sources (high {by_conf[Confidence.HIGH]}, medium {by_conf[Confidence.MEDIUM]}, "
           f"low {by_conf[Confidence.LOW]}).")
    yield (f"# A line is learned when it recurs in at least {opts.min_docs} documents and {opts.min_share:.0%} "
           "of the documents of one source; case, digits, punctuation and symbols are folded.")
    if result.held_back:
        yield f"# Not learned: {result.held_back} lines that recur only in copies of the same document."
    if result.pruned:
        yield (f"# Memory bound reached: {result.pruned} rarely seen lines were forgotten; "
               f"counts may be up to {result.error} too low.")
    yield "#"
    yield "# Review before use. Each rule applies only to the documents of its `sources`. Delete a"
    yield "# [[rules.lines]] entry to keep that line, or a whole rule to keep a site as it is."
    yield "# high: short lines in many documents; medium: sentences, or lines in fewer documents (both"
    yield "# removed by the default profile); low: looks like content (a quotation, numbers that change,"
    yield "# a long sentence), removed only with profile `aggressive`. `note` says why."
    yield ""


def rule_lines(code: str, source: str, confidence: Confidence, lines: list[LearnedLine], result: LearnResult,
               opts: LearnOptions) -> Iterator[str]:
    docs = result.documents[source]
    keep = result.samples.get(source, FALLBACK_KEEP)
    yield "[[rules]]"
    yield f'code = "{code}"'
    yield f'name = "learned-{slug(source)}-{confidence.value}"'
    yield 'kind = "exact_lines"'
    yield 'category = "learned-boilerplate"'
    yield 'severity = "warning"'
    yield f'confidence = "{confidence.value}"'
    yield f"sources = [{toml_str(source)}]"
    yield f"documents = {docs}"
    yield (f"description = {toml_str(f'Lines that recur in at least {opts.min_docs} documents and {opts.min_share:.0%} of the {docs} documents of {source}, learned from the corpus.')}")
    yield 'message = "learned boilerplate of this site"'
    for ln in lines:
        yield ""
        yield "[[rules.lines]]"
        yield f"text = {toml_str(ln.text)}"
        yield f"count = {ln.count}"
        yield f"share = {ln.share}"
        if ln.note:
            yield f"note = {toml_str(ln.note)}"
    yield ""
    yield "[[rules.examples.remove]]"
    yield f"text = {toml_str(keep + chr(10) + chr(10) + lines[0].text)}"
    yield f"clean = {toml_str(keep)}"
    yield ""
    yield "[rules.examples]"
    yield f"keep = [{toml_str(keep)}]"
    yield ""


def render(result: LearnResult, opts: LearnOptions, *, name: str = "learned", prefix: str = "LB",
           inputs: Sequence[str] = ()) -> str:
    """The rule pack (TOML text) for `result`."""
    if not PREFIX.match(prefix):
        raise ValueError(f"code prefix {prefix!r}: one or two capital letters")
    out = list(header(result, opts, inputs))
    out += ["[pack]", f"name = {toml_str(name)}",
            f"description = {toml_str('Boilerplate lines learned per site by scrubber learn.')}", ""]
    groups = groupby(result.lines, key=lambda ln: (ln.source, ln.confidence))
    for n, ((source, confidence), lines) in enumerate(groups, 1):
        out += rule_lines(rule_code(prefix, n), source, confidence, list(lines), result, opts)
    return "\n".join(out)
