"""Runaway patterns: a catastrophic user rule is skipped per document, never hangs a run."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from scrubber import Scrubber

# Loading these rules warns about their nested quantifiers (tests/test_lint.py checks that).
pytestmark = pytest.mark.filterwarnings("ignore::scrubber.ruleset.lint.PatternWarning")

# `(a+)+$` backtracks polynomially on a long run of `a` that does not end the line: on 50,000
# characters it runs for hours without a timeout (10,000 already take well over 3 s).
CATASTROPHIC = "(a+)+$"
RUN = "a" * 50_000 + "!"
HEAD = "Der Stadtrat tagte am Dienstag bis spät in die Nacht."


# The literal prefilter offers `(a+)+$` every line holding an `a`; Hyperscan widens it less and
# would spare the rule the run of `a` that ends in `!`, which these tests need it to try.
PREFILTER = "literal"


def rule_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "user.toml"
    path.write_text('[pack]\nname = "user"\n\n[[rules]]\ncode = "U001"\nname = "user-rule"\n'
                    'category = "user"\ndescription = "a user rule"\n' + body, encoding="utf-8")
    return path


def scrub_timed(scrubber: Scrubber, text: str) -> tuple[Any, float]:
    started = time.monotonic()
    result = scrubber.scrub(text)
    return result, time.monotonic() - started


def timeouts(result: Any) -> list[str]:
    return [f.code for f in result.findings if f.name == "timeout"]


def test_catastrophic_user_rule_is_skipped_and_document_kept(tmp_path: Path) -> None:
    rules = rule_file(tmp_path, f'kind = "line"\npatterns = [\'{CATASTROPHIC}\']\n')
    scrubber = Scrubber(extend_rules=[rules], regex_timeout=0.2, prefilter=PREFILTER)
    text = f"{HEAD}\n\n{RUN}\n\nREAD MORE: Markets rally on rate hopes"
    result, elapsed = scrub_timed(scrubber, text)
    assert elapsed < 5
    assert timeouts(result) == ["U001"]
    warning = next(f for f in result.findings if f.name == "timeout")
    assert warning.severity == "warning" and not warning.fixable and warning.category == "engine"
    # The rule is skipped, the other rules still run, and nothing of the run of `a` is lost.
    assert result.text == f"{HEAD}\n\n{RUN}" and result.ok
    assert "XL001" in {f.code for f in result.findings}


def test_budget_is_per_rule_and_document_not_per_call(tmp_path: Path) -> None:
    # Each line costs ~0.1 s, under the 0.3 s budget; 300 of them would take half a minute if
    # every call had its own timeout.
    rules = rule_file(tmp_path, f'kind = "line"\npatterns = [\'{CATASTROPHIC}\']\n')
    scrubber = Scrubber(extend_rules=[rules], regex_timeout=0.3, default_rules=False, prefilter=PREFILTER)
    text = "\n".join(["a" * 300 + "!"] * 300)
    result, elapsed = scrub_timed(scrubber, text)
    assert elapsed < 5
    assert timeouts(result) == ["U001"] and result.text == text


def test_each_document_gets_a_fresh_budget(tmp_path: Path) -> None:
    rules = rule_file(tmp_path, f'kind = "line"\npatterns = [\'{CATASTROPHIC}\']\n')
    scrubber = Scrubber(extend_rules=[rules], regex_timeout=0.2, default_rules=False, prefilter=PREFILTER)
    assert timeouts(scrubber.scrub(RUN)) == ["U001"]
    after = scrubber.scrub(f"{HEAD}\n\naaaa")  # the next document is matched normally
    assert after.text == HEAD and [(f.code, f.name) for f in after.findings] == [("U001", "user-rule")]


@pytest.mark.parametrize("body", [
    # the runaway pattern in each place a rule file can put one
    f'kind = "line"\npatterns = [\'a\']\nexceptions = [\'{CATASTROPHIC}\']\n',
    f'kind = "span"\npatterns = [\'{CATASTROPHIC}\']\n',
    f'kind = "span"\npatterns = [\'a\']\nexceptions = [\'{CATASTROPHIC}\']\n',
    f'kind = "tail_block"\nheader = [\'{CATASTROPHIC}\']\nmin_items = 1\n',
    (f'kind = "caption"\nanchors = ["CR001"]\npatterns = [\'{CATASTROPHIC}\']\nmax_chars = 100000\n'
     'max_words = 5\nterminal = false\nmin_words = 1\n'),
    f'kind = "duplicate"\nmin_chars = 10\nmin_words = 1\nexceptions = [\'{CATASTROPHIC}\']\n',
], ids=["line-exception", "span", "span-exception", "tail-header", "caption", "duplicate-exception"])
def test_every_pattern_field_is_timed(tmp_path: Path, body: str) -> None:
    scrubber = Scrubber(extend_rules=[rule_file(tmp_path, body)], regex_timeout=0.2, select=["U001"],
                        profile="aggressive", budget=1.0, prefilter=PREFILTER)
    text = f"{HEAD}\n\n{RUN}\n\n{RUN}\n\nGetty Images"
    result, elapsed = scrub_timed(scrubber, text)
    assert elapsed < 5
    assert timeouts(result) == ["U001"] and result.text == text


def test_check_reports_the_timeout_too(tmp_path: Path) -> None:
    rules = rule_file(tmp_path, f'kind = "line"\npatterns = [\'{CATASTROPHIC}\']\n')
    scrubber = Scrubber(extend_rules=[rules], regex_timeout=0.2, default_rules=False, prefilter=PREFILTER)
    assert [f.name for f in scrubber.check(RUN)] == ["timeout"]


def _spend(seconds: float) -> None:
    """Use `seconds` of this thread's CPU time."""
    until = time.thread_time() + seconds
    while time.thread_time() < until:
        pass


def test_the_budget_is_cpu_time_read_cheaply_and_runs_out() -> None:
    """A rule's budget counts CPU time: waiting (a busy machine) does not spend it, computing
    does, and no call is ever given more than is left."""
    from scrubber.kinds.base import _Budget

    budget = _Budget(time.thread_time(), 0.2)
    time.sleep(0.15)  # the wall clock says most of it is gone: the CPU clock is read again
    assert budget.left() > 0.15
    _spend(0.05)
    assert 0 < budget.left() <= 0.15 + 0.01
    _spend(0.2)
    with pytest.raises(TimeoutError):
        budget.left()
