"""One streaming pass of `Learner` over corpus files, through the project's readers.

Records are read with `scrubber.io` (txt, jsonl, jsonl.gz, json, parquet; `-` is standard input),
their fields mapped to article names (so `--url-field link` finds the host), and fed to a
Learner; a record without `source` or `url` belongs to its input file. Records and files that
cannot be read are reported through `on_problem` and skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from scrubber.io.discover import Input
from scrubber.io.fields import FieldMap
from scrubber.io.formats import read_items
from scrubber.io.records import ReadOptions, Record
from scrubber.learn.learner import Learner, LearnOptions, LearnResult


def learn_corpus(inputs: Sequence[Input], options: LearnOptions | None = None, *, fields: FieldMap | None = None,
                 read: ReadOptions | None = None, on_problem: Callable[[str], None] = lambda message: None,
                 on_progress: Callable[[int], None] | None = None) -> tuple[LearnResult, int]:
    """Learn from every record of `inputs`; return the result and how many items were unreadable."""
    learner, fmap = Learner(options), fields or FieldMap()
    read = read or ReadOptions(text_field=fmap.text)
    records = bad = 0
    for inp in inputs:
        for item in read_items(inp.path, inp.format, read, display=inp.display):
            if isinstance(item, Record):
                learner.add(fmap.to_article(item.data), fallback=inp.display)
                records += 1
                if on_progress is not None:
                    on_progress(records)
            else:
                bad += 1
                on_problem(str(item))
    return learner.result(), bad
