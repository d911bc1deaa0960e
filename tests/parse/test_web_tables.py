"""Tables as web pages print them (Chromium's PDF of HTML + CSS): a header band of boxed
cells, hairlines between rows and none under the last, two tables side by side each under
its own caption, a wrapped label in the last row."""

from __future__ import annotations

from sheaf.parse import parse

from .builders import drawn_pdf

REGIONS = [("North", "2,408", "+22.4"), ("North East", "2,218", "+9.6"),
           ("North West", "1,698", "+19.0"), ("Midlands", "2,472", "+0.5"),
           ("East Midlands", "1,406", "+0.3"), ("All industries", "1,553", "-13.1")]
AGES = [("16 to 24", "153"), ("25 to 54", "845"), ("55 to 64", "848"), ("65 and over", "697"),
        ("Total", "856")]


def _tables(data: bytes):
    doc = parse(data, tier="cost_effective")
    return [it for p in doc.pages for it in p.items if it.type == "table"]


def _band(c, x0: float, widths: list[float], top: float, heads: list[str]) -> None:
    """A dark header band drawn cell by cell, each cell filled and outlined (border-collapse)."""
    x = x0
    for w, head in zip(widths, heads, strict=True):
        c.setFillColorRGB(0.12, 0.3, 0.47)
        c.setStrokeColorRGB(0.12, 0.3, 0.47)
        c.setLineWidth(0.75)
        c.rect(x, top - 18, w, 18, stroke=1, fill=1)
        c.setFillColorRGB(1, 1, 1)
        c.setFont("Helvetica-Bold", 9)
        c.drawString(x + 4, top - 12, head)
        x += w
    c.setFillColorRGB(0, 0, 0)
    c.setStrokeColorRGB(0, 0, 0)


def _body(c, x0: float, widths: list[float], top: float, rows, pitch: float = 17.0,
          hairlines: bool = False) -> None:
    c.setFont("Helvetica", 9)
    right = x0 + sum(widths)
    for r, row in enumerate(rows):
        y = top - pitch * r - 12
        c.drawString(x0 + 4, y, row[0])
        x = x0 + widths[0]
        for w, cell in zip(widths[1:], row[1:], strict=True):
            x += w
            c.drawRightString(x - 4, y, cell)
        if hairlines and r < len(rows) - 1:  # a rule between rows, none under the last
            c.setLineWidth(0.5)
            c.setStrokeColorRGB(0.8, 0.8, 0.8)
            c.line(x0, y - 5, right, y - 5)
            c.setStrokeColorRGB(0, 0, 0)


def test_a_header_band_of_boxed_cells_over_an_unruled_body_is_a_table():
    """Each header cell filled and outlined draws many short rules at two heights only:
    that is a row of boxes, not a chart's gridlines."""
    widths = [200, 140, 140]

    def draw(c):
        c.setFont("Helvetica-Bold", 11)
        c.drawString(60, 720, "Table 3: Estimate by region, 2016")
        _band(c, 60, widths, 710, ["Region", "Seasonally adjusted", "Change (%)"])
        _body(c, 60, widths, 692, REGIONS)

    tables = _tables(drawn_pdf(draw))
    assert len(tables) == 1
    assert tables[0].rows[0] == ["Region", "Seasonally adjusted", "Change (%)"]
    assert tables[0].rows[-1] == list(REGIONS[-1])


def _two_tables_side_by_side(c) -> None:
    c.setFont("Helvetica-Bold", 10)
    c.drawString(40, 740, "Table 1: Level by region, 2016")
    c.drawString(320, 742, "Table 2: Share by age group")
    c.setFont("Helvetica-Bold", 9)
    c.drawString(44, 716, "Region")
    c.drawRightString(196, 716, "Level")
    c.drawRightString(276, 716, "Change")
    c.setLineWidth(0.8)
    c.line(40, 710, 280, 710)
    _body(c, 40, [100, 60, 80], 710, REGIONS, hairlines=True)
    _band(c, 320, [150, 100], 732, ["Age group", "Thousands"])
    _body(c, 320, [150, 100], 714, AGES, pitch=14.0)


