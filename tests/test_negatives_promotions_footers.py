"""Content that looks like a promotion or a footer: the promotions and footers packs leave it alone.

Each case is a small article in one language with the trap in it: stories about newsletters,
subscriptions, advertising, affiliate marketing and social networks; recipes with cooking times
next to a reading-time lookalike; sports results; agency datelines and prose about agencies;
interview questions; a quote that contains "©" or "All rights reserved"; topic lists in prose.
"""

from __future__ import annotations

import pytest

from scrubber import Scrubber

FAMILIES = [
    "newsletter", "social", "paywall", "advertising", "affiliate",
    "rss-footer", "reading-time", "tags", "comments", "agency-credit", "copyright",
]

CASES = {
    "newsletter-story-de": (
        "Newsletter-Boom: Warum Redaktionen jetzt auf E-Mails setzen\n\n"
        "Über den monatlichen Newsletter der Schule erfahren die Eltern, welche Programme genutzt werden.\n\n"
        "Jetzt hat auch die Stadt einen eigenen Newsletter, der jeden Freitag verschickt wird."
    ),
    "newsletter-story-en": (
        "Parents can sign up for the school newsletter at the front desk, the head teacher said.\n\n"
        "Want to start a newsletter? Substack says more than 35 million people now pay for one.\n\n"
        "The company's newsletter, which goes to 40,000 subscribers, announced the layoffs on Friday."
    ),
    "newsletter-story-sv": "Få läser nyhetsbrev i dag, visar undersökningen.\n\nPrenumerationerna sjönk med tio procent.",
    "newsletter-story-id": "Daftar newsletter terbaik tahun ini dirilis oleh asosiasi penerbit.\n\nBanyak pembaca berlangganan lebih dari satu.",
    "paywall-story-fr": (
        "Le Monde a annoncé que ses articles seraient réservés aux abonnés à partir de janvier.\n\n"
        "Il vous reste deux jours pour voter, rappelle la mairie dans un communiqué diffusé lundi soir."
    ),
    "paywall-story-en": (
        "Since 2010 the paper's articles have been reserved for subscribers, and revenue has doubled.\n\n"
        "Premium content will be available to subscribers, who can log in from next week, the publisher said.\n\n"
        "The subscription costs £11.99 a month, the company said."
    ),
    "advertising-story": (
        "Die Anzeige wurde am Montag bei der Polizei erstattet.\n\n"
        "Werbung im Fernsehen: Neue Regeln ab Januar\n\n"
        "La publicité à la télévision recule depuis dix ans.\n\n"
        "Реклама на улицах Москвы будет запрещена с января.\n\n"
        "広告業界は昨年、過去最高の売り上げを記録した。\n\n"
        "Ad blockers now run on a third of German laptops, the industry association said."
    ),
    "affiliate-story": (
        "Many influencers use affiliate links to earn money from their followers, the study found.\n\n"
        "The retailer may receive a commission from the manufacturer, analysts said.\n\n"
        "\"We receive a commission of five percent on every purchase,\" the founder said, \"and that is fair.\""
    ),
    "social-story": (
        "Following the ban, Facebook and Instagram removed thousands of accounts.\n\n"
        "Das Unternehmen teilte auf Facebook mit, dass die Filiale schließt.\n\n"
        "Sigue la polémica en Twitter tras las declaraciones del ministro.\n\n"
        "公式Xアカウントで、チームは監督の退任を発表した。\n\n"
        "Teile der Innenstadt bleiben gesperrt, teilte die Polizei auf Twitter mit.\n\n"
        "Share prices of Facebook fell 3% after the report."
    ),
    "rss-lookalike": (
        "The post office appeared first on the list of closures, officials said.\n\n"
        "Originally published in 1987, the novel sold more than a million copies."
    ),
    "recipes": (
        "Svíčková na smetaně\n\nDoba přípravy: 40 minut\n\nDoba pečení: 2 hodiny\n\nPorce: 6\n\n"
        "Zubereitungszeit: 20 Minuten\n\nTemps de cuisson : 30 min\n\nTempo de preparo: 20 minutos\n\n"
        "Tillagningstid: 30 minuter\n\n調理時間：20分"
    ),
    "reading-prose": (
        "Reading time for pupils rose to 25 minutes a day, the survey found.\n\n"
        "Die Lesezeit der Kinder sinkt seit Jahren, sagt die Stiftung.\n\n"
        "Lectura: el 40% de los alumnos no entiende lo que lee"
    ),
    "sports-results": (
        "Hillsborough Rangers 3-1 Darnall Athletic\n\n"
        "1. Hillsborough Rangers — P18 W14 D2 L2 — 44 pts\n\n"
        "Lazio – Roma 2:1 (1:0)\n\n90 min\n\nFenerbahçe 2-2 Galatasaray"
    ),
    "datelines": (
        "BERLIN (dpa) – Die Bundesregierung hat am Montag neue Regeln beschlossen.\n\n"
        "SHEFFIELD, England (AP) — Every Sunday morning for four decades, he walked the touchlines.\n\n"
        "ANKARA (AA) - Türkiye'nin ihracatı ekimde yüzde 13 arttı.\n\n"
        "(서울=연합뉴스) 김서연 기자 = 정부가 전세사기 대책을 발표했다.\n\n"
        "Das meldete die Deutsche Presse-Agentur (dpa) am Abend."
    ),
    "agency-prose": (
        "Reuters reported the deal on Tuesday.\n\n"
        "Con EFE y Reuters como principales clientes, la agencia creció un 20 %.\n\n"
        "Getty Images, the world's largest photo agency, sued the startup for copyright infringement.\n\n"
        "AP Photo/Evan Vucci"
    ),
    "interviews": (
        "Frage: Herr Marquardt, haben Sie Angst, dass Sie bald überflüssig werden?\n\n"
        "Antwort: Angst nicht. Aber ich merke, dass Redaktionen kaum noch Geld ausgeben.\n\n"
        "記者：3年ぶりの新作です。構想はいつ頃から？\n\n"
        "Reporter: Tell me about the book\n\n"
        "Redaktor naczelny Jan Kowalski powiedział, że gazeta zmieni format."
    ),
    "copyright-prose": (
        "Copyright law in the EU was reformed in 2019, and publishers welcomed it.\n\n"
        "In einem Verfahren stritten die Parteien darüber, ob der Vermerk „© Jens Marquardt / Agentur Nordlicht“ "
        "entfernt werden durfte.\n\n"
        "Die Formel „Alle Rechte vorbehalten“ hat rechtlich kaum Bedeutung, sagt der Anwalt.\n\n"
        "(c) the third option, which the committee rejected."
    ),
    "comments-prose": (
        "Kommentar\n\n"
        "Comments from the minister angered the opposition.\n\n"
        "3 Kommentare zur Lage der Nation: ein Überblick über die Reaktionen\n\n"
        "Comments are moderated by a team of 40 people in Dublin, the company said.\n\n"
        "Readers reacted angrily in the comments, and the paper apologised on Monday.\n\n"
        "12 thoughts on leadership from the outgoing chief executive"
    ),
    "topic-lists-in-prose": (
        "Themen: Rente, Pflege und Migration. Darüber stritten die Kandidaten zwei Stunden lang im Studio.\n\n"
        "Tags: the game's new feature lets players mark each other. It launched on Monday.\n\n"
        "Keywords matter less than they used to, the agency said.\n\n"
        "#1 and #2 finished level on points."
    ),
    "credits-in-prose": (
        "Many factors contributed to this report's conclusions, the authors wrote.\n\n"
        "Edited by hand, the film took three years to finish, and critics loved it.\n\n"
        "Editor's note: This story has been updated."
    ),
}


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber(select=FAMILIES, profile="aggressive")


@pytest.mark.parametrize("name", sorted(CASES))
def test_content_stays(scrubber: Scrubber, name: str) -> None:
    text = CASES[name]
    result = scrubber.scrub(text)
    assert [(f.code, f.text) for f in result.findings] == []
    assert result.text == text


def test_selection_covers_the_families(scrubber: Scrubber) -> None:
    """The fixture selects every rule of the two packs (a renamed category would empty the test)."""
    categories = {r.category for r in scrubber.active}
    assert categories == set(FAMILIES)
