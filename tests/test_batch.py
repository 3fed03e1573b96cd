"""The corpus-run library under the CLI: ordered parallel map, the pipeline, and the extension
points of a clean run (sinks for --review / --learn, a runner for another engine)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from scrubber.batch.clean import CleanJob
from scrubber.batch.outputs import plan_outputs
from scrubber.batch.parallel import ordered_map
from scrubber.batch.pipeline import Outcome, build_task, read_inputs, run
from scrubber.config import ProjectSettings
from scrubber.io.discover import expand_inputs
from scrubber.io.records import Item, ReadOptions, Record
from scrubber.report.run import RunReport

from .clitools import SEED, jsonl, rows


def slow_square(delay: float, n: int) -> int:
    time.sleep(delay * (5 - n % 5))  # early items finish last
    return n * n


def test_ordered_map_keeps_input_order_across_processes() -> None:
    assert list(ordered_map(slow_square, 0.01, range(20), jobs=2)) == [n * n for n in range(20)]
    assert list(ordered_map(slow_square, 0.0, range(5), jobs=1)) == [0, 1, 4, 9, 16]


class Collect:
    def __init__(self) -> None:
        self.items: list[tuple[Item, Outcome | None]] = []
        self.report: RunReport | None = None

    def handle(self, item: Item, outcome: Outcome | None) -> None:
        self.items.append((item, outcome))

    def finish(self, report: RunReport) -> None:
        self.report = report


def test_sinks_and_runner_are_extension_points(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    src.write_text(jsonl([{"id": 1, "text": SEED}, {"id": 2, "text": " "}]) + "{oops\n", encoding="utf-8")
    inputs = expand_inputs([str(src)])
    task, variants = build_task(ProjectSettings.model_validate({}), inputs)
    seen: list[int] = []

    def counting_runner(task: Any, items: Any, jobs: int) -> Any:  # what an engine like Ray would plug in
        for item, outcome in run(task, items, jobs):
            seen.append(1)
            yield item, outcome

    sink = Collect()
    out = tmp_path / "out.jsonl"
    job = CleanJob(task, inputs, plan_outputs(inputs, str(out)), variants, rejects=tmp_path / "rej.jsonl",
                   sinks=[sink], runner=counting_runner)
    report = job.run()
    assert len(seen) == 3 and [type(i).__name__ for i, _ in sink.items] == ["Record", "Record", "BadRecord"]
    assert sink.report is report and report.reconciles and report.rejected == 2
    first = sink.items[0]
    assert isinstance(first[0], Record) and first[1] is not None and first[1].status == "cleaned"
    assert [r["id"] for r in rows(out.read_text())] == [1]


def test_pipeline_in_parallel_matches_in_process(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    src.write_text(jsonl({"id": i, "text": SEED if i % 3 == 0 else f"Plain text {i}."} for i in range(200)))
    inputs = expand_inputs([str(src)])
    task, variants = build_task(ProjectSettings.model_validate({}), inputs)
    serial = [(i.index, o.text if o else None) for i, o in run(task, read_inputs(inputs, variants, ReadOptions()), 1)
              if isinstance(i, Record)]
    parallel = [(i.index, o.text if o else None) for i, o in run(task, read_inputs(inputs, variants, ReadOptions()), 2)
                if isinstance(i, Record)]
    assert serial == parallel and [n for n, _ in serial] == list(range(1, 201))


def test_a_chunk_holding_files_with_other_ignores_cleans_each_with_its_own(tmp_path: Path) -> None:
    """Records of two files whose per-file ignores differ share a chunk; each file's records are
    scrubbed together by its own Scrubber, and every outcome lands on its record."""
    (tmp_path / "a.jsonl").write_text(jsonl({"id": i, "text": SEED if i % 2 else "Plain text."} for i in range(4)))
    (tmp_path / "skip-b.jsonl").write_text(jsonl({"id": i, "text": SEED} for i in range(3)))
    inputs = expand_inputs([str(tmp_path / "a.jsonl"), str(tmp_path / "skip-b.jsonl")])
    settings = ProjectSettings.model_validate({"per_file_ignores": {"skip-*.jsonl": ["XL"]}})
    settings._config_path = tmp_path / "scrubber.toml"
    task, variants = build_task(settings, inputs)
    assert variants == [0, 1]
    done = [(Path(i.source).name, i.index, o) for i, o in run(task, read_inputs(inputs, variants, ReadOptions()), 1)
            if isinstance(i, Record) and o is not None]
    codes = {(name, index): {f.code for f in o.findings} for name, index, o in done}
    assert [(name, index) for name, index, _ in done] == [("a.jsonl", n) for n in range(1, 5)] + [
        ("skip-b.jsonl", n) for n in range(1, 4)]
    assert codes[("a.jsonl", 1)] == set() and "XL001" in codes[("a.jsonl", 2)]
    assert all("XL001" not in codes[("skip-b.jsonl", n)] and "CR001" in codes[("skip-b.jsonl", n)] for n in range(1, 4))
