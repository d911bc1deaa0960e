"""Government statistical-publication pages with known tables, typeset by Typst.

    .venv/bin/python bench/gov_pages.py OUT_DIR [--docs 24]

A second generated table set, written apart from ``bench/report_pages.py`` (reportlab, by the
authors of the table rules) and with another typesetter (Typst: its own line breaking, font
subsetting and PDF writer), modelled on US statistical publications (Census Bureau reports and
the Statistical Abstract, BLS releases, agency annual reports). Writes
``OUT_DIR/pdf/gov_SSSS.pdf`` and ``OUT_DIR/gt/gov_SSSS.json`` in the tables-extra layout
(``tables``: page, rows, spans; ``pages_annotated``: every page), so ``bench/table_bench.py
--gov`` scores it like tables-extra. Seeds 0..N-1 are the tuning part, seeds 1000..1000+N-1 the
validation part (``bench/splits/gov.tsv``).

The layouts were fixed (and committed) before Sheaf was first run on the set:

Tables ("Table 12. Title" above, optional headnote "[In thousands. ...]" or "(In thousands)",
notes, symbol legend, numbered footnotes and "Source: ..." below; none of these is a cell):

* a stub column of row labels at up to three levels of indent, section rows that hold only a
  label ("Male", "NORTHEAST"), optional panel rows spanning the whole table ("PERCENT
  DISTRIBUTION"), total rows, dot leaders from the label to the first column on some tables;
* column headers of one, two or three levels: group headers spanning their columns, a stub
  head and single columns spanning the header rows, headers that wrap in narrow columns,
  units in headers ("(1,000)", "(dol.)"), footnote markers (superscripts or "1/");
* values with thousands separators, decimals, percents, dollars, changes with a minus sign or
  in parentheses, index numbers, and the symbols "(NA)", "(X)", "(D)", "(Z)", "(S)", "-",
  "..." and "(B)"; superscript markers on some labels and values;
* rule styles: Statistical-Abstract (rules over and under the header, partial rules under
  group headers, bottom rule), BLS (boxed header, vertical rules between all columns),
  agency shaded header with light row rules, full grid, unruled with a header underline,
  zebra rows;
* fonts: DejaVu Sans (also condensed), DejaVu Serif, Libertinus Serif, New Computer Modern,
  7-9 pt, right-aligned numbers.

Pages (each document: 3-6 pages, a seed picks them):

* ``table``: a heading, a paragraph or two, one or two tables, notes;
* ``landscape``: one wide table (8-13 columns) on a landscape page, or set sideways on a
  portrait page;
* ``continued``: a long table split over two pages, the second titled "Table N.—Continued"
  with the header repeated ("See footnotes at end of table." under the first part);
* ``beside``: a narrow table in one column of a two-column page, prose in the other (or in
  the same column around it);
* ``prose2``: two-column prose with headings and footnotes, no table;
* ``chart``: a horizontal or vertical bar chart drawn with rectangles whose category, tick and
  value labels are text; no table;
* ``form``: a survey form: ruled boxes with small labels and entries, checkboxes, numbered
  lines with amounts and line numbers; no table;
* ``keyvalue``: a release box of label / value lines (with or without colons), contacts and
  a highlights list; no table;
* ``toc``: contents and a list of tables with dot leaders and page numbers; no table;
* ``prose``: one column of headings, paragraphs and a bulleted list; no table.

Only the tables are tables in the truth. Every other block that lines up is a chance for a
false table. Truth pages come from Typst itself (each body row carries a located marker),
so a table is always scored on the page it was set on.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from report_pages import write_documents, write_one

VALIDATION_SEED = 1000

FONTS = [("DejaVu Sans", "100%"), ("DejaVu Sans", "87.5%"), ("DejaVu Serif", "100%"),
         ("Libertinus Serif", "100%"), ("New Computer Modern", "100%")]
BODY_FONTS = ["Libertinus Serif", "New Computer Modern", "DejaVu Serif", "DejaVu Sans"]

AGENCIES = ["U.S. Census Bureau", "Bureau of Labor Statistics", "National Center for Health "
            "Statistics", "Bureau of Economic Analysis", "National Agricultural Statistics "
            "Service", "Energy Information Administration", "Bureau of Justice Statistics",
            "National Center for Education Statistics", "Internal Revenue Service, Statistics "
            "of Income Division", "Bureau of Transportation Statistics"]
SERIES = ["Current Population Reports", "Statistical Abstract of the United States",
          "Employment and Earnings", "Survey of Current Business", "Crop Production Annual "
          "Summary", "Monthly Energy Review", "Digest of Education Statistics",
          "Annual Report of the Secretary", "Current Industrial Reports"]

# stub trees: (label, children); children at the next indent level
REGIONS = [("Northeast", ["New England", "Middle Atlantic"]),
           ("Midwest", ["East North Central", "West North Central"]),
           ("South", ["South Atlantic", "East South Central", "West South Central"]),
           ("West", ["Mountain", "Pacific"])]
AGES = ["Under 5 years", "5 to 9 years", "10 to 14 years", "15 to 19 years", "20 to 24 years",
        "25 to 34 years", "35 to 44 years", "45 to 54 years", "55 to 64 years",
        "65 to 74 years", "75 years and over"]
INDUSTRIES = [("Goods-producing", ["Mining and logging", "Construction", "Manufacturing"]),
              ("Durable goods", ["Wood products", "Primary metals", "Fabricated metal products",
                                 "Machinery", "Transportation equipment"]),
              ("Service-providing", ["Wholesale trade", "Retail trade", "Transportation and "
                                     "warehousing", "Utilities", "Information"]),
              ("Financial activities", ["Finance and insurance", "Real estate and rental and "
                                        "leasing"]),
              ("Government", ["Federal", "State", "Local"])]
CPI = [("Food", ["Food at home", "Cereals and bakery products", "Meats, poultry, fish, and "
                 "eggs", "Dairy and related products", "Fruits and vegetables",
                 "Food away from home"]),
       ("Energy", ["Energy commodities", "Fuel oil", "Motor fuel", "Energy services",
                   "Electricity", "Utility (piped) gas service"]),
       ("All items less food and energy", ["Apparel", "New vehicles", "Medical care "
                                           "commodities", "Shelter", "Transportation services"])]
OUTLAYS = [("National defense", ["Military personnel", "Operation and maintenance",
                                 "Procurement"]),
           ("Human resources", ["Education, training, employment, and social services",
                                "Health", "Medicare", "Income security", "Social security",
                                "Veterans benefits and services"]),
           ("Physical resources", ["Energy", "Natural resources and environment",
                                   "Commerce and housing credit", "Transportation",
                                   "Community and regional development"]),
           ("Net interest", []), ("Undistributed offsetting receipts", [])]
CROPS = [("Feed grains", ["Corn for grain", "Sorghum for grain", "Oats", "Barley"]),
         ("Food grains", ["Wheat, all", "Winter", "Durum", "Other spring", "Rice"]),
         ("Oilseeds", ["Soybeans for beans", "Peanuts", "Sunflower", "Canola"]),
         ("Cotton", ["Upland", "American Pima"])]
RACES = ["White alone", "Black alone", "Asian alone", "American Indian and Alaska Native",
         "Two or more races", "Hispanic (of any race)", "White alone, not Hispanic"]
EDU = ["Less than 9th grade", "9th to 12th grade, no diploma", "High school graduate",
       "Some college, no degree", "Associate's degree", "Bachelor's degree",
       "Master's degree", "Professional degree", "Doctorate degree"]
TENURE = [("Owner occupied", ["With a mortgage", "Without a mortgage"]),
          ("Renter occupied", ["Public housing", "Subsidized", "Other"])]

# measure kind -> header words
MEASURES = {
    "count": ["Number", "Total", "Persons", "Households", "Establish-ments", "Employees",
              "Units"],
    "thou": ["Number (1,000)", "Population (1,000)", "Total (1,000)", "Employed (1,000)"],
    "pct": ["Percent", "Percent of total", "Percent distri-bution", "Share (percent)",
            "Rate"],
    "dol": ["Median income (dol.)", "Amount (mil. dol.)", "Payroll ($1,000)",
            "Mean earnings (dollars)", "Outlays (bil. dol.)"],
    "chg": ["Change", "Percent change", "Net change", "Change from prior year"],
    "index": ["Index", "Index (2005=100)", "Relative importance"],
    "se": ["Margin of error 1", "Standard error", "90-percent C.I. (+/-)"],
}

WORDS_SUBJ = ["The estimates in this report", "Median household income", "The unemployment "
              "rate", "The number of establishments", "Total outlays", "The poverty rate",
              "Employment in manufacturing", "The Consumer Price Index", "Production of corn",
              "Net farm income", "The labor force participation rate", "Average weekly hours"]
WORDS_VERB = ["increased", "declined", "was not statistically different", "rose",
              "fell", "remained unchanged", "changed little", "was revised"]
WORDS_TAIL = ["between 2011 and 2012", "for the second consecutive year", "in real terms",
              "after adjusting for inflation", "in three of the four regions",
              "compared with the 2010 estimate", "over the month", "at the 90 percent "
              "confidence level", "in nonmetropolitan areas", "since the 2007 recession"]
WORDS_EXTRA = ["Estimates are subject to sampling and nonsampling error.",
               "Data for prior years have been revised to reflect the 2010 Census "
               "population controls.",
               "For information on confidentiality protection, sampling error, and "
               "definitions, see the technical documentation.",
               "Differences are significant at the 90 percent confidence level unless "
               "otherwise noted.",
               "Dollar figures are in 2012 dollars, adjusted with the CPI-U-RS.",
               "Totals may not add because of rounding."]
HEADINGS = ["Highlights", "Income", "Poverty", "Health Insurance Coverage", "Employment",
            "Methodology", "Source of the Data", "Accuracy of the Estimates", "Introduction",
            "Summary of Findings", "Regional Differences", "Definitions", "Comments"]


# ----------------------------------------------------------------------------- helpers
def tstr(s: str) -> str:
    """A Typst string literal (no markup is interpreted in it)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def txt(s: str) -> str:
    """Markup that prints ``s`` as it is."""
    return "#" + tstr(s)


