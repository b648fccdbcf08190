#!/usr/bin/env python3
"""Writes the ingest fixtures under corpora/formats/ and corpora/bad-input/.

The files are committed; this script documents how their exact bytes (Windows-1252, UTF-16,
CRLF, NUL bytes, BOMs) were made. Rerun it after editing:  python3 corpora/make_fixtures.py
All texts are synthetic Dutch complaints; personal data is written as [naam], [adres], ….
"""
import json
import os
import random

ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "corpora")
FORMATS = os.path.join(ROOT, "formats")
BAD = os.path.join(ROOT, "bad-input")


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)


def jl(obj):
    return json.dumps(obj, ensure_ascii=False)


# ------------------------------------------------------------------------------------- formats
complaints = [
    {"id": "OMA-2024-0101", "received": "2024-02-05", "municipality": "Amsterdam",
     "channel": "webformulier", "themes": ["parkeren"],
     "text": "Geachte ombudsman,\n\nOp 12 januari kreeg ik een parkeerboete terwijl mijn "
             "vergunning nog geldig was. Mijn bezwaar ligt na zes weken nog steeds onbehandeld "
             "bij de gemeente.\n\nMet vriendelijke groet,\n[naam]"},
    {"id": 20240102, "received": "2024-02-09", "municipality": "Zaandam",
     "channel": "telefoon", "themes": ["afval", "Wonen"],
     "text": "Melder belt omdat de ondergrondse container in de [straat] al drie weken vol zit. "
             "Meldingen via de app worden gesloten zonder dat er iets gebeurt."},
    {"id": "OMA-2024-0103", "received": "7 maart 2024", "municipality": "Almere Buiten",
     "thread": "T-17", "themes": ["jeugd"],
     "text": "Mijn zoon staat al elf maanden op de wachtlijst voor jeugdhulp. Niemand van de "
             "gemeente kan mij vertellen wanneer hij aan de beurt is."},
    {"id": "OMA-2024-0104", "received": "14-03-2024", "municipality": "Gemeente Diemen",
     "text": "Ik heb een brief ontvangen over een terugvordering van mijn bijstand – zonder "
             "uitleg. Op mijn e-mail van [datum] is nooit gereageerd.", "extra_key": "ignored"},
    {"id": "OMA-2024-0105", "received": "2024-03-20", "municipality": "landsmeer",
     "channel": "brief", "themes": [],
     "text": "De kwijtschelding van mijn gemeentelijke belastingen is afgewezen, maar de "
             "berekening klopt niet.\n\n\n\nIk vraag de ombudsman om hiernaar te kijken."},
]
write(os.path.join(FORMATS, "complaints.jsonl"), "".join(jl(c) + "\n" for c in complaints))

excel_rows = [
    ["Id", "Received", "Municipality", "Text", "Channel", "Themes"],
    ["OMA-2024-0201", "12-3-2024", "Diemen",
     "Geachte heer/mevrouw,\r\n\r\nHet café naast mijn woning heeft een vergunning gekregen "
     "voor een terras tot middernacht. Ik heb hiertegen bezwaar gemaakt, maar de gemeente "
     "reageert niet.\r\n\r\nMet vriendelijke groet,\r\n[naam]", "brief", "jeugd;wonen"],
    ["OMA-2024-0202", "15 mrt 2024", "Amstelveen",
     "Na een ruïneuze verbouwing van onze straat is de stoep nog steeds niet hersteld. "
     "Mijn naïeve vraag: wie is verantwoordelijk?", "e-mail", "openbare ruimte"],
    ["OMA-2024-0203", "2024-03-18", "Waterland",
     "De coördinator van de Wmo zegt dat mijn aanvraag \"in behandeling\" is; "
     "dat zegt hij al drie maanden. Ik ben zeer ontevreden – daarom deze klacht.", "telefoon",
     "zorg"],
]


def csv_line(cells, sep):
    out = []
    for c in cells:
        if any(ch in c for ch in [sep, '"', "\n", "\r"]):
            c = '"' + c.replace('"', '""') + '"'
        out.append(c)
    return sep.join(out)


write(os.path.join(FORMATS, "export-excel.csv"),
      "".join(csv_line(r, ";") + "\r\n" for r in excel_rows).encode("cp1252"))

