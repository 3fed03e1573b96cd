"""`scrubber check`: every output format, selection, severities, exit codes, baseline."""

from __future__ import annotations

import gzip
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .clitools import SEED, jsonl, labelled_corpus, rows, run

jsonschema = pytest.importorskip("jsonschema")
SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "corpus.jsonl"
    src.write_text(jsonl(labelled_corpus()), encoding="utf-8")
    return src


def codes(out: str) -> set[str]:
    return {line.split(" ")[1] for line in out.splitlines() if line and not line.startswith(("Found", "All"))}


def test_contaminated_corpus_fails_and_its_cleaned_form_passes(tmp_path: Path, corpus: Path) -> None:
    assert run("check", corpus).code == 1
    cleaned = tmp_path / "cleaned.jsonl"
    assert run("clean", corpus, "-o", cleaned).code == 0
    r = run("check", cleaned)
    records = len(labelled_corpus())
    assert records >= 150
    assert r.code == 0 and r.out.startswith(f"All checks passed ({records} records in 1 file(s))")


def test_concise_and_full_locations(tmp_path: Path) -> None:
    txt = tmp_path / "a.txt"
    txt.write_text(SEED, encoding="utf-8")
    r = run("check", txt, "--output-format", "concise", "--select", "CR001")
    assert r.out.splitlines()[0] == f"{txt}:3:1: CR001 image credit line"  # .txt: line and column in the file
    src = tmp_path / "c.jsonl"
    src.write_text(jsonl([{"text": "Fine."}, {"id": "a1", "text": SEED}]), encoding="utf-8")
    r = run("check", src, "--output-format", "concise", "--select", "CR001")
    assert r.out.splitlines()[0] == f"{src}:2:88: CR001 image credit line"  # record 2 = line 2; col = offset + 1
    assert json.loads(src.read_text().splitlines()[1])["text"][87:99] == "Getty Images"
    r = run("check", src, "--select", "CR001")
    assert r.out.splitlines()[:3] == [f"{src}:2:88: CR001 [*] image credit line", "  | Getty Images", "  = record id:a1"]
    gz = tmp_path / "c.jsonl.gz"
    gz.write_bytes(gzip.compress(src.read_bytes()))
    r = run("check", gz, "--output-format", "concise", "--select", "CR001")
    assert r.out.splitlines()[0] == f"{gz}[2].text:88: CR001 image credit line"  # compressed: record and field


def test_grouped(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(SEED if name != "b.txt" else "Nothing here.", encoding="utf-8")
    r = run("check", tmp_path, "--output-format", "grouped", "--select", "CR001")
    assert r.out.splitlines()[:6] == [f"{tmp_path / 'a.txt'}:", "  3:1 CR001 [*] image credit line", "",
                                      f"{tmp_path / 'c.txt'}:", "  3:1 CR001 [*] image credit line", ""]


def test_json_and_json_lines(corpus: Path) -> None:
    r = run("check", corpus, "--output-format", "json")
    data = json.loads(r.out)
    assert r.code == 1 and len(data) > 100 and "Found" not in r.out
    first = data[0]
    assert set(first) >= {"code", "name", "category", "severity", "message", "fixable", "text", "location"}
    assert first["location"]["path"] == str(corpus) and first["location"]["field"] == "text"
    lines = rows(run("check", corpus, "--output-format", "json-lines").out)
    assert lines == data
    assert json.loads(run("check", corpus, "--output-format", "json", "--select", "NOPE000".replace("NOPE000", "CR"),
                          "--ignore", "CR").out) == []


def test_github_annotations_carry_file_line_col_title(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    src.write_text(jsonl([{"text": "Fine."}, {"text": SEED}]), encoding="utf-8")
    r = run("check", src, "--output-format", "github", "--select", "CR001,PL001")
    lines = r.out.splitlines()
    assert lines[0] == f"::warning file={src},line=2,col=88,title=CR001 (agency-credit-line)::image credit line"
    assert lines[1].startswith(f"::error file={src},line=2,col=1880,title=PL001 (prompt-instructions)::")
    info = run("check", src, "--output-format", "github", "--select", "CA001").out
    assert info.startswith("::notice file=")


def test_sarif_validates_against_the_2_1_0_schema(tmp_path: Path, corpus: Path) -> None:
    gz = tmp_path / "more.jsonl.gz"
    gz.write_bytes(gzip.compress(jsonl([{"id": "z", "text": SEED}]).encode()))
    txt = tmp_path / "a b.txt"
    txt.write_text(SEED, encoding="utf-8")
    out = tmp_path / "report.sarif"
    r = run("check", corpus, gz, txt, "--output-format", "sarif", "-o", out)
    assert r.code == 1 and r.out == ""
    log = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    results = log["runs"][0]["results"]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[res["ruleIndex"]]["id"] == res["ruleId"] for res in results)
    by_uri = {res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: res for res in results}
    assert "region" not in by_uri[str(gz)]["locations"][0]["physicalLocation"]  # no lines in a compressed file
    assert by_uri[str(gz)]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].startswith("records[1].text")
    assert str(txt).replace(" ", "%20") in by_uri
    empty = run("check", tmp_path / "a b.txt", "--output-format", "sarif", "--select", "CR", "--ignore", "CR")
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(json.loads(empty.out))
    broken = dict(log, version="2.0.0")  # the schema test can fail
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SARIF_SCHEMA).validate(broken)


