"""The Ray engine gives what the local engine gives, record for record, on a real local Ray (2 CPUs).

Ray starts once for the module (it is slow to start); `scrubber clean --engine ray` finds it
running and uses it.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ray = pytest.importorskip("ray", reason="the ray extra is not installed")
pytest.importorskip("ray.data")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from scrubber import Scrubber
from scrubber.integrations.ray import ScrubBatches, clean_directory

from .clitools import SEED, jsonl, run
from .conftest import FIXTURES
from .readme import readme_example


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def records() -> list[dict[str, Any]]:
    """Fixture articles and the seed as scraper records, plus one that validation rejects."""
    import regex

    mark = regex.compile(r"⟦[a-z0-9-]+\|([^⟦⟧]*)⟧")
    paths = sorted((FIXTURES / "articles").glob("*/*.txt"))[::5] + sorted((FIXTURES / "seed").glob("*.raw.txt"))
    out: list[dict[str, Any]] = [
        {"id": i, "url": f"https://news.example/{p.parent.name}/{p.stem}", "language": p.parent.name,
         "text": mark.sub(lambda m: m.group(1), p.read_text(encoding="utf-8"))}
        for i, p in enumerate(paths)
    ]
    out.append({"id": len(out), "text": "A body with a bell \u0007 in it."})  # validation rejects it
    return out


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:  # type: ignore[operator]
        return [json.loads(line) for line in f if line.strip()]


def read_shard(path: Path) -> list[dict[str, Any]]:
    if path.name.endswith(".parquet"):
        return list(pq.read_table(path).to_pylist())
    if path.name.endswith(".json"):
        return list(json.loads(path.read_text(encoding="utf-8")))
    return read_jsonl(path)


def shard_files(root: Path) -> list[str]:
    """The output shards under `root`, without what the Ray engine adds (rejects/, report.json)."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
                  and p.relative_to(root).parts[0] != "rejects" and p.name != "report.json")


def rejected_rows(path: Path) -> list[dict[str, Any]]:
    files = [path] if path.is_file() else sorted(path.rglob("*.jsonl"))
    return sorted((r for p in files for r in read_jsonl(p)), key=lambda r: r["_source"])


def comparable(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report.items() if k not in ("seconds", "engine", "shards")}


