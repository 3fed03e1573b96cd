"""`scrubber learn`: per-site boilerplate learned from a generated multi-site corpus."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from scrubber import Confidence, Scrubber
from scrubber.cli import main
from scrubber.learn import Learner, LearnOptions, LearnResult, render
from scrubber.learn.counting import LineCounts
from scrubber.learn.pack import rule_code, toml_str
from scrubber.ruleset.examples import missing_examples, run_examples
from scrubber.ruleset.loader import load_pack

from .sitecorpus import Corpus, score, write_jsonl

BODY = "The committee met again on Thursday and heard evidence from witnesses about the harbour."


def learn(records: list[dict[str, object]], **options: object) -> tuple[Learner, LearnResult]:
    learner = Learner(LearnOptions(**options))  # type: ignore[arg-type]
    for rec in records:
        learner.add(rec)
    return learner, learner.result()


def write_pack(tmp_path: Path, learner: Learner, result: LearnResult) -> Path:
    path = tmp_path / "learned.toml"
    path.write_text(render(result, learner.options, inputs=["corpus.jsonl"]), encoding="utf-8")
    return path


def prose(rnd: random.Random, n: int) -> str:
    words = ["river", "council", "budget", "school", "harbour", "tram", "winter", "market", "bridge", "hospital", "farm", "station"]
    return " ".join(rnd.choice(words) for _ in range(n)).capitalize() + "."


def body(i: int) -> str:
    """A different content paragraph for document `i` (identical documents are copies)."""
    return prose(random.Random(i), 16)


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, object]]:
    return [doc.record(i) for i, doc in enumerate(Corpus(sites=12, seed=7).docs(1500))]


@pytest.fixture(scope="module")
def learned(corpus: list[dict[str, object]], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LearnResult]:
    learner, result = learn(corpus)
    return write_pack(tmp_path_factory.mktemp("pack"), learner, result), result


class TestGeneratedCorpus:
    def test_default_profile_removes_boilerplate_and_no_content(self, corpus: list[dict[str, object]],
                                                              learned: tuple[Path, LearnResult]) -> None:
        s = Scrubber(default_rules=False, extend_rules=[learned[0]])
        result = score(s, iter(corpus))
        assert result.content_removed == []
        assert result.recall >= 0.95, sorted(result.missed.items(), key=lambda kv: -kv[1])[:5]

    def test_safe_profile_removes_no_content(self, corpus: list[dict[str, object]],
                                             learned: tuple[Path, LearnResult]) -> None:
        result = score(Scrubber(default_rules=False, extend_rules=[learned[0]], profile="safe"), iter(corpus))
        assert result.fp == 0 and result.recall >= 0.6

    def test_datelines_and_quotations_are_low_confidence(self, learned: tuple[Path, LearnResult]) -> None:
        low = [ln for ln in learned[1].lines if ln.confidence is Confidence.LOW]
        assert any("2024" in ln.text and "numbers change" in (ln.note or "") for ln in low)
        assert any("quotes someone" in (ln.note or "") for ln in low)
        for ln in learned[1].lines:
            if ln.confidence is not Confidence.LOW:
                assert "2024 (" not in ln.text and "“" not in ln.text and "„" not in ln.text, ln

    def test_pack_loads_and_every_rule_passes_its_examples(self, learned: tuple[Path, LearnResult]) -> None:
        rules = load_pack(learned[0]).rules
        assert rules and all(missing_examples(r) == [] for r in rules)
        assert all(r.sources and r.category == "learned-boilerplate" for r in rules)
        failed = [e for e in run_examples(rules) if not e.passed]
        assert failed == []


class TestLearner:
    def site(self, host: str, docs: int, boiler: list[str], seed: int = 1) -> list[dict[str, object]]:
        rnd = random.Random(seed)
        return [{"url": f"https://{host}/{i}", "text": "\n\n".join([prose(rnd, 14), *boiler, prose(rnd, 20)])}
                for i in range(docs)]

    def test_lines_scoped_to_their_site(self, tmp_path: Path) -> None:
        a = self.site("a.example", 20, ["Subscribe to the A Daily newsletter"])
        b = self.site("b.example", 3, ["Subscribe to the A Daily newsletter"], seed=2)
        learner, result = learn(a + b)
        assert [(ln.source, ln.text) for ln in result.lines] == [("a.example", "Subscribe to the A Daily newsletter")]
        s = Scrubber(default_rules=False, extend_rules=[write_pack(tmp_path, learner, result)])
        assert "Subscribe" not in s.scrub(a[0]).text
        assert s.scrub(b[0]).text == b[0]["text"]

    def test_digits_and_case_fold_into_one_line(self, tmp_path: Path) -> None:
        docs = [{"source": "Site", "text": f"{body(i)}\n\n© {2020 + i % 2} SITE News. All rights reserved."}
                for i in range(10)]
        learner, result = learn(docs)
        assert len(result.lines) == 1 and result.lines[0].count == 10
        s = Scrubber(default_rules=False, extend_rules=[write_pack(tmp_path, learner, result)])
        assert s.scrub({"source": "site", "text": f"{BODY}\n\n© 2031 Site news - all rights reserved"}).text == BODY

    def test_min_docs_and_min_share(self) -> None:
        docs = self.site("a.example", 40, []) + [
            {"url": "https://a.example/x", "text": f"{body(i)}\n\nJoin our club today"} for i in range(5)]
        assert [ln.text for ln in learn(docs)[1].lines] == ["Join our club today"]  # 5 of 45: 11 %
        assert learn(docs, min_docs=6)[1].lines == []
        assert learn(docs, min_share=0.2)[1].lines == []

    def test_copies_of_one_article_are_not_learned(self) -> None:
        docs = self.site("a.example", 12, ["Follow A on Instagram"])
        article = "\n\n".join(["A short headline-like line", prose(random.Random(9), 16), "Follow A on Instagram"])
        docs += [{"url": f"https://a.example/story?amp={i}", "text": article} for i in range(6)]
        result = learn(docs)[1]
        assert [ln.text for ln in result.lines] == ["Follow A on Instagram"]
        assert result.held_back == 2

    def test_sentences_are_medium_and_short_lines_in_few_docs_medium(self) -> None:
        rnd = random.Random(3)
        docs = [{"source": "s", "text": "\n\n".join([prose(rnd, 15),
                 "This article is for subscribers only. Subscribe now for unlimited access.",
                 *(["Advertisement"] if i % 2 else []), *(["Most read"] if i % 6 == 0 else [])])} for i in range(30)]
        got = {ln.text: ln.confidence for ln in learn(docs)[1].lines}
        assert got == {"Advertisement": Confidence.HIGH, "Most read": Confidence.MEDIUM,
                       "This article is for subscribers only. Subscribe now for unlimited access.": Confidence.MEDIUM}

    def test_source_falls_back_to_the_file(self) -> None:
        learner = Learner()
        for i in range(6):
            learner.add({"text": f"{body(i)}\n\nPrinted from the archive"}, fallback="old.jsonl")
        assert [(ln.source, ln.text) for ln in learner.result().lines] == [("old.jsonl", "Printed from the archive")]


class TestBoundedMemory:
    def test_table_stays_within_capacity_and_keeps_heavy_lines(self) -> None:
        rnd = random.Random(5)
        docs = [{"source": "s", "text": "\n".join([*(prose(rnd, 9) for _ in range(20)), "Sign up for our newsletter"])}
                for _ in range(400)]
        learner, result = learn(docs, capacity=1000, bloom_bits=1 << 12)  # a tiny filter: many false positives
        assert len(learner.counts.table) <= 1000 and learner.counts.pruned > 0
        assert [ln.text for ln in result.lines] == ["Sign up for our newsletter"]
        assert result.lines[0].count >= 400 - result.error

    def test_counts_are_exact_below_capacity(self) -> None:
        counts = LineCounts(capacity=100, bloom_bits=1 << 16)
        assert [counts.add(12345 << 64 | 7, 0) for _ in range(4)] == [1, 2, 3, 4]
        assert counts.count(7) == 4 and counts.error == 0


class TestPack:
    def test_toml_strings_round_trip(self, tmp_path: Path) -> None:
        import tomllib

        nasty = 'He said "no" \\ then\ttab \x7f del \x01 and é 漢字'
        assert tomllib.loads(f"x = {toml_str(nasty)}")["x"] == nasty

    def test_codes(self) -> None:
        assert [rule_code("LB", n) for n in (1, 999, 1000, 26_000)] == ["LBAA001", "LBAA999", "LBAB000", "LBBA000"]

    def test_odd_lines_survive_the_round_trip(self, tmp_path: Path) -> None:
        line = 'Folge uns: "Site\\News" auf X → @site'
        docs = [{"source": "Ünï Site", "text": f"{body(i)}\n\n{line}"} for i in range(6)]
        learner, result = learn(docs)
        rules = load_pack(write_pack(tmp_path, learner, result)).rules
        assert rules[0].sources == ["ünï site"] and rules[0].lines[0].text == line  # type: ignore[union-attr]
        assert all(e.passed for e in run_examples(rules))


class TestCommand:
    def run(self, *args: str, input: str | None = None) -> tuple[int, str, str]:
        result = CliRunner().invoke(main, list(args), input=input)
        return result.exit_code, result.stdout, result.stderr

    def test_learn_then_clean_with_the_pack(self, tmp_path: Path) -> None:
        src, pack = tmp_path / "corpus.jsonl", tmp_path / "learned.toml"
        write_jsonl(str(src), Corpus(sites=4, seed=3).docs(200))
        code, out, err = self.run("learn", str(src), "-o", str(pack), "--min-docs", "4")
        assert code == 0 and out == "" and "learned" in err and "from 206 documents" in err
        assert pack.read_text(encoding="utf-8").startswith("# Learned by `scrubber learn` from")
        rec = json.loads(src.read_text(encoding="utf-8").splitlines()[0])
        rec.pop("labels")
        cleaned = Scrubber(extend_rules=[pack]).scrub(rec)
        assert any(f.category == "learned-boilerplate" for f in cleaned.findings)

    def test_pack_to_standard_output_from_standard_input(self) -> None:
        payload = "".join(json.dumps({"source": "s", "text": f"{body(i)}\n\nShare this page"}) + "\n" for i in range(5))
        code, out, _ = self.run("learn", "-", "--format", "jsonl", "-q", input=payload)
        assert code == 0 and 'text = "Share this page"' in out

    def test_bad_record_reported_with_its_line_and_exit_1(self, tmp_path: Path) -> None:
        src = tmp_path / "c.jsonl"
        src.write_text(json.dumps({"text": "fine"}) + "\n{oops\n", encoding="utf-8")
        code, _, err = self.run("learn", str(src), "-o", str(tmp_path / "p.toml"))
        assert code == 1 and f"{src}:2: invalid JSON" in err and (tmp_path / "p.toml").exists()

    def test_unknown_format_is_a_usage_error(self) -> None:
        code, _, err = self.run("learn", "-", input="x")
        assert code == 2 and "--format" in err

    def test_bad_prefix_is_a_usage_error(self, tmp_path: Path) -> None:
        src = tmp_path / "c.jsonl"
        src.write_text(json.dumps({"text": "fine"}) + "\n", encoding="utf-8")
        code, _, err = self.run("learn", str(src), "--prefix", "lb1")
        assert code == 2 and "prefix" in err

    def test_folder_of_gzip_files_with_mapped_fields(self, tmp_path: Path) -> None:
        for part in range(2):
            rows = [{"link": f"https://www.site.example/{part}/{i}", "body": f"{body(part * 10 + i)}\n\nMore from Site"}
                    for i in range(4)]
            with gzip.open(tmp_path / f"part-{part}.jsonl.gz", "wt", encoding="utf-8") as out:
                out.writelines(json.dumps(r) + "\n" for r in rows)
        code, out, _ = self.run("learn", str(tmp_path), "--text-field", "body", "--url-field", "link", "-q")
        assert code == 0 and 'sources = ["site.example"]' in out and 'text = "More from Site"' in out

    def test_clean_learn_learns_then_cleans_in_two_passes(self, tmp_path: Path) -> None:
        src, out, pack = tmp_path / "corpus.jsonl", tmp_path / "clean.jsonl", tmp_path / "kept.toml"
        docs = list(Corpus(sites=4, seed=3).docs(200, copies=0))
        with src.open("w", encoding="utf-8") as f:
            f.writelines(json.dumps({k: v for k, v in d.record(i).items() if k != "labels"}, ensure_ascii=False) + "\n"
                         for i, d in enumerate(docs))
        code, _, err = self.run("clean", str(src), "-o", str(out), "--learn", "--learned", str(pack), "--min-docs", "4",
                                "--select", "learned-boilerplate")
        assert code == 0, err
        assert "learned" in err and pack.read_text(encoding="utf-8").startswith("# Learned")
        cleaned = [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]
        removed = kept = 0
        for doc, text in zip(docs, cleaned):
            lines = set(text.split("\n"))
            assert all(t in lines for label, t in doc.lines if label == "c")  # no content removed
            removed += sum(t not in lines for label, t in doc.lines if label == "b")
            kept += sum(t in lines for label, t in doc.lines if label == "b")
        assert removed / (removed + kept) >= 0.85  # what stays is a long disclaimer, held back as content-like

    def test_clean_learn_needs_files(self) -> None:
        code, _, err = self.run("clean", "-", "--format", "jsonl", "--learn", input='{"text": "x"}\n')
        assert code == 2 and "standard input" in err


def test_readme_workflow_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's learn -> review -> clean commands work as written."""
    import re
    import shlex

    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Learn each site's own boilerplate", 1)[1].split("\n### ", 1)[0]
    commands = [line.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
                for line in block.splitlines() if line.strip().startswith("scrubber ")]
    commands.append(re.search(r"`(scrubber clean data/ --learn[^`]*)`", section).group(1))  # type: ignore[union-attr]
    assert [c.split()[1] for c in commands] == ["learn", "clean", "clean"]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    write_jsonl("data/corpus.jsonl", Corpus(sites=4, seed=3).docs(120))
    for command in commands:
        result = CliRunner().invoke(main, shlex.split(command)[1:])
        assert result.exit_code == 0, (command, result.stderr)
    assert (tmp_path / "learned.toml").exists() and (tmp_path / "clean" / "corpus.jsonl").exists()


def test_sources_beyond_the_bound_are_forgotten_smallest_first() -> None:
    learner = Learner(LearnOptions(max_sources=8))
    for i in range(40):
        learner.add({"url": f"https://one-off-{i}.example/", "text": body(100 + i)})
        learner.add({"url": "https://big.example/a", "text": f"{body(i)}\n\nThe Big Example newsletter"})
    assert len(learner.sources) <= 8 and learner.sources_pruned > 0
    assert [(ln.source, ln.text) for ln in learner.result().lines] == [("big.example", "The Big Example newsletter")]
