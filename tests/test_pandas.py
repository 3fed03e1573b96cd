"""pandas: a DataFrame column cleaned, with findings, status and issues per row."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES
from .readme import readme_example

pd = pytest.importorskip("pandas", reason="needs the pandas extra: pip install '.[pandas]'")

from scrubber.integrations.pandas import scrub_frame

SEED = (FIXTURES / "seed" / "de-syria.raw.txt").read_text(encoding="utf-8")
CLEAN = (FIXTURES / "seed" / "de-syria.clean.txt").read_text(encoding="utf-8").rstrip()
CROSS = "The council met on Monday to approve the budget for next year.\n\nREAD MORE: Election results in full"


def test_frame_column_cleaned_with_index_and_other_columns_kept() -> None:
    df = pd.DataFrame({"body": [SEED, CROSS, None], "lang": ["de", "en", "en"]}, index=[10, 20, 30])
    out = scrub_frame(df, "body")
    assert list(out.index) == [10, 20, 30] and list(out["lang"]) == ["de", "en", "en"]
    assert out.loc[10, "body"].rstrip() == CLEAN
    assert out.loc[20, "body"] == "The council met on Monday to approve the budget for next year."
    assert pd.isna(out.loc[30, "body"])
    assert list(out["scrubber_status"]) == ["cleaned", "cleaned", "rejected"]
    assert [f["code"] for f in out.loc[20, "scrubber_findings"]] == ["XL001"]
    assert df.loc[20, "body"] == CROSS  # the input frame is not modified


def test_frame_options_select_and_columns() -> None:
    df = pd.DataFrame({"text": [SEED]})
    out = scrub_frame(df, select=["XL"], output_column="clean", findings_column=None)
    assert list(out.columns) == ["text", "clean", "scrubber_status", "scrubber_issues"]
    assert "LESEN" not in out.loc[0, "clean"] and "Getty Images" in out.loc[0, "clean"]


def test_readme_example_runs(tmp_path: Path) -> None:
    script = tmp_path / "clean_frame.py"
    script.write_text(readme_example("clean_frame.py"), encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)],
                         check=False, capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "LESEN" not in out.stdout and "XL001" in out.stdout
    assert "cleaned" in out.stdout and "rejected" in out.stdout