@pytest.fixture()
def shards(tmp_path: Path) -> Path:
    """A folder of shards: JSON Lines (one line unreadable), gzip JSON Lines in a subfolder, Parquet."""
    *data, bell = records()
    src = tmp_path / "in"
    (src / "part").mkdir(parents=True)
    thirds = [data[0::3], data[1::3] + [bell], data[2::3]]  # the record validation rejects goes to b
    (src / "a.jsonl").write_text(jsonl(thirds[0][:4]) + '{"id": "broken", "text": \n' + jsonl(thirds[0][4:]), "utf-8")
    with gzip.open(src / "part" / "b.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(jsonl(thirds[1]))
    pq.write_table(pa.Table.from_pylist([{"id": r["id"], "url": r.get("url"), "text": r["text"]} for r in thirds[2]]),
                   src / "c.parquet")
    return src


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


def test_readme_example_runs(local_ray: None, tmp_path: Path) -> None:
    data = records()
    (tmp_path / "news").mkdir()
    pq.write_table(pa.Table.from_pylist([{"id": r["id"], "body": r["text"]} for r in data]),
                   tmp_path / "news" / "part-0.parquet")
    # Ray's workers do not share this test's working folder: the example's paths made absolute.
    code = readme_example("clean_ray.py")
    assert '"news/"' in code and '"clean/"' in code
    code = code.replace('"news/"', repr(str(tmp_path / "news"))).replace('"clean/"', repr(str(tmp_path / "clean")))
    exec(compile(code, "clean_ray.py", "exec"), {"__name__": "__main__"})  # noqa: S102 - the README's own example
    rows = {r["id"]: r for r in pq.read_table(tmp_path / "clean").to_pylist()}
    local = Scrubber()
    assert sorted(rows) == [r["id"] for r in data[:-1]]  # the last one is rejected
    for record in data[:-1]:
        assert rows[record["id"]]["body"] == local.scrub(record["text"]).text


def test_cli_ray_engine_equals_local_engine(local_ray: None, tmp_path: Path, shards: Path) -> None:
    local, remote = tmp_path / "local", tmp_path / "ray"
    lr = run("clean", shards, "-o", local, "--rejects", tmp_path / "local-rejects.jsonl",
             "--report", tmp_path / "local-report.json")
    rr = run("clean", "--engine", "ray", shards, "-o", remote, "-j", "2", "--report", tmp_path / "ray-report.json")
    assert rr.exception is None, rr.err
    assert lr.code == rr.code == 1  # one record rejected by validation, one unreadable

    # Every output shard, record for record, and the same layout.
    assert shard_files(remote) == shard_files(local) == ["a.jsonl", "c.parquet", "part/b.jsonl.gz"]
    for name in shard_files(local):
        assert read_shard(remote / name) == read_shard(local / name), name
    assert pq.read_schema(remote / "c.parquet") == pq.read_schema(local / "c.parquet")

    # The rejected records, with their reasons and where they came from.
    rejected = rejected_rows(remote / "rejects")
    assert rejected == rejected_rows(tmp_path / "local-rejects.jsonl")
    assert sorted(p.relative_to(remote).as_posix() for p in (remote / "rejects").rglob("*.jsonl")) == ["rejects/a.jsonl",
                                                                                          "rejects/part/b.jsonl"]
    assert {r["_rejected"][0]["reason"] for r in rejected} == {"control-characters", "invalid-json"}

    # The merged report is the local report (plus one entry per shard), and it reconciles.
    merged = json.loads((remote / "report.json").read_text(encoding="utf-8"))
    assert merged == json.loads((tmp_path / "ray-report.json").read_text(encoding="utf-8"))
    assert comparable(merged) == comparable(json.loads((tmp_path / "local-report.json").read_text(encoding="utf-8")))
    assert merged["reconciles"] and merged["records"]["in"] == len(records()) + 1
    assert merged["records"]["rejected"] == 2 and merged["records"]["cleaned"] > 10
    assert [s["shard"] for s in merged["shards"]] == ["a.jsonl", "c.parquet", "part/b.jsonl.gz"]
    assert sum(s["records"]["in"] for s in merged["shards"]) == merged["records"]["in"]

    # The same messages and summary line as the local engine.
    def lines(err: str) -> list[str]:
        return sorted(re.sub(r" in [0-9.]+s$", "", line) for line in err.splitlines())
    assert lines(rr.err) == lines(lr.err)
    assert "rejected:" in rr.err and "control-characters" in rr.err


def test_cli_ray_engine_uses_the_same_settings(local_ray: None, tmp_path: Path) -> None:
    """Field mapping, selection, profile, per-file ignores (from the config file) and --annotate."""
    src = tmp_path / "in"
    (src / "old").mkdir(parents=True)
    rows = [{"doc": i, "body": r["text"]} for i, r in enumerate(records()[:-1])]
    (src / "new.jsonl").write_text(jsonl(rows[::2]), "utf-8")
    (src / "old" / "arch.jsonl").write_text(jsonl(rows[1::2] + [{"doc": 99, "body": SEED}]), "utf-8")
    (tmp_path / "scrubber.toml").write_text('per-file-ignores = { "in/old/*.jsonl" = ["CR"] }\n', "utf-8")
    args = [src, "--text-field", "body", "--id-field", "doc", "--ignore", "XL002", "--profile", "aggressive",
            "--annotate", "--statistics"]
    lr = run("clean", *args, "-o", tmp_path / "local")
    rr = run("clean", *args, "-o", tmp_path / "ray", "--engine", "ray")
    assert rr.exception is None, rr.err
    assert lr.code == rr.code == 0, rr.err
    for name in ("new.jsonl", "old/arch.jsonl"):
        assert read_jsonl(tmp_path / "ray" / name) == read_jsonl(tmp_path / "local" / name), name
    codes = [f["code"] for r in read_jsonl(tmp_path / "ray" / "old" / "arch.jsonl") for f in r["_scrubber"]["findings"]]
    assert "XL001" in codes and not [c for c in codes if c.startswith("CR") or c == "XL002"]
    assert any(f["code"].startswith("CR") for r in read_jsonl(tmp_path / "ray" / "new.jsonl")
               for f in r["_scrubber"]["findings"])
    assert not (tmp_path / "ray" / "rejects").exists()  # nothing rejected: no rejects folder
    assert sorted(rr.err.splitlines()[:-1]) == sorted(lr.err.splitlines()[:-1])  # --statistics
    assert len(rr.err.splitlines()) > 3


def test_clean_directory_equals_local_engine(local_ray: None, tmp_path: Path, shards: Path) -> None:
    report = clean_directory(shards, tmp_path / "ray", workers=2)
    assert run("clean", shards, "-o", tmp_path / "local").code == 1
    for name in shard_files(tmp_path / "local"):
        assert read_shard(tmp_path / "ray" / name) == read_shard(tmp_path / "local" / name), name
    assert report["records"]["rejected"] == 2 and report["reconciles"]
    assert json.loads((tmp_path / "ray" / "report.json").read_text(encoding="utf-8")) == report


@pytest.mark.parametrize(("extra", "message"), [
    ([], "pass -o FOLDER"),
    (["-o", "out.jsonl"], "names a file"),
    (["-o", "out", "--in-place"], "--in-place"),
    (["-o", "out", "--diff"], "--diff"),
    (["-o", "out", "--fail-fast"], "--fail-fast"),
    (["-o", "out", "--rejects", "rej.jsonl"], "OUT/rejects/"),
])
def test_cli_ray_engine_usage_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: list[str],
                                    message: str) -> None:
    (tmp_path / "a.jsonl").write_text(jsonl([{"text": SEED}]), "utf-8")
    monkeypatch.chdir(tmp_path)
    r = run("clean", "--engine", "ray", "a.jsonl", *extra)
    assert r.code == 2 and message in r.err, r.err
    assert sorted(os.listdir(tmp_path)) == ["a.jsonl"]  # nothing written


