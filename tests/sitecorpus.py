"""A deterministic multi-site news corpus with labelled lines, for `scrubber learn`.

Each site has its own standing boilerplate (newsletter, paywall, footer, share, follow, app and
advert lines, in the site's language, with the site's name), each line in its own share of the
site's documents. Beside it, content: paragraphs built from a vocabulary, wire stories that
several sites of a language publish word for word, and content that recurs within a site
without being boilerplate: a dateline whose day changes, a quotation repeated across a story
series, and one article scraped several times (under several urls).

Every non-blank line carries a label: "b" (boilerplate, should go) or "c" (content, must stay);
`Doc.labels` lists them in the order of the text's non-blank lines.
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

# Per language: boilerplate phrasings by kind ({name}: the site, {year}: a year), content
# vocabulary (subject, verb, object, tail; {n}: a number), a sentence pattern, dateline parts,
# quotation marks, quotations and who says them.
LANGS: dict[str, dict[str, object]] = {
    "en": {
        "newsletter": ["Sign up for the {name} newsletter", "Get the {name} Morning Briefing in your inbox every day",
                       "Never miss a story: subscribe to {name} Daily"],
        "paywall": ["This article is for {name} subscribers only. Subscribe now for unlimited access.",
                    "You have reached your free article limit. Support {name} from $1 a week."],
        "footer": ["© {year} {name}. All rights reserved.", "Copyright {year} {name} Media Group"],
        "share": ["Share this article: Facebook | X | WhatsApp | Email", "Share on Facebook · Share on X · Copy link"],
        "follow": ["Follow {name} on Instagram, TikTok and YouTube", "Follow us on Facebook and X for more from {name}"],
        "ad": ["Advertisement", "ADVERTISEMENT - scroll to continue reading"],
        "app": ["Download the {name} app for breaking news alerts", "Get the {name} app on iOS and Android"],
        "disclaimer": ["This story was produced with support from the Civic Journalism Fund, which had no influence on the reporting, editing or publication decisions of the {name} newsroom."],
        "s": ["The city council", "The health ministry", "Local residents", "The regional government", "Researchers at the university",
              "The transport authority", "Union leaders", "The company's board", "Farmers in the valley", "The opposition party",
              "Emergency services", "The central bank"],
        "v": ["approved", "rejected", "postponed", "announced", "criticised", "welcomed", "questioned", "extended",
              "presented", "defended", "challenged", "reviewed"],
        "o": ["a plan to expand the tram network", "the new housing budget", "stricter rules for river fishing",
              "a proposal to close two schools", "the contract for the harbour bridge", "higher fees for parking",
              "a scheme to subsidise heat pumps", "the report on water quality", "cuts to the night bus service",
              "a pilot project for school meals", "the merger of two hospitals", "a ban on fireworks"],
        "t": ["on Tuesday after a long debate", "despite protests outside the building", "after {n} residents signed a petition",
              "in a vote of {n} to {m}", "following weeks of negotiations", "at a cost of {n} million euros",
              "without giving a reason", "ahead of the summer holidays", "after an inspection found {n} defects",
              "for the first time since {y}", "in a statement late on Friday", "with support from {n} local groups"],
        "pattern": "{s} {v} {o} {t}.",
        "cities": ["LONDON", "MANCHESTER", "LEEDS", "BRISTOL", "DUBLIN", "EDINBURGH"],
        "month": "March", "agencies": ["Reuters", "AP", "PA"],
        "dateline": "{city}, {month} {day}, {year} ({agency})",
        "quote": "“{q},” said {who}.",
        "quotes": ["We will rebuild every house that the flood destroyed", "Nobody in this town will be left behind",
                   "The numbers simply do not add up for families"],
        "who": ["the mayor", "the minister", "a spokeswoman for the council"],
    },
    "de": {
        "newsletter": ["Jetzt den {name}-Newsletter abonnieren", "Der {name} Morgenbrief: jeden Tag in Ihrem Postfach",
                       "Keine Nachricht verpassen: Abonnieren Sie {name} kompakt"],
        "paywall": ["Dieser Artikel ist exklusiv für {name}-Abonnenten. Jetzt vier Wochen gratis testen.",
                    "Weiterlesen mit {name}+: Alle Artikel für 1 € im ersten Monat."],
        "footer": ["© {year} {name} GmbH. Alle Rechte vorbehalten.", "Copyright {year} {name} Mediengruppe"],
        "share": ["Artikel teilen: Facebook | X | WhatsApp | E-Mail", "Auf Facebook teilen · Auf X teilen · Link kopieren"],
        "follow": ["Folgen Sie {name} auf Instagram und TikTok", "Mehr von {name} auf Facebook und X"],
        "ad": ["Anzeige", "WERBUNG – weiter unten geht es weiter"],
        "app": ["Laden Sie die {name}-App für Eilmeldungen herunter", "Die {name}-App für iOS und Android"],
        "disclaimer": ["Diese Recherche wurde vom Fonds für Lokaljournalismus gefördert, der keinen Einfluss auf die Berichterstattung, die Redaktion oder die Veröffentlichung durch {name} hatte."],
        "s": ["Der Stadtrat", "Das Gesundheitsministerium", "Die Anwohner", "Die Landesregierung", "Forscher der Universität",
              "Die Verkehrsbetriebe", "Die Gewerkschaft", "Der Vorstand des Unternehmens", "Die Landwirte im Tal",
              "Die Opposition", "Die Feuerwehr", "Die Bundesbank"],
        "v": ["billigte", "lehnte", "verschob", "verkündete", "kritisierte", "begrüßte", "hinterfragte", "verlängerte",
              "präsentierte", "verteidigte", "prüfte", "bestätigte"],
        "o": ["den Ausbau des Straßenbahnnetzes", "den neuen Wohnungsetat", "strengere Regeln für das Angeln",
              "die Schließung zweier Schulen", "den Vertrag für die Hafenbrücke", "höhere Parkgebühren",
              "die Förderung von Wärmepumpen", "den Bericht zur Wasserqualität", "Kürzungen im Nachtbusverkehr",
              "ein Pilotprojekt für Schulessen", "die Fusion zweier Kliniken", "ein Feuerwerksverbot"],
        "t": ["am Dienstag nach langer Debatte", "trotz Protesten vor dem Rathaus", "nachdem {n} Bürger eine Petition unterschrieben hatten",
              "mit {n} zu {m} Stimmen", "nach wochenlangen Verhandlungen", "zu Kosten von {n} Millionen Euro",
              "ohne eine Begründung zu nennen", "noch vor den Sommerferien", "nachdem Prüfer {n} Mängel gefunden hatten",
              "zum ersten Mal seit {y}", "in einer Erklärung am Freitagabend", "mit Unterstützung von {n} Vereinen"],
        "pattern": "{s} {v} {o} {t}.",
        "cities": ["BERLIN", "HAMBURG", "MÜNCHEN", "KÖLN", "LEIPZIG", "WIEN"],
        "month": "März", "agencies": ["dpa", "AFP", "epd"],
        "dateline": "{city}, {day}. {month} {year} ({agency})",
        "quote": "„{q}“, sagte {who}.",
        "quotes": ["Wir werden jedes Haus wieder aufbauen, das die Flut zerstört hat", "Niemand in dieser Stadt wird zurückgelassen",
                   "Die Rechnung geht für Familien einfach nicht auf"],
        "who": ["der Bürgermeister", "die Ministerin", "ein Sprecher der Stadt"],
    },
    "fr": {
        "newsletter": ["Inscrivez-vous à la newsletter de {name}", "Recevez chaque matin Le Brief de {name}",
                       "Ne manquez rien : abonnez-vous à {name} Quotidien"],
        "paywall": ["Cet article est réservé aux abonnés de {name}. Abonnez-vous dès 1 € le premier mois.",
                    "Vous avez atteint la limite d'articles gratuits. Soutenez {name}."],
        "footer": ["© {year} {name}. Tous droits réservés.", "Copyright {year} Groupe {name}"],
        "share": ["Partager cet article : Facebook | X | WhatsApp | E-mail", "Partager sur Facebook · Partager sur X"],
        "follow": ["Suivez {name} sur Instagram et TikTok", "Retrouvez {name} sur Facebook et X"],
        "ad": ["Publicité", "PUBLICITÉ – la suite de l'article ci-dessous"],
        "app": ["Téléchargez l'application {name} pour recevoir nos alertes", "L'appli {name} sur iOS et Android"],
        "s": ["Le conseil municipal", "Le ministère de la Santé", "Les riverains", "La région", "Des chercheurs de l'université",
              "La régie des transports", "Les syndicats", "Le conseil d'administration", "Les agriculteurs de la vallée",
              "L'opposition", "Les pompiers", "La banque centrale"],
        "v": ["a approuvé", "a rejeté", "a reporté", "a annoncé", "a critiqué", "a salué", "a contesté", "a prolongé",
              "a présenté", "a défendu", "a examiné", "a confirmé"],
        "o": ["l'extension du réseau de tramway", "le nouveau budget du logement", "des règles plus strictes pour la pêche",
              "la fermeture de deux écoles", "le contrat du pont du port", "la hausse des tarifs de stationnement",
              "les aides aux pompes à chaleur", "le rapport sur la qualité de l'eau", "la réduction des bus de nuit",
              "un projet pilote de cantine", "la fusion de deux hôpitaux", "l'interdiction des feux d'artifice"],
        "t": ["mardi après un long débat", "malgré des manifestations devant la mairie", "après une pétition signée par {n} habitants",
              "par {n} voix contre {m}", "après des semaines de négociations", "pour un coût de {n} millions d'euros",
              "sans donner de raison", "avant les vacances d'été", "après une inspection qui a relevé {n} défauts",
              "pour la première fois depuis {y}", "dans un communiqué vendredi soir", "avec le soutien de {n} associations"],
        "pattern": "{s} {v} {o} {t}.",
        "cities": ["PARIS", "LYON", "MARSEILLE", "LILLE", "BORDEAUX", "GENÈVE"],
        "month": "mars", "agencies": ["AFP", "Reuters"],
        "dateline": "{city}, {day} {month} {year} ({agency})",
        "quote": "« {q} », a déclaré {who}.",
        "quotes": ["Nous reconstruirons chaque maison détruite par la crue", "Personne dans cette ville ne sera laissé de côté",
                   "Le compte n'y est tout simplement pas pour les familles"],
        "who": ["le maire", "la ministre", "une porte-parole de la ville"],
    },
    "es": {
        "newsletter": ["Suscríbete al boletín de {name}", "Recibe cada mañana El Resumen de {name} en tu correo",
                       "No te pierdas nada: suscríbete a {name} Diario"],
        "paywall": ["Este artículo es exclusivo para suscriptores de {name}. Suscríbete por 1 € el primer mes.",
                    "Has alcanzado el límite de artículos gratuitos. Apoya a {name}."],
        "footer": ["© {year} {name}. Todos los derechos reservados.", "Copyright {year} Grupo {name}"],
        "share": ["Comparte este artículo: Facebook | X | WhatsApp | Correo", "Compartir en Facebook · Compartir en X"],
        "follow": ["Sigue a {name} en Instagram y TikTok", "Síguenos en Facebook y X para más noticias de {name}"],
        "ad": ["Publicidad", "PUBLICIDAD – sigue leyendo más abajo"],
        "app": ["Descarga la app de {name} para recibir alertas", "La app de {name} para iOS y Android"],
        "s": ["El ayuntamiento", "El Ministerio de Sanidad", "Los vecinos", "El gobierno regional", "Investigadores de la universidad",
              "La empresa de transportes", "Los sindicatos", "El consejo de la empresa", "Los agricultores del valle",
              "La oposición", "Los bomberos", "El banco central"],
        "v": ["aprobó", "rechazó", "aplazó", "anunció", "criticó", "celebró", "cuestionó", "prorrogó",
              "presentó", "defendió", "revisó", "confirmó"],
        "o": ["la ampliación de la red de tranvía", "el nuevo presupuesto de vivienda", "normas más estrictas para la pesca",
              "el cierre de dos colegios", "el contrato del puente del puerto", "la subida de las tarifas de aparcamiento",
              "las ayudas a las bombas de calor", "el informe sobre la calidad del agua", "recortes en los autobuses nocturnos",
              "un proyecto piloto de comedores", "la fusión de dos hospitales", "la prohibición de los petardos"],
        "t": ["el martes tras un largo debate", "pese a las protestas ante el edificio", "después de que {n} vecinos firmaran una petición",
              "por {n} votos contra {m}", "tras semanas de negociaciones", "con un coste de {n} millones de euros",
              "sin dar explicaciones", "antes de las vacaciones de verano", "después de que una inspección hallara {n} defectos",
              "por primera vez desde {y}", "en un comunicado el viernes por la noche", "con el apoyo de {n} asociaciones"],
        "pattern": "{s} {v} {o} {t}.",
        "cities": ["MADRID", "BARCELONA", "VALENCIA", "SEVILLA", "BILBAO", "MÁLAGA"],
        "month": "marzo", "agencies": ["EFE", "Europa Press"],
        "dateline": "{city}, {day} de {month} de {year} ({agency})",
        "quote": "«{q}», dijo {who}.",
        "quotes": ["Vamos a reconstruir cada casa que destruyó la riada", "Nadie en este pueblo se quedará atrás",
                   "Las cuentas no salen para las familias"],
        "who": ["el alcalde", "la ministra", "una portavoz del ayuntamiento"],
    },
    "pl": {
        "newsletter": ["Zapisz się do newslettera {name}", "Poranny przegląd {name} codziennie w Twojej skrzynce"],
        "paywall": ["Ten artykuł jest dostępny tylko dla subskrybentów {name}. Wykup dostęp za 1 zł.",
                    "Wykorzystałeś limit darmowych artykułów. Wesprzyj {name}."],
        "footer": ["© {year} {name}. Wszelkie prawa zastrzeżone.", "Copyright {year} Grupa {name}"],
        "share": ["Udostępnij: Facebook | X | WhatsApp | E-mail", "Udostępnij na Facebooku · Udostępnij na X"],
        "follow": ["Obserwuj {name} na Instagramie i TikToku", "Więcej od {name} na Facebooku i X"],
        "ad": ["Reklama", "REKLAMA – dalsza część artykułu poniżej"],
        "app": ["Pobierz aplikację {name}, aby otrzymywać alerty", "Aplikacja {name} na iOS i Androida"],
        "s": ["Rada miasta", "Ministerstwo Zdrowia", "Mieszkańcy", "Samorząd województwa", "Naukowcy z uniwersytetu",
              "Zarząd transportu", "Związkowcy", "Zarząd spółki", "Rolnicy z doliny", "Opozycja", "Strażacy", "Bank centralny"],
        "v": ["zatwierdził", "odrzucił", "przełożył", "ogłosił", "skrytykował", "poparł", "zakwestionował", "przedłużył",
              "przedstawił", "bronił", "przeanalizował", "potwierdził"],
        "o": ["rozbudowę sieci tramwajowej", "nowy budżet mieszkaniowy", "ostrzejsze zasady wędkowania",
              "zamknięcie dwóch szkół", "umowę na most portowy", "wyższe opłaty za parkowanie",
              "dopłaty do pomp ciepła", "raport o jakości wody", "cięcia w nocnej komunikacji",
              "pilotażowy program obiadów", "połączenie dwóch szpitali", "zakaz fajerwerków"],
        "t": ["we wtorek po długiej debacie", "mimo protestów przed budynkiem", "po tym, jak {n} mieszkańców podpisało petycję",
              "stosunkiem głosów {n} do {m}", "po tygodniach negocjacji", "kosztem {n} milionów złotych",
              "bez podania przyczyny", "jeszcze przed wakacjami", "po kontroli, która wykazała {n} usterek",
              "po raz pierwszy od {y} roku", "w piątkowym komunikacie", "przy wsparciu {n} organizacji"],
        "pattern": "{s} {v} {o} {t}.",
        "cities": ["WARSZAWA", "KRAKÓW", "GDAŃSK", "WROCŁAW", "POZNAŃ"],
        "month": "marca", "agencies": ["PAP"],
        "dateline": "{city}, {day} {month} {year} ({agency})",
        "quote": "„{q}” – powiedział {who}.",
        "quotes": ["Odbudujemy każdy dom zniszczony przez powódź", "Nikt w tym mieście nie zostanie pozostawiony sam sobie"],
        "who": ["burmistrz", "minister", "rzecznik miasta"],
    },
    "ru": {
        "newsletter": ["Подпишитесь на рассылку {name}", "Утренний выпуск {name} каждый день в вашей почте"],
        "paywall": ["Эта статья доступна только подписчикам {name}. Оформите подписку за 1 рубль.",
                    "Вы исчерпали лимит бесплатных статей. Поддержите {name}."],
        "footer": ["© {year} {name}. Все права защищены.", "Copyright {year} Медиагруппа {name}"],
        "share": ["Поделиться: ВКонтакте | Telegram | WhatsApp | Email", "Поделиться в Telegram · Скопировать ссылку"],
        "follow": ["Подписывайтесь на {name} в Telegram и ВКонтакте", "Больше новостей {name} в нашем Telegram-канале"],
        "ad": ["Реклама", "РЕКЛАМА – продолжение статьи ниже"],
        "app": ["Скачайте приложение {name}, чтобы получать уведомления", "Приложение {name} для iOS и Android"],
        "s": ["Городской совет", "Министерство здравоохранения", "Жители района", "Областное правительство",
              "Учёные университета", "Транспортное управление", "Профсоюз", "Совет директоров компании",
              "Фермеры долины", "Оппозиция", "Спасатели", "Центральный банк"],
        "v": ["одобрил", "отклонил", "отложил", "объявил", "раскритиковал", "поддержал", "оспорил", "продлил",
              "представил", "защитил", "пересмотрел", "подтвердил"],
        "o": ["план расширения трамвайной сети", "новый жилищный бюджет", "более строгие правила рыбалки",
              "закрытие двух школ", "контракт на строительство моста", "повышение платы за парковку",
              "субсидии на тепловые насосы", "доклад о качестве воды", "сокращение ночных автобусов",
              "пилотный проект школьного питания", "слияние двух больниц", "запрет фейерверков"],
        "t": ["во вторник после долгих споров", "несмотря на протесты у здания", "после того как {n} жителей подписали петицию",
              "{n} голосами против {m}", "после недель переговоров", "стоимостью {n} миллионов рублей",
              "не объяснив причин", "ещё до летних каникул", "после проверки, выявившей {n} нарушений",
              "впервые с {y} года", "в заявлении в пятницу вечером", "при поддержке {n} организаций"],
        "pattern": "{s} {v} {o} {t}.",
        "cities": ["МОСКВА", "КАЗАНЬ", "НОВОСИБИРСК", "ЕКАТЕРИНБУРГ", "САМАРА"],
        "month": "марта", "agencies": ["ТАСС", "Интерфакс"],
        "dateline": "{city}, {day} {month} {year} ({agency})",
        "quote": "«{q}», — заявил {who}.",
        "quotes": ["Мы восстановим каждый дом, разрушенный наводнением", "Никто в этом городе не останется без помощи"],
        "who": ["мэр", "министр", "представитель администрации"],
    },
    "ja": {
        "newsletter": ["{name}のニュースレターに登録する", "毎朝{name}モーニングブリーフをお届けします"],
        "paywall": ["この記事は{name}の有料会員限定です。初月無料でお試しください。",
                    "無料で読める記事の上限に達しました。{name}を購読する"],
        "footer": ["© {year} {name} 無断転載を禁じます", "Copyright {year} {name}新聞社"],
        "share": ["この記事をシェア：Facebook | X | LINE | メール", "Xでシェア・Facebookでシェア・リンクをコピー"],
        "follow": ["{name}の公式Xアカウントをフォロー", "{name}をInstagramとTikTokでフォロー"],
        "ad": ["広告", "スポンサーリンク"],
        "app": ["{name}アプリで速報を受け取る", "{name}アプリ（iOS・Android）をダウンロード"],
        "s": ["市議会", "厚生労働省", "地元住民", "県", "大学の研究チーム", "交通局", "労働組合", "会社の取締役会",
              "谷の農家", "野党", "消防", "中央銀行"],
        "v": ["承認した", "否決した", "延期した", "発表した", "批判した", "歓迎した", "疑問視した", "延長した",
              "提示した", "擁護した", "見直した", "確認した"],
        "o": ["路面電車網の拡張計画", "新しい住宅予算", "川釣りの規制強化", "小学校二校の閉鎖", "港湾橋の契約",
              "駐車料金の値上げ", "ヒートポンプへの補助", "水質に関する報告書", "夜間バスの削減", "給食の試験事業",
              "二つの病院の統合", "花火の禁止"],
        "t": ["長い議論の末に火曜日", "庁舎前での抗議にもかかわらず", "住民{n}人が請願に署名したことを受けて",
              "賛成{n}反対{m}で", "数週間の交渉を経て", "総額{n}億円で", "理由を示さずに", "夏休みを前に",
              "検査で{n}件の不備が見つかった後", "{y}年以来初めて", "金曜夜の声明で", "{n}団体の支援を受けて"],
        "pattern": "{s}は{t}、{o}を{v}。",
        "cities": ["東京", "大阪", "名古屋", "札幌", "福岡"],
        "month": "3月", "agencies": ["共同", "時事"],
        "dateline": "【{city}】{year}年{month}{day}日（{agency}）",
        "quote": "「{q}」と{who}は述べた。",
        "quotes": ["洪水で壊れた家はすべて再建する", "この町の誰一人として取り残さない"],
        "who": ["市長", "大臣", "市の広報担当者"],
    },
}

KINDS = ("newsletter", "paywall", "footer", "share", "follow", "ad", "app", "disclaimer")
# Where each kind of boilerplate sits in a document: head, tail, or inside the body.
PLACE = {"newsletter": "mid", "paywall": "head", "footer": "tail", "share": "head", "follow": "tail",
         "ad": "mid", "app": "tail", "disclaimer": "tail"}
SHARES = (1.0, 0.9, 0.75, 0.6, 0.45, 0.3)
NAMES = ["Harbour", "Valley", "Northern", "Capital", "Coast", "Lake", "River", "Hill", "Plains", "Bay", "Forest",
         "Summit", "Bridge", "Market", "Station", "Garden", "Tower", "Meadow", "Canal", "Island"]
TITLES = ["Post", "Times", "Herald", "Courier", "Journal", "Gazette", "Tribune", "Observer", "Chronicle", "Echo"]


@dataclass
class Site:
    host: str
    name: str
    lang: str
    boiler: list[tuple[str, str, float]]  # (phrasing, place, share of documents)
    cities: list[str]
    dateline: bool
    quotes: list[str]
    use_source: bool  # records carry a `source` field (else only a url)
    tight: bool  # lines separated by one line break instead of a blank line


@dataclass
class Doc:
    site: Site
    url: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # (label, text)

    @property
    def text(self) -> str:
        return ("\n" if self.site.tight else "\n\n").join(t for _, t in self.lines)

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in self.lines]

    def record(self, n: int) -> dict[str, object]:
        rec: dict[str, object] = {"id": n, "url": self.url, "text": self.text, "labels": self.labels}
        if self.site.use_source:
            rec["source"] = self.site.name
        return rec


def make_site(rnd: random.Random, n: int, lang: str) -> Site:
    vocab = LANGS[lang]
    name = f"{NAMES[n % len(NAMES)]} {TITLES[(n // len(NAMES)) % len(TITLES)]}" + (f" {n // 200}" if n >= 200 else "")
    host = name.lower().replace(" ", "") + f".{lang}.example"
    kinds = [k for k in KINDS if k in vocab]
    chosen = rnd.sample(kinds, rnd.randint(4, min(6, len(kinds))))
    boiler = []
    for kind in chosen:
        phrasing = rnd.choice(vocab[kind]).replace("{name}", name)  # type: ignore[attr-defined]
        boiler.append((phrasing, PLACE[kind], rnd.choice(SHARES)))
    cities = vocab["cities"]  # type: ignore[assignment]
    return Site(host=("www." if n % 3 == 0 else "") + host, name=name, lang=lang, boiler=boiler,
                cities=rnd.sample(cities, 2), dateline=rnd.random() < 0.6,  # type: ignore[arg-type]
                quotes=rnd.sample(vocab["quotes"], 1), use_source=n % 4 == 1, tight=n % 5 == 2)  # type: ignore[arg-type]


def sentence(rnd: random.Random, lang: str) -> str:
    v = LANGS[lang]
    pick = {k: rnd.choice(v[k]) for k in "svot"}  # type: ignore[arg-type]
    tail = pick["t"].format(n=rnd.randint(2, 950), m=rnd.randint(2, 60), y=rnd.randint(1990, 2019))
    return str(v["pattern"]).format(s=pick["s"], v=pick["v"], o=pick["o"], t=tail)


def paragraph(rnd: random.Random, lang: str) -> str:
    return ("" if lang == "ja" else " ").join(sentence(rnd, lang) for _ in range(rnd.randint(2, 4)))


class Corpus:
    """Sites and a deterministic stream of their documents."""

    def __init__(self, sites: int = 12, seed: int = 7, langs: tuple[str, ...] = tuple(LANGS), wire: int = 40) -> None:
        self.rnd = random.Random(seed)
        self.sites = [make_site(self.rnd, i, langs[i % len(langs)]) for i in range(sites)]
        self.wire: dict[str, list[list[str]]] = {
            lang: [[paragraph(self.rnd, lang) for _ in range(self.rnd.randint(3, 5))] for _ in range(wire)] for lang in langs}
        self._cum = list(itertools.accumulate(1.0 / (1 + i % 4) for i in range(sites)))

    def article(self, site: Site, n: int) -> Doc:
        rnd, v = self.rnd, LANGS[site.lang]
        doc = Doc(site, f"https://{site.host}/news/{n}-{rnd.randrange(10**6)}")
        if site.dateline:
            city = site.cities[0] if rnd.random() < 0.8 else site.cities[1]
            doc.lines.append(("c", str(v["dateline"]).format(
                city=city, day=rnd.randint(1, 31), month=v["month"], year=2024, agency=rnd.choice(v["agencies"]))))  # type: ignore[arg-type]
        wire = rnd.random() < 0.2
        body = list(rnd.choice(self.wire[site.lang])) if wire else [paragraph(rnd, site.lang) for _ in range(rnd.randint(3, 7))]
        body_lines = [("c", p) for p in body]
        if rnd.random() < 0.15:
            q = str(v["quote"]).format(q=site.quotes[0], who=v["who"][0])  # type: ignore[index]
            body_lines.insert(rnd.randint(1, len(body_lines)), ("c", q))
        head, tail = [], []
        for phrasing, place, share in site.boiler:
            if rnd.random() >= share:
                continue
            text = phrasing.replace("{year}", str(rnd.choice((2022, 2023, 2024))))
            if place == "head":
                head.append(("b", text))
            elif place == "tail":
                tail.append(("b", text))
            else:
                body_lines.insert(rnd.randint(1, len(body_lines)), ("b", text))
        doc.lines = head + doc.lines + body_lines + tail
        return doc

    def docs(self, count: int, copies: int = 6) -> Iterator[Doc]:
        """`count` documents over the sites (some sites much larger than others), plus one
        article of the first site scraped `copies` times under different urls."""
        copied: Doc | None = None
        for n in range(count):
            site = self.rnd.choices(self.sites, cum_weights=self._cum)[0]
            doc = self.article(site, n)
            if site is self.sites[0] and copied is None:
                copied = doc
            yield doc
        if copied is not None:
            for i in range(copies):
                yield Doc(copied.site, f"{copied.url}?amp={i}", list(copied.lines))


def write_jsonl(path: str, docs: Iterator[Doc]) -> int:
    """Write documents as JSON Lines; return the number written."""
    n = 0
    with open(path, "w", encoding="utf-8") as out:
        for n, doc in enumerate(docs, 1):
            out.write(json.dumps(doc.record(n), ensure_ascii=False) + "\n")
    return n


@dataclass
class Score:
    """Line-level removal scores: boilerplate removed (tp), content removed (fp), boilerplate kept (fn)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    content_removed: list[str] = field(default_factory=list)
    missed: dict[str, int] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score(scrubber: object, records: Iterator[dict[str, object]], codes: set[str] | None = None) -> Score:
    """Scrub each labelled record; count the lines removed by findings of `codes` (all when None)."""
    result = Score()
    for rec in records:
        labels = list(rec["labels"])  # type: ignore[call-overload]
        text = str(rec["text"])
        numbers = [i + 1 for i, line in enumerate(text.split("\n")) if line.strip()]
        out = scrubber.scrub({k: v for k, v in rec.items() if k != "labels"})  # type: ignore[attr-defined]
        removed = set() if out.status == "flagged" else {
            f.line for f in out.findings if f.fixable and (codes is None or f.code in codes)}
        for number, label, line in zip(numbers, labels, [ln for ln in text.split("\n") if ln.strip()]):
            gone = number in removed
            if label == "b" and gone:
                result.tp += 1
            elif label == "b":
                result.fn += 1
                result.missed[line] = result.missed.get(line, 0) + 1
            elif gone:
                result.fp += 1
                result.content_removed.append(line)
    return result
