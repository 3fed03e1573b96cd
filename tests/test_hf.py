"""Hugging Face datasets: the batched function in a real `Dataset.map`, with worker processes."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from scrubber.errors import InputError

from .conftest import FIXTURES
from .readme import readme_example

datasets = pytest.importorskip("datasets", reason="needs the datasets extra: pip install '.[datasets]'")

from datasets.fingerprint import Hasher

from scrubber.integrations.hf import ScrubBatch, scrub_dataset

SEED = (FIXTURES / "seed" / "de-syria.raw.txt").read_text(encoding="utf-8")
CLEAN = (FIXTURES / "seed" / "de-syria.clean.txt").read_text(encoding="utf-8").rstrip()
PLAIN = "Der Stadtrat hat am Montag den Haushalt für das kommende Jahr beschlossen."
CROSS = "The council met on Monday to approve the budget for next year.\n\nREAD MORE: Election results in full"


def rows() -> dict[str, list[object]]:
    return {"id": [1, 2, 3, 4, 5], "text": [SEED, PLAIN, CROSS, None, "Kurz."]}


def test_map_with_two_processes_cleans_and_adds_findings() -> None:
    ds = datasets.Dataset.from_dict(rows())
    out = ds.map(ScrubBatch(), batched=True, batch_size=2, num_proc=2)
    assert out["id"] == [1, 2, 3, 4, 5]
    texts = out["text"]
    assert texts[0].rstrip() == CLEAN
    assert texts[1:] == [PLAIN, "The council met on Monday to approve the budget for next year.", None, "Kurz."]
    assert out["scrubber_status"] == ["cleaned", "unchanged", "cleaned", "rejected", "unchanged"]
    codes = [[f["code"] for f in fs] for fs in out["scrubber_findings"]]
    assert {"XL001", "PL001", "CR001", "CA001", "VD001"} <= set(codes[0])
    assert codes[1:] == [[], ["XL001"], [], []]
    first = out["scrubber_findings"][2][0]
    assert (first["category"], first["line"], first["col"], first["text"]) == (
        "cross-link", 3, 1, "READ MORE: Election results in full")
    assert [[i["reason"] for i in issues] for issues in out["scrubber_issues"]] == [[], [], [], ["empty"], []]


def test_scrub_dataset_with_options_and_required_columns() -> None:
    ds = datasets.Dataset.from_dict({"body": [CROSS, PLAIN], "url": ["https://example.org/a", None]})
    out = scrub_dataset(ds, "body", output_column="clean", issues_column=None, select=["XL"],
                        validation={"required": ["url"]})
    assert out.column_names == ["body", "url", "clean", "scrubber_findings", "scrubber_status"]
    assert out["body"] == [CROSS, PLAIN]  # the source column is kept when the output goes elsewhere
    assert out["clean"][0] == "The council met on Monday to approve the budget for next year."
    assert out["scrubber_status"] == ["cleaned", "rejected"]  # row 2 has no url
    with pytest.raises(InputError, match="no column 'text'"):
        ScrubBatch()({"body": ["x"]})


def test_batch_function_pickles_small_hashes_stably_and_shares_its_scrubber() -> None:
    fn = ScrubBatch(select=["XL", "CR"])
    assert fn.scrubber is ScrubBatch(select=["XL", "CR"]).scrubber  # built once per process
    data = pickle.dumps(fn)
    assert len(data) < 4000  # the settings travel, not the compiled rules
    clone = pickle.loads(data)
    assert clone.scrubber is fn.scrubber
    assert Hasher.hash(fn) == Hasher.hash(ScrubBatch(select=["XL", "CR"]))  # datasets can cache the map
    assert Hasher.hash(fn) != Hasher.hash(ScrubBatch(select=["XL"]))


def test_readme_example_runs(tmp_path: Path) -> None:
    script = tmp_path / "clean_dataset.py"
    script.write_text(readme_example("clean_dataset.py"), encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)],
                         check=False, capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "READ MORE" not in out.stdout and "Getty Images" not in out.stdout
    assert [line.split(" [")[0] for line in out.stdout.splitlines()] == ["cleaned", "cleaned"]
    assert "['XL001']" in out.stdout and "['CR001']" in out.stdout
