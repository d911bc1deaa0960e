"""Web statistical bulletins with known tables: HTML + CSS printed to PDF by headless Chromium.

    .venv/bin/python bench/html_pages.py OUT_DIR [--docs 24] [--seed N]

A fourth generated table set, after ``bench/report_pages.py`` (reportlab), ``bench/gov_pages.py``
(Typst) and ``bench/word_pages.py`` (Word / LibreOffice), made the way statistics offices and
agencies publish on the web: a bulletin page in HTML and CSS, printed by headless Chromium (its
own table layout, line breaking, page breaking, font fallback and PDF writer). Writes
``OUT_DIR/pdf/html_SSSS.pdf`` and ``OUT_DIR/gt/html_SSSS.json`` in the tables-extra layout
(``tables``: page, rows, spans; ``pages_annotated``: every page), so ``bench/table_bench.py
--html`` scores it like tables-extra. Seeds 0..N-1 are the tuning part, seeds 1000..1000+N-1
the validation part (``bench/splits/html.tsv``). A seed picks the language (English, German,
French, a few Spanish), the number format (en 1,234.5; de / es 1.234,5; fr 1 234,5 with a
no-break or narrow no-break space), the page (A4 or US letter), a web font stack (resolving to
Liberation Sans / Serif / Sans Narrow, DejaVu Sans / Serif / Sans Condensed) and the colours.

The layouts were fixed before Sheaf was first run on the set:

Page furniture of every document: a site header (agency name and a horizontal navigation bar,
on a dark band or over a rule), a breadcrumb trail, an h1 title with release / next-release
lines, and at the end a footer of 3-4 link columns and a copyright line.

Tables (numbered "Table 3: ...", "Tabelle 3: ...", "Tableau 3 - ...", "Cuadro 3. ..." in a
``<caption>`` or an ``<h3>``/``<h4>`` above; "Source: ..." and footnote lines below; none of these
is a cell). A CSS style per table:

* zebra: no borders at all, even body rows filled (background only), the head filled or not;
* hairlines: ``border-bottom`` on every row, a heavier rule under the head;
* grid: every cell boxed;
* dark: a dark header band with white text, the body with or without hairlines;
* bootstrap ``.table .table-sm`` (``.table-striped`` on some): 1px rule over each row, 2px under
  the head;
* booktabs-like: rules above and below the table and under the head (and under group labels).

Structure: one, two or three header rows in a ``thead``: group labels over their columns
(``colspan``), the stub head (sometimes empty) and single columns spanning down (``rowspan``);
a stub column of row labels (``th scope=row``) with sub-rows indented by ``padding-left`` (one
or two levels); section rows (a bold label alone, ``colspan`` across the row or followed by
empty cells); bold total rows (first or last); numbers right-aligned with ``font-variant-numeric:
tabular-nums``: counts, thousands, percentages (with or without the % sign), signed changes
(+ and U+2212 or "-"), currency amounts (£ before, € after), index values; missing values
as an empty cell or "–", "n/a", "..", "[x]", "x", "n.d.", "s", "///"; footnote markers as
``<sup>`` on some row labels, values and column heads; a narrow stub column (width in em) or
long column heads so that some cells wrap over two lines. Kinds of table block:

* a table of 3-8 columns and 5-18 body rows under a heading and prose (one or two per block);
* a wide table of 9-12 columns in small type (8 pt, 8.5 pt, 9-11 px);
* a long table (40-70 rows: months or quarters, under year section rows or not) continued over
  page breaks, Chromium repeating the ``thead`` on each page;
* two small tables (2-4 columns) side by side in a flex row, each with its own caption;
* a small table (2-3 columns) inside a CSS multi-column region (``column-count: 2``) between
  paragraphs.

Other tables are in 8-12 pt / 11-16 px. Blocks without tables (each a chance for a false
table): prose under headings with bulleted and numbered lists; "key figures" cards in a CSS
grid (big number, label, change line; 3 or 4 per row); a definition list laid out by CSS grid
as two or four columns (about this release); a bar chart, either inline SVG (axis ticks,
gridlines, category and value labels) or horizontal bars of divs (label, bar, value, tick row);
two-column prose (``column-count: 2``); a table of contents with dot leaders (dotted border or
dot characters) and page numbers; an e-mail alert form (labels, input boxes, a select, check
boxes, a button) stacked or on a label / input grid; and the navigation bar, breadcrumb and
footer above.

Truth: a cell's text as printed; a footnote marker printed in a cell is part of it, written as
a Unicode superscript ("London¹", which NFKC makes "London1"); empty cells are empty; spans as
``word_pages.Table.truth`` (a row merged across the whole table counts as a span only in the
grid style, the one whose vertical rules show the merge). Chromium decides the page breaks:
each table's caption, header rows and body rows are found in order in the PDF text (pypdfium2;
NFKC, lower-case alphanumerics); a table whose rows fall on two pages is two truth tables, each
with the header rows. The repeated header must be found on each continuation page before its
rows, a row must not be split over two pages, and rows must go down the page (a table broken
into two columns of a multi-column region is an error): any failure is an error, not a guess.
A document is drawn again (the next attempt of its seed) until it prints on 3-6 pages.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import html as htmllib
import random
import sys
import tempfile
from pathlib import Path

from report_pages import write_documents, write_one
from word_pages import Cell, Table, fmt_num, norm

VALIDATION_SEED = 1000
ATTEMPTS = 8  # draws of one seed until a document prints on MIN_PAGES..MAX_PAGES pages
MIN_PAGES, MAX_PAGES = 3, 6
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FONTS = ['"Liberation Sans", Arial, sans-serif', "Arial, Helvetica, sans-serif",
         '"Helvetica Neue", Helvetica, Arial, sans-serif', '"DejaVu Sans", Verdana, sans-serif',
         '"Liberation Serif", "Times New Roman", serif', 'Georgia, "DejaVu Serif", serif',
         '"DejaVu Sans Condensed", sans-serif', '"Liberation Sans Narrow", sans-serif',
         '"Segoe UI", Roboto, "Noto Sans", sans-serif']
BODY_SIZES = ["14px", "15px", "16px", "10pt", "11pt"]
TABLE_SIZES = ["11px", "12px", "13px", "14px", "15px", "8pt", "9pt", "10pt", "11pt", "12pt"]
SMALL_SIZES = ["8pt", "8.5pt", "9px", "10px", "11px"]
ACCENTS = ["#1f4e79", "#003c57", "#206095", "#0b3d2e", "#5b2c6f", "#7a1f1f", "#333f48",
           "#00577a", "#23395d"]
ZEBRA = ["#f2f2f2", "#eef3f8", "#f5f7fa", "#edf5ee", "#f7f2ea", "#e9eef4"]
SUP = {"1": "\u00b9", "2": "\u00b2", "3": "\u00b3", "4": "\u2074", "a": "\u1d43",
       "b": "\u1d47", "c": "\u1d9c"}
STYLES = ["zebra", "zebra", "hair", "hair", "grid", "dark", "dark", "bs", "book"]

V: dict[str, dict] = {
    "en": {
        "agency": ["Office for National Statistics", "Bureau of Labor Statistics",
                   "Statistics Authority", "National Records Office",
                   "Department for Work and Pensions"],
        "nav": ["Home", "Business, industry and trade", "Economy",
                "Employment and labour market", "People, population and community",
                "Releases", "Data", "Methodology", "About"],
        "crumbs": ["Home", "Employment and labour market", "People in work",
                   "Earnings and working hours", "Economy", "Inflation and price indices",
                   "Bulletins"],
        "titles": ["Labour market overview: {mon} {y}",
                   "Average weekly earnings: {mon} {y}",
                   "Regional labour market statistics: {mon} {y}",
                   "Household income and expenditure, {y}", "Business demography, {y}",
                   "Employment situation summary, {mon} {y}"],
        "release": "Release date: {d}", "next": "Next release: {d}",
        "months": ["January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December"],
        "mon_abbr": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                     "Nov", "Dec"],
        "date": "{d} {M} {y}",
        "quarter": ["Q{q} {y}", "{y} Q{q}"], "quarter_sub": "Q{q}",
        "period": ["Period", "Time period", "Month", "Quarter"],
        "table": "Table {n}: {t}", "figure": "Figure {n}: {t}",
        "captions": ["{m} by {s}, {y}", "{m}, {s}, {y0} to {y}", "{s}: {m}, {y}",
                     "Summary of {m} by {s}"],
        "source": "Source: ",
        "sources": ["Labour Force Survey", "Annual Survey of Hours and Earnings",
                    "Business Register and Employment Survey", "administrative data",
                    "Census 2021"],
        "notes": ["Figures may not sum due to rounding.",
                  "Estimates are provisional and subject to revision.",
                  "Not seasonally adjusted.",
                  "Data for the latest period are based on a smaller sample."],
        "total": ["Total", "All persons", "United Kingdom", "All industries", "All households"],
        "stubs": {
            "Region": [("North", ["North East", "North West", "Yorkshire and The Humber"]),
                       ("Midlands", ["East Midlands", "West Midlands"]),
                       ("South", ["East of England", "London", "South East", "South West"]),
                       ("Devolved nations", ["Wales", "Scotland", "Northern Ireland"])],
            "Industry": [("Production", ["Mining and quarrying", "Manufacturing",
                                         "Electricity and gas supply",
                                         "Water supply and waste management"]),
                         ("Services", ["Wholesale and retail trade", "Transport and storage",
                                       "Accommodation and food services",
                                       "Information and communication",
                                       "Professional, scientific and technical activities"]),
                         ("Public sector", ["Public administration and defence", "Education",
                                            "Human health and social work"])],
            "Age group": [("Young people", ["16 to 17 years", "18 to 24 years"]),
                          ("Working age", ["25 to 34 years", "35 to 49 years",
                                           "50 to 64 years"]),
                          ("Older people", ["65 to 74 years", "75 years and over"])],
            "Household type": [("One person", ["Under state pension age",
                                               "Over state pension age"]),
                               ("Couple", ["No children", "With dependent children",
                                           "With non-dependent children only"]),
                               ("Lone parent", ["Lone parent, dependent children",
                                                "Lone parent, non-dependent children"])],
        },
        "measures": [("Number", "count"), ("Rate (%)", "pct"), ("Change on year (%)", "chg"),
                     ("Level (thousands)", "thou"), ("£ million", "money"),
                     ("Index (2015=100)", "index"), ("Share (%)", "pct"),
                     ("Median weekly pay (£)", "money"), ("Per 1,000 population", "rate"),
                     ("Seasonally adjusted", "count"), ("Change on quarter", "chg"),
                     ("Estimate", "thou")],
        "groups": ["Men", "Women", "Full-time", "Part-time", "Employees", "Self-employed",
                   "Urban", "Rural"],
        "na": ["–", "n/a", "..", "[x]", "[c]", "…"],
        "headings": ["Main points", "Overview", "Employment", "Unemployment",
                     "Earnings growth", "Regional breakdown", "Revisions",
                     "Measuring the data", "Strengths and limitations", "Related links",
                     "Things you need to know about this release", "Quality and methodology"],
        "subj": ["The employment rate", "The unemployment rate", "Annual growth in regular pay",
                 "The number of payrolled employees", "The number of vacancies",
                 "Consumer price inflation", "Economic inactivity"],
        "verb": ["increased", "decreased", "was largely unchanged", "rose sharply",
                 "fell slightly", "returned to its pre-pandemic level"],
        "tail": ["compared with the previous quarter", "over the year", "in most regions",
                 "after adjusting for inflation", "in the three months to the latest period",
                 "for the third consecutive month"],
        "cards_title": ["Key figures", "At a glance", "Latest figures"],
        "cards": [("Employment rate", "pct"), ("Unemployment rate", "pct"),
                  ("Economic inactivity rate", "pct"), ("Payrolled employees", "mil"),
                  ("Vacancies", "thou"), ("Annual pay growth", "pct"),
                  ("CPIH annual rate", "pct"), ("GDP, quarter on quarter", "chg"),
                  ("Median household income", "money")],
        "million": "million",
        "chg": ["{a} {v} percentage points on the quarter", "{a} {v}% on the year",
                "{a} {v} compared with last month"],
        "up": ["up", "▲"], "down": ["down", "▼"],
        "about_title": ["About this release", "Release information", "Contact details"],
        "kv": [("Release date", "date"), ("Next release", "date"),
               ("Contact", "Labour Market team"), ("Email", "labour.market@stats.example.org"),
               ("Telephone", "+44 1633 455400"), ("Reference period", "period"),
               ("Geographic coverage", "United Kingdom"),
               ("Statistical status", "Accredited official statistics"),
               ("Frequency", "Monthly"), ("Survey", "Labour Force Survey")],
        "toc_title": ["Table of contents", "Contents", "On this page"],
        "form_title": ["Sign up for email alerts", "Subscribe to this bulletin"],
        "form": ["First name", "Last name", "Email address", "Organisation", "Job title",
                 "Postcode", "Country"],
        "form_select": ("How often?", ["Immediately", "Daily digest", "Weekly digest"]),
        "form_check": ("Topics", ["Labour market", "Inflation", "Population", "Trade",
                                  "Public finances"]),
        "button": ["Subscribe", "Sign up", "Submit"],
        "placeholder": ["e.g. name@example.com", "Enter your postcode", "Optional"],
        "footer": [("Help", ["Accessibility", "Cookies", "Privacy", "Terms and conditions"]),
                   ("About", ["What we do", "Careers", "Contact us", "News"]),
                   ("Connect with us", ["Email alerts", "RSS feeds", "LinkedIn", "YouTube"]),
                   ("Data", ["Release calendar", "Time series explorer", "Open data", "API"])],
        "copy": "© Crown copyright {y}",
    },
    "de": {
        "agency": ["Statistisches Bundesamt", "Statistisches Landesamt",
                   "Bundesagentur für Arbeit", "Amt für Statistik"],
        "nav": ["Startseite", "Themen", "Gesellschaft und Umwelt", "Wirtschaft", "Arbeit",
                "Presse", "Service", "Über uns"],
        "crumbs": ["Startseite", "Themen", "Arbeit", "Arbeitsmarkt", "Wirtschaft", "Preise",
                   "Pressemitteilungen"],
        "titles": ["Arbeitsmarkt im {mon} {y}", "Verbraucherpreisindex, {mon} {y}",
                   "Verdienste und Arbeitskosten {y}", "Bevölkerungsstand {y}",
                   "Gewerbeanzeigen im {mon} {y}"],
        "release": "Veröffentlicht am {d}", "next": "Nächste Veröffentlichung: {d}",
        "months": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                   "September", "Oktober", "November", "Dezember"],
        "mon_abbr": ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.",
                     "Okt.", "Nov.", "Dez."],
        "date": "{d}. {M} {y}",
        "quarter": ["{q}. Quartal {y}", "{y} Q{q}"], "quarter_sub": "{q}. Quartal",
        "period": ["Zeitraum", "Berichtsmonat", "Jahr / Monat"],
        "table": "Tabelle {n}: {t}", "figure": "Abbildung {n}: {t}",
        "captions": ["{m} nach {s} {y}", "{s}: {m} {y0} bis {y}", "{m} nach {s}"],
        "source": "Quelle: ",
        "sources": ["Mikrozensus", "Verdiensterhebung",
                    "Beschäftigungsstatistik der Bundesagentur für Arbeit",
                    "Unternehmensregister"],
        "notes": ["Abweichungen in den Summen durch Runden.", "Vorläufige Ergebnisse.",
                  "Ohne Auszubildende.", "Hochgerechnete Werte."],
        "total": ["Insgesamt", "Deutschland", "Zusammen", "Alle Wirtschaftszweige"],
        "stubs": {
            "Land": [("Früheres Bundesgebiet", ["Baden-Württemberg", "Bayern", "Bremen",
                                                "Hamburg", "Hessen", "Niedersachsen",
                                                "Nordrhein-Westfalen", "Rheinland-Pfalz",
                                                "Saarland", "Schleswig-Holstein"]),
                     ("Neue Länder und Berlin", ["Berlin", "Brandenburg",
                                                 "Mecklenburg-Vorpommern", "Sachsen",
                                                 "Sachsen-Anhalt", "Thüringen"])],
            "Wirtschaftsabschnitt": [
                ("Produzierendes Gewerbe", ["Bergbau und Gewinnung von Steinen und Erden",
                                            "Verarbeitendes Gewerbe", "Energieversorgung",
                                            "Baugewerbe"]),
                ("Dienstleistungsbereiche", ["Handel; Instandhaltung und Reparatur von "
                                             "Kraftfahrzeugen", "Verkehr und Lagerei",
                                             "Gastgewerbe", "Information und Kommunikation",
                                             "Finanz- und Versicherungsdienstleistungen"])],
            "Altersgruppe": [("Jüngere", ["15 bis unter 20 Jahre", "20 bis unter 25 Jahre"]),
                             ("Mittlere", ["25 bis unter 35 Jahre", "35 bis unter 50 Jahre",
                                           "50 bis unter 65 Jahre"]),
                             ("Ältere", ["65 Jahre und mehr"])],
            "Haushaltstyp": [("Einpersonenhaushalte", ["unter 65 Jahre", "65 Jahre und älter"]),
                             ("Mehrpersonenhaushalte", ["Paare ohne Kind",
                                                        "Paare mit Kind(ern)",
                                                        "Alleinerziehende"])],
        },
        "measures": [("Anzahl", "count"), ("Quote in %", "pct"),
                     ("Veränderung gegenüber Vorjahr in %", "chg"), ("in 1 000", "thou"),
                     ("Mill. EUR", "money"), ("Index 2020 = 100", "index"),
                     ("Anteil in %", "pct"), ("Bruttomonatsverdienst in EUR", "money"),
                     ("je 1 000 Einwohner", "rate"), ("Ursprungswerte", "count"),
                     ("saisonbereinigt", "count")],
        "groups": ["Männer", "Frauen", "Vollzeit", "Teilzeit", "Deutsche", "Ausländer", "West",
                   "Ost"],
        "na": ["–", "x", ".", "...", "/"],
        "headings": ["Das Wichtigste in Kürze", "Entwicklung am Arbeitsmarkt",
                     "Erwerbstätigkeit", "Verdienste", "Regionale Ergebnisse",
                     "Methodische Hinweise", "Revisionen", "Weitere Informationen"],
        "subj": ["Die Zahl der Erwerbstätigen", "Die Arbeitslosenquote",
                 "Der Verbraucherpreisindex", "Der Nominallohnindex",
                 "Die Zahl der offenen Stellen", "Das Bruttoinlandsprodukt"],
        "verb": ["stieg", "sank", "blieb nahezu unverändert", "erhöhte sich deutlich",
                 "ging leicht zurück"],
        "tail": ["gegenüber dem Vorjahresmonat", "im Vergleich zum Vorquartal",
                 "in fast allen Ländern", "saison- und kalenderbereinigt",
                 "im Jahresdurchschnitt"],
        "cards_title": ["Auf einen Blick", "Kennzahlen", "Die wichtigsten Zahlen"],
        "cards": [("Erwerbstätige", "mil"), ("Arbeitslosenquote", "pct"),
                  ("Inflationsrate", "pct"), ("Offene Stellen", "thou"),
                  ("Reallohnindex", "chg"), ("BIP zum Vorquartal", "chg"),
                  ("Bruttomonatsverdienst", "money"), ("Einwohner", "mil")],
        "million": "Mill.",
        "chg": ["{a} {v} Prozentpunkte zum Vormonat", "{a} {v} % zum Vorjahr"],
        "up": ["▲", "+"], "down": ["▼", "−"],
        "about_title": ["Zu dieser Veröffentlichung", "Kontakt", "Metadaten"],
        "kv": [("Veröffentlicht am", "date"), ("Nächste Veröffentlichung", "date"),
               ("Ansprechpartner", "Referat Arbeitsmarkt"),
               ("E-Mail", "arbeitsmarkt@statistik.example.de"), ("Telefon", "+49 611 75 2455"),
               ("Berichtszeitraum", "period"), ("Gebietsstand", "Deutschland"),
               ("Erhebung", "Mikrozensus"), ("Periodizität", "monatlich")],
        "toc_title": ["Inhalt", "Inhaltsverzeichnis", "Auf dieser Seite"],
        "form_title": ["Newsletter abonnieren", "E-Mail-Benachrichtigung einrichten"],
        "form": ["Vorname", "Nachname", "E-Mail-Adresse", "Organisation", "Postleitzahl",
                 "Land"],
        "form_select": ("Häufigkeit", ["sofort", "täglich", "wöchentlich"]),
        "form_check": ("Themen", ["Arbeitsmarkt", "Preise", "Bevölkerung", "Außenhandel",
                                  "Öffentliche Finanzen"]),
        "button": ["Abonnieren", "Absenden", "Anmelden"],
        "placeholder": ["z. B. name@beispiel.de", "optional", "PLZ"],
        "footer": [("Service", ["Barrierefreiheit", "Datenschutz", "Impressum", "Kontakt"]),
                   ("Über uns", ["Aufgaben", "Karriere", "Presse", "Veranstaltungen"]),
                   ("Daten", ["Veröffentlichungskalender", "Datenbank", "Open Data",
                              "Schnittstelle"]),
                   ("Folgen Sie uns", ["Newsletter", "RSS-Feed", "Mastodon", "YouTube"])],
        "copy": "© Statistisches Amt, {y}",
    },
    "fr": {
        "agency": ["Institut national de la statistique", "Service statistique ministériel",
                   "Observatoire régional de l'emploi", "Direction de la recherche"],
        "nav": ["Accueil", "Statistiques", "Publications", "Méthodes", "Thèmes",
                "Actualités", "Nous connaître"],
        "crumbs": ["Accueil", "Statistiques", "Travail – Emploi", "Chômage", "Économie",
                   "Prix", "Informations rapides"],
        "titles": ["Emploi salarié : {mon} {y}", "Indice des prix à la consommation – {mon} {y}",
                   "Revenus et niveau de vie des ménages en {y}",
                   "Démographie des entreprises en {y}", "Note de conjoncture – {mon} {y}"],
        "release": "Paru le : {d}", "next": "Prochaine parution : {d}",
        "months": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                   "septembre", "octobre", "novembre", "décembre"],
        "mon_abbr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août",
                     "sept.", "oct.", "nov.", "déc."],
        "date": "{d} {M} {y}",
        "quarter": ["T{q} {y}", "{y} T{q}"], "quarter_sub": "T{q}",
        "period": ["Période", "Trimestre", "Mois"],
        "table": "Tableau {n} – {t}", "figure": "Figure {n} – {t}",
        "captions": ["{m} par {s} en {y}", "{s} : {m}, {y0}-{y}", "{m} selon {s}"],
        "source": "Source : ",
        "sources": ["Insee, enquête Emploi", "Dares, DSN", "Insee, estimations d'emploi",
                    "Insee, Sirene"],
        "notes": ["Données provisoires.", "Champ : France hors Mayotte.",
                  "Les totaux peuvent différer en raison des arrondis.",
                  "Données corrigées des variations saisonnières."],
        "total": ["Ensemble", "France", "Total", "France métropolitaine"],
        "stubs": {
            "Région": [("France métropolitaine", ["Auvergne-Rhône-Alpes", "Bretagne",
                                                  "Grand Est", "Hauts-de-France",
                                                  "Île-de-France", "Normandie",
                                                  "Nouvelle-Aquitaine", "Occitanie",
                                                  "Provence-Alpes-Côte d'Azur"]),
                       ("Départements d'outre-mer", ["Guadeloupe", "Martinique", "Guyane",
                                                     "La Réunion"])],
            "Secteur d'activité": [("Industrie", ["Industrie manufacturière", "Énergie, eau, "
                                                  "déchets", "Construction"]),
                                   ("Tertiaire marchand", ["Commerce", "Transports et "
                                                           "entreposage",
                                                           "Hébergement et restauration",
                                                           "Information et communication",
                                                           "Services aux entreprises"]),
                                   ("Tertiaire non marchand", ["Administration publique",
                                                               "Enseignement", "Santé humaine "
                                                               "et action sociale"])],
            "Tranche d'âge": [("Jeunes", ["15-24 ans"]),
                              ("Âges intermédiaires", ["25-49 ans", "50-64 ans"]),
                              ("Seniors", ["65-74 ans", "75 ans ou plus"])],
            "Catégorie socioprofessionnelle": [
                ("Salariés", ["Cadres", "Professions intermédiaires", "Employés", "Ouvriers"]),
                ("Non-salariés", ["Agriculteurs exploitants",
                                  "Artisans, commerçants et chefs d'entreprise"])],
        },
        "measures": [("Effectif", "count"), ("Taux (%)", "pct"),
                     ("Évolution sur un an (%)", "chg"), ("En milliers", "thou"),
                     ("En millions d'euros", "money"), ("Indice base 100 en 2015", "index"),
                     ("Part (%)", "pct"), ("Salaire net mensuel (€)", "money"),
                     ("Pour 1 000 habitants", "rate"), ("Données brutes", "count"),
                     ("CVS", "count")],
        "groups": ["Hommes", "Femmes", "Temps complet", "Temps partiel", "Salariés",
                   "Non-salariés", "Public", "Privé"],
        "na": ["–", "n.d.", "s", "///", "..."],
        "headings": ["En bref", "Emploi salarié", "Chômage", "Salaires", "Résultats régionaux",
                     "Sources et méthodes", "Révisions", "Pour en savoir plus"],
        "subj": ["L'emploi salarié", "Le taux de chômage", "L'indice des prix",
                 "Le salaire moyen", "Le nombre de créations d'entreprises",
                 "Le produit intérieur brut"],
        "verb": ["a augmenté", "a diminué", "est resté stable", "a nettement progressé",
                 "a légèrement reculé"],
        "tail": ["par rapport au trimestre précédent", "sur un an",
                 "dans la plupart des régions",
                 "en données corrigées des variations saisonnières", "en moyenne annuelle"],
        "cards_title": ["L'essentiel", "Chiffres clés", "En un coup d'œil"],
        "cards": [("Taux de chômage", "pct"), ("Emploi salarié", "mil"),
                  ("Inflation sur un an", "pct"), ("Créations d'entreprises", "thou"),
                  ("PIB, variation trimestrielle", "chg"), ("Salaire net moyen", "money"),
                  ("Population", "mil"), ("Taux d'emploi", "pct")],
        "million": "millions",
        "chg": ["{a} {v} point sur le trimestre", "{a} {v} % sur un an"],
        "up": ["▲", "+"], "down": ["▼", "−"],
        "about_title": ["À propos de cette publication", "Informations", "Contact"],
        "kv": [("Paru le", "date"), ("Prochaine parution", "date"),
               ("Contact", "Division Emploi"), ("Courriel", "emploi@statistique.example.fr"),
               ("Téléphone", "+33 1 87 69 50 00"), ("Période de référence", "period"),
               ("Champ", "France hors Mayotte"), ("Source", "Enquête Emploi"),
               ("Périodicité", "trimestrielle")],
        "toc_title": ["Sommaire", "Table des matières", "Sur cette page"],
        "form_title": ["S'abonner aux avis de parution", "Recevoir nos publications"],
        "form": ["Prénom", "Nom", "Adresse électronique", "Organisme", "Code postal", "Pays"],
        "form_select": ("Fréquence", ["immédiate", "quotidienne", "hebdomadaire"]),
        "form_check": ("Thèmes", ["Emploi", "Prix", "Population", "Commerce extérieur",
                                  "Finances publiques"]),
        "button": ["S'abonner", "Valider", "Envoyer"],
        "placeholder": ["ex. : nom@exemple.fr", "facultatif", "Code postal"],
        "footer": [("Aide", ["Accessibilité", "Données personnelles", "Mentions légales",
                             "Nous contacter"]),
                   ("L'institut", ["Missions", "Recrutement", "Espace presse", "Agenda"]),
                   ("Données", ["Calendrier des parutions", "Séries chronologiques",
                                "Données ouvertes", "API"]),
                   ("Suivez-nous", ["Lettre d'information", "Flux RSS", "LinkedIn",
                                    "YouTube"])],
        "copy": "© Institut national de la statistique {y}",
    },
    "es": {
        "agency": ["Instituto Nacional de Estadística", "Instituto de Estadística Regional",
                   "Servicio Público de Empleo", "Observatorio de las Ocupaciones"],
        "nav": ["Inicio", "Estadísticas", "Prensa", "Metodología", "Servicios",
                "El instituto"],
        "crumbs": ["Inicio", "Estadísticas", "Mercado laboral", "Actividad, ocupación y paro",
                   "Economía", "Precios", "Notas de prensa"],
        "titles": ["Encuesta de Población Activa. {mon} {y}",
                   "Índice de Precios de Consumo. {mon} {y}",
                   "Encuesta de Condiciones de Vida. Año {y}",
                   "Demografía empresarial. Año {y}",
                   "Afiliación a la Seguridad Social. {mon} {y}"],
        "release": "Publicado el {d}", "next": "Próxima publicación: {d}",
        "months": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                   "septiembre", "octubre", "noviembre", "diciembre"],
        "mon_abbr": ["ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sep.",
                     "oct.", "nov.", "dic."],
        "date": "{d} de {M} de {y}",
        "quarter": ["T{q} {y}", "{y}T{q}"], "quarter_sub": "T{q}",
        "period": ["Periodo", "Trimestre", "Mes"],
        "table": "Cuadro {n}. {t}", "figure": "Gráfico {n}. {t}",
        "captions": ["{m} por {s}. Año {y}", "{s}: {m}, {y0}-{y}", "{m} según {s}"],
        "source": "Fuente: ",
        "sources": ["INE, Encuesta de Población Activa", "Seguridad Social, afiliación",
                    "INE, Directorio Central de Empresas", "Registros administrativos"],
        "notes": ["Datos provisionales.", "Las sumas pueden no coincidir por redondeo.",
                  "Datos corregidos de efectos estacionales y de calendario.",
                  "Resultados en miles de personas."],
        "total": ["Total", "Total nacional", "España", "Ambos sexos"],
        "stubs": {
            "Comunidad autónoma": [("Norte", ["Galicia", "Principado de Asturias",
                                              "Cantabria", "País Vasco"]),
                                   ("Centro", ["Castilla y León", "Castilla-La Mancha",
                                               "Comunidad de Madrid"]),
                                   ("Sur", ["Andalucía", "Región de Murcia", "Extremadura"]),
                                   ("Este", ["Cataluña", "Comunitat Valenciana",
                                             "Illes Balears"])],
            "Sector económico": [("Industria", ["Industria manufacturera",
                                                "Suministro de energía", "Construcción"]),
                                 ("Servicios", ["Comercio al por mayor y al por menor",
                                                "Transporte y almacenamiento", "Hostelería",
                                                "Información y comunicaciones"])],
            "Grupo de edad": [("Jóvenes", ["De 16 a 19 años", "De 20 a 24 años"]),
                              ("Adultos", ["De 25 a 54 años", "De 55 y más años"])],
        },
        "measures": [("Personas", "count"), ("Tasa (%)", "pct"),
                     ("Variación anual (%)", "chg"), ("Miles", "thou"),
                     ("Millones de euros", "money"), ("Índice (base 2021)", "index"),
                     ("Porcentaje", "pct"), ("Salario medio (euros)", "money"),
                     ("Por 1.000 habitantes", "rate")],
        "groups": ["Hombres", "Mujeres", "Tiempo completo", "Tiempo parcial", "Asalariados",
                   "Autónomos"],
        "na": ["–", "n.d.", "..", "-"],
        "headings": ["Principales resultados", "Ocupación", "Paro", "Salarios",
                     "Resultados por comunidades autónomas", "Nota metodológica", "Revisiones",
                     "Más información"],
        "subj": ["El número de ocupados", "La tasa de paro", "El índice general de precios",
                 "El salario medio", "El número de empresas activas",
                 "El producto interior bruto"],
        "verb": ["aumentó", "disminuyó", "se mantuvo estable", "creció con fuerza",
                 "bajó ligeramente"],
        "tail": ["respecto al trimestre anterior", "en tasa anual",
                 "en la mayoría de las comunidades", "en términos desestacionalizados",
                 "en media anual"],
        "cards_title": ["Datos clave", "Principales cifras", "De un vistazo"],
        "cards": [("Tasa de paro", "pct"), ("Ocupados", "mil"), ("IPC, tasa anual", "pct"),
                  ("Afiliados", "mil"), ("PIB, variación trimestral", "chg"),
                  ("Salario medio", "money"), ("Población", "mil"), ("Vacantes", "thou")],
        "million": "millones",
        "chg": ["{a} {v} puntos respecto al trimestre anterior", "{a} {v} % en tasa anual"],
        "up": ["▲", "+"], "down": ["▼", "−"],
        "about_title": ["Sobre esta publicación", "Información", "Contacto"],
        "kv": [("Publicado el", "date"), ("Próxima publicación", "date"),
               ("Contacto", "Área de Información"),
               ("Correo electrónico", "prensa@estadistica.example.es"),
               ("Teléfono", "+34 91 583 91 00"), ("Periodo de referencia", "period"),
               ("Ámbito", "España"), ("Periodicidad", "trimestral")],
        "toc_title": ["Índice", "Contenido", "En esta página"],
        "form_title": ["Suscríbase a las alertas", "Reciba nuestras publicaciones"],
        "form": ["Nombre", "Apellidos", "Correo electrónico", "Organización", "Código postal",
                 "País"],
        "form_select": ("Frecuencia", ["inmediata", "diaria", "semanal"]),
        "form_check": ("Temas", ["Mercado laboral", "Precios", "Población",
                                 "Comercio exterior", "Cuentas públicas"]),
        "button": ["Suscribirse", "Enviar", "Aceptar"],
        "placeholder": ["p. ej. nombre@ejemplo.es", "opcional", "Código postal"],
        "footer": [("Ayuda", ["Accesibilidad", "Privacidad", "Aviso legal", "Contacto"]),
                   ("El instituto", ["Quiénes somos", "Empleo público", "Sala de prensa",
                                     "Agenda"]),
                   ("Datos", ["Calendario", "Series temporales", "Datos abiertos", "API"]),
                   ("Síganos", ["Boletín", "RSS", "LinkedIn", "YouTube"])],
        "copy": "© Instituto Nacional de Estadística {y}",
    },
}

CSS = """
@page { size: %(page)s; margin: %(margin)s; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: %(font)s; font-size: %(size)s; line-height: 1.45; color: #222;
       margin: 0; }