def test_junit_is_xml_with_a_suite_per_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SEED, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Nothing \x01 here.", encoding="utf-8")
    r = run("check", tmp_path, "--output-format", "junit")
    root = ET.fromstring(r.out)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    assert int(suites[0].get("failures", "0")) == len(suites[0].findall("testcase/failure")) > 3
    assert suites[1].get("failures") == "0" and suites[1].find("testcase").get("name") == "no findings"


def test_statistics(corpus: Path) -> None:
    r = run("check", corpus, "--statistics")
    rows = [line.split() for line in r.out.splitlines() if line.strip()]
    counts = [int(row[0]) for row in rows]
    assert r.code == 1 and counts == sorted(counts, reverse=True) and "chars" in r.out
    assert "CA001" in {row[1] for row in rows}  # the seed's caption, among others
    data = json.loads(run("check", corpus, "--statistics", "--output-format", "json").out)
    assert [(d["code"], d["count"]) for d in data] == [(row[1], int(row[0])) for row in rows]


def test_fail_on_and_exit_zero(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(SEED, encoding="utf-8")
    assert run("check", src, "--select", "CA001").code == 1  # info fails by default
    assert run("check", src, "--select", "CA001", "--fail-on", "warning").code == 0
    assert run("check", src, "--select", "CR001", "--fail-on", "warning").code == 1
    assert run("check", src, "--select", "CR001", "--fail-on", "error").code == 0
    assert run("check", src, "--select", "PL001", "--fail-on", "error").code == 1
    assert run("check", src, "--exit-zero").code == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n")
    r = run("check", bad, "--exit-zero")
    assert r.code == 1 and f"error: {bad}:1: invalid JSON" in r.err  # unreadable input is not a finding


@pytest.mark.parametrize(("args", "expected"), [
    (["--select", "XL001"], {"XL001"}),                                 # code
    (["--select", "XL"], {"XL001"}),                                    # code prefix
    (["--select", "credit"], {"CR001"}),                                # category
    (["--select", "prompt-instructions"], {"PL001"}),                   # name
    (["--select", "ALL", "--ignore", "XL,CR,CA,VD"], {"PL001"}),        # ALL, commas
    (["--select", "CR", "--extend-select", "PL001"], {"CR001", "PL001"}),
    (["--ignore", "XL001"], {"CR001", "CA001", "PL001", "XL002", "VD001"}),
    (["--extend-ignore", "XL,PL,VD"], {"CR001", "CA001"}),
])
def test_selection(tmp_path: Path, args: list[str], expected: set[str]) -> None:
    src = tmp_path / "a.txt"
    src.write_text(SEED, encoding="utf-8")
    assert codes(run("check", src, "--output-format", "concise", *args).out) == expected


def test_baseline_suppresses_reports_stale_and_survives_line_shifts(tmp_path: Path) -> None:
    src, base = tmp_path / "c.jsonl", tmp_path / "baseline.json"
    records = [{"id": "a", "text": SEED}, {"url": "https://x/1", "text": "Text.\n\nREAD MORE: Another story here"}]
    src.write_text(jsonl(records), encoding="utf-8")
    r = run("check", src, "--write-baseline", base)
    assert r.code == 0 and "wrote 8 finding(s)" in r.err
    entries = json.loads(base.read_text())["entries"]
    assert {e["record"] for e in entries} == {"id:a", "url:https://x/1"}
    assert all(set(e) >= {"code", "record", "match"} and "line" not in e for e in entries)
    # the corpus grows and shifts; the accepted credit line changes (its entry goes stale)
    data = json.loads(base.read_text())
    next(e for e in data["entries"] if e["code"] == "CR001")["reason"] = "credit kept on purpose"
    base.write_text(json.dumps(data))
    records[1]["text"] = "Text, edited.\n\nNew paragraph.\n\nREAD MORE: Another story here"
    shifted = [{"id": "new", "text": "Fresh.\n\nLESEN\u00a0 Ein ganz neuer Querverweis hier"}, records[1],
               {"id": "a", "text": SEED.replace("Getty Images", "Reuters", 1)}]
    src.write_text(jsonl(shifted), encoding="utf-8")
    r = run("check", src, "--baseline", base, "--output-format", "concise")
    assert r.code == 1
    assert [line.split(" ")[:2] for line in r.out.splitlines()[:-1]] == [
        [f"{src}:1:9:", "XL001"], [f"{src}:3:88:", "AG001"], [f"{src}:3:88:", "CR001"]]  # only the new findings
    assert "baseline: 7 finding(s) suppressed, 1 stale entry" in r.err
    assert "stale baseline entry: CR001 id:a" in r.err and "(credit kept on purpose)" in r.err
    base.write_text("{not json")
    assert run("check", src, "--baseline", base).code == 2


def test_output_file_is_written_atomically_and_colour(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(SEED, encoding="utf-8")
    out = tmp_path / "report.txt"
    r = run("check", src, "-o", out, "--output-format", "concise")
    assert r.out == "" and out.read_text().startswith(f"{src}:1:1: CA001")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "report.txt"]
    coloured = run("check", src, "--color", "always", "--output-format", "concise").out
    assert "\x1b[" in coloured and "\x1b[" not in run("check", src, "--color", "never").out
    assert "\x1b[" not in run("check", src, "--color", "always", "--output-format", "json").out
