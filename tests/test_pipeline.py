"""The fast JSON Lines path gives the library's results, in order, in one process or several."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from scrubber import Scrubber
from scrubber.pipeline import clean_file, clean_lines

from .conftest import FIXTURES

SEED = (FIXTURES / "seed" / "de-syria.raw.txt").read_text(encoding="utf-8")
RECORDS = [
    {"id": 1, "text": SEED, "url": "https://news.example/1", "score": 0.5},
    {"id": 2, "text": "A plain article.\n\nNothing to remove here at all."},
    {"id": 3, "text": "A body with a bell \u0007 in it."},  # rejected: control character
    {"id": 4, "body": "no text field"},
    {"id": 5, "text": "Text.\n\nREAD MORE: Other story", "nested": {"a": [1, 2]}},
]


def write(path: Path, lines: list[str]) -> None:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as f:  # type: ignore[operator]
        f.writelines(lines)


def read(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()


def lines() -> list[str]:
    out = [json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS]
    out.insert(3, "{not json\n")
    out.insert(1, "\n")
    return out


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber()


def test_output_is_the_library_result(scrubber: Scrubber, tmp_path: Path) -> None:
    src, dst, rej = tmp_path / "in.jsonl", tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    write(src, lines())
    report = clean_file(scrubber, str(src), str(dst), str(rej))
    out = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in out] == [1, 2, 5]
    for record in out:
        original = next(r for r in RECORDS if r["id"] == record["id"])
        assert record == {**original, "text": scrubber.scrub(original).text}
    rejected = [json.loads(line) for line in rej.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rejected] == [3]
    assert rejected[0]["_rejected"][0]["reason"] == "control-characters"
    assert report.records == 6
    assert report.status["error"] == 2 and report.rejected == 3
    assert any(":5: invalid JSON" in e for e in report.errors)  # line numbers count blank lines
    assert any(":6: field 'text'" in e for e in report.errors)


def test_unchanged_records_pass_through_byte_for_byte(scrubber: Scrubber) -> None:
    raw = b'{"text": "A plain article.\\n\\nNothing to remove.",   "n": 1.50}'
    out, _, report = clean_lines(scrubber, [raw])
    assert out == raw + b"\n" and report.status["unchanged"] == 1
    out, _, _ = clean_lines(scrubber, [raw], passthrough=False)
    assert json.loads(out) == json.loads(raw) and out != raw + b"\n"


def test_numbers_orjson_cannot_read_still_work(scrubber: Scrubber) -> None:
    body = "The council approved the new budget after a long debate on Tuesday evening."
    raw = ('{"text": "' + body + '\\n\\nREAD MORE: Other story", "big": 123456789012345678901234567890, '
           '"x": NaN}').encode()
    out, _, report = clean_lines(scrubber, [raw])
    assert report.status["cleaned"] == 1
    assert b"123456789012345678901234567890" in out and f'"text": "{body}"'.encode() in out


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_workers_keep_order_and_bytes(scrubber: Scrubber, tmp_path: Path, suffix: str) -> None:
    src = tmp_path / f"in{suffix}"
    texts = [SEED, "Plain.\n\nText.", "Foto: dpa\n\nBody text of the article."] * 40
    write(src, [json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)])
    one, two = tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"
    r1 = clean_file(scrubber, str(src), str(one), jobs=1)
    r2 = clean_file(scrubber, str(src), str(two), jobs=2, chunk=2000)  # many small chunks, interleaved
    assert read(one) == read(two)
    assert r1.as_dict() == r2.as_dict()
    assert [json.loads(x)["id"] for x in read(two).splitlines()] == list(range(len(texts)))