def test_two_tables_side_by_side_under_their_own_captions_are_two_tables():
    """No prose on the page: the captions level with each other set the two columns apart,
    and each table keeps its rows (the left one's hairline rows up to the last, unruled)."""
    tables = _tables(drawn_pdf(_two_tables_side_by_side))
    assert len(tables) == 2
    by_head = {t.rows[0][0]: t for t in tables}
    assert by_head["Region"].rows[-1] == list(REGIONS[-1])
    assert len(by_head["Region"].rows) == len(REGIONS) + 1
    assert by_head["Age group"].rows[1:] == [list(r) for r in AGES]


def test_tables_side_by_side_read_each_under_its_caption():
    """Reading order: the left caption and its table, then the right caption and its table
    (the tables are wider than their captions: their columns go on under them)."""
    doc = parse(drawn_pdf(_two_tables_side_by_side), tier="cost_effective")
    seen = [("table " + it.rows[0][0]) if it.type == "table" else it.text
            for it in doc.pages[0].items]
    assert seen == ["Table 1: Level by region, 2016", "table Region",
                    "Table 2: Share by age group", "table Age group"]


def test_a_caption_between_rules_of_one_extent_starts_another_table():
    """Two hairline tables of the same width one under the other: the rules line up, but
    the second table's caption between them closes the first."""
    def table(c, top, caption):
        c.setFont("Helvetica-Bold", 10)
        c.drawString(60, top, caption)
        c.setFont("Helvetica-Bold", 9)
        c.drawString(64, top - 22, "Region")
        c.drawRightString(396, top - 22, "Level")
        c.drawRightString(536, top - 22, "Change")
        c.setLineWidth(1.2)
        c.line(60, top - 28, 540, top - 28)
        _body(c, 60, [200, 140, 140], top - 28, REGIONS, hairlines=True)
        c.setLineWidth(0.8)
        c.line(60, top - 28 - 17 * len(REGIONS), 540, top - 28 - 17 * len(REGIONS))
        c.setFont("Helvetica", 8)
        c.drawString(60, top - 40 - 17 * len(REGIONS), "Source: Census 2021")

    def draw(c):
        table(c, 740, "Table 3: Level by region, 2015")
        table(c, 580, "Table 4: Level by region, 2016")

    tables = _tables(drawn_pdf(draw))
    assert len(tables) == 2
    for t in tables:
        assert t.rows[0] == ["Region", "Level", "Change"]
        assert t.rows[-1] == list(REGIONS[-1])


def test_the_last_rows_wrapped_label_joins_it():
    """A narrow stub column wraps the last label ("United" / "Kingdom", its value on the
    first line); the source line under the table stays out."""
    rows = [("Mining and", "864"), ("quarrying", ""), ("Manufacturing", "1,544"),
            ("Electricity and", "1,855"), ("gas supply", ""), ("Construction", "977"),
            ("United", "2,692"), ("Kingdom", "")]

    def draw(c):
        c.setFont("Helvetica-Bold", 9)
        c.drawString(60, 720, "Industry")
        c.drawRightString(260, 720, "Employees")
        c.setFont("Helvetica", 9)
        y = 700
        for label, value in rows:
            pitch = 11 if not value else 20  # a label's next line is closer than a row
            y -= pitch if label != rows[0][0] else 0
            c.drawString(60, y, label)
            if value:
                c.drawRightString(260, y, value)
        c.setFont("Helvetica", 8)
        c.drawString(60, y - 24, "Source: Business Register and Employment Survey")

    tables = _tables(drawn_pdf(draw))
    assert len(tables) == 1
    assert tables[0].rows[-1] == ["United Kingdom", "2,692"]
    assert ["Mining and quarrying", "864"] in tables[0].rows


