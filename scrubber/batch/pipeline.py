"""One record in, one Outcome out; records are sent to workers in chunks, results come back in order.

Only the record data crosses to a worker; what comes back is small (status, the cleaned text
when it changed, findings, edits, issues). Unreadable records never leave this process.
"""

from __future__ import annotations

import importlib
import sys
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from scrubber.api import Scrubber, to_article
from scrubber.batch.parallel import ordered_map
from scrubber.config import ProjectSettings
from scrubber.errors import ConfigError, InputError
from scrubber.io.discover import Input
from scrubber.io.fields import FieldMap
from scrubber.io.formats import read_items
from scrubber.io.records import Item, ReadOptions, Record
from scrubber.models import Article, Edit, Finding, Issue, ScrubResult, Status
from scrubber.ruleset.selection import unknown_selectors
from scrubber.validate import validate

Mode = Literal["clean", "check", "validate"]
CHUNK_RECORDS = 64
CHUNK_CHARS = 1 << 20


@dataclass(frozen=True)
class Task:
    """What every worker needs, sent once: the Scrubbers (one per distinct per-file ignore set),
    the field mapping, the mode, and the user's schema as an import reference."""

    scrubbers: tuple[Scrubber, ...]
    fields: FieldMap = field(default_factory=FieldMap)
    mode: Mode = "clean"
    schema: str | None = None
    schema_path: tuple[str, ...] = ()  # folders to import the schema's module from


@dataclass(frozen=True)
class Outcome:
    """What happened to one record."""

    status: Status
    findings: tuple[Finding, ...] = ()
    edits: tuple[Edit, ...] = ()
    issues: tuple[Issue, ...] = ()
    text: str | None = None  # the cleaned text, when it differs from the input

    @property
    def rejected(self) -> bool:
        return self.status == "rejected"

    @property
    def removed_chars(self) -> int:
        return sum(e.end - e.start for e in self.edits)


def load_model(ref: str, path: Iterable[str] = ()) -> type[BaseModel]:
    """The pydantic model named `package.module:Model`; ConfigError when it cannot be found."""
    module_name, _, attr = ref.partition(":")
    if not module_name or not attr:
        raise ConfigError(f"schema {ref!r}: expected package.module:Model")
    for folder in path:
        if folder not in sys.path:
            sys.path.insert(0, folder)
    try:
        model = getattr(importlib.import_module(module_name), attr)
    except ImportError as exc:
        raise ConfigError(f"schema {ref!r}: cannot import {module_name}: {exc}") from None
    except AttributeError:
        raise ConfigError(f"schema {ref!r}: {module_name} has no attribute {attr!r}") from None
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise ConfigError(f"schema {ref!r}: not a pydantic model")
    return model


_load_model = lru_cache(maxsize=8)(load_model)


def schema_issues(model: type[BaseModel], record: dict[str, Any]) -> list[Issue]:
    """The user model's complaints about a record, one Issue per error (at most three)."""
    try:
        model.model_validate(record)
    except ValidationError as exc:
        return [Issue(reason="schema", message=f"{'.'.join(map(str, e['loc'])) or 'record'}: {e['msg']}")
                for e in exc.errors()[:3]]
    return []


Chunk = list[tuple[int, dict[str, Any]]]  # (scrubber variant, record data)


def process_chunk(task: Task, chunk: Chunk) -> list[Outcome]:
    """Scrub (or check, or validate) each record of `chunk`; the records each Scrubber cleans go
    to it together (`Scrubber.scrub_many`)."""
    done: list[Outcome | None] = []
    waiting: dict[int, list[tuple[int, Article]]] = defaultdict(list)  # variant -> (position, article)
    for position, (variant, data) in enumerate(chunk):
        ready = _before_scrub(task, variant, data)
        done.append(ready if isinstance(ready, Outcome) else None)
        if isinstance(ready, Article):
            waiting[variant].append((position, ready))
    for variant, articles in waiting.items():
        results = task.scrubbers[variant].scrub_many([article for _, article in articles])
        for (position, _), result in zip(articles, results, strict=True):
            done[position] = _after_scrub(task, chunk[position][1], result)
    return [outcome for outcome in done if outcome is not None]


