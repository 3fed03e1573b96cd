"""Ray Data gives what the local engine gives, record for record, on a real local Ray (2 CPUs)."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="the ray extra is not installed")
pytest.importorskip("ray.data")
pq = pytest.importorskip("pyarrow.parquet")

from scrubber import Scrubber  # noqa: E402
from scrubber.integrations.ray import ScrubBatches, clean_directory, clean_shard, rejects_path  # noqa: E402

from .conftest import FIXTURES  # noqa: E402


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def records() -> list[dict[str, object]]:
    """Fixture articles and the seed as scraper records, plus one that validation rejects."""
    import regex

    mark = regex.compile(r"⟦[a-z0-9-]+\|([^⟦⟧]*)⟧")
    paths = sorted((FIXTURES / "articles").glob("*/*.txt"))[::5] + sorted((FIXTURES / "seed").glob("*.raw.txt"))
    out: list[dict[str, object]] = [
        {"id": i, "url": f"https://news.example/{p.stem}", "language": p.parent.name,
         "text": mark.sub(lambda m: m.group(1), p.read_text(encoding="utf-8"))}
        for i, p in enumerate(paths)
    ]
    out.append({"id": len(out), "text": "A body with a bell \u0007 in it."})  # validation rejects it
    return out


def read_jsonl(path: Path) -> list[dict[str, object]]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:  # type: ignore[operator]
        return [json.loads(line) for line in f if line.strip()]


def test_batch_callable_matches_the_library(local_ray: None) -> None:
    import ray.data

    data = records()
    ds = ray.data.from_items([{"id": r["id"], "body": r["text"]} for r in data])
    cleaned = ds.map_batches(ScrubBatches, fn_constructor_kwargs={"text_column": "body"},
                             compute=ray.data.ActorPoolStrategy(size=2), batch_size=4).take_all()
    local = Scrubber()
    by_id = {row["id"]: row for row in cleaned}
    assert len(by_id) == len(data)
    for record in data:
        expected = local.scrub(str(record["text"]))
        row = by_id[record["id"]]
        assert row["body"] == expected.text
        assert row["scrubber_status"] == expected.status
        assert list(row["scrubber_findings"]) == [f.code for f in expected.findings]


def test_directory_of_shards_matches_local_engine(local_ray: None, tmp_path: Path) -> None:
    data = records()
    src = tmp_path / "in"
    (src / "part").mkdir(parents=True)
    thirds = [data[0::3], data[1::3], data[2::3]]
    (src / "a.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in thirds[0]), "utf-8")
    with gzip.open(src / "part" / "b.jsonl.gz", "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in thirds[1])
    pq.write_table(__import__("pyarrow").Table.from_pylist(
        [{"id": r["id"], "url": r.get("url"), "text": r["text"]} for r in thirds[2]]), src / "c.parquet")

    out = tmp_path / "out"
    report = clean_directory(src, out, workers=2)

    local = Scrubber()
    expected_dir = tmp_path / "local"
    for shard in ["a.jsonl", "part/b.jsonl.gz", "c.parquet"]:
        relative = Path(shard)
        clean_shard(local, src / relative, expected_dir / relative, rejects_path(expected_dir, relative))
        if shard.endswith(".parquet"):
            assert pq.read_table(out / relative).to_pylist() == pq.read_table(expected_dir / relative).to_pylist()
        else:
            assert read_jsonl(out / relative) == read_jsonl(expected_dir / relative)
        assert (out / "rejects").exists()
    rejected = [json.loads(line) for p in (out / "rejects").rglob("*.jsonl") for line in p.read_text().splitlines()]
    assert [r["id"] for r in rejected] == [len(data) - 1]
    assert rejected[0]["_rejected"][0]["reason"] == "control-characters"

    # Record for record, the output equals the library's result.
    outputs = {r["id"]: r for shard in ["a.jsonl", "part/b.jsonl.gz"] for r in read_jsonl(out / shard)}
    outputs.update({r["id"]: r for r in pq.read_table(out / "c.parquet").to_pylist()})
    for record in data[:-1]:
        assert outputs[record["id"]]["text"] == local.scrub(record).text
    assert report["records"] == len(data)
    assert sum(report["status"].values()) == len(data)
    assert report["status"].get("rejected") == 1
    assert json.loads((out / "report.json").read_text())["records"] == len(data)
    assert [s["shard"] for s in report["shards"]] == ["a.jsonl", "c.parquet", "part/b.jsonl.gz"]