def test_key_figure_cards_of_uneven_heights_are_not_a_table():
    """Cards whose labels wrap differently: one card's big figure stands level with
    another's small label, so the "rows" mix sizes twice apart; no table's row does."""
    cards = [(["Population"], "30.0", "Mill."), (["GDP on the", "quarter"], "+1.2 %", ""),
             ([], "41.9", "Mill.")]

    def draw(c):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(50, 750, "Key figures")
        for k, (label, fig, unit) in enumerate(cards):
            x, y = 50 + 130 * k, 720
            c.setStrokeGray(0.7)
            c.rect(x, 620, 120, 110, stroke=1, fill=0)
            for line in label:
                c.setFont("Helvetica-Bold", 10)
                c.drawString(x + 8, y - 12, line)
                y -= 14
            c.setFont("Helvetica-Bold", 21)
            for text in (fig, unit):
                if text:
                    c.drawString(x + 8, y - 22, text)
                    y -= 24
            if not label:
                c.setFont("Helvetica-Bold", 10)
                c.drawString(x + 8, y - 14, "Employed persons")

    tables = _tables(drawn_pdf(draw))
    assert tables == []


def test_section_labels_left_of_indented_wrapped_labels_stay_in_the_table():
    """Section rows ("Younger") stand 3 pt left of the indented labels under them, whose
    text wraps ("15 to under 20" / "years"): one table, sections as rows of their own."""
    groups = [("Younger", [("15 to under 20", "1,529", "2,546"), ("20 to under 25", "2,180",
                                                                   "1,471")]),
              ("Middle", [("25 to under 35", "1,957", "1,326"), ("35 to under 50", "1,543",
                                                                 "385")]),
              ("Older", [("65 and", "527", "640")])]

    def draw(c):
        c.setFont("Helvetica-Bold", 9)
        c.drawString(50, 730, "Table 1: Share by age group, 2016")
        c.drawRightString(170, 710, "2015")
        c.drawRightString(222, 710, "2016")
        y = 710
        for section, rows in groups:
            y -= 20
            c.setFont("Helvetica-Bold", 8.25)
            c.drawString(50, y, section)
            c.setFont("Helvetica", 8.25)
            for label, a, b in rows:
                y -= 20
                c.drawString(53, y, label)
                c.drawRightString(170, y, a)
                c.drawRightString(222, y, b)
                c.drawString(53, y - 11, "years" if section != "Older" else "more")
                y -= 11

    tables = _tables(drawn_pdf(draw))
    assert len(tables) == 1
    rows = tables[0].rows
    assert rows[0] == ["", "2015", "2016"]
    assert ["Middle", "", ""] in rows
    assert ["15 to under 20 years", "1,529", "2,546"] in rows
    assert rows[-1] == ["65 and more", "527", "640"]


def test_a_table_under_a_paragraphs_last_lines_in_the_right_column_is_found():
    """Two columns of prose (CSS ``column-count``) under a breadcrumb that crosses their
    gutter; the right column holds a paragraph's last two lines, then a table."""
    text = ("the employment rate returned to its level before the pandemic for the third "
            "consecutive month and consumer price inflation fell slightly over the year")
    words = text.split()
    rows = [("Over state pension age", "6,444.3"), ("No children", "4,330.0"),
            ("With dependent children", "9,232.5"), ("Lone parent", "8,348.5"),
            ("All industries", "4,080.4")]

    def draw(c):
        c.setFont("Helvetica", 9)
        c.drawString(50, 750, "Home  >  People in work  >  Earnings and working hours  >  "
                              "Employment and labour market")
        c.setFont("Helvetica-Bold", 16)
        c.drawString(50, 720, "Average weekly earnings: March 2022")
        c.setFont("Helvetica", 9.5)
        for i in range(14):
            c.drawString(50, 690 - 13 * i,
                         " ".join(words[(i * 4 + k) % len(words)] for k in range(7)))
        c.drawString(316, 690, " ".join(words[3:10]))
        c.drawString(316, 677, " ".join(words[10:16]))
        c.setFont("Helvetica-Bold", 10)
        c.drawString(316, 650, "Table 1: Household type, 2022")
        c.setFont("Helvetica-Bold", 8)
        c.drawString(320, 632, "Household type")
        c.drawRightString(560, 632, "2022")
        c.setFont("Helvetica", 8)
        for i, (label, value) in enumerate(rows):
            c.drawString(320, 617 - 15 * i, label)
            c.drawRightString(560, 617 - 15 * i, value)

    tables = _tables(drawn_pdf(draw))
    assert len(tables) == 1
    assert tables[0].rows[0] == ["Household type", "2022"]
    assert tables[0].rows[1:] == [list(r) for r in rows]