def test_cli_ray_engine_refuses_txt_articles_and_a_stray_address(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SEED, "utf-8")
    r = run("clean", "--engine", "ray", tmp_path, "-o", tmp_path / "out")
    assert r.code == 2 and "not .txt articles" in r.err, r.err
    r = run("clean", tmp_path, "-o", tmp_path / "out", "--ray-address", "auto")
    assert r.code == 2 and "--ray-address needs --engine ray" in r.err, r.err
    assert not (tmp_path / "out").exists()


def test_cli_ray_engine_without_the_extra(tmp_path: Path) -> None:
    """With Ray not importable (as without `scrubber[ray]`): one line naming the extra, exit 2."""
    (tmp_path / "a.jsonl").write_text(jsonl([{"text": SEED}]), "utf-8")
    no_ray = "import sys; sys.modules['ray'] = None; from scrubber.cli import main; main()"  # import ray fails

    def scrubber(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", no_ray, *map(str, args)], check=False, capture_output=True,
                              text=True, timeout=120)

    r = scrubber("clean", "--engine", "ray", tmp_path / "a.jsonl", "-o", tmp_path / "out")
    assert r.returncode == 2 and "--engine ray needs Ray: pip install 'scrubber[ray]'" in r.stderr, r.stderr
    assert not (tmp_path / "out").exists()
    assert scrubber("clean", tmp_path / "a.jsonl", "-o", tmp_path / "local").returncode == 0  # local needs no Ray