def sentence(rng: random.Random) -> str:
    s = f"{rng.choice(WORDS_SUBJ)} {rng.choice(WORDS_VERB)} {rng.choice(WORDS_TAIL)}"
    if rng.random() < 0.4:
        s += f", from {rng.randint(10, 90)}.{rng.randint(0, 9)} percent to " \
             f"{rng.randint(10, 90)}.{rng.randint(0, 9)} percent"
    s += "."
    if rng.random() < 0.25:
        s += " " + rng.choice(WORDS_EXTRA)
    return s


def paragraph(rng: random.Random, n: int) -> str:
    return " ".join(sentence(rng) for _ in range(n))


def value(rng: random.Random, kind: str, neg_paren: bool) -> str:
    if kind == "count":
        return f"{rng.randint(50, 9_999_999):,}"
    if kind == "thou":
        return f"{rng.uniform(1, 99_999):,.{rng.choice([0, 1])}f}"
    if kind == "pct":
        return f"{rng.uniform(0, 100):.1f}"
    if kind == "dol":
        v = rng.randint(100, 999_999)
        return f"{v:,}" if rng.random() < 0.8 else f"${v:,}"
    if kind == "chg":
        v = rng.uniform(-25, 25)
        s = f"{abs(v):.1f}"
        if v >= 0:
            return s
        return f"({s})" if neg_paren else f"-{s}"
    if kind == "index":
        return f"{rng.uniform(80, 260):.1f}"
    return f"{rng.uniform(0.1, 9.9):.1f}"  # se


SYMBOLS = ["(NA)", "(X)", "(D)", "(Z)", "(S)", "-", "...", "(B)"]
SYMBOL_NOTE = {"(NA)": "Not available.", "(X)": "Not applicable.",
               "(D)": "Withheld to avoid disclosing data for individual companies.",
               "(Z)": "Less than half the unit shown.", "(S)": "Figure does not meet "
               "publication standards.", "-": "Represents or rounds to zero.",
               "...": "Category not applicable.", "(B)": "Base figure too small to meet "
               "statistical standards for reliability."}