comma_rows = [
    ["id", "received", "municipality", "text", "themes"],
    ["OMA-2024-0301", "2024-04-02", "Amsterdam",
     "Ik wacht al vier maanden op een reactie op mijn aanvraag voor een parkeervergunning, "
     "ondanks drie herinneringen.", "parkeren|vergunningen"],
    ["OMA-2024-0302", "3 april 2024", "Krommenie",
     "Tijdens het gesprek aan de balie werd ik onheus bejegend. Ik wil een excuus, "
     "en een uitleg over de gevolgde procedure.", '["bejegening"]'],
]
write(os.path.join(FORMATS, "export-comma.csv"),
      b"\xef\xbb\xbf" + "".join(csv_line(r, ",") + "\n" for r in comma_rows).encode("utf-8"))

write(os.path.join(FORMATS, "letters", "letter-1.txt"),
      "Kenmerk: OMA-2024-0401\n"
      "Datum: 22 april 2024\n"
      "Gemeente: Zaanstad\n"
      "Kanaal: brief\n"
      "Thema's: wonen; schuldhulp\n"
      "Betreft: huurtoeslag en schuldhulpverlening\n"
      "\n"
      "Geachte ombudsman,\n"
      "\n"
      "Sinds januari ontvang ik geen huurtoeslag meer. De schuldhulpverlener van de gemeente\n"
      "zegt dat zij daar niets aan kan doen. Intussen loopt mijn huurachterstand op.\n"
      "\n"
      "Met vriendelijke groet,\n"
      "[naam]\n"
      "[adres]\n")

write(os.path.join(FORMATS, "letters", "letter-2.txt"),
      "Geachte heer, mevrouw,\n\n"
      "Al twee keer heb ik gevraagd om de stoeptegels voor mijn deur te herstellen. Mijn moeder\n"
      "loopt met een rollator en is vorige week gevallen.\n\n"
      "Hoogachtend,\n[naam]\n")
write(os.path.join(FORMATS, "letters", "letter-2.txt.json"),
      jl({"received": "2024-04-25", "municipality": "Monnickendam", "channel": "brief",
          "themes": ["openbare ruimte"]}) + "\n")

write(os.path.join(FORMATS, "letters", "mail-1.eml"),
      "Return-Path: <afzender@example.invalid>\r\n"
      "From: [naam] <afzender@example.invalid>\r\n"
      "To: ombudsman@example.invalid\r\n"
      "Subject: =?UTF-8?Q?Klacht_over_de_afhandeling_van_mijn_bezwaar?=\r\n"
      "Date: Mon, 29 Apr 2024 09:14:02 +0200\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=\"utf-8\"\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n"
      "\r\n"
      "Gemeente: Amstelveen\r\n"
      "\r\n"
      "Geachte ombudsman,\r\n"
      "\r\n"
      "Mijn bezwaar tegen de WOZ-beschikking is al vijf maanden in behandeling. De termijn =\r\n"
      "is ruim verstreken en ik krijg geen reactie op mijn e-mails. Ik heb het gevoel dat =\r\n"
      "mijn zaak kwijt is geraakt bij de gemeente =E2=80=93 dit is erg frustrerend.\r\n"
      "\r\n"
      "Met vriendelijke groet,\r\n"
      "[naam]\r\n")

utf16_letter = ("Kenmerk: OMA-2024-0402\r\n"
                "Datum: 2-5-2024\r\n"
                "Gemeente: Almere\r\n"
                "\r\n"
                "Geachte ombudsman,\r\n\r\n"
                "De gemeente heeft mijn aanvraag voor een gehandicaptenparkeerkaart afgewezen "
                "zonder medisch advies op te vragen. Ik vind dat oneerlijk – graag uw oordeel.\r\n")
write(os.path.join(FORMATS, "letters", "letter-utf16.txt"),
      b"\xff\xfe" + utf16_letter.encode("utf-16-le"))

# ----------------------------------------------------------------------------------- bad-input
good = lambda i, **kw: jl({"id": f"BAD-{i}", "received": "2024-03-01", "municipality": "Amsterdam",
                           "text": "De gemeente heeft mijn melding over geluidsoverlast niet "
                                   "behandeld.", **kw})

write(os.path.join(BAD, "broken-json.jsonl"),
      good(1) + "\n"
      + '{"id": "BAD-2", "received": "2024-03-01", "municipality": "Amsterdam", "text": "Onaf\n'
      + good(3) + "\n"
      + good(4) + "\n")

