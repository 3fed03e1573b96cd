"""Each kind on its own, with small inline rules."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from pydantic import TypeAdapter

from scrubber import Scrubber, Settings
from scrubber.kinds import Rule

_RULE: TypeAdapter[Rule] = TypeAdapter(Rule)


def engine(*specs: dict[str, Any]) -> Scrubber:
    rules = []
    for i, spec in enumerate(specs):
        base = {"code": f"T{i:03d}", "name": f"test-{i}", "category": "test", "description": "test rule"}
        rules.append(_RULE.validate_python({**base, **spec}))
    return Scrubber(Settings(budget=1.0, profile="aggressive"), rules=rules)


def clean(s: Scrubber, text: str) -> str:
    return s.scrub(text).text


class TestLine:
    def test_drops_matching_line_and_its_gap(self) -> None:
        s = engine({"kind": "line", "patterns": ["^Advertisement$"]})
        assert clean(s, "A.\n\nAdvertisement\n\nB.") == "A.\n\nB."

    def test_matches_through_nbsp_and_zero_width(self) -> None:
        s = engine({"kind": "line", "patterns": ["^Read more: .+$"]})
        assert clean(s, "A.\n\nRead\u00a0more:\u200b Other\n\nB.") == "A.\n\nB."

    def test_min_hits_needs_several_patterns(self) -> None:
        s = engine({"kind": "line", "patterns": ["alpha", "beta"], "min_hits": 2})
        assert clean(s, "alpha only.\n\nalpha and beta.") == "alpha only."

    def test_length_bounds(self) -> None:
        s = engine({"kind": "line", "patterns": ["^Tags:"], "max_chars": 20})
        text = "Tags: a, b\n\nTags: this line is far too long to be a tag line."
        assert clean(s, text) == "Tags: this line is far too long to be a tag line."

    def test_position_tail(self) -> None:
        s = engine({"kind": "line", "patterns": ["^Share this$"], "where": "tail", "window": 1})
        assert clean(s, "Share this\n\nBody.\n\nShare this") == "Share this\n\nBody."

    def test_position_edges(self) -> None:
        s = engine({"kind": "line", "patterns": ["^Note$"], "where": "edges", "window": 1})
        assert clean(s, "Note\n\nBody.\n\nNote\n\nMore.\n\nNote") == "Body.\n\nNote\n\nMore."

    def test_max_words_counts_han_and_kana(self) -> None:
        s = engine({"kind": "line", "patterns": ["^写真"], "max_words": 5})
        text = "写真：共同\n\n写真は東京の街並みを撮影したもので、多くの人が集まった"
        assert clean(s, text) == "写真は東京の街並みを撮影したもので、多くの人が集まった"

    def test_exception_vetoes(self) -> None:
        s = engine({"kind": "line", "patterns": ["^Photo:"], "exceptions": ["museum"]})
        assert clean(s, "Photo: AFP\n\nPhoto: the museum's pride.") == "Photo: the museum's pride."

    def test_list_expansion_is_longest_first_and_whitespace_flexible(self) -> None:
        s = engine({"kind": "line", "patterns": [r"^\L<m>: \w+$"], "lists": {"m": {"en": ["Read", "Read more"]}}})
        assert clean(s, "Body.\n\nRead   more: x") == "Body."


class TestSpan:
    def test_cuts_span_and_one_run_of_spaces(self) -> None:
        s = engine({"kind": "span", "patterns": [r"\{\{\s*\w+\s*\}\}"]})
        assert clean(s, "The {{title}} story.") == "The story."

    def test_cut_at_line_end_takes_trailing_spaces(self) -> None:
        s = engine({"kind": "span", "patterns": [r"READ MORE: .+$"]})
        assert clean(s, "He left. READ MORE: Other\nNext.") == "He left.\nNext."

    def test_cuts_one_space_apart_do_not_overlap(self) -> None:
        s = engine({"kind": "span", "patterns": [r"\{\{\s*\w+\s*\}\}"]})
        result = s.scrub("It ran late. {{title}} {{title}}\nNext.")
        assert result.text == "It ran late.\nNext."
        assert all(a.end <= b.start for a, b in zip(result.edits, result.edits[1:]))

    def test_line_left_empty_is_dropped(self) -> None:
        s = engine({"kind": "span", "patterns": [r"<\|im_end\|>"]})
        assert clean(s, "A.\n\n<|im_end|>\n\nB.") == "A.\n\nB."


CREDIT = {"kind": "line", "patterns": ["^Getty Images$"]}


class TestCaption:
    def test_drops_caption_before_credit(self) -> None:
        s = engine(CREDIT, {"kind": "caption", "anchors": ["T000"]})
        assert clean(s, "People flee the city.\n\nGetty Images\n\nBody one.") == "Body one."

    def test_headline_without_final_period_stays(self) -> None:
        s = engine(CREDIT, {"kind": "caption", "anchors": ["T000"]})
        assert clean(s, "People flee the city\n\nGetty Images\n\nBody one.") == "People flee the city\n\nBody one."

    def test_multi_sentence_paragraph_stays(self) -> None:
        s = engine(CREDIT, {"kind": "caption", "anchors": ["T000"]})
        text = "Rebels took the city. Thousands fled.\n\nGetty Images\n\nBody."
        assert clean(s, text) == "Rebels took the city. Thousands fled.\n\nBody."

    def test_side_after(self) -> None:
        s = engine(CREDIT, {"kind": "caption", "anchors": ["T000"], "side": "after"})
        assert clean(s, "Intro.\n\nGetty Images\n\nPeople flee the city.\n\nBody.") == "Intro.\n\nBody."

    def test_japanese_caption_counts_words(self) -> None:
        s = engine({"kind": "line", "patterns": ["^（写真：共同）$"]}, {"kind": "caption", "anchors": ["T000"]})
        text = "警察が会場の周辺を警備した。\n\n（写真：共同）\n\n本文です。"
        assert clean(s, text) == "本文です。"

    def test_labelled_caption_next_to_credit_blocks(self) -> None:
        label = {"kind": "line", "patterns": ["^Image caption "]}
        s = engine(CREDIT, label, {"kind": "caption", "anchors": ["T000"], "blocked_by": ["T001"]})
        text = "He denied it.\n\nGetty Images\n\nImage caption The singer in 2019\n\nBody."
        assert clean(s, text) == "He denied it.\n\nBody."

    def test_anchor_works_when_credit_rule_is_ignored(self) -> None:
        s = engine(CREDIT, {"kind": "caption", "anchors": ["T000"]})
        s = Scrubber(s.settings.model_copy(update={"ignore": ["T000"]}), rules=s.rules)
        assert clean(s, "People flee the city.\n\nGetty Images\n\nBody.") == "Getty Images\n\nBody."


class TestDuplicate:
    PARA = "The council voted on Tuesday to approve the new budget after a long and heated debate."

    def test_second_copy_dropped(self) -> None:
        s = engine({"kind": "duplicate"})
        assert clean(s, f"{self.PARA}\n\nMiddle.\n\n{self.PARA}") == f"{self.PARA}\n\nMiddle."

    def test_copy_differing_in_case_and_spacing_dropped(self) -> None:
        s = engine({"kind": "duplicate"})
        assert clean(s, f"{self.PARA}\n\n{self.PARA.upper().replace(' ', '  ')}") == self.PARA

    def test_copy_compared_without_cut_spans(self) -> None:
        s = engine({"kind": "span", "patterns": ["<br>"]}, {"kind": "duplicate"})
        assert clean(s, f"{self.PARA}<br>\n\n{self.PARA}") == self.PARA

    def test_cut_spans_of_inactive_rules_count(self) -> None:
        s = engine({"kind": "span", "patterns": ["<br>"]}, {"kind": "duplicate"})
        s = Scrubber(s.settings.model_copy(update={"ignore": ["T000"]}), rules=s.rules)
        text = f"{self.PARA}<br>\n\n{self.PARA}"
        assert clean(s, text) == text

    def test_chinese_paragraph_long_enough(self) -> None:
        s = engine({"kind": "duplicate"})
        para = "比赛第12分钟，海港队利用角球机会率先破门。成都蓉城随后加强进攻，并在上半场补时阶段扳平比分。"
        assert clean(s, f"{para}\n\n中间。\n\n{para}") == f"{para}\n\n中间。"

    @pytest.mark.parametrize(("para", "copy"), [
        ("Организаторы сообщили, что парад «шестисот фонарей» готовили три месяца; в нём участвовали школы всех районов.",
         'ОРГАНИЗАТОРЫ  СООБЩИЛИ что парад "ШЕСТИСОТ ФОНАРЕЙ" готовили три месяца, в нём участвовали школы всех районов!'),
        ("Η ομάδα θα ταξιδέψει την Πέμπτη στο Βελιγράδι για τον επαναληπτικό αγώνα, είπε ο προπονητής της ομάδας.",
         "Η ΟΜΆΔΑ ΘΑ ΤΑΞΙΔΈΨΕΙ ΤΗΝ ΠΈΜΠΤΗ ΣΤΟ ΒΕΛΙΓΡΆΔΙ ΓΙΑ ΤΟΝ ΕΠΑΝΑΛΗΠΤΙΚΌ ΑΓΏΝΑ ΕΊΠΕ Ο ΠΡΟΠΟΝΗΤΉΣ ΤΗΣ ΟΜΆΔΑΣ"),
        ("比赛第12分钟，海港队利用角球机会率先破门。成都蓉城随后加强进攻，并在上半场补时阶段扳平比分。",
         "比赛第12分钟, 海港队利用角球机会率先破门. 成都蓉城随后加强进攻 并在上半场补时阶段扳平比分"),
        ("وقال المدرب في المؤتمر الصحفي عقب المباراة، إن المهمة لم تكون سهلة هنا وإن اللاعبين أظهروا شخصية قوية.",
         "وقال المدرب في المؤتمر الصحفي عقب المباراة, إن المهمة لم تكون سهلة هنا وإن اللاعبين أظهروا شخصية قوية"),
        ("İSTANBUL'da 12 mahallede su kesintisi yaşanacak; İSKİ, çalışmaların akşam saatlerinde biteceğini söyledi.",
         "i̇stanbul da 12 mahallede su kesintisi yaşanacak, i̇ski̇ çalışmaların akşam saatlerinde biteceğini söyledi"),
    ], ids=["cyrillic", "greek", "chinese", "arabic", "turkish"])
    def test_copy_in_another_script_differing_in_case_and_punctuation_dropped(self, para: str, copy: str) -> None:
        # Lines with few ASCII letters share their ASCII signature; what tells them apart must not
        # tell apart copies whose paragraph keys are equal.
        s = engine({"kind": "duplicate"})
        other = para[len(para) // 2:] + para[:len(para) // 2]  # same letters, another paragraph
        text = f"{para}\n\n{other}\n\n{copy}"
        assert clean(s, text) == f"{para}\n\n{other}"

    def test_copy_with_control_characters_at_its_edges_dropped(self) -> None:
        # str.strip removes \x1c-\x1f, which the paragraph key keeps: lines are compared stripped
        s = engine({"kind": "duplicate"})
        para = "Организаторы сообщили, что парад фонарей готовили три месяца; в нём участвовали школы всех районов."
        assert clean(s, f"{para}\n\n\x1c{para}\x1f") == para

    def test_short_repeated_lines_stay(self) -> None:
        s = engine({"kind": "duplicate"})
        song = "Oh, my darling\nOh, my darling\nClementine."
        assert clean(s, song) == song


class TestTailBlock:
    HEADER: ClassVar[dict[str, object]] = {"kind": "tail_block", "header": ["^(?:Related|More from \\w+):?$"]}

    def test_header_and_items_dropped(self) -> None:
        s = engine(self.HEADER)
        text = "Body sentence one.\n\nRelated:\n\nFirst other headline here\nSecond other headline\nThird headline too"
        assert clean(s, text) == "Body sentence one."

    def test_needs_header(self) -> None:
        s = engine(self.HEADER)
        text = "Body sentence one.\n\nFirst other headline here\nSecond other headline"
        assert clean(s, text) == text

    def test_block_must_be_trailing(self) -> None:
        s = engine(self.HEADER)
        text = "Related:\n\nFirst headline here\nSecond headline here\n\nA long paragraph of real content follows, with several clauses, and it ends the article properly, as articles do."
        assert clean(s, text) == text

    def test_quoted_sentence_is_not_an_item(self) -> None:
        s = engine(self.HEADER)
        text = "Body.\n\nRelated:\n\nQ: Will you run again?\nA: \"Never again, I promise you.\""
        assert clean(s, text) == text

    def test_truncated_teaser_is_an_item(self) -> None:
        s = engine(self.HEADER)
        text = "Body sentence one.\n\nRelated:\n\nMarkets rally as the central bank holds...\nOil slips for a third day…"
        assert clean(s, text) == "Body sentence one."

    def test_japanese_items_count_words(self) -> None:
        s = engine({"kind": "tail_block", "header": ["^関連記事$"]})
        text = "本文の最後の文です。\n\n関連記事\n\n冷蔵庫の電気代はどれだけ違う？\n中国家電メーカー、日本市場で攻勢"
        assert clean(s, text) == "本文の最後の文です。"

    def test_inline_block_between_paragraphs(self) -> None:
        s = engine({**self.HEADER, "trailing": False})
        text = "Body one.\n\nRelated:\nFirst other headline here\nSecond other headline\n\nThe story goes on here, as it should."
        assert clean(s, text) == "Body one.\n\nThe story goes on here, as it should."

    def test_inline_block_longer_than_max_items_is_a_list(self) -> None:
        s = engine({**self.HEADER, "trailing": False, "max_items": 2})
        text = "Body one.\n\nRelated:\nOne two three\nFour five six\nSeven eight nine\n\nThe story goes on."
        assert clean(s, text) == text

    def test_inline_block_stops_before_wrapped_paragraph(self) -> None:
        s = engine({**self.HEADER, "trailing": False})
        text = ("Body one.\n\nRelated:\nFirst other headline here\nSecond other headline\n\n"
                "It did not reveal the crash location and said it was withholding the names of\n"
                "Those killed until next of kin could be told.")
        assert clean(s, text) == "Body one.\n\n" + text.split("\n\n", 2)[2]

    def test_inline_needs_header(self) -> None:
        with pytest.raises(ValueError):
            engine({"kind": "tail_block", "trailing": False})

    def test_headerless_mode(self) -> None:
        s = engine({"kind": "tail_block", "min_items": 3})
        text = "A long paragraph of real content that ends with a period and has many words in it, more than twenty surely.\n\nOne two three\nFour five six\nSeven eight nine"
        assert clean(s, text).startswith("A long paragraph") and "Seven" not in clean(s, text)


def test_word_count_and_width_skip_the_cjk_scan_only_where_no_han_or_kana_can_be() -> None:
    """Texts without a character from U+2E80 up are counted without the Han/kana scan: no such
    character lies below it, and the counts agree with the scan's on every script."""
    from scrubber.kinds import base

    assert not any(base._CJK.match(chr(c)) for c in range(0x2E80))
    texts = ["Plain ASCII words here.", "Ось як цей рецепт виглядає.", "Straße und Café", "記者：3年ぶりの新作です。",
             "Mixed 日本 text", "한국어 문장입니다", ""]
    for text in texts:
        cjk = len(base._CJK.findall(text))
        rest = base._CJK_PUNCT.sub(" ", base._CJK.sub(" ", text))
        assert base.word_count(text) == (len(rest.split()) + (cjk + 1) // 2 if cjk else len(text.split()))
        assert base.text_width(text) == len(text) + cjk
