"""Agency report pages with known tables, written in Word (python-docx), printed by LibreOffice.

    .venv/bin/python bench/word_pages.py OUT_DIR [--docs 24] [--seed N]

A third generated table set, after ``bench/report_pages.py`` (reportlab) and
``bench/gov_pages.py`` (Typst), made the way most government reports are: a Word document
exported to PDF, here by LibreOffice (its own line breaking, table layout, font fallback and
PDF writer). Writes ``OUT_DIR/pdf/word_SSSS.pdf`` and ``OUT_DIR/gt/word_SSSS.json`` in the
tables-extra layout (``tables``: page, rows, spans; ``pages_annotated``: every page), so
``bench/table_bench.py --word`` scores it like tables-extra. Seeds 0..N-1 are the tuning part,
seeds 1000..1000+N-1 the validation part (``bench/splits/word.tsv``).

The layouts were fixed (and committed) before Sheaf was first run on the set:

Tables (a caption "Table 3: ..." or "Tabelle 3: ..." above, optional "Source: ..." and note
paragraphs below; none of these is a cell):

* Word built-in table styles of python-docx's default template: Table Grid, Light Shading /
  Light List / Light Grid, Medium Shading 1 / 2, Medium List, Medium Grid (plain or accent
  1-6), or "Normal Table" (no borders) with a bottom border under the header row drawn by
  hand; header rows bold, shaded by ``w:shd`` or as the style draws them; zebra rows shaded
  by ``w:shd`` on some;
* one or two header rows: group headers over their columns (``cell.merge`` across), the stub
  head merged down over both header rows, single columns merged down;
* a stub column of labels, sub-rows indented by the paragraph's left indent, section rows
  (a label alone, merged across the row or not), total rows in bold;
* numbers right-aligned by paragraph alignment or by a decimal / right tab stop, in the
  language's format (English 1,234.5, German 1.234,5, French 1 234,5 with a no-break space),
  percents, changes with a minus sign, "-" and "x" / "n/a" / "…" for missing values;
* wide tables (9-12 columns, autofit) on landscape sections, long tables continued over a
  page break with the header row repeated (``w:tblHeader``), narrow tables in a two-column
  section with prose around them;
* fonts Liberation Sans / Serif, DejaVu Sans, Calibri and Cambria (whatever LibreOffice puts
  in their place), 8-11 pt in tables.

Pages without tables (each a chance for a false table): prose with headings and bulleted or
numbered lists; an "at a glance" block of label / value lines lined up by tab stops; a table of
contents with dot-leader tab stops and page numbers; a form with labels and underlined blanks
(tab leaders and underlined runs) and check boxes; a two-column prose section.

Page truth: LibreOffice decides the page breaks, so each table row is found afterwards in the
PDF text (pypdfium2: the row's cell texts, alphanumerics only, in order); a table whose rows
fall on two pages is two truth tables, each with the (repeated) header rows. A document whose
rows cannot all be placed, or are placed out of order, is an error, not a guess.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

from report_pages import write_documents, write_one

VALIDATION_SEED = 1000
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FONTS = ["Liberation Sans", "Liberation Serif", "DejaVu Sans", "Calibri", "Cambria", "Arial",
         "Times New Roman"]
STYLES = ["Table Grid", "Table Grid", "Light Shading", "Light List", "Light Grid",
          "Medium Shading 1", "Medium Shading 2", "Medium List 1", "Medium Grid 1",
          "Normal Table", "Normal Table"]
ACCENTS = ["", " Accent 1", " Accent 2", " Accent 3", " Accent 4", " Accent 5", " Accent 6"]
FILLS = ["D9D9D9", "DEEAF6", "E2EFD9", "FBE4D5", "F2F2F2", "1F4E79", "2E74B5", "BDD7EE"]
DARK = {"1F4E79", "2E74B5"}

L: dict[str, dict] = {
    "en": {
        "table": "Table", "source": "Source: ", "note": "Note: ",
        "total": ["Total", "All persons", "United States", "Total, all industries"],
        "stubs": {
            "Region": [("Northeast", ["New England", "Middle Atlantic"]),
                       ("Midwest", ["East North Central", "West North Central"]),
                       ("South", ["South Atlantic", "East South Central",
                                  "West South Central"]),
                       ("West", ["Mountain", "Pacific"])],
            "Industry": [("Goods-producing", ["Mining and logging", "Construction",
                                              "Manufacturing"]),
                         ("Service-providing", ["Wholesale trade", "Retail trade",
                                                "Transportation and warehousing",
                                                "Information", "Financial activities"]),
                         ("Government", ["Federal", "State", "Local"])],
            "Characteristic": [("Age", ["Under 18 years", "18 to 24 years", "25 to 44 years",
                                        "45 to 64 years", "65 years and over"]),
                               ("Sex", ["Male", "Female"]),
                               ("Education", ["Less than high school", "High school graduate",
                                              "Some college", "Bachelor's degree or higher"])],
            "Program": [("Grants", ["Formula grants", "Discretionary grants",
                                    "Block grants"]),
                        ("Operations", ["Salaries and expenses", "Information technology",
                                        "Facilities and rent"]),
                        ("Trust funds", ["Highway Trust Fund", "Airport and Airway Trust Fund"])],
        },
        "measures": ["Number", "Percent", "Change (%)", "Amount ($000)", "Rate per 1,000",
                     "Employees", "Households", "Median income ($)", "Share of total (%)",
                     "Obligations ($ millions)", "Outlays", "Target", "Actual"],
        "groups": ["Male", "Female", "Urban", "Rural", "Full-time", "Part-time", "Budget",
                   "Actual"],
        "na": ["n/a", "-", "(NA)", "…"],
        "headings": ["Introduction", "Summary of Findings", "Program Performance",
                     "Methodology", "Budget Overview", "Regional Trends",
                     "Data Quality", "Outlook", "Background", "Key Results"],
        "subj": ["The number of applications", "Total obligations", "The unemployment rate",
                 "Program participation", "Median household income", "Staffing levels",
                 "The share of grants awarded", "Processing time"],
        "verb": ["increased", "declined", "remained stable", "rose sharply", "fell slightly",
                 "was broadly unchanged"],
        "tail": ["compared with the previous fiscal year", "in most regions",
                 "for the third consecutive year", "after adjustment for inflation",
                 "in the second half of the year", "relative to the 2019 baseline"],
        "glance": ["Population", "Households", "Median age", "Labor force", "Budget authority",
                   "Full-time equivalents", "Grants awarded", "Field offices", "Report period",
                   "Contact"],
        "toc": ["Executive Summary", "Introduction", "Program Overview", "Financial Summary",
                "Performance Results", "Regional Detail", "Appendix A: Methodology",
                "Appendix B: Detailed Tables", "Glossary"],
        "form": ["Name of agency", "Address", "City", "State", "ZIP code", "Telephone",
                 "E-mail", "Date", "Signature", "Title of certifying official",
                 "Employer identification number"],
        "check": ["Yes", "No", "Not applicable", "New application", "Renewal", "Amendment"],
        "contents": "Contents", "glance_title": "At a Glance", "form_title": "Application Form",
    },
    "de": {
        "table": "Tabelle", "source": "Quelle: ", "note": "Anmerkung: ",
        "total": ["Insgesamt", "Deutschland", "Zusammen"],
        "stubs": {
            "Land": [("Früheres Bundesgebiet", ["Baden-Württemberg", "Bayern", "Bremen",
                                                "Hamburg", "Hessen", "Niedersachsen",
                                                "Nordrhein-Westfalen"]),
                     ("Neue Länder", ["Brandenburg", "Mecklenburg-Vorpommern", "Sachsen",
                                      "Sachsen-Anhalt", "Thüringen"])],
            "Wirtschaftszweig": [("Produzierendes Gewerbe", ["Bergbau", "Verarbeitendes "
                                                             "Gewerbe", "Energieversorgung",
                                                             "Baugewerbe"]),
                                 ("Dienstleistungsbereiche", ["Handel", "Verkehr und Lagerei",
                                                              "Gastgewerbe",
                                                              "Information und "
                                                              "Kommunikation"])],
            "Merkmal": [("Alter", ["unter 18 Jahre", "18 bis unter 25 Jahre",
                                   "25 bis unter 65 Jahre", "65 Jahre und älter"]),
                        ("Geschlecht", ["männlich", "weiblich"])],
        },
        "measures": ["Anzahl", "Anteil in %", "Veränderung in %", "1.000 EUR", "Insgesamt",
                     "Beschäftigte", "Betriebe", "Umsatz (Mill. EUR)", "je 1.000 Einwohner"],
        "groups": ["Männlich", "Weiblich", "Vollzeit", "Teilzeit", "Soll", "Ist"],
        "na": ["-", "x", "."],
        "headings": ["Einleitung", "Ergebnisse im Überblick", "Methodische Hinweise",
                     "Entwicklung der Ausgaben", "Regionale Unterschiede", "Ausblick"],
        "subj": ["Die Zahl der Beschäftigten", "Der Umsatz", "Die Arbeitslosenquote",
                 "Die Zahl der Anträge", "Das Haushaltsvolumen", "Der Anteil der Frauen"],
        "verb": ["stieg", "sank", "blieb nahezu unverändert", "erhöhte sich deutlich",
                 "verringerte sich leicht"],
        "tail": ["gegenüber dem Vorjahr", "in den meisten Ländern", "im dritten Jahr in Folge",
                 "preisbereinigt", "im zweiten Halbjahr"],
        "glance": ["Bevölkerung", "Haushalte", "Durchschnittsalter", "Erwerbstätige",
                   "Haushaltsansatz", "Stellen", "Berichtszeitraum", "Ansprechpartner"],
        "toc": ["Zusammenfassung", "Einleitung", "Methodik", "Ergebnisse", "Finanzen",
                "Anhang", "Glossar", "Tabellenverzeichnis"],
        "form": ["Name der Behörde", "Anschrift", "Postleitzahl, Ort", "Telefon", "E-Mail",
                 "Datum", "Unterschrift", "Aktenzeichen"],
        "check": ["Ja", "Nein", "Erstantrag", "Folgeantrag"],
        "contents": "Inhalt", "glance_title": "Auf einen Blick", "form_title": "Antrag",
    },
    "fr": {
        "table": "Tableau", "source": "Source : ", "note": "Note : ",
        "total": ["Ensemble", "France entière", "Total"],
        "stubs": {
            "Région": [("France métropolitaine", ["Auvergne-Rhône-Alpes", "Bretagne",
                                                  "Grand Est", "Hauts-de-France",
                                                  "Île-de-France", "Normandie", "Occitanie",
                                                  "Pays de la Loire"]),
                       ("Outre-mer", ["Guadeloupe", "Martinique", "La Réunion"])],
            "Secteur": [("Industrie", ["Industrie manufacturière", "Énergie", "Construction"]),
                        ("Services", ["Commerce", "Transports", "Hébergement et "
                                                               "restauration",
                                      "Services aux entreprises"])],
            "Caractéristique": [("Âge", ["Moins de 25 ans", "25 à 49 ans", "50 ans ou plus"]),
                                ("Sexe", ["Hommes", "Femmes"])],
        },
        "measures": ["Effectif", "Part (%)", "Évolution (%)", "Montant (k€)", "Total",
                     "Salariés", "Établissements", "Taux (‰)", "Dépenses (M€)"],
        "groups": ["Hommes", "Femmes", "Temps plein", "Temps partiel", "Prévu", "Réalisé"],
        "na": ["///", "-", "n.d.", "s"],
        "headings": ["Introduction", "Principaux résultats", "Méthodologie",
                     "Évolution des dépenses", "Disparités régionales", "Perspectives"],
        "subj": ["Le nombre de demandeurs", "Le chiffre d'affaires", "Le taux de chômage",
                 "La part des femmes", "Le montant des aides", "L'emploi salarié"],
        "verb": ["a augmenté", "a diminué", "est resté stable", "a nettement progressé",
                 "a légèrement reculé"],
        "tail": ["par rapport à l'année précédente", "dans la plupart des régions",
                 "pour la troisième année consécutive", "en euros constants",
                 "au second semestre"],
        "glance": ["Population", "Ménages", "Âge médian", "Actifs", "Budget", "Effectifs",
                   "Période", "Contact"],
        "toc": ["Synthèse", "Introduction", "Méthodologie", "Résultats", "Finances",
                "Annexes", "Glossaire", "Liste des tableaux"],
        "form": ["Nom de l'organisme", "Adresse", "Code postal", "Commune", "Téléphone",
                 "Courriel", "Date", "Signature", "Numéro SIRET"],
        "check": ["Oui", "Non", "Première demande", "Renouvellement"],
        "contents": "Sommaire", "glance_title": "En bref", "form_title": "Formulaire de demande",
    },
}
TITLES = {"en": ["{m} by {s}, {y}", "{s}: {m}, {y} and {y2}", "Summary of {m} by {s}"],
          "de": ["{m} nach {s} {y}", "{s}: {m} {y} und {y2}"],
          "fr": ["{m} par {s} en {y}", "{s} : {m}, {y} et {y2}"]}


def fmt_num(v: float, decimals: int, lang: str, grouped: bool = True) -> str:
    s = f"{abs(v):,.{decimals}f}" if grouped else f"{abs(v):.{decimals}f}"
    if lang == "de":
        s = s.replace(",", "_").replace(".", ",").replace("_", ".")
    elif lang == "fr":
        s = s.replace(",", "\u00a0").replace(".", ",")
    return ("-" if v < 0 else "") + s


class Cell:
    __slots__ = ("text", "rs", "cs", "num", "bold", "indent")

    def __init__(self, text: str, rs: int = 1, cs: int = 1, num: bool = False,
                 bold: bool = False, indent: int = 0):
        self.text, self.rs, self.cs, self.num = text, rs, cs, num
        self.bold, self.indent = bold, indent


class Table:
    """Header rows and body rows as lists of (column, cell); a cell covers rs x cs."""

    def __init__(self, ncols: int):
        self.ncols = ncols
        self.head: list[list[tuple[int, Cell]]] = []
        self.body: list[list[tuple[int, Cell]]] = []
        self.caption = ""
        self.ruled_v = True  # inner vertical rules: a merge across a row is visible

    def truth(self, body_idx: list[int]) -> dict:
        rows_all = self.head + [self.body[i] for i in body_idx]
        grid = [[""] * self.ncols for _ in rows_all]
        spans = []
        for r, row in enumerate(rows_all):
            for c, cell in row:
                grid[r][c] = cell.text
                if cell.cs == self.ncols and not self.ruled_v:
                    continue  # a label merged across a row no rule shows: a label cell
                if cell.rs > 1 or cell.cs > 1:
                    spans.append([r, c, cell.rs, cell.cs])
        return {"rows": grid, "spans": spans}


def norm(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", s).lower() if ch.isalnum())


class Doc:
    def __init__(self, seed: int):
        import docx

        self.seed = seed
        self.rng = rng = random.Random(seed * 7919 + 17)
        self.lang = rng.choice(["en", "en", "en", "de", "fr"])
        self.w = L[self.lang]
        self.doc = docx.Document()
        self.font = rng.choice(FONTS)
        self.size = rng.choice([10, 10.5, 11, 11, 12])
        self.tables: list[Table] = []
        self.ntab = 0
        self.cols = 1
        self.fresh = True
        self.year = rng.randint(2015, 2024)
        st = self.doc.styles["Normal"]
        st.font.name = self.font
        self._east_asia(st.element, self.font)
        from docx.shared import Pt
        st.font.size = Pt(self.size)
        st.paragraph_format.space_after = Pt(rng.choice([0, 4, 6, 8]))
        for name in ("Heading 1", "Heading 2"):
            self.doc.styles[name].font.name = rng.choice([self.font, "Liberation Sans"])
        sec = self.doc.sections[0]
        from docx.shared import Inches
        if rng.random() < 0.5:  # US letter, else A4
            sec.page_width, sec.page_height = Inches(8.5), Inches(11)
        else:
            sec.page_width, sec.page_height = Inches(8.27), Inches(11.69)
        m = Inches(rng.choice([0.75, 1.0, 1.0, 1.25]))
        sec.left_margin = sec.right_margin = m
        sec.top_margin = sec.bottom_margin = Inches(rng.choice([0.75, 1.0]))
        if rng.random() < 0.6:
            p = sec.header.paragraphs[0]
            p.text = rng.choice(["Annual Performance Report", "Statistischer Bericht",
                                 "Rapport annuel", "Office of Inspector General"])
            p.runs[0].font.size = Pt(8)

    # helpers ---------------------------------------------------------------
    @staticmethod
    def _east_asia(el, font: str) -> None:
        from docx.oxml.ns import qn
        rpr = el.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:
            for k in ("w:ascii", "w:hAnsi", "w:cs"):
                fonts.set(qn(k), font)

    def sentence(self) -> str:
        w, rng = self.w, self.rng
        s = f"{rng.choice(w['subj'])} {rng.choice(w['verb'])} {rng.choice(w['tail'])}"
        if rng.random() < 0.4:
            s += f" ({fmt_num(rng.uniform(-9, 30), 1, self.lang)} %)"
        return s + "."

    def para(self, n: int) -> None:
        self.fresh = False
        p = self.doc.add_paragraph(" ".join(self.sentence() for _ in range(n)))
        if self.rng.random() < 0.6:
            p.alignment = 3  # justify

    def heading(self, text: str | None = None, level: int = 1) -> None:
        self.fresh = False
        self.doc.add_heading(text or self.rng.choice(self.w["headings"]), level=level)

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK
        if not self.fresh:
            self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        self.fresh = False

    def text_width(self) -> int:
        """Width of a text column of the current section (EMU)."""
        sec = self.doc.sections[-1]
        return (sec.page_width - sec.left_margin - sec.right_margin - self.cols * 360000
                + 360000) // self.cols

    def section(self, landscape: bool = False, cols: int = 1) -> None:
        from docx.enum.section import WD_ORIENT, WD_SECTION
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        prev = self.doc.sections[-1]
        sec = prev if self.fresh else self.doc.add_section(WD_SECTION.NEW_PAGE)
        w, h = prev.page_width, prev.page_height
        if landscape != (w > h):
            sec.page_width, sec.page_height = h, w
        sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        el = sec._sectPr.find(qn("w:cols"))
        if el is None:
            el = OxmlElement("w:cols")
            sec._sectPr.append(el)
        el.set(qn("w:num"), str(cols))
        el.set(qn("w:space"), "567")
        self.cols = cols
        self.fresh = True

    def value(self, kind: str) -> tuple[str, bool]:
        rng, lang = self.rng, self.lang
        if rng.random() < 0.04:
            return rng.choice(self.w["na"]), True
        if kind == "count":
            return fmt_num(rng.randint(20, 2_999_999), 0, lang), True
        if kind == "pct":
            return fmt_num(rng.uniform(0, 100), 1, lang), True
        if kind == "chg":
            return fmt_num(rng.uniform(-25, 40), 1, lang), True
        if kind == "money":
            return fmt_num(rng.uniform(100, 999_999), rng.choice([0, 0, 2]), lang), True
        return str(rng.randint(1, 999)), True

    # tables -----------------------------------------------------------------
    def make_table(self, ncols: int, nrows: int) -> Table:
        rng, w = self.rng, self.w
        stub_head = rng.choice(list(w["stubs"]))
        tree = w["stubs"][stub_head]
        stub: list[tuple[int, str, str]] = [(0, rng.choice(w["total"]), "total")]
        section_rows = rng.random() < 0.4
        for grp, kids in tree:
            stub.append((0, grp, "section" if section_rows else "data"))
            stub += [(1, k, "data") for k in kids]
        if nrows > len(stub):  # long: the stub again under year sections
            base = [(lv, lab, "data" if k == "section" and not section_rows else k)
                    for lv, lab, k in stub]
            stub = []
            for y in range(self.year - 8, self.year + 1):
                stub.append((0, str(y), "section"))
                stub += [(min(lv + 1, 2), lab, "data" if k == "total" else k)
                         for lv, lab, k in base]
        stub = stub[:nrows]
        while stub and stub[-1][2] == "section":
            stub.pop()
        t = Table(ncols)
        kinds = [rng.choice(["count", "pct", "chg", "money", "count"]) for _ in range(ncols - 1)]
        two = ncols >= 4 and rng.random() < 0.55
        years = rng.random() < 0.4
        if two:
            top: list[tuple[int, Cell]] = [(0, Cell(stub_head, rs=2))]
            low: list[tuple[int, Cell]] = []
            col = 1
            if rng.random() < 0.3:  # a single column merged down both header rows
                top.append((1, Cell(rng.choice(w["measures"]), rs=2)))
                col = 2
            groups = rng.sample(w["groups"], len(w["groups"]))
            gi = 0
            while col < ncols:
                width = min(rng.choice([2, 2, 3]), ncols - col)
                label = str(self.year - 1 + gi) if years else groups[gi % len(groups)]
                if width == 1:
                    top.append((col, Cell(rng.choice(w["measures"]), rs=2)))
                else:
                    top.append((col, Cell(label, cs=width)))
                    ms = rng.sample(w["measures"], width)
                    low += [(col + j, Cell(ms[j])) for j in range(width)]
                col += width
                gi += 1
            t.head = [top, low]
        else:
            if years:
                hs = [str(self.year - ncols + 1 + j) for j in range(ncols - 1)]
            else:
                hs = rng.sample(w["measures"], min(ncols - 1, len(w["measures"])))
                while len(hs) < ncols - 1:
                    hs.append(f"{rng.choice(w['measures'])} {len(hs)}")
            t.head = [[(0, Cell(stub_head))] + [(j + 1, Cell(h)) for j, h in enumerate(hs)]]
        merge_sections = rng.random() < 0.5
        for lv, lab, kind in stub:
            if kind == "section":
                cs = ncols if merge_sections else 1
                t.body.append([(0, Cell(lab, cs=cs, bold=True))])
                continue
            row = [(0, Cell(lab, indent=lv, bold=kind == "total"))]
            row += [(j + 1, Cell(self.value(kinds[j])[0], num=True, bold=kind == "total"))
                    for j in range(ncols - 1)]
            t.body.append(row)
        return t

    def shade(self, cell, fill: str) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        tc_pr = cell._tc.get_or_add_tcPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), fill)
        tc_pr.append(shd)

    def border(self, cell, side: str, size: int = 8) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        tc_pr = cell._tc.get_or_add_tcPr()
        b = tc_pr.find(qn("w:tcBorders"))
        if b is None:
            b = OxmlElement("w:tcBorders")
            shd = tc_pr.find(qn("w:shd"))
            if shd is not None:
                shd.addprevious(b)
            else:
                tc_pr.append(b)
        e = OxmlElement(f"w:{side}")
        e.set(qn("w:val"), "single")
        e.set(qn("w:sz"), str(size))
        e.set(qn("w:color"), "000000")
        b.append(e)

    def add_table(self, ncols: int, nrows: int, repeat: bool = False,
                  size: float | None = None) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Inches, Pt, RGBColor

        rng, w = self.rng, self.w
        self.fresh = False
        t = self.make_table(ncols, nrows)
        self.ntab += 1
        title = rng.choice(TITLES[self.lang]).format(
            m=rng.choice(w["measures"]), s=rng.choice(list(w["stubs"])), y=self.year - 1,
            y2=self.year)
        cap = self.doc.add_paragraph()
        sep = rng.choice([": ", ". ", " – ", "\t"])
        t.caption = f"{w['table']} {self.ntab}{sep}{title}"
        r = cap.add_run(t.caption)
        r.bold = rng.random() < 0.7
        if rng.random() < 0.3:
            cap.style = self.doc.styles["Caption"]
        cap.paragraph_format.keep_with_next = True
        style = rng.choice(STYLES)
        if style not in ("Table Grid", "Normal Table"):
            style += rng.choice(ACCENTS)
        nr = len(t.head) + len(t.body)
        tbl = self.doc.add_table(rows=nr, cols=ncols)
        tbl.style = self.doc.styles[style]
        tbl.autofit = rng.random() < 0.7
        size = size or rng.choice([8, 9, 9, 10, self.size])
        head_fill = rng.choice(FILLS) if rng.random() < 0.45 else None
        head_bold = rng.random() < 0.75
        zebra = rng.choice(["F2F2F2", "EAF1FB"]) if rng.random() < 0.2 else None
        # numbers placed by a decimal / right tab stop near the cell's right edge
        tabbed = rng.choice(["decimal", "right"]) if rng.random() < 0.25 else ""
        # column widths: the text column's width, the stub wider (merged cells get the sum)
        avail = self.text_width() * rng.choice([1.0, 1.0, 0.9, 0.8]) / 635  # twips
        first = avail * rng.uniform(0.22, 0.4) if ncols > 2 else avail * 0.55
        # a Word user widens a column or shrinks the font rather than let a number wrap
        longest = max((len(c.text) for row in t.body for _, c in row if c.num), default=1)

        def need(sz: float) -> float:  # twips a value column needs at font size sz
            return (0.66 * sz * longest + 14) * 20

        while size > 6.5 and avail - (ncols - 1) * need(size) < 0.3 * avail:
            size -= 0.5
        if avail - (ncols - 1) * need(size) < 0.22 * avail and self.cols == 1:
            sec = self.doc.sections[-1]  # wider than the text, into the right margin
            avail = min((sec.page_width - sec.left_margin) / 635 - 500,
                        (ncols - 1) * need(size) / 0.78)
            first = 0.22 * avail
        if avail - (ncols - 1) * need(size) < first:
            first = max(avail - (ncols - 1) * need(size), 0.3 * avail)
        widths = [int(first)] + [int((avail - first) / (ncols - 1))] * (ncols - 1)
        for gc, wd in zip(tbl._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
            gc.set(qn("w:w"), str(wd))
        # the table style's special first column and banded rows: as Word's defaults
        look = tbl._tbl.tblPr.find(qn("w:tblLook"))
        if look is None:
            look = OxmlElement("w:tblLook")
            tbl._tbl.tblPr.append(look)
        look.set(qn("w:val"), rng.choice(["04A0", "0420", "0620", "04A0"]))
        # merges first (texts after, into the top-left cell)
        rows_all = t.head + t.body
        for r_i, row in enumerate(rows_all):
            for c, cell in row:
                if cell.rs > 1 or cell.cs > 1:
                    a = tbl.cell(r_i, c)
                    b = tbl.cell(r_i + cell.rs - 1, c + cell.cs - 1)
                    a.merge(b)
        for r_i, row in enumerate(rows_all):
            is_head = r_i < len(t.head)
            body_i = r_i - len(t.head)
            for c, cell in row:
                tc = tbl.cell(r_i, c)
                p = tc.paragraphs[0]
                run = p.add_run(cell.text)
                run.font.size = Pt(size)
                run.bold = cell.bold or (is_head and head_bold)
                if is_head:
                    if head_fill:
                        self.shade(tc, head_fill)
                        dark = head_fill in DARK
                        run.font.color.rgb = RGBColor(*(0xFF, 0xFF, 0xFF) if dark else (0, 0, 0))
                    if c > 0:
                        p.alignment = rng.choice([WD_ALIGN_PARAGRAPH.CENTER,
                                                  WD_ALIGN_PARAGRAPH.RIGHT]) \
                            if r_i == 0 else WD_ALIGN_PARAGRAPH.CENTER
                    if style == "Normal Table" and r_i + cell.rs == len(t.head):
                        self.border(tc, "bottom")
                    if style == "Normal Table" and r_i == 0:
                        self.border(tc, "top", 12)
                else:
                    if zebra and body_i % 2 == 1:
                        self.shade(tc, zebra)
                    if cell.num:
                        if tabbed:
                            right = widths[c] / 1440 - 0.17  # inches
                            if tabbed == "decimal":
                                right -= 2.2 * 0.6 * size / 72
                            p.paragraph_format.tab_stops.add_tab_stop(
                                Inches(right), WD_TAB_ALIGNMENT.DECIMAL
                                if tabbed == "decimal" else WD_TAB_ALIGNMENT.RIGHT)
                            p.runs[0].text = "\t" + cell.text
                        else:
                            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    elif cell.indent:
                        p.paragraph_format.left_indent = Inches(0.15 * cell.indent)
                p.paragraph_format.space_after = Pt(0)
                p.paragraph_format.space_before = Pt(0)
        for row in tbl.rows:  # the table's font size and spacing on empty cells too
            for tc in row.cells:
                for p in tc.paragraphs:
                    if not p.runs:
                        p.paragraph_format.space_after = Pt(0)
                        p.paragraph_format.space_before = Pt(0)
                        rpr = OxmlElement("w:rPr")  # the paragraph mark's size
                        sz = OxmlElement("w:sz")
                        sz.set(qn("w:val"), str(int(size * 2)))
                        rpr.append(sz)
                        p._p.get_or_add_pPr().append(rpr)
        if repeat or rng.random() < 0.5:
            for r_i in range(len(t.head)):
                tr_pr = tbl.rows[r_i]._tr.get_or_add_trPr()
                e = OxmlElement("w:tblHeader")
                e.set(qn("w:val"), "true")
                tr_pr.append(e)
        if style == "Normal Table":
            for c in range(ncols):
                self.border(tbl.cell(nr - 1, c), "bottom")
        for tr in tbl._tbl.tr_lst:  # each cell's width: the grid columns it spans
            col = 0
            for tc in tr.tc_lst:
                span = tc.grid_span
                tc.get_or_add_tcPr().get_or_add_tcW()
                tc.tcPr.tcW.type = "dxa"
                tc.tcPr.tcW.w = Inches(sum(widths[col:col + span]) / 1440)
                col += span
        t.ruled_v = style.startswith(("Table Grid", "Light Grid", "Medium Grid"))
        self.tables.append(t)
        if rng.random() < 0.7:
            p = self.doc.add_paragraph()
            run = p.add_run(w["source"] + rng.choice(
                ["Agency administrative records.", "Annual survey, " + str(self.year) + ".",
                 "Statistisches Bundesamt (Destatis).", "Insee, estimations de population."]))
            run.font.size = Pt(8)
            run.italic = rng.random() < 0.5
        if rng.random() < 0.3:
            p = self.doc.add_paragraph()
            run = p.add_run(w["note"] + self.sentence())
            run.font.size = Pt(8)

    # pages -----------------------------------------------------------------
    def page_table(self) -> None:
        rng = self.rng
        self.heading()
        self.para(rng.randint(2, 4))
        n = rng.choice([1, 1, 2])
        for _ in range(n):
            self.add_table(rng.randint(3, 7), rng.randint(5, 12 if n == 2 else 18))
            if rng.random() < 0.5:
                self.para(rng.randint(1, 3))

    def page_wide(self) -> None:
        rng = self.rng
        land = rng.random() < 0.7
        self.section(landscape=land)
        self.heading(level=2)
        self.add_table(rng.randint(9, 12) if land else rng.randint(8, 10),
                       rng.randint(6, 14), size=rng.choice([7, 8, 8, 9]))
        self.section()

    def page_continued(self) -> None:
        rng = self.rng
        self.heading()
        self.para(rng.randint(1, 3))
        self.add_table(rng.randint(3, 6), rng.randint(45, 70), repeat=True)

    def page_twocol(self) -> None:
        rng = self.rng
        self.section(cols=2)
        self.heading()
        self.para(rng.randint(3, 6))
        self.add_table(rng.randint(2, 3), rng.randint(4, 9), size=8)
        self.para(rng.randint(3, 8))
        self.heading(level=2)
        self.para(rng.randint(3, 6))
        self.section()

    def page_prose2(self) -> None:
        rng = self.rng
        self.section(cols=2)
        for _ in range(rng.randint(2, 3)):
            self.heading(level=2)
            self.para(rng.randint(4, 8))
        self.section()

    def page_prose(self) -> None:
        rng = self.rng
        for _ in range(rng.randint(2, 3)):
            self.heading()
            self.para(rng.randint(3, 6))
            if rng.random() < 0.6:
                style = rng.choice(["List Bullet", "List Number"])
                for _ in range(rng.randint(2, 5)):
                    self.doc.add_paragraph(self.sentence(), style=style)

    def page_glance(self) -> None:
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Inches
        rng, w = self.rng, self.w
        self.heading(w["glance_title"])
        right = rng.random() < 0.5
        stop = Inches(rng.choice([2.5, 3.5, 4.5]))  # one tab stop for the block
        for lab in rng.sample(w["glance"], rng.randint(5, len(w["glance"]))):
            val = fmt_num(rng.uniform(10, 9_999_999), rng.choice([0, 1]), self.lang)
            p = self.doc.add_paragraph()
            colon = ":" if rng.random() < 0.6 else ""
            p.paragraph_format.tab_stops.add_tab_stop(
                stop, WD_TAB_ALIGNMENT.RIGHT if right else WD_TAB_ALIGNMENT.LEFT)
            p.add_run(f"{lab}{colon}\t").bold = rng.random() < 0.5
            p.add_run(val)
            p.paragraph_format.space_after = 0
        self.doc.add_paragraph()
        self.heading(level=2)
        self.para(rng.randint(2, 4))
        for _ in range(rng.randint(3, 5)):
            self.doc.add_paragraph(self.sentence(), style="List Bullet")

    def page_toc(self) -> None:
        from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
        from docx.shared import Inches
        rng, w = self.rng, self.w
        self.heading(w["contents"])
        page = rng.randint(1, 5)
        for k, ent in enumerate(rng.sample(w["toc"], rng.randint(5, len(w["toc"])))):
            page += rng.randint(1, 6)
            p = self.doc.add_paragraph()
            p.paragraph_format.tab_stops.add_tab_stop(Inches(6.0), WD_TAB_ALIGNMENT.RIGHT,
                                                      WD_TAB_LEADER.DOTS)
            num = f"{k + 1}.\t" if rng.random() < 0.5 else ""
            p.add_run(f"{num}{ent}\t{page}")
            if rng.random() < 0.3:
                p.paragraph_format.left_indent = Inches(0.3)
        if rng.random() < 0.6:
            self.heading(self.w["table"] + "s" if self.lang == "en" else w["toc"][-1], 2)
            for k in range(rng.randint(3, 7)):
                page += rng.randint(1, 4)
                p = self.doc.add_paragraph()
                p.paragraph_format.tab_stops.add_tab_stop(Inches(6.0), WD_TAB_ALIGNMENT.RIGHT,
                                                          WD_TAB_LEADER.DOTS)
                p.add_run(f"{w['table']} {k + 1}: {rng.choice(w['measures'])} "
                          f"{rng.choice(list(w['stubs']))}\t{page}")

    def page_form(self) -> None:
        from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
        from docx.shared import Inches
        rng, w = self.rng, self.w
        self.heading(w["form_title"])
        self.para(1)
        for k, lab in enumerate(rng.sample(w["form"], rng.randint(5, len(w["form"])))):
            p = self.doc.add_paragraph()
            if rng.random() < 0.5:  # a tab leader of underscores to the right margin
                p.paragraph_format.tab_stops.add_tab_stop(Inches(6.0), WD_TAB_ALIGNMENT.RIGHT,
                                                          WD_TAB_LEADER.LINES)
                p.add_run(f"{k + 1}. {lab}:\t" if rng.random() < 0.4 else f"{lab}\t")
            else:
                p.add_run(f"{lab}: ")
                p.add_run("\u00a0" * rng.randint(40, 70)).underline = True
        self.doc.add_paragraph()
        for _ in range(rng.randint(1, 3)):
            p = self.doc.add_paragraph(self.sentence() + "  ")
            for c in rng.sample(w["check"], 2):
                p.add_run(f"  \u2610 {c}")

    def build(self) -> bytes:
        import io
        rng = self.rng
        kinds = ["table", "table", "table", "wide", "continued", "twocol", "prose2", "prose",
                 "glance", "toc", "form"]
        plan = [rng.choice(["toc", "glance", "prose", "table"])]
        plan += [rng.choice(kinds) for _ in range(rng.randint(2, 4))]
        self.title = self.doc.add_paragraph(rng.choice(
            ["Annual Report", "Fiscal Year Performance Report", "Jahresbericht",
             "Rapport d'activité"]) + f" {self.year}", style="Title")
        self.fresh = False
        for i, kind in enumerate(plan):
            if i and kind not in ("wide", "twocol", "prose2"):
                self.page_break()
            getattr(self, f"page_{kind}")()
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


# ----------------------------------------------------------------------------- PDFs and truth
def convert(docx: dict[str, bytes], cache: Path) -> dict[str, bytes]:
    """PDF of each named document (LibreOffice, one process for all those not cached)."""
    from tests.extract.office_pdf import soffice

    out, todo = {}, {}
    for key, data in docx.items():
        hit = cache / f"{key}.pdf"
        if hit.exists():
            out[key] = hit.read_bytes()
        else:
            todo[key] = data
    if todo:
        exe = soffice()
        if exe is None:
            raise RuntimeError("no LibreOffice (soffice) on this machine")
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            srcs = []
            for key, data in todo.items():
                Path(tmp, f"{key}.docx").write_bytes(data)
                srcs.append(os.path.join(tmp, f"{key}.docx"))
            subprocess.run([exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                            "--convert-to", "pdf", "--outdir", tmp, *srcs],
                           check=True, capture_output=True, timeout=60 + 20 * len(srcs))
            for key in todo:
                pdf = Path(tmp, f"{key}.pdf").read_bytes()
                (cache / f"{key}.pdf").write_bytes(pdf)
                out[key] = pdf
    return out


def page_texts(pdf: bytes) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    out = []
    for page in doc:
        tp = page.get_textpage()
        out.append(norm(tp.get_text_range()))
        tp.close()
        page.close()
    doc.close()
    return out


def truth(doc: Doc, pdf: bytes, name: str) -> dict:
    """Tables of ``doc`` on the pages where LibreOffice set their rows: each table's header
    caption, then each body row, is looked for (cell texts in order, alphanumerics only) in the
    document's text after the one before it, so a row is placed where it was set even when
    its text also occurs elsewhere."""
    import bisect

    texts = page_texts(pdf)
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t)
    whole = "".join(texts)
    tables = []
    cursor = 0
    for k, t in enumerate(doc.tables):
        cap = norm(t.caption)
        at = whole.find(cap, cursor)
        if at < 0:
            raise RuntimeError(f"{name}: table {k + 1} caption not found in the PDF text")
        cursor = at + len(cap)
        pages = []
        for i, row in enumerate(t.body):
            sig = norm("".join(c.text for _, c in row))
            at = whole.find(sig, cursor)
            if not sig or at < 0:
                raise RuntimeError(f"{name}: table {k + 1} row {i} not found in the PDF text")
            cursor = at + len(sig)
            pages.append(bisect.bisect_right(starts, at) - 1)
        for p in sorted(set(pages)):
            idx = [i for i, q in enumerate(pages) if q == p]
            tables.append({"page": p + 1, **t.truth(idx)})
    return {"source": f"bench/word_pages.py seed {doc.seed}", "tables": tables,
            "pages_annotated": list(range(1, len(texts) + 1))}


def seeds(docs: int) -> list[int]:
    """Tuning seeds 0..docs-1, then validation seeds 1000..1000+docs-1."""
    return list(range(docs)) + list(range(VALIDATION_SEED, VALIDATION_SEED + docs))


def name_of(seed: int) -> str:
    return f"word_{seed:04d}"


def _version() -> str:
    return hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:10]


def write(out: Path, docs: int = 24) -> list[str]:
    """Write the documents of ``docs`` tuning and ``docs`` validation seeds under ``out``
    (LibreOffice's PDFs cached in ``out/cache`` by seed and this file's hash)."""
    made = {s: Doc(s) for s in seeds(docs)}
    keys = {s: f"{name_of(s)}_{_version()}" for s in made}
    pdfs = convert({keys[s]: d.build() for s, d in made.items()}, out / "cache")
    built = {s: (pdfs[keys[s]], truth(made[s], pdfs[keys[s]], name_of(s))) for s in made}
    return write_documents(out, [(name_of(s), s) for s in made], built.__getitem__)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=24, help="documents per part")
    ap.add_argument("--seed", type=int, help="only this seed (also writes its .docx)")
    args = ap.parse_args()
    if args.seed is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        d = Doc(args.seed)
        data = d.build()
        (args.out / f"{name_of(args.seed)}.docx").write_bytes(data)
        pdf = convert({name_of(args.seed): data}, Path(tempfile.mkdtemp()))[name_of(args.seed)]
        write_one(args.out, name_of(args.seed), pdf, truth(d, pdf, name_of(args.seed)))
        return 0
    names = write(args.out, args.docs)
    print(f"{len(names)} documents under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