w1252_rows = [
    ["id", "received", "municipality", "text"],
    ["W-1", "4-3-2024", "Zaanstad",
     "Geachte heer, ik heb een brief ontvangen over mijn toeslag – café ë. De coördinator "
     "was naïef."],
    ["W-2", "5 maart 2024", "Diemen", "Tweede klacht: één ruïne, geen reactie."],
]
write(os.path.join(BAD, "windows-1252.csv"),
      "".join(csv_line(r, ";") + "\r\n" for r in w1252_rows).encode("cp1252"))

write(os.path.join(BAD, "empty.jsonl"), b"")

rnd = random.Random(42)
write(os.path.join(BAD, "binary.jsonl"),
      b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rnd.randrange(256) for _ in range(300)))

write(os.path.join(BAD, "bom-then-latin1.jsonl"),
      b"\xef\xbb\xbf" + good(5).encode("utf-8") + b"\n"
      + jl({"id": "BAD-6", "received": "2024-03-01", "municipality": "Diemen",
            "text": "Het café is te luid, dat heb ik al vaak gemeld."}).encode("cp1252") + b"\n")

missing = json.loads(good(8))
del missing["received"]
write(os.path.join(BAD, "missing-field.jsonl"), good(7) + "\n" + jl(missing) + "\n")

write(os.path.join(BAD, "impossible-date.jsonl"),
      good(9, received="2023-02-30") + "\n" + good(10, received="2099-01-01") + "\n")

write(os.path.join(BAD, "bad-date-format.csv"),
      "id;received;municipality;text\n"
      "D-1;12/03/24;Amsterdam;Ik heb geen antwoord gekregen op mijn bezwaar.\n"
      "D-2;March 3, 2024;Amsterdam;Ik heb geen antwoord gekregen op mijn bezwaar.\n"
      "D-3;3 maart 2024;Amsterdam;Ik heb geen antwoord gekregen op mijn bezwaar.\n")

same_text = ("Al maanden probeer ik de gemeente te bereiken over mijn aanvraag voor "
             "bijzondere bijstand, zonder resultaat.")
dup = lambda i: jl({"id": i, "received": "2024-03-04", "municipality": "Almere",
                    "text": same_text})
write(os.path.join(BAD, "duplicates.jsonl"), dup("DUP-1") + "\n" + dup("DUP-1") + "\n"
      + dup("DUP-2") + "\n")

write(os.path.join(BAD, "too-short.jsonl"), good(11, text="Slecht.") + "\n")

write(os.path.join(BAD, "not-an-object.jsonl"),
      "[1, 2]\n"
      '"een klacht als losse string"\n'
      + good(12, themes="jeugd;wonen") + "\n"
      + jl({"id": 4711, "received": "2024-03-01", "municipality": "Marken",
            "text": "Numeriek kenmerk is prima, zegt de ombudsman."}) + "\n")

write(os.path.join(BAD, "ragged.csv"),
      "id;received;municipality;text\n"
      "R-1;2024-03-01;Diemen;Een gewone klacht over de gemeente.\n"
      "R-2;2024-03-01;Diemen\n"
      ";;;\n")

write(os.path.join(BAD, "missing-column.csv"),
      "id;datum;municipality;text\n"
      "M-1;2024-03-01;Diemen;Een gewone klacht over de gemeente.\n")

write(os.path.join(BAD, "blank.txt"), " \r\n\t\r\n   \r\n")

write(os.path.join(BAD, "letter-without-metadata.txt"),
      "Geachte ombudsman,\n\nIk heb een klacht over de manier waarop de gemeente mijn "
      "aanvraag heeft behandeld.\n\n[naam]\n")

write(os.path.join(BAD, "html-only.eml"),
      "From: [naam] <x@example.invalid>\nSubject: Klacht\nDate: Tue, 5 Mar 2024 10:00:00 +0100\n"
      "Content-Type: text/html; charset=utf-8\n\n<p>Mijn klacht staat alleen in HTML.</p>\n")

write(os.path.join(BAD, "gone.txt.json"), jl({"received": "2024-03-01"}) + "\n")

write(os.path.join(BAD, "scan.pdf"), b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")

print("fixtures written under", ROOT)