def test_section_cells_shaded_twice_do_not_make_a_drawing():
    """A Word table printed by LibreOffice: each section label's cell shaded on its own (and
    painted twice), the other rows plain: a table, not a chart's boxes."""
    rows = [("Total", "23.2", "79.0", "124,621"), ("Northeast", "", "", ""),
            ("New England", "7.3", "8.5", "990,353"), ("Middle Atlantic", "31.6", "36.0",
                                                        "522,712"),
            ("Midwest", "", "", ""), ("East North Central", "-6.2", "35.7", "2,676,768"),
            ("South", "", "", ""), ("South Atlantic", "33.0", "99.3", "863,026")]

    def draw(c):
        c.setFont("Helvetica-Bold", 8)
        for k, head in enumerate(["Region", "Amount", "Percent", "Target"]):
            c.drawString(92 + 100 * k, 712, head)
        c.setFont("Helvetica", 8)
        for r, row in enumerate(rows):
            y = 700 - 11 * r
            if not row[1]:
                for _ in range(2):
                    c.setFillGray(0.85)
                    c.rect(85, y - 3, 96, 10, stroke=0, fill=1)
                c.setFillGray(0)
            c.drawString(92, y, row[0])
            for k, cell in enumerate(row[1:], start=1):
                c.drawRightString(160 + 100 * k, y, cell)

    tables = _tables(drawn_pdf(draw))
    assert len(tables) == 1
    assert tables[0].rows[-1] == list(rows[-1])


def test_item_lines_and_totals_are_no_two_columns_of_prose():
    """An invoice's items of six words and more on the left of the quantity column, two
    totals lines of six tokens on the right: no paragraph's last lines, no column split."""
    items = [("16", "Montage Regalsystem", "2", "72,59", "145,18"),
             ("17", "Kaffee Crema ganze Bohne, 1 kg", "10", "23,85", "238,50"),
             ("18", "Lieferung frei Verwendungsstelle", "1", "33,80", "33,80"),
             ("19", "Kaffee Crema ganze Bohne, 1 kg", "5", "22,34", "111,70"),
             ("20", "Mineralwasser, Kiste 12 x 0,7 l", "2", "9,47", "18,94"),
             ("21", "Fachbuch Steuerrecht 2026 mit CD, 2 Bände", "3", "49,82", "149,46")]

    def draw(c):
        c.setFont("Helvetica-Bold", 9)
        for x, head in ((60, "Pos."), (90, "Beschreibung"), (330, "Anzahl"), (420, "E-Preis"),
                        (500, "Gesamt")):
            c.drawString(x, 720, head)
        c.setFont("Helvetica", 9)
        for r, (pos, text, qty, unit, amount) in enumerate(items):
            y = 702 - 16 * r
            c.drawString(60, y, pos)
            c.drawString(90, y, text)
            c.drawRightString(360, y, qty)
            c.drawRightString(460, y, unit)
            c.drawRightString(540, y, amount)
        c.drawString(330, 590, "zzgl. 19 % MwSt. auf 803,50")
        c.drawString(330, 576, "zzgl. 7 % MwSt. auf 3.837,08")

    tables = _tables(drawn_pdf(draw))
    assert len(tables) == 1
    rows = tables[0].rows
    assert rows[0][:2] == ["Pos.", "Beschreibung"]
    assert ["17", "Kaffee Crema ganze Bohne, 1 kg", "10", "23,85", "238,50"] in rows