class Cell:
    __slots__ = ("text", "rs", "cs", "markup", "align", "bold")

    def __init__(self, text: str, rs: int = 1, cs: int = 1, markup: str | None = None,
                 align: str | None = None, bold: bool = False):
        self.text, self.rs, self.cs = text, rs, cs
        self.markup = markup if markup is not None else txt(text)
        self.align, self.bold = align, bold


class Table:
    """One table: header rows and body rows of cells, the truth grid and its Typst code."""

    def __init__(self, ncols: int):
        self.ncols = ncols
        self.head: list[list[tuple[int, Cell]]] = []  # per header row: (column, cell)
        self.body: list[list[tuple[int, Cell]]] = []
        self.kinds: list[str] = []  # per body row: data, section, panel, total

    def truth(self) -> dict:
        rows_all = self.head + self.body
        grid = [[""] * self.ncols for _ in rows_all]
        spans = []
        for r, row in enumerate(rows_all):
            for c, cell in row:
                grid[r][c] = cell.text
                if cell.rs > 1 or cell.cs > 1:
                    spans.append([r, c, cell.rs, cell.cs])
        return {"rows": grid, "spans": spans}


def make_stub(rng: random.Random, nrows: int) -> tuple[str, str, list[tuple[int, str, str]]]:
    """(topic, stub head, [(level, label, kind)]) for about ``nrows`` body rows."""
    pick = rng.randrange(8)
    rows: list[tuple[int, str, str]] = []
    if pick == 0:
        head = rng.choice(["Region and division", "Region", "Area"])
        rows.append((0, "United States", "total"))
        for reg, divs in REGIONS:
            rows.append((0, reg, "data"))
            rows += [(1, d, "data") for d in divs]
    elif pick == 1:
        head = rng.choice(["Age", "Age and sex", "Characteristic"])
        rows.append((0, "Total", "total"))
        for sex in ("Male", "Female"):
            rows.append((0, sex, "section"))
            ages = AGES[rng.randint(0, 3):]
            rows += [(1, a, "data") for a in ages[:rng.randint(4, 8)]]
    elif pick == 2:
        head = rng.choice(["Industry", "Industry and NAICS code"])
        rows.append((0, "Total nonfarm", "total"))
        for grp, kids in rng.sample(INDUSTRIES, 3):
            rows.append((0, grp, "data"))
            rows += [(1, k, "data") for k in kids]
    elif pick == 3:
        head = rng.choice(["Expenditure category", "Item and group"])
        rows.append((0, "All items", "total"))
        for grp, kids in CPI:
            rows.append((1, grp, "data"))
            rows += [(2, k, "data") for k in kids[:rng.randint(2, len(kids))]]
    elif pick == 4:
        head = rng.choice(["Function and subfunction", "Function"])
        rows.append((0, "Total outlays", "total"))
        for grp, kids in OUTLAYS:
            rows.append((0, grp, "data"))
            rows += [(1, k, "data") for k in kids]
    elif pick == 5:
        head = rng.choice(["Crop", "Crop and unit"])
        for grp, kids in CROPS:
            rows.append((0, grp, "section"))
            rows += [(1, k, "data") for k in kids]
    elif pick == 6:
        head = rng.choice(["Race and Hispanic origin", "Characteristic"])
        rows.append((0, "All races", "total"))
        rows += [(1, r, "data") for r in RACES]
        if rng.random() < 0.5:
            rows.append((0, "Educational attainment", "section"))
            rows += [(1, e, "data") for e in EDU[:rng.randint(4, 9)]]
    else:
        head = rng.choice(["Tenure", "Housing characteristic"])
        rows.append((0, "Total occupied units", "total"))
        for grp, kids in TENURE:
            rows.append((0, grp, "data"))
            rows += [(1, k, "data") for k in kids]
        rows += [(0, "Vacant units", "data"), (1, "For rent", "data"),
                 (1, "For sale only", "data"), (1, "Seasonal", "data")]
    if nrows >= 30:  # a long table: the same stub under year sections
        base = [(min(lv + 1, 2), lab, "data" if k == "total" else k) for lv, lab, k in rows]
        rows = []
        for y in range(2009, 2013):
            rows.append((0, str(y) if rng.random() < 0.7 else f"{y}, total", "section"))
            rows += base
    if len(rows) > nrows:  # keep a prefix (whole: a section stays over its rows)
        rows = rows[:nrows]
        while rows and rows[-1][2] == "section":
            rows.pop()
    return TOPICS[pick], head, rows


TOPICS = ["Money Income of Households by Region and Division",
          "Resident Population by Age and Sex",
          "Employees on Nonfarm Payrolls by Industry Sector",
          "Consumer Price Index for All Urban Consumers: Selected Categories",
          "Federal Outlays by Function and Subfunction",
          "Principal Crops: Area, Yield, and Production",
          "Persons by Race, Hispanic Origin, and Educational Attainment",
          "Housing Units by Tenure and Vacancy Status"]


