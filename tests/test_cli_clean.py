"""`scrubber clean`: outputs, in place, diff, rejects, report, annotate, schema, jobs, bad input."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from .clitools import CLEAN, SEED, jsonl, labelled_corpus, rows, run


def tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "de").mkdir(parents=True)
    (src / "de" / "seed.txt").write_text(SEED, encoding="utf-8")
    (src / "de" / "plain.txt").write_text("Nothing to remove.\n", encoding="utf-8")
    (src / "mixed.jsonl").write_text(jsonl([{"id": 1, "text": SEED}, {"id": 2, "text": "Fine."}]), encoding="utf-8")
    with gzip.open(src / "more.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(jsonl([{"id": 3, "text": SEED}]))
    (src / "array.json").write_text(json.dumps([{"id": 4, "text": SEED}], ensure_ascii=False), encoding="utf-8")
    return src


def test_output_folder_mirrors_the_input_layout(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    r = run("clean", corpus, "-o", out)
    assert r.code == 0, r.err
    assert tree(out) == tree(corpus)
    assert (out / "de" / "seed.txt").read_text(encoding="utf-8") == CLEAN.rstrip("\n")
    assert (out / "de" / "plain.txt").read_text() == "Nothing to remove.\n"  # byte for byte
    with gzip.open(out / "more.jsonl.gz", "rt", encoding="utf-8") as fh:
        assert rows(fh.read())[0]["text"] == CLEAN.rstrip("\n")
    assert json.loads((out / "array.json").read_text(encoding="utf-8"))[0]["text"] == CLEAN.rstrip("\n")
    assert set(os.listdir(tmp_path)) == {"in", "out"}  # nothing written anywhere else


def test_in_place_rewrites_only_what_changes(tmp_path: Path, corpus: Path) -> None:
    plain = corpus / "de" / "plain.txt"
    os.utime(plain, (1_000_000, 1_000_000))
    r = run("clean", corpus, "--in-place", "--rejects", tmp_path / "rej.jsonl")
    assert r.code == 0, r.err
    assert (corpus / "de" / "seed.txt").read_text(encoding="utf-8") == CLEAN.rstrip("\n")
    assert rows((corpus / "mixed.jsonl").read_text(encoding="utf-8"))[0]["text"] == CLEAN.rstrip("\n")
    assert plain.stat().st_mtime == 1_000_000  # untouched
    assert not [p for p in corpus.rglob("*.tmp")]


def test_in_place_of_records_needs_rejects(corpus: Path) -> None:
    r = run("clean", corpus / "mixed.jsonl", "--in-place")
    assert r.code == 2 and "--rejects" in r.err
    assert run("clean", corpus / "de" / "seed.txt", "--in-place").code == 0  # a .txt article is never dropped


def test_diff_shows_changes_and_writes_nothing(tmp_path: Path, corpus: Path) -> None:
    before = {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()}
    r = run("clean", corpus / "mixed.jsonl", corpus / "de", "--diff")
    assert r.code == 1
    assert f"--- a/{corpus / 'mixed.jsonl'}:1 (text)" in r.out and f"--- a/{corpus / 'de' / 'seed.txt'}" in r.out
    assert "-LESEN\u00a0 Guinness-Vorräte vor Weihnachten begrenzt, da die Nachfrage steigt.\n" in r.out
    assert "plain.txt" not in r.out
    assert {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()} == before
    assert set(os.listdir(tmp_path)) == {"in"}
    assert run("clean", corpus / "de" / "plain.txt", "--diff").code == 0


def test_rejects_and_report_reconcile(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    src.write_bytes(jsonl([{"id": 1, "text": SEED}, {"id": 2, "text": " "}]).encode()
                    + b'{oops\n{"id": 4}\n{"id": 5, "text": "caf\xe9"}\n{"id": 6, "text": 7}\n'
                    + jsonl([{"id": 7, "text": "Fine."}]).encode())
    rej, rep, out = tmp_path / "rej.jsonl", tmp_path / "run.json", tmp_path / "out.jsonl"
    r = run("clean", src, "-o", out, "--rejects", rej, "--report", rep)
    assert r.code == 1
    report = json.loads(rep.read_text())
    assert report["records"]["in"] == 7 == report["records"]["out"] + report["records"]["rejected"]
    assert report["reconciles"] is True
    assert report["rejected_reasons"] == {"empty": 1, "invalid-json": 1, "invalid-utf8": 1, "missing-text": 2}
    assert report["rules"]["XL001"] == {"findings": 3, "records": 1, "chars_removed": 473}
    assert report["characters"]["removed"] == len(SEED) - len(CLEAN.rstrip("\n"))
    assert isinstance(report["seconds"], float)
    rejected = rows(rej.read_text())
    assert [x["_source"] for x in rejected] == [f"{src}:{n}" for n in (2, 3, 4, 5, 6)]
    assert rejected[1] == {"_raw": "{oops", "_rejected": [{"reason": "invalid-json", "message": rejected[1]["_rejected"][0]["message"]}],
                           "_source": f"{src}:3"}
    assert [x["id"] for x in rows(out.read_text())] == [1, 7]
    for n in (2, 3, 4, 5, 6):  # one line per bad record, naming file and line
        assert f"{src}:{n}: " in r.err
    assert "Traceback" not in r.err


def test_annotate_adds_findings_under_a_key(tmp_path: Path) -> None:
    payload = jsonl([{"id": 1, "text": SEED}, {"id": 2, "text": "Fine."}])
    r = run("clean", "-", "--format", "jsonl", "--annotate", "--annotate-key", "found", input=payload)
    first, second = rows(r.out)
    assert first["found"]["status"] == "cleaned" and second["found"]["findings"] == []
    f = next(f for f in first["found"]["findings"] if f["code"] == "CR001")
    assert f["text"] == "Getty Images" and f["fixed"] is True and f["line"] == 3
    assert list(first)[:2] == ["id", "text"]
    assert run("clean", "-", "--format", "txt", "--annotate", input=SEED).code == 2


def test_user_schema_replaces_the_builtin_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "myschema.py").write_text(
        "from pydantic import BaseModel, Field\n"
        "class Story(BaseModel):\n    text: str = Field(min_length=3)\n    url: str | None = Field(None, pattern='^https://')\n")
    monkeypatch.chdir(tmp_path)
    payload = jsonl([{"text": SEED, "url": "https://a"}, {"text": "Fine.", "url": "ftp://b"}, {"text": "Ok.", "title": 5}])
    r = run("clean", "-", "--format", "jsonl", "--schema", "myschema:Story", "--rejects", tmp_path / "rej.jsonl",
            input=payload)
    assert r.code == 1
    assert [x.get("url") for x in rows(r.out)] == ["https://a", None]  # title=5 is fine for this schema
    (rejected,) = rows((tmp_path / "rej.jsonl").read_text())
    assert rejected["_rejected"][0]["reason"] == "schema" and "url" in rejected["_rejected"][0]["message"]
    r = run("clean", "-", "--format", "jsonl", "--schema", "nosuchmodule:Story", input=payload)
    assert r.code == 2 and "cannot import nosuchmodule" in r.err


def test_fail_fast_stops_and_writes_nothing(tmp_path: Path) -> None:
    src, out = tmp_path / "c.jsonl", tmp_path / "out.jsonl"
    src.write_text(jsonl([{"text": SEED}]) + "{oops\n" + jsonl([{"text": "Fine."}]))
    r = run("clean", src, "-o", out, "--fail-fast", "--report", tmp_path / "r.json")
    assert r.code == 1 and not out.exists()
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["aborted"] is True and report["records"]["in"] == 2
    r = run("clean", src, "-o", out)
    assert r.code == 1 and len(rows(out.read_text())) == 2  # without it, the run goes on


def test_jobs_keep_input_order(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    src.write_text(jsonl(labelled_corpus() * 2), encoding="utf-8")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run("clean", src, "-o", one, "-j", "1").code == 0
    assert run("clean", src, "-o", two, "-j", "2").code == 0
    assert one.read_bytes() == two.read_bytes()
    assert run("clean", src, "-o", two, "-j", "0").code == 0
    assert one.read_bytes() == two.read_bytes()


def test_statistics_quiet_and_summary(tmp_path: Path) -> None:
    r = run("clean", "-", "--format", "txt", "--statistics", input=SEED)
    assert "XL001" in r.err and "chars removed" in r.err and "1 records in 1 file(s)" in r.err
    r = run("clean", "-", "--format", "txt", "-q", input=SEED)
    assert r.err == "" and r.out.rstrip() == CLEAN.rstrip()


def test_max_record_size_rejects_without_loading(tmp_path: Path) -> None:
    payload = jsonl([{"text": "x" * 2000}, {"text": "Fine."}])
    r = run("clean", "-", "--format", "jsonl", "--max-record-size", "1000", input=payload)
    assert r.code == 1 and "<stdin>:1: record of 2013 bytes exceeds the limit of 1000 bytes" in r.err
    assert rows(r.out) == [{"text": "Fine."}]


def test_encoding_errors_flag(tmp_path: Path) -> None:
    payload = b'{"text": "caf\xe9 au lait"}\n'
    r = run("clean", "-", "--format", "jsonl", input=payload)
    assert r.code == 1 and "<stdin>:1: invalid UTF-8 at byte 13" in r.err and r.out == ""
    r = run("clean", "-", "--format", "jsonl", "--encoding-errors", "replace", input=payload)
    assert r.code == 0 and "warning: <stdin>:1: invalid UTF-8" in r.err and rows(r.out) == [{"text": "caf\ufffd au lait"}]


def test_empty_and_truncated_files_are_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a-empty.jsonl").write_text("")
    whole = gzip.compress(jsonl({"id": i, "text": f"Article {i}. " * 40} for i in range(100)).encode())
    (tmp_path / "b-cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "c-good.jsonl").write_text(jsonl([{"id": "last", "text": "Fine."}]))
    r = run("clean", tmp_path, "-o", tmp_path / "out", "--report", tmp_path / "r.json")
    assert r.code == 1 and r.exception is None
    lines = [line for line in r.err.splitlines() if line.startswith("error:")]
    assert lines[0] == f"error: {tmp_path / 'a-empty.jsonl'}: empty file: no records"
    assert lines[1].startswith(f"error: {tmp_path / 'b-cut.jsonl.gz'}: truncated or corrupt gzip data after record ")
    assert rows((tmp_path / "out" / "c-good.jsonl").read_text()) == [{"id": "last", "text": "Fine."}]
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["reconciles"] and [e["reason"] for e in report["file_errors"]] == ["empty", "truncated"]


def test_in_place_leaves_a_file_it_could_not_read_to_the_end(tmp_path: Path) -> None:
    whole = gzip.compress(jsonl({"id": i, "text": SEED} for i in range(60)).encode())
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    before = cut.read_bytes()
    r = run("clean", cut, "--in-place", "--rejects", tmp_path / "rej.jsonl")
    assert r.code == 1 and "truncated or corrupt gzip" in r.err
    assert cut.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["cut.jsonl.gz", "rej.jsonl"]


def test_format_conversion_and_stdout_rules(tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    src.write_text(json.dumps([{"id": 1, "text": SEED}, {"id": 2, "text": "Fine."}]))
    r = run("clean", src, "-o", tmp_path / "a.jsonl")
    assert r.code == 0 and [x["id"] for x in rows((tmp_path / "a.jsonl").read_text())] == [1, 2]
    r = run("clean", src)
    assert json.loads(r.out)[0]["text"] == CLEAN.rstrip("\n")  # a .json input stays an array on stdout
    r = run("clean", src, tmp_path / "a.jsonl")
    assert r.code == 0 and len(rows(r.out)) == 4  # several record files: JSON Lines on stdout
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "c.txt").write_text("y")
    assert run("clean", tmp_path / "b.txt", tmp_path / "c.txt").code == 2
    assert run("clean", src, "-o", tmp_path / "x.txt").code == 2
    assert run("clean", tmp_path / "b.txt", "-o", tmp_path / "b.jsonl").code == 2
    assert run("clean", tmp_path / "nope.jsonl").code == 2


def test_unwritable_output_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = run("clean", "-", "--format", "txt", "-o", blocker / "out.txt", input=SEED)
    assert r.code == 2 and r.exception is None
    assert r.err.startswith(f"error: {blocker}: ")
    assert "Traceback" not in r.err and r.err.count("\n") == 1


def test_two_inputs_with_one_name_cannot_share_an_output_folder(tmp_path: Path) -> None:
    for d in ("x", "y"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "a.txt").write_text("Text.")
    r = run("clean", tmp_path / "x" / "a.txt", tmp_path / "y" / "a.txt", "-o", tmp_path / "out")
    assert r.code == 2 and "both be written" in r.err
