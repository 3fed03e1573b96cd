"""Hugging Face datasets: clean a text column with `Dataset.map(..., batched=True, num_proc=N)`.

    from scrubber.integrations.hf import ScrubBatch
    ds = ds.map(ScrubBatch("text", select=["XL", "CR"]), batched=True, num_proc=4)

`ScrubBatch` pickles as its settings, so worker processes build their Scrubber once each, and
`datasets` can fingerprint it (cached results are reused across runs with the same settings).
"""

from __future__ import annotations

from typing import Any

try:
    import datasets
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("scrubber.integrations.hf needs Hugging Face datasets: pip install 'scrubber[datasets]'") from exc

from scrubber.integrations.batch import ScrubBatch, shared_scrubber

__all__ = ["ScrubBatch", "scrub_dataset", "shared_scrubber"]


def scrub_dataset(
    dataset: datasets.Dataset,
    text_column: str = "text",
    *,
    num_proc: int | None = None,
    batch_size: int = 256,
    **options: Any,
) -> datasets.Dataset:
    """`dataset` with `text_column` cleaned and the report columns of `ScrubBatch` added.

    `options` go to `ScrubBatch` (column names, `settings`, `config`, or Settings keys such as
    `select=["XL"]`). Filter rejected rows with `.filter(lambda r: r["scrubber_status"] != "rejected")`.
    """
    fn = ScrubBatch(text_column, **options)
    result: datasets.Dataset = dataset.map(fn, batched=True, batch_size=batch_size, num_proc=num_proc, desc="scrubber")
    return result
