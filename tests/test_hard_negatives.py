"""Texts that look like artifacts but are content: the bundled rules must leave them untouched.

Each case is a small article in one language with the trap in it: prose about picture agencies,
an article about chatbots that quotes their phrases, ordinary sentences with a READ verb,
capitalised slogans, headlines and datelines, interview questions and answers, results tables,
recipes, songs with refrains, legitimately repeated sentences, entities that carry meaning.
"""

from __future__ import annotations

import pytest

from scrubber import Scrubber

CASES = {
    "agency-prose-en": "Getty Images reported record revenue, the company said.\n\nReuters and AFP both reported the blast.\n\nThe agency AP was founded in 1846.",
    "agency-prose-ru": "РИА Новости сообщило об этом со ссылкой на источник.\n\nТАСС не комментирует.\n\nАгентство работает с 1904 года.",
    "agency-prose-ja": "共同通信によると、首相は来週訪米する。\n\nロイターは関係者の話として伝えた。",
    "chatbot-quotes-en": (
        "\"As an AI language model\": the phrase catching out cheats\n\n"
        "One essay opened with the line: \"Sure! Here is the rewritten essay:\". Another ended with \"I hope this helps!\".\n\n"
        "The most common giveaway is \"As an AI language model, I cannot provide personal opinions\", staff say."
    ),
    "chatbot-quotes-de": (
        "Als KI-Sprachmodell: Was der Satz in Hausaufgaben verrät\n\n"
        "In einem Aufsatz stand der Satz: „Als KI-Sprachmodell habe ich keine eigene Meinung.“\n\n"
        "„Ich hoffe, das hilft“, schrieb der Schüler darunter, sagte die Lehrerin."
    ),
    "chatbot-quotes-es": (
        "La policía alerta de estafas escritas con chatbots.\n\n"
        "Un correo terminaba con la frase: «Como modelo de lenguaje de IA, no puedo garantizar la exactitud».\n\n"
        "«Espero que esto le ayude», decía otro mensaje, según los agentes."
    ),
    "prompt-quoted": (
        "Researchers told the chatbot: \"Do not apologize. Do not refer to yourself.\" The answers changed.\n\n"
        "Die Lehrerin sagte: Befolgen Sie diese Regeln, dann passiert nichts."
    ),
    "read-verbs": (
        "Lesen Sie den Bericht, sagt sie, und Sie werden verstehen.\n\nRead the full judgment before drawing conclusions.\n\n"
        "Leer es un placer que muchos jóvenes redescubren.\n\nLire, c'est voyager, répète l'écrivain.\n\n"
        "Læs teksten langsomt, siger hun.\n\nЧитать игру Белов научился ещё в академии."
    ),
    "caps-slogans": (
        "ЧИТАЙТЕ ВСЛУХ — этот призыв встречал гостей фестиваля.\n\nREAD ALL ABOUT IT\n\nLESEN. LERNEN. LEBEN.\n\n"
        "It asks one question, printed in capitals: READ THIS BEFORE YOU SUBMIT."
    ),
    "headlines-datelines": (
        "Flut in Valencia: Was wir wissen\n\nVALENCIA (dpa) - Die Lage bleibt angespannt.\n\n"
        "More news\n\nThe mayor also announced a new bus line, which opens in May.\n\nLONDON, 4 March (Reuters) - Shares rose."
    ),
    "interview-qa-en": (
        "Q: Are detection tools the answer?\n\nA: No. The detectors produce too many false positives.\n\n"
        "Q: So what does work?\n\nA: No.\n\nQ: Really?\n\nA: No."
    ),
    "interview-qa-da": (
        "Hvorfor valgte I chatbotten?\n\n– Vi får over tusind henvendelser om dagen.\n\n"
        "Hvad gik galt?\n\n– Jeg håber, det hjælper andre kommuner, at vi fortæller det."
    ),
    "results-table": (
        "Results of the day:\n\nLeeds United 2 Hull City 1\nStoke City 0 Derby County 0\nLeeds United 2 Hull City 1\n\n"
        "Resultados: Real Madrid 2-1 Betis | Sevilla 0-0 Valencia"
    ),
    "recipe": (
        "Zutaten: 500 g Mehl, 250 ml Milch, 1 Ei.\n\nDen Teig gut verrühren und 10 Minuten ruhen lassen.\n\n"
        "Den Teig gut verrühren und 10 Minuten ruhen lassen.\n\nBei 180 Grad 20 Minuten backen."
    ),
    "song-refrain": (
        "Havet tager, havet giver,\nbølgen kommer, bølgen går.\nHavet tager, havet giver,\nog jeg venter her i år.\n\n"
        "We shall overcome, we shall overcome, we shall overcome some day\n\n"
        "We shall overcome, we shall overcome, we shall overcome some day"
    ),
    "repeated-short-sentence": "The vote was tied.\n\nThen a recount.\n\nThe vote was tied.\n\nNobody moved.",
    "entities-with-meaning": "AT&amp;T reported higher revenue.\n\nTom &amp; Jerry returns.\n\nThe trail is 10&nbsp;km long.",
    "brackets-and-braces": "He called it \"wrong [sic] and misleading\" [1].\n\nThe set {1, 2, 3} has three elements.\n\nSupport rose from 40% to 45%.",
    "html-talk": "Use the <br> tag sparingly, the style guide says.\n\nIn HTML a paragraph is written `<p>`.",
    "photo-prose": (
        "Foto: ein Wort, das der Fotograf nicht mag, wie er sagt.\n\nImage copyright law changes in May\n\n"
        "Legenda do futebol brasileiro morre aos 80 anos"
    ),
    "moment-prose": (
        "Moments later, the crowd surged forward. Police said nobody was hurt.\n\n"
        "The moment when the verdict was read, the courtroom fell silent.\n\n優勝が決まった瞬間"
    ),
    "here-is-prose": "Here is the full text of the statement:\n\nHere are the winners of this year's awards:\n\nVoici la liste des communes concernées :",
    "note-prose": "Editor's note: This article was updated to correct the date of the vote.\n\nNote: the figures for 2023 are provisional.",
    "korean-read": "함께 읽기 좋은 책을 고르는 방법은 간단하다.\n\n関連記事によると、工場は来年稼働する。",
    "related-header-with-paragraphs": (
        "The plan was approved.\n\nRelated\n\nThe mayor also announced a new bus line, which will open in May.\n"
        "She said the budget allows for two more."
    ),
    "copyright-quoted-ja": (
        "配信記事には「© 共同通信 無断転載禁止」と記されていたが、実際には別の社の写真だった。\n\n"
        "写真の右下に © 共同通信 無断転載禁止と明記されていた。"
    ),
    "ai-job-head-en": "As an AI researcher, she has spent a decade studying language models.\n\nThe lab opened in 2019.",
    "paywall-words-prose": (
        "A teljes cikk szerint a kormány jövőre emeli a nyugdíjakat, írja a lap.\n\n"
        "Tilaajana hän on seurannut lehteä jo 40 vuotta, kertoo Matti Virtanen."
    ),
    "prompt-quoted-report": "\"Follow these rules: don't echo me back. Don't echo the sent text,\" the leaked prompt read, researchers said.",
    "braces-and-brackets": "The set {1, 2, 3} has three elements.\n\nThe clause [inserted in 2019] was later removed.",

}


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber()