def make_table(rng: random.Random, ncols: int, nrows: int, style: str,
               leaders: bool, stub_w: str) -> tuple[Table, list[str]]:
    """A statistical table of ``ncols`` columns (stub included); (table, notes below it)."""
    t = Table(ncols)
    topic, stub_head, stub = make_stub(rng, nrows)
    nval = ncols - 1
    neg_paren = rng.random() < 0.4
    notes: list[str] = []
    syms = rng.sample(SYMBOLS, rng.randint(0, 3))
    sup_style = rng.choice(["super", "slash", "super"])
    used_marks: list[int] = []

    def mark(n: int) -> tuple[str, str]:  # (text, markup) of footnote marker n
        used_marks.append(n)
        return (f" {n}/", txt(f" {n}/")) if sup_style == "slash" else (
            str(n), f"#super[{n}]")

    # column headers: flat, two levels (groups), or three levels (a band over the groups)
    levels = rng.choice([1, 2, 2, 2, 3]) if nval >= 4 else rng.choice([1, 2]) if nval >= 2 \
        else 1
    years = sorted(rng.sample(range(1990, 2013), 6))
    kinds: list[str] = []
    head_rows: list[list[tuple[int, Cell]]] = [[] for _ in range(levels)]
    head_rows[0].append((0, Cell(stub_head, rs=levels, align="left + bottom")))
    if levels == 1:
        if rng.random() < 0.5:
            kinds = [rng.choice(list(MEASURES))] * nval
            for j in range(nval):
                head_rows[0].append((1 + j, Cell(str(years[j % 6] + (j // 6)))))
        else:
            kinds = [rng.choice(list(MEASURES)) for _ in range(nval)]
            for j, k in enumerate(kinds):
                head_rows[0].append((1 + j, Cell(rng.choice(MEASURES[k]).replace("-", ""))))
    else:
        col = 1
        lead_total = rng.random() < 0.4 and nval >= 3
        if lead_total:  # a single column spanning the header rows
            kinds.append(rng.choice(["count", "thou"]))
            head_rows[0].append((col, Cell(rng.choice(MEASURES[kinds[-1]]).replace("-", ""),
                                           rs=levels, align="center + bottom")))
            col += 1
        g_row = levels - 2  # the row of the group headers
        groups = []
        left = ncols - col
        while left > 0:
            w = min(left, rng.choice([2, 2, 3]))
            if left - w == 1:
                w = left if w < 3 else 2
            groups.append(w)
            left -= w
        subs = rng.sample(sorted(MEASURES), 3)
        gyears = iter(years)
        for w in groups:
            label = str(next(gyears)) if rng.random() < 0.6 else rng.choice(
                ["Men", "Women", "Both sexes", "Employed", "Unemployed", "Owners",
                 "Renters", "Metropolitan", "Nonmetropolitan"])
            head_rows[g_row].append((col, Cell(label, cs=w, align="center + bottom")))
            for j in range(w):
                k = subs[j % 3]
                kinds.append(k)
                words = MEASURES[k][(j + len(kinds)) % len(MEASURES[k])]
                head_rows[levels - 1].append((col + j, Cell(words.replace("-", ""))))
            col += w
        if levels == 3:  # a band over all groups
            band = rng.choice(["Percent distribution", "Annual averages",
                               "Number (1,000)", "Fiscal year", "Selected characteristics"])
            start = 2 if lead_total else 1
            head_rows[0].append((start, Cell(band, cs=ncols - start, align="center")))
    # a footnote marker on one header cell
    if rng.random() < 0.4:
        r = len(head_rows) - 1
        c, cell = rng.choice(head_rows[r][1:] or head_rows[r])
        mt, mm = mark(1)
        cell.text += mt
        cell.markup += mm
    t.head = head_rows
    # body
    panel = levels <= 2 and rng.random() < 0.2
    for i, (level, label, kind) in enumerate(stub):
        if panel and i == 0:
            t.body.append([(0, Cell("NUMBER", cs=ncols, align="center"))])
            t.kinds.append("panel")
        lab_text, lab_markup = label, txt(label)
        if kind == "data" and rng.random() < 0.08:
            mt, mm = mark(rng.randint(2, 4))
            lab_text, lab_markup = label + mt, lab_markup + mm
        if kind == "section" and rng.random() < 0.5:
            lab_text = lab_text.upper()
            lab_markup = txt(lab_text)
        lead = " #box(width: 1fr, repeat[.#h(2pt)])" if leaders and kind != "section" else ""
        # the indent pads the whole label: a label too long for a narrow stub wraps under
        # itself (spacing in front of it, #h(), let Typst break the line before the label,
        # setting it a line below its values)
        markup = f"#pad(left: {level}em)[{lab_markup}{lead}]" if level else lab_markup + lead
        cells = [(0, Cell(lab_text, markup=markup,
                          bold=kind in ("total",) and style != "bls"))]
        if kind != "section":
            for j in range(nval):
                if syms and rng.random() < 0.07:
                    v = rng.choice(syms)
                    cells.append((1 + j, Cell(v)))
                else:
                    v = value(rng, kinds[j], neg_paren)
                    if rng.random() < 0.02:
                        n_ = rng.randint(2, 4)
                        used_marks.append(n_)
                        cells.append((1 + j, Cell(v + str(n_), markup=txt(v) + f"#super[{n_}]")))
                    else:
                        cells.append((1 + j, Cell(v)))
        t.body.append(cells)
        t.kinds.append(kind)
        if panel and i == len(stub) // 2:
            t.body.append([(0, Cell("PERCENT DISTRIBUTION", cs=ncols, align="center"))])
            t.kinds.append("panel")
    used = [s for s in syms if any(c.text == s for row in t.body for _, c in row)]
    if used:
        notes.append(" ".join(f"{s} {SYMBOL_NOTE[s]}" for s in used))
    for n in sorted(set(used_marks)):
        lead = f"{n}/ " if sup_style == "slash" else f"{n} "
        notes.append(lead + rng.choice(WORDS_EXTRA + [
            "Includes persons who did not report race.", "Excludes Puerto Rico.",
            "Data are preliminary.", "Includes other items not shown separately."]))
    notes.append(f"Source: {rng.choice(AGENCIES)}, {rng.choice(SERIES)}, "
                 f"{rng.randint(2010, 2013)}.")
    t.style = style  # type: ignore[attr-defined]
    t.leaders = leaders  # type: ignore[attr-defined]
    t.stub_w = stub_w  # type: ignore[attr-defined]
    t.topic = topic  # type: ignore[attr-defined]
    t.hyphenate = rng.random() < 0.3  # type: ignore[attr-defined]
    return t, notes


def table_code(t: Table, tid: str, font: tuple[str, str], size: float, style: str) -> str:
    """Typst code of table ``t``; each body row's first cell carries a located marker."""
    nh = len(t.head)
    n = t.ncols
    # the stub takes what the value columns leave (values hug their column, as printed)
    # wide enough for the longest header word (no word sticks out of its column)
    longest = max((len(w) for row in t.head for c, cell in row if c > 0 and cell.cs == 1
                   for w in cell.text.split()), default=4)
    need = longest * size * 0.6 + 8
    width = f"calc.max({t.stub_w}, {need:.1f}pt)"  # type: ignore[attr-defined]
    cols = "(1fr, " + ", ".join([width] * (n - 1)) + ")"
    hyph = "auto" if t.hyphenate else "false"  # type: ignore[attr-defined]
    out = [f'#block(breakable: false, text(font: "{font[0]}", stretch: {font[1]}, size: {size}pt,'
           f" hyphenate: {hyph},"
           f" table(columns: {cols}, inset: (x: 3pt, y: {rng_inset(size)}pt),"]
    # align: header centred, stub left, values right
    out.append(f"align: (x, y) => if y < {nh} {{ if x == 0 {{ left + bottom }} else "
               "{ center + bottom } } else if x == 0 { left } else { right },")
    if style == "statab":
        out.append("stroke: none,")
    elif style == "bls":
        out.append(f"stroke: (x, y) => (left: if x > 0 {{ 0.5pt }}, top: if y == 0 or y == {nh}"
                   " { 0.5pt }),")
    elif style == "agency":
        out.append(f"stroke: (x, y) => (bottom: if y >= {nh} {{ 0.3pt + gray }}),")
        out.append(f"fill: (x, y) => if y < {nh} {{ rgb(\"#1f3b63\") }},")
    elif style == "grid":
        out.append("stroke: 0.5pt,")
    elif style == "plain":
        out.append("stroke: none,")
    else:  # zebra
        out.append("stroke: none,")
        out.append(f"fill: (x, y) => if y >= {nh} and calc.odd(y - {nh}) {{ rgb(\"#e6ecf2\") }},")
    out.append("table.header(")
    for r, row in enumerate(t.head):
        for c, cell in row:
            attrs = []
            if cell.rs > 1:
                attrs.append(f"rowspan: {cell.rs}")
            if cell.cs > 1:
                attrs.append(f"colspan: {cell.cs}")
            body = cell.markup
            if style == "agency":
                body = f"#text(fill: white, weight: \"bold\")[{body}]"
            out.append(f"table.cell({', '.join(attrs)})[{body}],")
            if style == "statab" and cell.cs > 1 and r < nh - 1:
                out.append(f"table.hline(y: {r + 1}, start: {c}, end: {c + cell.cs}, "
                           "stroke: 0.4pt),")
    if style in ("statab", "plain"):
        out.append("table.hline(y: 0, stroke: 0.8pt)," if style == "statab" else "")
    out.append("),")
    if style in ("statab", "plain", "zebra", "agency"):
        out.append(f"table.hline(y: {nh}, stroke: 0.5pt),")
    for i, row in enumerate(t.body):
        for k, (_c, cell) in enumerate(row):
            attrs = [f"colspan: {cell.cs}"] if cell.cs > 1 else []
            if cell.align:
                attrs.append(f"align: {cell.align}")
            body = cell.markup
            if cell.bold:
                body = f"#strong[{body}]"
            if k == 0:
                body = (f"#context [#metadata((t: \"{tid}\", r: {i}, p: here().page())) <row>]"
                        + body)
            out.append(f"table.cell({', '.join(attrs)})[{body}],")
        covered = sum(cell.cs for _, cell in row)
        out += ["[],"] * (n - covered)
    if style in ("statab", "bls"):
        out.append("table.hline(stroke: 0.8pt),")
    out.append(")))")
    return "\n".join(out)


def rng_inset(size: float) -> float:
    return round(size * 0.22, 2)


# ----------------------------------------------------------------------------- page blocks
class Doc:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.seed = seed
        self.parts: list[str] = []
        self.tables: dict[str, dict] = {}  # tid -> truth (rows, spans)
        self.tno = self.rng.randint(1, 600)
        self.agency = self.rng.choice(AGENCIES)
        self.series = self.rng.choice(SERIES)
        self.body_font = self.rng.choice(BODY_FONTS)
        self.body_size = self.rng.choice([9.5, 10, 10.5, 11])
        self.tfont = self.rng.choice(FONTS)

    def add_table(self, t: Table, title: str, notes: list[str], size: float,
                  headnote: str | None, continued: bool = False, more: bool = False) -> None:
        tid = f"t{len(self.tables)}"
        # the rule style rides along for diagnostics; the scorer reads only rows and spans
        self.tables[tid] = {**t.truth(), "style": t.style}  # type: ignore[attr-defined]
        font = self.tfont
        p = [f'#block(breakable: false)[#text(font: "{font[0]}", stretch: {font[1]}, '
             f'size: {size + 1}pt, weight: "bold")[{txt(title)}]']
        if headnote:
            p.append(f'#v(-4pt)#text(font: "{font[0]}", size: {size}pt)[{txt(headnote)}]')
        p.append("]")
        p.append(table_code(t, tid, font, size, t.style))  # type: ignore[attr-defined]
        if more:
            p.append(f'#text(font: "{font[0]}", size: {size - 0.5}pt, style: "italic")'
                     f'[{txt("See footnotes at end of table.")}]')
        else:
            for n in notes:
                p.append(f'#par(leading: 0.4em)[#text(font: "{font[0]}", size: {size - 1}pt)'
                         f'[{txt(n)}]]')
        p.append("#v(8pt)")
        self.parts.append("\n".join(p))

    def new_table(self, ncols: int, nrows: int, size: float | None = None,
                  stub_w: str | None = None) -> tuple[Table, list[str], str, str | None, float]:
        rng = self.rng
        style = rng.choice(["statab", "statab", "bls", "agency", "grid", "plain", "zebra"])
        leaders = style in ("statab", "plain", "bls") and rng.random() < 0.5
        size = size or rng.choice([7, 7.5, 8, 8.5, 9])
        # the width of each value column
        stub_w = stub_w or rng.choice(["0.6in", "0.7in", "0.8in", "0.9in"])
        t, notes = make_table(rng, ncols, nrows, style, leaders, stub_w)
        self.tno += rng.randint(1, 3)
        title = f"Table {self.tno}. {t.topic}: {min(self.years())} to "  # type: ignore
        title += f"{max(self.years())}"
        headnote = rng.choice([None, "(In thousands)", "[In thousands, except as indicated. "
                               "As of July 1]", "[Numbers in thousands]", "(Dollars in "
                               "millions)", None])
        return t, notes, title, headnote, size

    def years(self) -> list[int]:
        return [2005 + self.seed % 5, 2012]

    def heading(self, level: int = 2) -> None:
        self.parts.append(f"#heading(level: {level}, {tstr(self.rng.choice(HEADINGS))})")

    def para(self, n: int | None = None) -> None:
        self.parts.append(txt(paragraph(self.rng, n or self.rng.randint(2, 5))) + "\n")

    # pages ------------------------------------------------------------------
    def page_table(self) -> None:
        rng = self.rng
        self.heading()
        if rng.random() < 0.7:
            self.para()
        two = rng.random() < 0.35
        for k in range(2 if two else 1):
            t, notes, title, hn, size = self.new_table(
                rng.randint(3, 8), rng.randint(6, 14 if two else 24))
            self.add_table(t, title, notes, size, hn)
            if (k == 0 and two) or rng.random() < 0.5:
                self.para()

    def page_landscape(self) -> None:
        rng = self.rng
        t, notes, title, hn, size = self.new_table(rng.randint(8, 11), rng.randint(10, 22),
                                                   size=rng.choice([7, 7.5]), stub_w="0.58in")
        before = len(self.parts)
        self.add_table(t, title, notes, size, hn)
        body = "\n".join(self.parts[before:])
        del self.parts[before:]
        if rng.random() < 0.65:
            self.parts.append(f"#page(flipped: true)[\n{body}\n]")
        else:  # set sideways on a portrait page (text running up the page)
            self.parts.append("#pagebreak(weak: true)\n#rotate(-90deg, reflow: true)[#block("
                              f"width: 9in)[\n{body}\n]]\n#pagebreak()")

    def page_continued(self) -> None:
        rng = self.rng
        self.parts.append("#pagebreak(weak: true)")
        if rng.random() < 0.5:
            self.heading()
        size = rng.choice([7.5, 8, 8.5])
        ncols = rng.randint(3, 7)
        t, notes, title, hn, _ = self.new_table(ncols, 60, size=size)
        n1 = min(len(t.body) - 3, rng.randint(16, 24))
        if n1 < 6:  # too short to split: one table
            self.add_table(t, title, notes, size, hn)
            return
        first = Table(ncols)
        first.head, first.body, first.kinds = t.head, t.body[:n1], t.kinds[:n1]
        second = Table(ncols)
        second.head, second.body, second.kinds = t.head, t.body[n1:], t.kinds[n1:]
        for x in (first, second):
            x.style, x.leaders, x.stub_w = t.style, t.leaders, t.stub_w  # type: ignore
            x.hyphenate = t.hyphenate  # type: ignore
        self.add_table(first, title, notes, size, hn, more=True)
        self.parts.append("#pagebreak()")
        self.add_table(second, title + "\u2014Continued", notes, size, hn)

    def page_beside(self) -> None:
        rng = self.rng
        self.heading()
        t, notes, title, hn, size = self.new_table(rng.randint(2, 4), rng.randint(5, 12),
                                                   stub_w="0.55in")
        before = len(self.parts)
        self.add_table(t, title, notes, size, hn)
        tbl = "\n".join(self.parts[before:])
        del self.parts[before:]
        prose = txt(paragraph(rng, rng.randint(6, 10)))
        prose2 = txt(paragraph(rng, rng.randint(2, 4)))
        if rng.random() < 0.5:
            left, right = f"{prose}", f"{tbl}\n\n{prose2}"
            if rng.random() < 0.5:
                left, right = right, left
            self.parts.append(f"#grid(columns: (1fr, 1fr), column-gutter: "
                              f"{rng.choice([14, 18, 24])}pt, [{left}], [{right}])")
        else:
            self.parts.append(f"#columns(2, gutter: {rng.choice([14, 18, 24])}pt)[\n{prose}\n\n"
                              f"{tbl}\n\n{prose2}\n]")

    def page_prose2(self) -> None:
        rng = self.rng
        body = []
        for _ in range(rng.randint(2, 4)):
            body.append(f"#heading(level: 2, {tstr(rng.choice(HEADINGS))})")
            for _ in range(rng.randint(1, 3)):
                body.append(txt(paragraph(rng, rng.randint(3, 7))) + "\n")
        fn = "\n".join(f"#text(size: 7pt)[#super[{i + 1}]{txt(rng.choice(WORDS_EXTRA))}]\n"
                       for i in range(rng.randint(1, 3)))
        self.parts.append(f"#columns(2, gutter: {rng.choice([12, 18, 24])}pt)[\n"
                          + "\n".join(body) + f"\n#line(length: 30%, stroke: 0.4pt)\n{fn}]")

    def page_chart(self) -> None:
        rng = self.rng
        self.heading()
        self.para(2)
        n = rng.randint(4, 9)
        cats = rng.sample([lab for _, kids in REGIONS for lab in kids] + AGES[3:]
                          + [r for r in RACES], n)
        vals = [round(rng.uniform(2, 95), 1) for _ in cats]
        font = self.tfont[0]
        title = f"Figure {rng.randint(1, 12)}. " + rng.choice(
            ["Unemployment Rates by Division", "Median Household Income by Race",
             "Percent Change in Employment", "Poverty Rate by Age"]) + ": 2012"
        lines = [f'#block(breakable: false)[#text(font: "{font}", size: 9pt, weight: "bold")'
                 f"[{txt(title)}]\\"]
        lines.append(f'#text(font: "{font}", size: 7.5pt)[{txt("(In percent)")}]')
        if rng.random() < 0.5:  # horizontal bars: label, bar, value
            rows = []
            for c, v in zip(cats, vals, strict=True):
                rows.append(f"align(right, {tstr(c)}), box(width: {v * 2.6}pt, height: 7pt, "
                            f"fill: rgb(\"#4a6fa5\")) + h(3pt) + {tstr(f'{v:.1f}')},")
            lines.append(f'#text(font: "{font}", size: 7.5pt, grid(columns: (1.6in, 1fr), '
                         f"row-gutter: 5pt, column-gutter: 6pt, align: horizon,\n"
                         + "\n".join(rows) + "))")
        else:  # vertical bars with a value axis
            h = 140
            lines.append(f'#text(font: "{font}", size: 7pt, box(width: 100%, height: {h + 40}pt)'
                         "[")
            for k in range(6):
                y = h - k * h / 5
                lines.append(f"#place(dx: 0pt, dy: {y - 4}pt, {tstr(str(k * 20))})"
                             f"#place(dx: 22pt, dy: {y}pt, line(length: 380pt, "
                             "stroke: 0.2pt + gray))")
            step = 380 / n
            for i, (c, v) in enumerate(zip(cats, vals, strict=True)):
                x = 30 + i * step
                bh = v / 100 * h
                lines.append(f"#place(dx: {x}pt, dy: {h - bh}pt, rect(width: {step * 0.6}pt, "
                             f"height: {bh}pt, fill: rgb(\"#6b8e23\")))"
                             f"#place(dx: {x}pt, dy: {h - bh - 10}pt, {tstr(f'{v:.1f}')})"
                             f"#place(dx: {x}pt, dy: {h + 4}pt, box(width: {step * 0.9}pt, "
                             f"{tstr(c)}))")
            lines.append("])")
        lines.append(f'#text(font: "{font}", size: 7pt)[{txt("Source: " + self.agency)}]]')
        self.parts.append("\n".join(lines))
        self.para()

    def page_form(self) -> None:
        rng = self.rng
        self.parts.append("#pagebreak(weak: true)")
        form = f"Form {rng.choice(['MA', 'ES', 'CB', 'BE'])}-{rng.randint(10, 999)}"
        form += f" ({rng.randint(1, 12)}-2012)"
        omb = f"OMB No. 0607-{rng.randint(1000, 9999)}"
        self.parts.append(f"#text(size: 8pt)[{txt(form)}]#h(1fr)#text(size: 8pt)[{txt(omb)}]")
        survey = "ANNUAL SURVEY OF " + rng.choice(["MANUFACTURES", "RETAIL TRADE",
                                                   "STATE GOVERNMENT FINANCES",
                                                   "COMMUNICATION SERVICES"])
        self.parts.append(f'#align(center, text(size: 13pt, weight: "bold", {tstr(survey)}))')
        name = rng.choice(["Acme Fabricating Co.", "Riverside Mills Inc.",
                           "Northern Grain Cooperative"])
        ein = f"{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}"
        boxes = [("Name of establishment", name),
                 ("Employer Identification Number", ein),
                 ("Street address", f"{rng.randint(10, 9999)} Industrial Parkway"),
                 ("City, State, ZIP", f"Springfield, IL {rng.randint(60000, 62999)}"),
                 ("Telephone", f"({rng.randint(200, 999)}) 555-{rng.randint(1000, 9999)}"),
                 ("Reporting period", "January 1 - December 31, 2012")]
        cells = ", ".join(f"[#text(size: 6.5pt, {tstr(f'{i + 1}. {k}')})\\ #text(size: 9pt, "
                          f"{tstr(v)})]" for i, (k, v) in enumerate(boxes))
        self.parts.append(f"#table(columns: (1fr, 1fr), inset: 5pt, stroke: 0.5pt, {cells})")
        sec = tstr("Section B - Employment and Payroll")
        self.parts.append(f'#text(size: 9pt, weight: "bold", {sec})')
        items = ["Number of employees for pay period including March 12",
                 "Annual payroll before deductions", "First quarter payroll",
                 "Total value of shipments and receipts for services",
                 "Cost of materials, parts, and supplies", "Capital expenditures for "
                 "new buildings and structures", "Inventories at end of year"]
        lines = []
        for i, it in enumerate(rng.sample(items, rng.randint(4, 7))):
            no = f"{i + 7}"
            amt = f"{rng.randint(1, 99999):,}" if rng.random() < 0.7 else ""
            lines.append(f"[{txt(no)}], [{txt(it)} #box(width: 1fr, repeat[. ])], [{txt(no)}], "
                         f"box(width: 100%, stroke: 0.5pt, inset: 3pt, align(right, "
                         f"{tstr(('$ ' if 'payroll' in it or 'value' in it else '') + amt)})),")
        self.parts.append("#text(size: 8.5pt, grid(columns: (14pt, 1fr, 18pt, 1.3in), "
                          "column-gutter: 4pt, row-gutter: 6pt, align: (right, left, right, "
                          "right),\n" + "\n".join(lines) + "))")
        checks = ", ".join(f"[{txt(c)}]" for c in ["\u2610 Yes", "\u2612 No",
                                                   "\u2610 Not sure"])
        self.parts.append(f"#text(size: 8.5pt)[{txt('Did this establishment operate all year?')}"
                          f" #h(1em)]#text(size: 8.5pt, grid(columns: 3, column-gutter: 16pt, "
                          f"{checks}))")
        self.parts.append(f"#text(size: 8pt)[{txt('Certification - ' + paragraph(rng, 2))}]")
        self.parts.append("#table(columns: (1fr, 1fr, 0.6fr), inset: 5pt, stroke: 0.5pt, "
                          "[#text(size: 6.5pt, \"Signature\")\\ \\ ], [#text(size: 6.5pt, "
                          "\"Title\")\\ ], [#text(size: 6.5pt, \"Date\")\\ ])")

    def page_keyvalue(self) -> None:
        rng = self.rng
        colon = rng.random() < 0.5
        pairs = [("Release date", f"March {rng.randint(1, 28)}, 2013"),
                 ("Next release", f"June {rng.randint(1, 28)}, 2013"),
                 ("Report number", f"P60-{rng.randint(200, 260)}"),
                 ("Contact", rng.choice(["Jane Q. Smith", "R. Alvarez", "T. Nguyen"])),
                 ("Telephone", f"301-763-{rng.randint(1000, 9999)}"),
                 ("Reference period", rng.choice(["Calendar year 2012", "Fiscal year 2012",
                                                  "Fourth quarter 2012"])),
                 ("Sample size", f"{rng.randint(10, 99)},{rng.randint(100, 999)} households"),
                 ("Geographic coverage", "United States and regions")]
        pairs = rng.sample(pairs, rng.randint(4, 8))
        self.heading()
        cells = []
        for k, v in pairs:
            cells.append(f"[#strong[{txt(k + (':' if colon else ''))}]], [{txt(v)}],")
        cols = "(1.6in, 1fr)"
        if rng.random() < 0.4 and len(pairs) % 2 == 0:
            cols = "(1.2in, 1fr, 1.2in, 1fr)"
        fill = rng.choice(["none", "rgb(\"#eef2f6\")"])
        self.parts.append(f"#block(fill: {fill}, inset: 8pt, width: 100%, grid(columns: {cols}, "
                          "row-gutter: 6pt, column-gutter: 8pt,\n" + "\n".join(cells) + "))")
        self.heading()
        items = "\n".join(f"- {txt(sentence(rng))}" for _ in range(rng.randint(3, 6)))
        self.parts.append(items + "\n")
        self.para()

    def page_toc(self) -> None:
        rng = self.rng
        self.parts.append("#pagebreak(weak: true)")
        self.parts.append("#heading(level: 1, \"Contents\")")
        page = rng.randint(1, 3)
        lines = []
        for h in rng.sample(HEADINGS, rng.randint(5, 9)):
            page += rng.randint(1, 5)
            ind = rng.random() < 0.3
            lines.append(f"#h({1.5 if ind else 0}em){txt(h)} #box(width: 1fr, repeat[. ]) "
                         f"{txt(str(page))}\\")
        self.parts.append("\n".join(lines))
        if rng.random() < 0.7:
            self.parts.append("#heading(level: 2, \"List of Tables\")")
            lines = []
            for i in range(rng.randint(4, 9)):
                page += rng.randint(1, 4)
                ttl = rng.choice(["Income and Earnings Summary Measures", "People in Poverty "
                                  "by Selected Characteristics", "Employment by Industry",
                                  "Households by Type and Tenure", "Outlays by Agency"])
                lines.append(f"{txt(f'Table {i + 1}. {ttl}')} #box(width: 1fr, repeat[. ]) "
                             f"{txt(str(page))}\\")
            self.parts.append("\n".join(lines))

    def page_prose(self) -> None:
        rng = self.rng
        for _ in range(rng.randint(2, 3)):
            self.heading()
            self.para(rng.randint(3, 7))
            if rng.random() < 0.4:
                self.parts.append("\n".join(f"- {txt(sentence(rng))}"
                                            for _ in range(rng.randint(2, 5))) + "\n")

    # document ---------------------------------------------------------------
    def build(self) -> str:
        rng = self.rng
        kinds = ["table", "table", "table", "landscape", "continued", "beside", "prose2",
                 "chart", "form", "keyvalue", "toc", "prose"]
        npages = rng.randint(3, 6)
        plan = [rng.choice(["toc", "keyvalue", "prose", "table"])]
        plan += [rng.choice(kinds) for _ in range(npages - 1)]
        for i, kind in enumerate(plan):
            if i:
                self.parts.append("#pagebreak(weak: true)")
            getattr(self, f"page_{kind}")()
        head = rng.choice([0, 1, 2])
        header = "none" if head == 0 else (
            f'[#set text(size: 7.5pt); {txt(self.agency)} #h(1fr) {txt(self.series)}'
            + ("#v(-6pt)#line(length: 100%, stroke: 0.4pt)]" if head == 2 else "]"))
        footer = '[#set text(size: 8pt); #h(1fr) #context counter(page).display() #h(1fr)]'
        pre = [f'#set page(paper: "us-letter", margin: (x: {rng.choice([0.75, 0.9, 1.0])}in, '
               f"y: 0.8in), header: {header}, footer: {footer})",
               f'#set text(font: "{self.body_font}", size: {self.body_size}pt)',
               f"#set par(justify: {'true' if rng.random() < 0.7 else 'false'}, "
               "leading: 0.55em)",
               '#show heading: set text(size: 11pt)']
        return "\n".join(pre + self.parts) + "\n"


def build(seed: int) -> tuple[bytes, dict]:
    """One document: (PDF bytes, truth in the tables-extra layout)."""
    import tempfile

    import typst

    doc = Doc(seed)
    src = doc.build()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.typ"
        path.write_text(src, encoding="utf-8")
        pdf = typst.compile(str(path), timestamp=0)  # no clock in the PDF: same bytes each run
        marks = json.loads(typst.query(str(path), "<row>", field="value"))
    pages_of: dict[str, set[int]] = {}
    for m in marks:
        pages_of.setdefault(m["t"], set()).add(m["p"])
    tables = []
    for tid, truth in doc.tables.items():
        pages = pages_of.get(tid, set())
        if len(pages) != 1:
            raise RuntimeError(f"seed {seed}: table {tid} on pages {sorted(pages)}")
        tables.append({"page": pages.pop(), **truth})
    import pypdfium2 as pdfium

    n = len(pdfium.PdfDocument(pdf))
    gt = {"source": f"bench/gov_pages.py seed {seed}", "tables": tables,
          "pages_annotated": list(range(1, n + 1))}
    return pdf, gt


def seeds(docs: int) -> list[int]:
    """Tuning seeds 0..docs-1, then validation seeds 1000..1000+docs-1."""
    return list(range(docs)) + list(range(VALIDATION_SEED, VALIDATION_SEED + docs))


def name_of(seed: int) -> str:
    return f"gov_{seed:04d}"


def write(out: Path, docs: int = 24) -> list[str]:
    """Write the documents of ``docs`` tuning and ``docs`` validation seeds under ``out``."""
    return write_documents(out, [(name_of(seed), seed) for seed in seeds(docs)], build)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=24, help="documents per part")
    ap.add_argument("--seed", type=int, help="only this seed (also writes its .typ source)")
    args = ap.parse_args()
    if args.seed is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / f"{name_of(args.seed)}.typ").write_text(Doc(args.seed).build())
        write_one(args.out, name_of(args.seed), *build(args.seed))
        return 0
    names = write(args.out, args.docs)
    print(f"{len(names)} documents under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