h1 { font-size: 1.9em; margin: 0.4em 0 0.2em; color: %(accent)s; line-height: 1.2; }
h2 { font-size: 1.35em; margin: 1.1em 0 0.4em; break-after: avoid; }
h3, h4 { margin: 0.9em 0 0.3em; break-after: avoid; }
h3.cap, h4.cap { font-size: 1em; }
p { margin: 0 0 0.6em; }
section.pb { break-before: page; }
.meta { color: #555; font-size: 0.9em; margin-bottom: 1em; }
.site { display: flex; justify-content: space-between; align-items: center; padding: 8px 12px; }
.site.band { background: %(accent)s; color: #fff; }
.site.band a { color: #fff; }
.site.rule { border-bottom: 3px solid %(accent)s; }
.brand { font-weight: bold; font-size: 1.1em; }
.menu a { margin-left: 14px; font-size: 12px; text-decoration: none; color: inherit; }
.menu.bar { display: flex; flex-wrap: wrap; gap: 4px 16px; background: #f0f0f0;
            padding: 6px 12px; font-size: 12px; }
.menu.bar a { margin: 0; color: %(accent)s; }
ol.crumbs { list-style: none; display: flex; flex-wrap: wrap; padding: 0; margin: 10px 0;
            font-size: 12px; }
ol.crumbs li + li::before { content: "%(sep)s"; padding: 0 6px; color: #777; }
ol.crumbs a { color: %(accent)s; }
footer.foot { break-inside: avoid; margin-top: 28px; border-top: 4px solid %(accent)s;
              padding-top: 10px; font-size: 12px; }
footer.foot .cols { display: grid; grid-template-columns: repeat(%(fcols)s, 1fr); gap: 16px; }
footer.foot h4 { margin: 0 0 4px; }
footer.foot ul { list-style: none; padding: 0; margin: 0; }
footer.foot li { margin: 2px 0; }
footer.foot .copy { margin-top: 12px; color: #666; }
table.t { border-collapse: collapse; margin: 4px 0 6px; }
table.t caption { caption-side: top; text-align: left; font-weight: bold; padding: 0 0 5px; }
table.t th, table.t td { padding: %(pad)s; }
table.t thead th { font-weight: bold; vertical-align: bottom; }
table.t thead th.l { text-align: left; } table.t thead th.c { text-align: center; }
table.t thead th.r { text-align: right; }
table.t tbody th { font-weight: normal; text-align: left; vertical-align: top; }
table.t td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap;
               vertical-align: top; }
table.t tr.total th, table.t tr.total td { font-weight: bold; }
table.t tr.sec th { font-weight: bold; text-align: left; padding-top: 6px; }
table.t .i1 { padding-left: 1.3em; } table.t .i2 { padding-left: 2.6em; }
table.t tr { break-inside: avoid; }
.zebra tbody tr:nth-child(even) { background: %(zebra)s; }
.zebra.hfill thead th { background: %(zebra2)s; }
.hair th, .hair td { border-bottom: 1px solid #c8c8c8; }
.hair thead tr:last-child th { border-bottom: 2px solid #333; }
.hair thead th[colspan] { border-bottom: 1px solid #777; }
.grid th, .grid td { border: 1px solid #8a8a8a; }
.grid thead th { background: #ececec; }
.dark thead th { background: %(accent)s; color: #fff; border: 1px solid %(accent)s; }
.dark thead th[colspan] { border-bottom: 1px solid rgba(255,255,255,0.6); }
.dark.lines tbody th, .dark.lines tbody td { border-bottom: 1px solid #d5d5d5; }
.table { width: 100%%; color: #212529; }
.table-sm th, .table-sm td { padding: 0.3rem; border-top: 1px solid #dee2e6; }
.table thead th { border-bottom: 2px solid #dee2e6; }
.table-striped tbody tr:nth-of-type(odd) { background-color: rgba(0,0,0,0.05); }
.book { border-top: 2px solid #000; border-bottom: 2px solid #000; }
.book thead tr:last-child th { border-bottom: 1px solid #000; }
.book thead th[colspan] { border-bottom: 1px solid #000; }
.tnote { font-size: 0.8em; color: #555; margin: 0 0 0.3em; }
.pair { display: flex; gap: 24px; break-inside: avoid; align-items: flex-start; }
.pair > div { flex: 1; }
.mc, .cols2 { column-count: 2; column-gap: 26px; }
.mc table.t { break-inside: avoid; width: 100%%; }
.cards { display: grid; grid-template-columns: repeat(%(cardn)s, 1fr); gap: 12px;
         margin: 10px 0 16px; }
.card { padding: 10px 12px; }
.card.box { border: 1px solid #d0d0d0; border-top: 4px solid %(accent)s; }
.card.fill { background: %(zebra)s; }
.card .big { font-size: 2em; font-weight: bold; color: %(accent)s; line-height: 1.1; }
.card .lab { font-weight: bold; margin: 4px 0; }
.card .chg { font-size: 0.85em; color: #555; }
dl.kv { display: grid; gap: 4px 18px; margin: 8px 0 14px; }
dl.kv.two { grid-template-columns: max-content 1fr; }
dl.kv.four { grid-template-columns: max-content 1fr max-content 1fr; }
dl.kv dt { font-weight: bold; } dl.kv dd { margin: 0; }
dl.kv.ruled dt, dl.kv.ruled dd { border-bottom: 1px solid #ddd; padding-bottom: 3px; }
figure.fig { margin: 10px 0 16px; break-inside: avoid; }
figure.fig figcaption { font-weight: bold; margin-bottom: 6px; }
.hb { display: grid; grid-template-columns: 34%% 1fr 64px; align-items: center; gap: 8px;
      margin: 3px 0; font-size: 0.85em; }
.hb .track { display: block; height: 14px; }
.hb .bar { display: block; height: 14px; background: %(accent)s; }
.hb .val { text-align: right; }
.ticks { display: flex; justify-content: space-between; margin-left: calc(34%% + 8px);
         margin-right: 72px; font-size: 0.75em; color: #555; border-top: 1px solid #999; }
ul.toc { list-style: none; padding: 0; margin: 8px 0 16px; }
ul.toc li { display: flex; align-items: baseline; margin: 3px 0; }
ul.toc li.sub { padding-left: 1.5em; }
ul.toc .lead { flex: 1; margin: 0 6px; }
ul.toc.dotted .lead { border-bottom: 1px dotted #555; }
ul.toc.chars .lead { overflow: hidden; white-space: nowrap; color: #777; }
form.alerts { border: 1px solid #ccc; padding: 12px 16px; margin: 10px 0; break-inside: avoid; }
form.alerts .fg { margin: 8px 0; }
form.alerts.grid .fg { display: grid; grid-template-columns: 32%% 1fr; align-items: center; }
form.alerts.stack label.lb { display: block; font-weight: bold; margin-bottom: 2px; }
form.alerts input[type=text] { width: 100%%; padding: 5px; border: 1px solid #888;
                               font: inherit; }
form.alerts select { padding: 4px; font: inherit; }
form.alerts fieldset { border: 1px solid #ddd; margin: 10px 0; }
form.alerts button { background: %(accent)s; color: #fff; border: 0; padding: 6px 16px;
                     font: inherit; }
"""


class HCell(Cell):
    """A truth cell and its HTML: ``mark`` is a footnote marker printed as ``<sup>``; the
    truth text holds it as a Unicode superscript."""

    __slots__ = ("html", "role")

    def __init__(self, text: str = "", mark: str = "", role: str = "", **kw):
        super().__init__(text + "".join(SUP[m] for m in mark), **kw)
        self.html = htmllib.escape(text) + (f"<sup>{mark}</sup>" if mark else "")
        self.role = role


def esc(s: str) -> str:
    return htmllib.escape(s)


class Doc:
    def __init__(self, seed: int, attempt: int = 0):
        self.seed = seed
        self.rng = rng = random.Random(f"html_pages {seed} {attempt}")
        self.lang = rng.choice(["en", "en", "en", "de", "de", "fr", "fr", "es"])
        self.w = V[self.lang]
        self.nlang = "de" if self.lang == "es" else self.lang
        self.font = rng.choice(FONTS)
        self.tfont = self.font if rng.random() < 0.7 else rng.choice(FONTS)
        self.accent = rng.choice(ACCENTS)
        self.year = rng.randint(2016, 2025)
        self.month = rng.randrange(12)
        self.nnbsp = rng.random() < 0.4  # French groups with U+202F rather than U+00A0
        self.minus = rng.choice(["\u2212", "-"])
        self.cur = "£" if self.lang == "en" else "€"
        self.tables: list[Table] = []
        self.ntab = self.nfig = 0
        self.out: list[str] = []
        self.css = CSS % {
            "page": rng.choice(["A4", "letter"]),
            "margin": rng.choice(["15mm", "18mm 15mm", "12mm 14mm 16mm", "0.75in"]),
            "font": self.font, "size": rng.choice(["14px", "15px", "16px", "10pt", "11pt"]),
            "accent": self.accent, "sep": rng.choice(["›", "/", ">", "»"]),
            "fcols": rng.choice([3, 4]), "pad": rng.choice(["3px 6px", "4px 8px", "2px 5px",
                                                              "5px 10px"]),
            "zebra": rng.choice(ZEBRA), "zebra2": rng.choice(ZEBRA + ["#dde3ea"]),
            "cardn": rng.choice([3, 4]),
        }

    # text -------------------------------------------------------------------
    def num(self, v: float, dec: int, grouped: bool = True) -> str:
        s = fmt_num(v, dec, self.nlang, grouped)
        if self.lang == "fr" and self.nnbsp:
            s = s.replace("\u00a0", "\u202f")
        return s.replace("-", self.minus) if v < 0 else s

    def pct(self, s: str) -> str:
        return s + ("%" if self.lang == "en" else "\u00a0%")

    def money(self, s: str) -> str:
        return self.cur + s if self.cur != "€" else s + "\u00a0€"

    def date(self, shift: int = 0) -> str:
        m = (self.month + shift) % 12
        return self.w["date"].format(d=self.rng.randint(1, 28), M=self.w["months"][m],
                                     y=self.year + (self.month + shift) // 12)

    def sentence(self) -> str:
        w, rng = self.w, self.rng
        s = f"{rng.choice(w['subj'])} {rng.choice(w['verb'])} {rng.choice(w['tail'])}"
        if rng.random() < 0.4:
            s += f" ({self.pct(self.num(rng.uniform(-5, 12), 1))})"
        return s + "."

    def paras(self, lo: int, hi: int) -> None:
        for _ in range(self.rng.randint(lo, hi)):
            self.out.append("<p>" + esc(" ".join(self.sentence()
                                                 for _ in range(self.rng.randint(2, 5))))
                            + "</p>")

    def h2(self, text: str | None = None) -> None:
        self.out.append(f"<h2>{esc(text or self.rng.choice(self.w['headings']))}</h2>")

    def listing(self) -> None:
        tag = self.rng.choice(["ul", "ol"])
        items = "".join(f"<li>{esc(self.sentence())}</li>"
                        for _ in range(self.rng.randint(2, 5)))
        self.out.append(f"<{tag}>{items}</{tag}>")

    # values -----------------------------------------------------------------
    def value(self, kind: str, fmt: dict) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.03:
            return ""
        if r < 0.07:
            return rng.choice(self.w["na"])
        if kind == "count":
            return self.num(rng.randint(20, 2_999_999), 0)
        if kind == "thou":
            return self.num(rng.uniform(1, 9_999), 1)
        if kind == "pct":
            s = self.num(rng.uniform(0, 100), 1)
            return self.pct(s) if fmt["pct"] else s
        if kind == "chg":
            v = rng.uniform(-15, 25)
            s = self.num(v, 1)
            return "+" + s if v >= 0 and fmt["plus"] else s
        if kind == "money":
            s = self.num(rng.uniform(100, 999_999), fmt["dec"])
            return self.money(s) if fmt["cur"] else s
        if kind == "index":
            return self.num(rng.uniform(80, 160), 1)
        return self.num(rng.uniform(0, 60), 1)  # rate

    def mark(self, p: float) -> str:
        return self.rng.choice(["1", "2", "3", "a", "b"]) if self.rng.random() < p else ""

    # tables -----------------------------------------------------------------
    def stub_rows(self, nrows: int, long: bool, small: bool) -> tuple[str, list]:
        rng, w = self.rng, self.w
        if long:
            head = rng.choice(w["period"])
            sections = rng.random() < 0.5
            months = rng.random() < 0.5
            per_year = 12 if months else 4
            years = nrows // (per_year + (1 if sections else 0)) + 1
            rows = []
            for y in range(self.year - years + 1, self.year + 1):
                if sections:
                    rows.append((0, str(y), "section"))
                for k in range(per_year):
                    if sections:
                        lab = w["mon_abbr"][k] if months else \
                            w["quarter_sub"].format(q=k + 1)
                    elif months:
                        lab = f"{w['mon_abbr'][k]} {y}"
                    else:
                        lab = w["quarter"][0].format(q=k + 1, y=y)
                    rows.append((1 if sections else 0, lab, "data"))
            start = max(0, len(rows) - nrows)
            while sections and rows[start][2] != "section":
                start -= 1  # a cut starts at a year
            return head, rows[start:]
        head, tree = rng.choice(list(w["stubs"].items()))
        if small:
            kids = [k for _, ks in tree for k in ks]
            start = rng.randrange(max(1, len(kids) - nrows + 1))
            rows = [(0, k, "data") for k in kids[start:start + nrows]]
            if rng.random() < 0.5:
                rows.append((0, rng.choice(w["total"]), "total"))
            return head, rows
        sections = rng.random() < 0.45
        rows = []
        for grp, kids in tree:
            rows.append((0, grp, "section" if sections else "group"))
            rows += [(1, k, "data") for k in kids]
        total = (0, rng.choice(w["total"]), "total")
        rows = rows[:nrows - 1]
        while rows and rows[-1][2] != "data":
            rows.pop()
        return head, ([total] + rows if rng.random() < 0.5 else rows + [total])

    def make_head(self, t: Table, nd: int, stub_head: str) -> list[str]:
        """Header rows of ``t`` (``nd`` data columns); the value kind of each data column."""
        rng, w = self.rng, self.w
        stub = HCell(stub_head if rng.random() < 0.8 else "", role="stubhead")
        years = [str(self.year - k) for k in range(5, -1, -1)]
        ms = rng.sample(w["measures"], min(3, len(w["measures"])))
        r = rng.random()
        if nd >= 4 and r < 0.25:  # three header rows: years over groups over measures
            combos = [(tot, ny, a) for tot in (0, 1) for ny in (1, 2, 3) for a in (2, 3)
                      if tot + ny * a * 2 == nd]
            if combos:
                tot, ny, a = rng.choice(combos)
                stub.rs = 3
                top, mid, low = [(0, stub)], [], []
                kinds = []
                col = 1
                if tot:
                    top.append((1, HCell(rng.choice(w["total"]), rs=3)))
                    kinds.append("count")
                    col = 2
                groups = rng.sample(w["groups"], a)
                for y in years[-ny:]:
                    top.append((col, HCell(y, cs=2 * a)))
                    for g in groups:
                        mid.append((col, HCell(g, cs=2)))
                        for j in range(2):
                            low.append((col + j, HCell(ms[j][0], mark=self.mark(0.05))))
                            kinds.append(ms[j][1])
                        col += 2
                t.head = [top, mid, low]
                return kinds
        if nd >= 3 and r < 0.65:  # two header rows: group labels over measures
            stub.rs = 2
            top, low = [(0, stub)], []
            kinds = []
            col = 1
            if rng.random() < 0.3:
                m = rng.choice(w["measures"])
                top.append((1, HCell(m[0], rs=2, mark=self.mark(0.1))))
                kinds.append(m[1])
                col = 2
            by_year = rng.random() < 0.45
            labels = years if by_year else rng.sample(w["groups"], len(w["groups"]))
            width = rng.choice([2, 2, 3])
            gi = 0
            while col <= nd:
                k = min(width, nd - col + 1)
                if k == 1:
                    m = rng.choice(w["measures"])
                    top.append((col, HCell(m[0], rs=2)))
                    kinds.append(m[1])
                else:
                    top.append((col, HCell(labels[gi % len(labels)], cs=k,
                                           mark=self.mark(0.05))))
                    for j in range(k):
                        low.append((col + j, HCell(ms[j][0])))
                        kinds.append(ms[j][1])
                col += k
                gi += 1
            t.head = [top, low]
            return kinds
        if rng.random() < 0.4:  # years across, one measure
            kind = rng.choice(w["measures"])[1]
            hs = [str(self.year - nd + 1 + j) for j in range(nd)]
            kinds = [kind] * nd
        else:
            picked = rng.sample(w["measures"], min(nd, len(w["measures"])))
            while len(picked) < nd:
                picked.append(rng.choice(w["measures"]))
            hs, kinds = [m[0] for m in picked], [m[1] for m in picked]
        t.head = [[(0, stub)] + [(j + 1, HCell(h, mark=self.mark(0.06)))
                                 for j, h in enumerate(hs)]]
        return kinds

    def make_table(self, ncols: int, nrows: int, long: bool = False,
                   small: bool = False) -> Table:
        rng, w = self.rng, self.w
        stub_head, stub = self.stub_rows(nrows, long, small)
        t = Table(ncols)
        fmt = {"pct": rng.random() < 0.5, "plus": rng.random() < 0.6,
               "cur": rng.random() < 0.4, "dec": rng.choice([0, 0, 2])}
        kinds = self.make_head(t, ncols - 1, stub_head)
        merge = rng.random() < 0.5
        group_bold = rng.random() < 0.5
        for lv, lab, kind in stub:
            if kind == "section":
                if merge:
                    t.body.append([(0, HCell(lab, cs=ncols, bold=True, role="sec"))])
                else:
                    t.body.append([(0, HCell(lab, bold=True, role="sec"))]
                                  + [(j, HCell("")) for j in range(1, ncols)])
                continue
            bold = kind == "total" or (kind == "group" and group_bold)
            row = [(0, HCell(lab, mark=self.mark(0.05), bold=bold, indent=lv,
                             role="total" if kind == "total" else ""))]
            for j in range(ncols - 1):
                v = self.value(kinds[j], fmt)
                row.append((j + 1, HCell(v, mark=self.mark(0.015) if v else "", num=True,
                                         bold=bold)))
            t.body.append(row)
        y0 = self.year - rng.randint(1, 10)
        measure = rng.choice(w["measures"])[0]
        measure = measure.split(" (")[0]
        self.ntab += 1
        cap = rng.choice(w["captions"]).format(m=measure, s=stub_head, y=self.year, y0=y0)
        t.caption = w["table"].format(n=self.ntab, t=cap[0].upper() + cap[1:])
        return t

    def add_table(self, ncols: int, nrows: int, long: bool = False, small: bool = False,
                  size: str | None = None, cap_tag: str = "h3") -> str:
        """The HTML of a new table (its caption, the table, source and notes)."""
        rng, w = self.rng, self.w
        t = self.make_table(ncols, nrows, long, small)
        style = rng.choice(STYLES)
        t.ruled_v = style == "grid"
        self.tables.append(t)
        cls = {"zebra": "zebra" + (" hfill" if rng.random() < 0.5 else ""), "hair": "hair",
               "grid": "grid", "dark": "dark" + (" lines" if rng.random() < 0.5 else ""),
               "bs": "table table-sm" + (" table-striped" if rng.random() < 0.5 else ""),
               "book": "book"}[style]
        size = size or rng.choice(SMALL_SIZES if small else TABLE_SIZES)
        font = self.tfont if rng.random() < 0.8 else rng.choice(FONTS)
        width = "width:100%;" if (rng.random() < 0.5 or ncols >= 9) else ""
        stub_w = rng.choice(["", "", "7em", "9em", "11em"]) if not small else ""
        head_align = rng.choice(["r", "c", "l"])
        out = []
        caption = rng.random() < 0.5
        if not caption:
            out.append(f'<{cap_tag} class="cap">{esc(t.caption)}</{cap_tag}>')
        out.append(f'<table class="t {cls}" style="font-size:{size};font-family:{esc(font)};'
                   f'{width}">')
        if caption:
            out.append(f"<caption>{esc(t.caption)}</caption>")
        out.append("<thead>")
        for row in t.head:
            out.append("<tr>")
            for c, cell in row:
                attrs = (f' colspan="{cell.cs}"' if cell.cs > 1 else "") + \
                        (f' rowspan="{cell.rs}"' if cell.rs > 1 else "")
                al = "l" if c == 0 else ("c" if cell.cs > 1 else head_align)
                sw = f' style="width:{stub_w}"' if c == 0 and stub_w else ""
                out.append(f'<th class="{al}"{attrs}{sw}>{cell.html}</th>')
            out.append("</tr>")
        out.append("</thead><tbody>")
        for row in t.body:
            first = row[0][1]
            trc = {"sec": ' class="sec"', "total": ' class="total"'}.get(first.role, "")
            if first.bold and not first.role:
                trc = ' class="total"'
            out.append(f"<tr{trc}>")
            for c, cell in row:
                if c == 0:
                    cs = f' colspan="{cell.cs}"' if cell.cs > 1 else ""
                    ind = f' class="i{cell.indent}"' if cell.indent else ""
                    out.append(f'<th scope="row"{cs}{ind}>{cell.html}</th>')
                else:
                    out.append(f'<td class="n">{cell.html}</td>')
            out.append("</tr>")
        out.append("</tbody></table>")
        marks = sorted({m for row in t.head + t.body for _, c in row
                        for m in SUP if c.text.endswith(SUP[m])})
        if rng.random() < 0.7:
            out.append(f'<p class="tnote">{esc(w["source"] + rng.choice(w["sources"]))}</p>')
        for m in marks:
            out.append(f'<p class="tnote"><sup>{m}</sup> {esc(rng.choice(w["notes"]))}</p>')
        if rng.random() < 0.3:
            out.append(f'<p class="tnote">{esc(rng.choice(w["notes"]))}</p>')
        return "\n".join(out)

    # blocks with tables ------------------------------------------------------
    def block_table(self) -> None:
        rng = self.rng
        self.h2()
        self.paras(1, 3)
        n = rng.choice([1, 1, 2])
        for _ in range(n):
            self.out.append(self.add_table(rng.randint(3, 8), rng.randint(5, 12 if n == 2
                                                                         else 18)))
            if rng.random() < 0.5:
                self.paras(1, 2)

    def block_wide(self) -> None:
        self.h2()
        self.paras(1, 1)
        self.out.append(self.add_table(self.rng.randint(9, 12), self.rng.randint(6, 14),
                                       size=self.rng.choice(SMALL_SIZES)))

    def block_long(self) -> None:
        self.h2()
        self.paras(1, 2)
        self.out.append(self.add_table(self.rng.randint(3, 6), self.rng.randint(40, 70),
                                       long=True))

    def block_two(self) -> None:
        rng = self.rng
        self.h2()
        self.paras(1, 2)
        tag = rng.choice(["h3", "h4"])
        a = self.add_table(rng.randint(2, 4), rng.randint(4, 10), small=True, cap_tag=tag)
        b = self.add_table(rng.randint(2, 4), rng.randint(4, 10), small=True, cap_tag=tag)
        self.out.append(f'<div class="pair"><div>{a}</div><div>{b}</div></div>')
        self.paras(0, 2)

    def block_multicol(self) -> None:
        rng = self.rng
        self.h2()
        self.out.append('<div class="mc">')
        self.paras(1, 3)
        self.out.append(self.add_table(rng.randint(2, 3), rng.randint(4, 8), small=True,
                                       cap_tag="h4"))
        self.paras(2, 4)
        self.out.append("</div>")

    # blocks without tables ---------------------------------------------------
    def block_prose(self) -> None:
        for _ in range(self.rng.randint(2, 3)):
            self.h2()
            self.paras(1, 3)
            if self.rng.random() < 0.7:
                self.listing()

    def block_prose2(self) -> None:
        self.h2()
        self.out.append('<div class="cols2">')
        for _ in range(self.rng.randint(2, 3)):
            self.out.append(f"<h3>{esc(self.rng.choice(self.w['headings']))}</h3>")
            self.paras(2, 3)
            if self.rng.random() < 0.4:
                self.listing()
        self.out.append("</div>")

    def card_value(self, kind: str) -> str:
        rng = self.rng
        if kind == "pct":
            return self.pct(self.num(rng.uniform(1, 80), 1))
        if kind == "mil":
            return f"{self.num(rng.uniform(1, 70), 1)} {self.w['million']}"
        if kind == "thou":
            return self.num(rng.randint(10_000, 999_000), 0)
        if kind == "money":
            return self.money(self.num(rng.randint(300, 4_000), 0))
        v = rng.uniform(-2, 3)
        return ("+" if v >= 0 else "") + self.pct(self.num(v, 1))

    def block_cards(self) -> None:
        rng, w = self.rng, self.w
        self.h2(rng.choice(w["cards_title"]))
        look = rng.choice(["box", "fill", "plain"])
        cards = []
        for lab, kind in rng.sample(w["cards"], rng.randint(3, min(8, len(w["cards"])))):
            v = rng.uniform(0.1, 2.5)
            up = rng.random() < 0.5
            a = rng.choice(w["up"] if up else w["down"])
            chg = rng.choice(w["chg"]).format(a=a, v=self.num(v, 1))
            big, lab_html = esc(self.card_value(kind)), f'<div class="lab">{esc(lab)}</div>'
            cards.append(f'<div class="card {look}">'
                         + (lab_html + f'<div class="big">{big}</div>' if rng.random() < 0.4
                            else f'<div class="big">{big}</div>' + lab_html)
                         + f'<div class="chg">{esc(chg)}</div></div>')
        self.out.append('<div class="cards">' + "".join(cards) + "</div>")
        self.paras(1, 2)

    def block_dl(self) -> None:
        rng, w = self.rng, self.w
        self.h2(rng.choice(w["about_title"]))
        items = []
        for k, v in rng.sample(w["kv"], rng.randint(5, len(w["kv"]))):
            if v == "date":
                v = self.date(rng.randint(0, 2))
            elif v == "period":
                m = w["months"]
                v = f"{m[(self.month - 3) % 12]} – {m[(self.month - 1) % 12]} {self.year}"
            items.append(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>")
        cls = rng.choice(["two", "two", "four"]) + (" ruled" if rng.random() < 0.5 else "")
        self.out.append(f'<dl class="kv {cls}">' + "".join(items) + "</dl>")
        self.paras(0, 2)

    def nice(self, top: float) -> float:
        for step in (1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
            if top / step <= 6:
                return step
        return 2000

    def block_chart(self) -> None:
        rng, w = self.rng, self.w
        self.h2()
        self.paras(1, 2)
        self.nfig += 1
        m = rng.choice(w["measures"])[0].split(" (")[0]
        s, tree = rng.choice(list(w["stubs"].items()))
        title = w["figure"].format(n=self.nfig, t=f"{m}, {s}, {self.year}")
        out = [f'<figure class="fig"><figcaption>{esc(title)}</figcaption>']
        dec = rng.choice([0, 1])
        top = rng.choice([8, 12, 40, 100, 900, 2500])
        if rng.random() < 0.5:  # inline SVG column chart
            if rng.random() < 0.5:
                cats = [w["quarter"][0].format(q=q + 1, y=self.year - 1 + (q + 2) // 4)
                        for q in range(rng.randint(4, 8))]
            else:
                cats = [str(self.year - k) for k in range(rng.randint(4, 9), -1, -1)]
            vals = [rng.uniform(0.2, 1) * top for _ in cats]
            step = self.nice(max(vals))
            ymax = step * (int(max(vals) / step) + 1)
            wd, ht, left, bot, tp = 640, 280, 56, 40, 16
            ph = ht - bot - tp
            bw = (wd - left - 10) / len(cats)
            svg = [f'<svg viewBox="0 0 {wd} {ht}" width="100%" style="max-width:{wd}px;'
                   f'font-size:11px;font-family:{esc(self.font)}">']
            k = 0
            while k * step <= ymax + 1e-9:
                y = tp + ph - k * step / ymax * ph
                svg.append(f'<line x1="{left}" x2="{wd - 10}" y1="{y:.1f}" y2="{y:.1f}" '
                           f'stroke="#ddd"/><text x="{left - 6}" y="{y + 4:.1f}" '
                           f'text-anchor="end">{esc(self.num(k * step, 0 if step >= 1 else 1))}'
                           "</text>")
                k += 1
            for i, (c, v) in enumerate(zip(cats, vals, strict=True)):
                h = v / ymax * ph
                x = left + i * bw + bw * 0.15
                svg.append(f'<rect x="{x:.1f}" y="{tp + ph - h:.1f}" width="{bw * 0.7:.1f}" '
                           f'height="{h:.1f}" fill="{self.accent}"/>')
                if rng.random() < 0.8:
                    svg.append(f'<text x="{x + bw * 0.35:.1f}" y="{tp + ph - h - 4:.1f}" '
                               f'text-anchor="middle">{esc(self.num(v, dec))}</text>')
                svg.append(f'<text x="{x + bw * 0.35:.1f}" y="{ht - bot + 16}" '
                           f'text-anchor="middle">{esc(c)}</text>')
            svg.append(f'<line x1="{left}" x2="{wd - 10}" y1="{tp + ph}" y2="{tp + ph}" '
                       'stroke="#333"/></svg>')
            out.append("".join(svg))
        else:  # horizontal bars of divs
            kids = [k for _, ks in tree for k in ks]
            cats = kids[:rng.randint(4, min(10, len(kids)))]
            vals = [rng.uniform(0.1, 1) * top for _ in cats]
            step = self.nice(max(vals))
            xmax = step * (int(max(vals) / step) + 1)
            for c, v in zip(cats, vals, strict=True):
                out.append(f'<div class="hb"><span class="lab">{esc(c)}</span>'
                           f'<span class="track"><span class="bar" style="width:'
                           f'{100 * v / xmax:.1f}%"></span></span>'
                           f'<span class="val">{esc(self.num(v, dec))}</span></div>')
            ticks = "".join(f"<span>{esc(self.num(k * step, 0 if step >= 1 else 1))}</span>"
                            for k in range(int(round(xmax / step)) + 1))
            out.append(f'<div class="ticks">{ticks}</div>')
        out.append(f'<p class="tnote">{esc(w["source"] + rng.choice(w["sources"]))}</p>'
                   "</figure>")
        self.out.append("\n".join(out))
        self.paras(0, 2)

    def block_toc(self) -> None:
        rng, w = self.rng, self.w
        self.h2(rng.choice(w["toc_title"]))
        look = rng.choice(["dotted", "chars"])
        numbered = rng.random() < 0.5
        page = rng.randint(1, 3)
        items = []
        for k, ent in enumerate(rng.sample(w["headings"], rng.randint(5, len(w["headings"])))):
            page += rng.randint(1, 4)
            sub = k > 0 and rng.random() < 0.25
            lab = (f"{k + 1}. " if numbered and not sub else "") + ent
            lead = "" if look == "dotted" else " ." * 120
            items.append(f'<li{" class=sub" if sub else ""}><span>{esc(lab)}</span>'
                         f'<span class="lead">{lead}</span><span>{page}</span></li>')
        self.out.append(f'<ul class="toc {look}">' + "".join(items) + "</ul>")

    def block_form(self) -> None:
        rng, w = self.rng, self.w
        look = rng.choice(["grid", "stack"])
        out = [f'<form class="alerts {look}"><h2>{esc(rng.choice(w["form_title"]))}</h2>',
               f"<p>{esc(self.sentence())}</p>"]
        for i, lab in enumerate(rng.sample(w["form"], rng.randint(3, len(w["form"])))):
            ph = f' placeholder="{esc(rng.choice(w["placeholder"]))}"' \
                if rng.random() < 0.3 else ""
            out.append(f'<div class="fg"><label class="lb" for="f{i}">{esc(lab)}</label>'
                       f'<input type="text" id="f{i}"{ph}></div>')
        sel, opts = w["form_select"]
        out.append(f'<div class="fg"><label class="lb">{esc(sel)}</label><select>'
                   + "".join(f"<option>{esc(o)}</option>" for o in opts) + "</select></div>")
        leg, checks = w["form_check"]
        out.append(f"<fieldset><legend>{esc(leg)}</legend>"
                   + " ".join(f'<label><input type="checkbox"'
                              f'{" checked" if rng.random() < 0.3 else ""}> {esc(c)}</label>'
                              for c in checks) + "</fieldset>")
        out.append(f'<button type="button">{esc(rng.choice(w["button"]))}</button></form>')
        self.out.append("\n".join(out))

    # the page ---------------------------------------------------------------
    def furniture_top(self) -> None:
        rng, w = self.rng, self.w
        agency = rng.choice(w["agency"])
        links = rng.sample(w["nav"], rng.randint(4, len(w["nav"])))
        menu = "".join(f'<a href="#">{esc(a)}</a>' for a in links)
        if rng.random() < 0.5:
            self.out.append(f'<header class="site band"><div class="brand">{esc(agency)}</div>'
                            f'<nav class="menu">{menu}</nav></header>')
        else:
            self.out.append(f'<header class="site rule"><div class="brand">{esc(agency)}'
                            f'</div></header><nav class="menu bar">{menu}</nav>')
        crumbs = w["crumbs"][:1] + rng.sample(w["crumbs"][1:], rng.randint(2, 4))
        self.out.append('<ol class="crumbs">' + "".join(
            f'<li><a href="#">{esc(c)}</a></li>' for c in crumbs) + "</ol>")
        title = rng.choice(w["titles"]).format(mon=w["months"][self.month], y=self.year)
        self.out.append(f"<h1>{esc(title)}</h1>")
        meta = [w["release"].format(d=self.date())]
        if rng.random() < 0.7:
            meta.append(w["next"].format(d=self.date(rng.randint(1, 3))))
        self.out.append('<div class="meta">' + "<br>".join(esc(m) for m in meta) + "</div>")

    def furniture_bottom(self) -> None:
        w = self.w
        cols = "".join(f"<div><h4>{esc(h)}</h4><ul>"
                       + "".join(f'<li><a href="#">{esc(a)}</a></li>' for a in links)
                       + "</ul></div>" for h, links in w["footer"])
        self.out.append(f'<footer class="foot"><div class="cols">{cols}</div>'
                        f'<p class="copy">{esc(w["copy"].format(y=self.year))}</p></footer>')

    def build(self) -> str:
        rng = self.rng
        self.furniture_top()
        kinds = ["table", "table", "table", "table", "two", "wide", "long", "multicol",
                 "prose", "cards", "dl", "chart", "chart", "prose2", "form"]
        plan = [rng.choice(["toc", "cards", "prose", "dl", "table"])]
        plan += [rng.choice(kinds) for _ in range(rng.randint(4, 6))]
        for i, kind in enumerate(plan):
            brk = i > 0 and rng.random() < 0.3
            self.out.append(f'<section{" class=pb" if brk else ""}>')
            getattr(self, f"block_{kind}")()
            self.out.append("</section>")
        self.furniture_bottom()
        return (f'<!DOCTYPE html>\n<html lang="{self.lang}"><head><meta charset="utf-8">'
                f"<title>{esc(self.w['agency'][0])}</title><style>{self.css}</style></head>"
                "<body>\n" + "\n".join(self.out) + "\n</body></html>\n")


# ----------------------------------------------------------------------------- PDFs and truth
def pdf_chars(pdf: bytes) -> tuple[str, list[tuple[int, float]], list[int]]:
    """The document's text, NFKC lower-case alphanumerics (``word_pages.norm``), with each
    character's (page index, top of its box), and where each page starts in the text."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument(pdf)
    chars: list[str] = []
    where: list[tuple[int, float]] = []
    starts = []
    for p in range(len(doc)):
        starts.append(len(chars))
        page = doc[p]
        tp = page.get_textpage()
        for i in range(tp.count_chars()):
            u = pdfium_c.FPDFText_GetUnicode(tp.raw, i)
            n = norm(chr(u)) if u else ""
            if n:
                top = tp.get_charbox(i, loose=True)[3]
                for ch in n:
                    chars.append(ch)
                    where.append((p, top))
        tp.close()
        page.close()
    doc.close()
    return "".join(chars), where, starts


def truth(doc: Doc, pdf: bytes, name: str) -> dict:
    """Tables of ``doc`` on the pages where Chromium set their rows (see the module docstring):
    each table's caption (which must occur once), then each body row, is looked for in the
    document's text after the one before it; each header cell must be found between the caption
    (on a new page: the page's start) and the first row on that page, word by word (Chromium
    paints a cell spanning header rows, or the second line of one, after the row below); a
    first row whose text a header word also holds is looked for after the header."""
    whole, where, starts = pdf_chars(pdf)
    tables = []
    cursor = 0

    def page_of(k: int) -> int:
        return bisect.bisect_right(starts, k) - 1

    for k, t in enumerate(doc.tables):
        what = f"{name}: table {k + 1}"
        cap = norm(t.caption)
        if whole.count(cap) != 1:
            raise RuntimeError(f"{what} caption found {whole.count(cap)} times in the PDF text")
        at = whole.find(cap, cursor)
        if at < 0:
            raise RuntimeError(f"{what} caption not found after the previous table")
        cursor = at + len(cap)
        heads = [norm(wd) for row in t.head for _, c in row for wd in c.text.split()
                 if norm(wd)]
        pages: list[int] = []
        tops: list[float] = []
        for i, row in enumerate(t.body):
            sig = norm("".join(c.text for _, c in row))
            at = whole.find(sig, cursor)
            if not sig or at < 0:
                raise RuntimeError(f"{what} row {i} not found in the PDF text")
            p = page_of(at)
            if not pages or p != pages[-1]:  # the header rows, on this page before the row
                lo = max(cursor, starts[p])
                found = [whole.find(h, lo) for h in heads]
                if any(f < 0 or page_of(f) != p for f in found):
                    raise RuntimeError(f"{what} header not printed on page {p + 1}")
                end = max(f + len(h) for f, h in zip(found, heads, strict=True))
                if at < end:  # the row's text is also a header's ("2019"): after the header
                    at = whole.find(sig, end)
                    if at < 0 or page_of(at) != p:
                        raise RuntimeError(f"{what} row {i} not found after the header on "
                                           f"page {p + 1}")
            if page_of(at + len(sig) - 1) != p:
                raise RuntimeError(f"{what} row {i} split over two pages")
            top = where[at][1]
            if pages and p == pages[-1] and top >= tops[-1] - 1:
                raise RuntimeError(f"{what} row {i} not below row {i - 1} (a column break?)")
            pages.append(p)
            tops.append(top)
            cursor = at + len(sig)
        for p in sorted(set(pages)):
            idx = [i for i, q in enumerate(pages) if q == p]
            tables.append({"page": p + 1, **t.truth(idx)})
    return {"source": f"bench/html_pages.py seed {doc.seed}", "tables": tables,
            "pages_annotated": list(range(1, len(starts) + 1))}


def seeds(docs: int) -> list[int]:
    """Tuning seeds 0..docs-1, then validation seeds 1000..1000+docs-1."""
    return list(range(docs)) + list(range(VALIDATION_SEED, VALIDATION_SEED + docs))


def name_of(seed: int) -> str:
    return f"html_{seed:04d}"


def _version() -> str:
    return hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:10]


def _pages(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    n = len(doc)
    doc.close()
    return n


def build(seed: int, cache: Path) -> tuple[bytes, dict, str]:
    """(PDF, truth, HTML) of ``seed``: its first draw that Chromium prints on 3-6 pages
    (each draw's PDF cached in ``cache`` by seed, draw and this file's hash)."""
    from tests.extract.invoice_html import render_pdf

    for attempt in range(ATTEMPTS):
        d = Doc(seed, attempt)
        page = d.build()
        hit = cache / f"{name_of(seed)}_{attempt}_{_version()}.pdf"
        if hit.exists():
            pdf = hit.read_bytes()
        else:
            pdf = render_pdf(page)
            cache.mkdir(parents=True, exist_ok=True)
            hit.write_bytes(pdf)
        if MIN_PAGES <= _pages(pdf) <= MAX_PAGES:
            return pdf, truth(d, pdf, name_of(seed)), page
    raise RuntimeError(f"{name_of(seed)}: no draw on {MIN_PAGES}-{MAX_PAGES} pages")


def write(out: Path, docs: int = 24) -> list[str]:
    """Write the documents of ``docs`` tuning and ``docs`` validation seeds under ``out``
    (Chromium's PDFs cached in ``out/cache`` by seed and this file's hash)."""
    def one(seed: int) -> tuple[bytes, dict]:
        pdf, gt, _ = build(seed, out / "cache")
        return pdf, gt

    return write_documents(out, [(name_of(s), s) for s in seeds(docs)], one)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=24, help="documents per part")
    ap.add_argument("--seed", type=int, help="only this seed (also writes its .html)")
    args = ap.parse_args()
    if args.seed is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        pdf, gt, page = build(args.seed, Path(tempfile.mkdtemp()))
        (args.out / f"{name_of(args.seed)}.html").write_text(page, encoding="utf-8")
        write_one(args.out, name_of(args.seed), pdf, gt)
        return 0
    names = write(args.out, args.docs)
    print(f"{len(names)} documents under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