@pytest.mark.parametrize("name", sorted(CASES))
def test_content_survives(scrubber: Scrubber, name: str) -> None:
    text = CASES[name]
    result = scrubber.scrub(text)
    removed = [(f.code, f.text) for f in result.findings if f.fixable]
    assert result.text == text and removed == [], removed


@pytest.mark.parametrize("body", [
    "The minister resigned on Monday, her spokesman said.",
    "„Wir bleiben hier“, sagt die Bürgermeisterin.",
    "He has consistently denied being unfair to her.",
])
def test_body_sentence_before_a_credit_survives(scrubber: Scrubber, body: str) -> None:
    text = f"Intro paragraph of the article, long enough to be content.\n\n{body}\n\nReuters\n\nThe text goes on here."
    cleaned = scrubber.scrub(text).text
    assert body in cleaned and "\nReuters" not in cleaned


def test_body_sentence_before_bbc_credit_and_caption_survives(scrubber: Scrubber) -> None:
    text = ("Braun has worked with many stars.\n\nHe has consistently denied being unfair to her.\n\n"
            "Image copyright Getty Images\n\nImage caption Scooter Braun has managed Justin Bieber\n\nThen she posted again.")
    cleaned = scrubber.scrub(text).text
    assert cleaned == "Braun has worked with many stars.\n\nHe has consistently denied being unfair to her.\n\nThen she posted again."
