"""A framework-free batched function: columns of texts in, cleaned texts and findings out.

It is what `Dataset.map(..., batched=True)` and the pandas helper call. It pickles as its settings
only; each process builds its Scrubber once, on first use, and reuses it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from scrubber.api import Scrubber
from scrubber.errors import InputError
from scrubber.integrations._config import resolve_settings
from scrubber.models import ScrubResult
from scrubber.settings import Settings


@lru_cache(maxsize=16)
def _build(key: str) -> Scrubber:
    return Scrubber(Settings.model_validate_json(key))


def shared_scrubber(settings: Settings | None = None) -> Scrubber:
    """The Scrubber for `settings`, built once per process and reused (a cache keyed by settings)."""
    return _build((settings or Settings()).model_dump_json())


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


class ScrubBatch:
    """Clean the `text_column` of a batch (a mapping of column name to list) and add report columns.

    Returns the cleaned texts (in `output_column`, default: the text column itself) and, per row,
    the findings as plain dicts, the status ("unchanged", "cleaned", "flagged" or "rejected") and
    the validation issues; a report column set to None is left out. A missing text (None, NaN) is
    kept missing and reported as rejected ("empty"). Columns named in
    `validation.required` travel with the text, so required-field checks see them.

    >>> clean = ScrubBatch("body", select=["XL"])
    >>> clean({"body": ["Text.\\n\\nREAD MORE: Other story"]})["body"]
    ['Text.']
    """

    def __init__(
        self,
        text_column: str = "text",
        *,
        output_column: str | None = None,
        findings_column: str | None = "scrubber_findings",
        status_column: str | None = "scrubber_status",
        issues_column: str | None = "scrubber_issues",
        settings: Settings | None = None,
        config: str | Path | None = None,
        **overrides: Any,
    ) -> None:
        self.text_column = text_column
        self.output_column = output_column or text_column
        self.findings_column = findings_column
        self.status_column = status_column
        self.issues_column = issues_column
        self.settings = resolve_settings(settings, config, overrides)
        self._scrubber: Scrubber | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_scrubber": None}

    def __repr__(self) -> str:
        return f"ScrubBatch({self.text_column!r} -> {self.output_column!r})"

    @property
    def scrubber(self) -> Scrubber:
        """This process's Scrubber for these settings."""
        if self._scrubber is None:
            self._scrubber = shared_scrubber(self.settings)
        return self._scrubber

    def results(self, batch: Mapping[str, Sequence[Any]]) -> list[ScrubResult]:
        """One ScrubResult per row of `batch`."""
        if self.text_column not in batch:
            raise InputError(f"no column {self.text_column!r} (columns: {', '.join(map(str, batch))})")
        texts = batch[self.text_column]
        carried = [n for n in self.settings.validation.required if n in batch and n != self.text_column]
        records = []
        for i, value in enumerate(texts):
            if not _missing(value) and not isinstance(value, str):
                raise InputError(f"column {self.text_column!r} holds {type(value).__name__}, not text")
            records.append({**{n: batch[n][i] for n in carried}, "text": "" if _missing(value) else value})
        return self.scrubber.scrub_many(records)

    def __call__(self, batch: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
        texts = batch.get(self.text_column, [])
        results = self.results(batch)
        columns: dict[str, list[Any]] = {
            self.output_column: [None if _missing(t) else r.text for t, r in zip(texts, results)]
        }
        if self.findings_column:
            columns[self.findings_column] = [[f.model_dump(mode="json") for f in r.findings] for r in results]
        if self.status_column:
            columns[self.status_column] = [r.status for r in results]
        if self.issues_column:
            columns[self.issues_column] = [[i.model_dump(mode="json") for i in r.issues] for r in results]
        return columns
