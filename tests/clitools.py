"""Helpers for the command-line tests: run a command through click's CliRunner, build corpora."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from scrubber.cli import main
from scrubber.evaluate import load_labelled

from .conftest import FIXTURES

SEED = (FIXTURES / "seed" / "de-syria.raw.txt").read_text(encoding="utf-8")
CLEAN = (FIXTURES / "seed" / "de-syria.clean.txt").read_text(encoding="utf-8")


@dataclass
class Run:
    code: int
    out: str
    err: str
    exception: BaseException | None


def run(*args: str | Path, input: str | bytes | None = None) -> Run:
    result = CliRunner().invoke(main, [str(a) for a in args], input=input)
    exc = result.exception if not isinstance(result.exception, SystemExit) else None
    return Run(result.exit_code, result.stdout, result.stderr, exc)


def jsonl(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def rows(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def labelled_corpus(limit: int | None = None) -> list[dict[str, Any]]:
    """The marked fixture articles as raw records: a contaminated corpus in 25 languages."""
    docs = list(load_labelled([FIXTURES / "articles"]))[:limit]
    return [{"id": d.id, "language": d.language, "text": d.text} for d in docs]
