"""pandas: clean a DataFrame column and add the findings, status and issues of each row.

    from scrubber.integrations.pandas import scrub_frame
    clean = scrub_frame(df, "body", select=["XL", "CR"])
"""

from __future__ import annotations

from typing import Any

try:
    import pandas as pd
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("scrubber.integrations.pandas needs pandas: pip install 'scrubber[pandas]'") from exc

from scrubber.integrations.batch import ScrubBatch

__all__ = ["scrub_frame"]


def scrub_frame(frame: pd.DataFrame, text_column: str = "text", **options: Any) -> pd.DataFrame:
    """A copy of `frame` with `text_column` cleaned and the report columns of `ScrubBatch` added.

    `options` go to `ScrubBatch` (column names, `settings`, `config`, or Settings keys). The index
    and every other column are kept; missing texts stay missing. Keep accepted rows with
    `out[out.scrubber_status != "rejected"]`.
    """
    fn = ScrubBatch(text_column, **options)
    needed = [text_column, *(n for n in fn.settings.validation.required if n in frame.columns)]
    batch = {
        name: frame[name].astype(object).where(frame[name].notna(), None).tolist()
        for name in dict.fromkeys(needed) if name in frame.columns
    }
    out = frame.copy()
    for name, values in fn(batch).items():
        dtype = frame[text_column].dtype if name == fn.output_column else object
        out[name] = pd.Series(values, index=frame.index, dtype=dtype)
    return out