def _before_scrub(task: Task, variant: int, data: dict[str, Any]) -> Outcome | Article:
    """The Outcome of a record that is not to be scrubbed (checked, validated, unreadable), or
    the Article to scrub."""
    scrubber, fmap = task.scrubbers[variant], task.fields
    text = data[fmap.text]
    if task.mode == "check":  # findings only: the other fields do not matter
        return Outcome("unchanged", findings=tuple(scrubber.check(text)))
    model = _load_model(task.schema, task.schema_path) if task.schema else None
    try:  # with a user schema, the user's model judges the fields; the Article only the text
        article = Article(text=text) if model else to_article(fmap.to_article(data))
    except InputError as exc:
        return Outcome("rejected", issues=(Issue(reason="invalid-field", message=str(exc)),))
    if task.mode == "validate":
        issues = validate(article, [], scrubber.settings.validation)
        issues += schema_issues(model, data) if model else []
        return Outcome("rejected" if issues else "unchanged", issues=tuple(issues))
    return article


def _after_scrub(task: Task, data: dict[str, Any], result: ScrubResult) -> Outcome:
    """The Outcome of a scrubbed record, judged by the user's schema too when there is one."""
    status, issues = result.status, list(result.issues)
    if task.schema and result.ok:
        extra = schema_issues(_load_model(task.schema, task.schema_path), {**data, task.fields.text: result.text})
        status, issues = ("rejected", issues + extra) if extra else (status, issues)
    text = data[task.fields.text]
    return Outcome(status, tuple(result.findings), tuple(result.edits), tuple(issues),
                   result.text if result.text != text else None)


def run(task: Task, items: Iterable[tuple[int, Item]], jobs: int = 1) -> Iterator[tuple[Item, Outcome | None]]:
    """Each item with its Outcome (None for unreadable records and file problems), in order.

    `items` pairs each item with the index of the Scrubber variant for its file.
    """
    def chunks() -> Iterator[tuple[list[Item], Chunk]]:
        batch: list[Item] = []
        work: Chunk = []
        size = 0
        for variant, item in items:
            batch.append(item)
            if isinstance(item, Record):
                work.append((variant, item.data))
                size += len(item.data[task.fields.text])
            if len(work) >= CHUNK_RECORDS or size >= CHUNK_CHARS:
                yield batch, work
                batch, work, size = [], [], 0
        if batch:
            yield batch, work

    held: deque[list[Item]] = deque()  # the items wait here: only record data goes to the workers

    def work_only() -> Iterator[Chunk]:
        for batch, work in chunks():
            held.append(batch)
            yield work

    for outcomes in ordered_map(process_chunk, task, work_only(), jobs):
        batch = held.popleft()
        results = iter(outcomes)
        for item in batch:
            yield item, next(results) if isinstance(item, Record) else None


def build_task(settings: ProjectSettings, inputs: Sequence[Input], mode: Mode = "clean") -> tuple[Task, list[int]]:
    """The Task of a run and, per input, which Scrubber applies to it: one Scrubber per distinct
    set of per-file ignores, all sharing one loaded rule set. ConfigError for a selector that
    names no rule, or a schema that cannot be imported."""
    base = settings.engine()
    first = Scrubber(base)
    for option, selectors in (("select", [*base.select, *base.extend_select]),
                              ("ignore", [*base.ignore, *base.extend_ignore]),
                              ("per-file-ignores", [c for cs in settings.per_file_ignores.values() for c in cs])):
        unknown = unknown_selectors(selectors, first.rules)
        if unknown:
            raise ConfigError(f"{option}: {', '.join(unknown)} names no rule (a code, code prefix, category or name)")
    scrubbers, variants = [first], []
    keyed: dict[tuple[str, ...], int] = {(): 0}
    for inp in inputs:
        extra = tuple(settings.ignores_for(inp.path))
        if extra not in keyed:
            keyed[extra] = len(scrubbers)
            scrubbers.append(Scrubber(base, rules=first.rules, extend_ignore=[*base.extend_ignore, *extra]))
        variants.append(keyed[extra])
    schema_path: tuple[str, ...] = ()
    if settings.schema_model:
        folder = settings.config_path.parent if settings.config_path else Path.cwd()
        schema_path = (str(folder.resolve()),)
        load_model(settings.schema_model, schema_path)
    return Task(tuple(scrubbers), settings.fields(), mode, settings.schema_model, schema_path), variants


def read_inputs(inputs: Sequence[Input], variants: Sequence[int], opts: ReadOptions) -> Iterator[tuple[int, Item]]:
    """The items of every input, in order, each with its Scrubber variant."""
    for inp, variant in zip(inputs, variants):
        for item in read_items(inp.path, inp.format, opts, display=inp.display):
            yield variant, item
