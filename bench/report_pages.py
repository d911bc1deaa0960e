"""Government-report-like PDFs with known tables, made with reportlab (nothing fetched).

    .venv/bin/python bench/report_pages.py OUT_DIR [--docs 24]

Writes ``OUT_DIR/pdf/report_NN.pdf`` and ``OUT_DIR/gt/report_NN.json`` in the tables-extra
layout (``tables``: page, rows, spans; ``pages_annotated``: every page), so
``bench/table_bench.py`` scores them like tables-extra. Each document mixes, page by page:
justified prose in one, two or three columns, headings, numbered and bulleted lists,
footnotes under a short rule, a table of contents with dot leaders, bar and line charts whose
axis, tick and legend labels are text, key-value blocks of a form without colons (label,
value, label, value), and tables: ruled grids, booktabs (rules above and below only), fully
unruled, with dot leaders after the row labels, with a group header spanning columns, with
wrapped text cells, and totals rows. Only
the tables are tables in the truth; every other block that lines up is a chance for a false
table. The seed of a document is its number, so the set is the same on every run.
"""

from __future__ import annotations

import argparse
import io
import json
import random
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    FrameBreak,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

W, H = letter
MARGIN = 54

AGENCIES = ["Department of Agriculture", "Office of Management", "Bureau of Statistics",
            "Census Bureau", "Federal Highway Administration", "Energy Information Office",
            "Health Resources Agency", "Office of the Inspector General", "Treasury Division",
            "Environmental Protection Unit", "Housing Authority", "Labor Standards Board"]
STATES = ["Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
          "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
          "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Michigan", "Minnesota",
          "Missouri", "Montana", "Nebraska", "Nevada", "New Jersey", "New Mexico", "Ohio",
          "Oregon", "Texas", "Utah", "Vermont", "Virginia", "Washington", "Wyoming"]
PROGRAMS = ["Rural housing loans", "Highway safety grants", "School lunch program",
            "Water infrastructure", "Veterans health care", "Job training", "Broadband access",
            "Disaster relief", "Public transit", "Energy assistance", "Student aid",
            "Small business loans", "Child care subsidies", "Wildfire management"]
SUBJ = ["The agency", "The committee", "This report", "The program", "Each state",
        "The Secretary", "The review", "Federal funding", "The office", "Local governments",
        "The survey", "Participating agencies", "The estimate", "The department"]
VERB = ["reported", "estimated", "reviewed", "found that", "recommended", "noted that",
        "did not fully assess", "identified", "expanded", "could not determine",
        "concluded that", "documented", "is required to report", "has continued to monitor"]
OBJ = ["the cost of the program", "changes in eligibility rules", "the number of applicants",
       "outlays for fiscal year 2012", "oversight of contracts", "data on enrollment",
       "the effect of the new guidance", "risks to program integrity", "regional differences",
       "improper payments", "the reliability of the data", "performance measures",
       "the schedule for implementation", "grant awards to states and localities"]
TAIL = ["in most cases", "during the period we reviewed", "as shown in figure 2",
        "according to agency officials", "for the third consecutive year",
        "although the data were incomplete", "by about 12 percent", "since 2009",
        "under the current statute", "in each of the regions", "with some exceptions"]
KV = [("Report number", "GAO-13-{n}"), ("Date issued", "March {d}, 2013"),
      ("Contact", "Jane Q. Smith"), ("Telephone", "(202) 512-{n}"),
      ("Agency", "{agency}"), ("Fiscal year", "2012"), ("Award amount", "${n},000"),
      ("Project period", "36 months"), ("Recipient", "{state} State Office"),
      ("Status", "Open"), ("Program code", "{n}-A"), ("Reviewer", "R. Alvarez")]


def _sentence(rng: random.Random) -> str:
    s = f"{rng.choice(SUBJ)} {rng.choice(VERB)} {rng.choice(OBJ)}"
    if rng.random() < 0.6:
        s += f" {rng.choice(TAIL)}"
    if rng.random() < 0.3:
        s += f", and {rng.choice(SUBJ).lower()} {rng.choice(VERB)} {rng.choice(OBJ)}"
    return s + "."


def _paragraph_text(rng: random.Random, n: int) -> str:
    return " ".join(_sentence(rng) for _ in range(n))


def _num(rng: random.Random, kind: str) -> str:
    if kind == "int":
        return f"{rng.randint(100, 999999):,}"
    if kind == "money":
        return f"${rng.randint(1, 9999):,}.{rng.randint(0, 9)}"
    if kind == "pct":
        return f"{rng.uniform(0, 100):.1f}"
    if kind == "small":
        return str(rng.randint(0, 99))
    return f"{rng.uniform(-20, 20):.1f}"


class _Gt(Table):
    """A table the truth holds (rows, spans as tables-extra writes them)."""

    gt: dict


def _table_data(rng: random.Random, ncols: int, nrows: int, wrap: bool,
                width: float) -> list[list[str]]:
    label_pool = rng.choice([STATES, PROGRAMS, AGENCIES])
    kinds = [rng.choice(["int", "money", "pct", "small", "chg"]) for _ in range(ncols - 1)]
    heads = {"int": "Number", "money": "Amount (millions)", "pct": "Percent",
             "small": "Count", "chg": "Change"}
    years = rng.sample(range(2004, 2013), ncols - 1)
    if width < 350:  # a narrow column: short headers, as a report would set them
        heads = {"int": "Number", "money": "Amount", "pct": "Percent", "small": "Count",
                 "chg": "Change"}
    if rng.random() < 0.5:
        header = [rng.choice(["State", "Program", "Agency", "Category"])] + [
            f"{heads[k]} {y}" if rng.random() < 0.5 else str(y)
            for k, y in zip(kinds, sorted(years), strict=True)]
    else:
        header = [rng.choice(["State", "Program", "Agency", "Category"])] + [
            heads[k] for k in kinds]
    labels = rng.sample(label_pool, min(nrows, len(label_pool)))
    rows = [header]
    for lab in labels:
        if wrap and rng.random() < 0.3:
            lab = f"{lab} and related {rng.choice(['activities', 'programs', 'offices'])}"
        rows.append([lab] + [_num(rng, k) for k in kinds])
    if rng.random() < 0.4:
        rows.append(["Total"] + [_num(rng, k) for k in kinds])
    return rows


def _make_table(rng: random.Random, width: float, styles) -> Flowable:
    # columns at least ~45 pt wide, so no header word has to break
    ncols = rng.randint(3, 7) if width > 350 else rng.randint(2, 3 if width < 200 else 4)
    nrows = rng.randint(4, 14)
    style = rng.choice(["grid", "booktabs", "none", "none", "zebra", "leaders"])
    wrap = rng.random() < 0.4
    rows = _table_data(rng, ncols, nrows, wrap, width)
    spans: list[list[int]] = []
    group = ncols >= 4 and rng.random() < 0.35
    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=8, leading=9.5)
    if group:  # a group header spanning the number columns
        k = (ncols - 1) // 2
        top = ["", "Fiscal year " + str(rng.randint(2008, 2012))] + [""] * (k - 1) + [
            "Change from prior year"] + [""] * (ncols - 2 - k)
        rows.insert(0, top)
        spans = [[0, 1, 1, k], [0, 1 + k, 1, ncols - 1 - k]]
    first_w = min(150.0, width * (0.34 if width > 350 else 0.45))
    col_w = [first_w] + [(width - first_w) / (ncols - 1)] * (ncols - 1)
    data: list[list] = []
    for r, row in enumerate(rows):
        out: list = []
        for c, txt in enumerate(row):
            span = next((cs for r0, c0, _rs, cs in spans if (r0, c0) == (r, c)), 1)
            room = sum(col_w[c:c + span]) - 8
            font = "Helvetica-Bold" if r < (2 if group else 1) else "Helvetica"
            # text wider than its cell wraps, as a report's table would set it
            if stringWidth(txt, font, 8) > room:
                out.append(Paragraph(txt, ParagraphStyle("c", parent=cell, fontName=font)))
            elif style == "leaders" and c == 0 and r >= (2 if group else 1):
                # dot leaders from the row label up to its first value, as statistical
                # tables print them
                dots = int((room + 4 - stringWidth(txt + " ", font, 8)) / stringWidth(".", font, 8))
                out.append(txt + " " + "." * max(dots, 0))
            else:
                out.append(txt)
        data.append(out)
    t = _Gt(data, colWidths=col_w, hAlign="LEFT")
    head = 2 if group else 1
    cmds: list = [("FONT", (0, 0), (-1, -1), "Helvetica", 8),
                  ("FONT", (0, 0), (-1, head - 1), "Helvetica-Bold", 8),
                  ("ALIGN", (1, head), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    cmds += [("SPAN", (c, r), (c + cs - 1, r + rs - 1)) for r, c, rs, cs in spans]
    cmds += [("ALIGN", (c, r), (c, r), "CENTER") for r, c, _rs, _cs in spans]
    if style == "grid":
        cmds.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    elif style == "booktabs":
        cmds += [("LINEABOVE", (0, 0), (-1, 0), 1, colors.black),
                 ("LINEBELOW", (0, head - 1), (-1, head - 1), 0.5, colors.black),
                 ("LINEBELOW", (0, -1), (-1, -1), 1, colors.black)]
        if group:
            cmds.append(("LINEBELOW", (1, 0), (-1, 0), 0.5, colors.black))
    elif style == "zebra":
        cmds.append(("ROWBACKGROUNDS", (0, head), (-1, -1), [colors.white, colors.HexColor(
            "#e8eef4")]))
    t.setStyle(TableStyle(cmds))
    t.gt = {"rows": [[str(c) for c in r] for r in rows], "spans": spans, "style": style}
    caption = Paragraph(f"<b>Table {rng.randint(1, 20)}: {rng.choice(PROGRAMS)} by "
                        f"{rows[head][0] and 'state' or 'year'}, fiscal years 2008-2012</b>",
                        styles["BodyText"])
    source = Paragraph(f"Source: {rng.choice(AGENCIES)} analysis of agency data.",
                       ParagraphStyle("src", fontName="Helvetica", fontSize=7, leading=8))
    return KeepTogether([caption, Spacer(1, 4), t, Spacer(1, 3), source, Spacer(1, 10)])


def _chart(rng: random.Random, width: float) -> Flowable:
    d = Drawing(width, 200)
    cats = [str(y) for y in range(2005, 2005 + rng.randint(4, 8))]
    series = [[rng.randint(10, 90) for _ in cats] for _ in range(rng.randint(1, 3))]
    kind = rng.choice(["vbar", "hbar", "line"])
    if kind == "vbar":
        ch: VerticalBarChart | HorizontalBarChart | HorizontalLineChart = VerticalBarChart()
    elif kind == "hbar":
        ch = HorizontalBarChart()
        cats = rng.sample(STATES, len(cats))
    else:
        ch = HorizontalLineChart()
    legend = len(series) > 1 and width > 350
    ch.x, ch.y, ch.width, ch.height = 50, 40, width - (150 if legend else 60), 130
    ch.data = series
    ch.categoryAxis.categoryNames = cats
    ch.categoryAxis.labels.fontSize = 7
    ch.valueAxis.labels.fontSize = 7
    ch.valueAxis.valueMin, ch.valueAxis.valueMax = 0, 100
    ch.valueAxis.valueStep = 20
    d.add(ch)
    title = f"Figure {rng.randint(1, 9)}: {rng.choice(PROGRAMS)}, {cats[0]}-{cats[-1]}"
    while stringWidth(title, "Helvetica-Bold", 9) > width:  # a title stays in its column
        title = title.rsplit(" ", 1)[0]
    d.add(String(0, 190, title, fontName="Helvetica-Bold", fontSize=9))
    d.add(String(50, 175, "Dollars in millions", fontSize=7, fontName="Helvetica"))
    if legend:
        lg = Legend()
        lg.x, lg.y = width - 90, 150
        lg.fontSize = 7
        pal = [colors.steelblue, colors.darkorange, colors.seagreen]
        lg.colorNamePairs = [(pal[i], rng.choice(AGENCIES)[:18]) for i in range(len(series))]
        for i in range(len(series)):
            if kind == "line":
                ch.lines[i].strokeColor = pal[i]
            else:
                ch.bars[i].fillColor = pal[i]
        d.add(lg)
    return d


def _key_values(rng: random.Random, width: float) -> Flowable:
    """A form's key-value block: label, value (and a second pair), no colons, no rules."""
    n = rng.randint(3, 6)
    pairs = rng.sample(KV, n * 2 if width > 350 else n)
    fill = {"n": rng.randint(100, 999), "d": rng.randint(1, 28),
            "agency": rng.choice(AGENCIES), "state": rng.choice(STATES)}
    vals = [(k, v.format(**fill)) for k, v in pairs]
    if width > 350:
        data = [[a[0], a[1], b[0], b[1]] for a, b in zip(vals[::2], vals[1::2], strict=True)]
        cw = [90, width / 2 - 90, 90, width / 2 - 90]
    else:
        data = [[a, b] for a, b in vals]
        cw = [90, width - 90]
    st = ParagraphStyle("kv", fontName="Helvetica", fontSize=8.5, leading=10)
    data = [[Paragraph(v, st) if k % 2 and stringWidth(v, "Helvetica", 8.5) > cw[k] - 8 else v
             for k, v in enumerate(row)] for row in data]  # a long value wraps in its cell
    t = Table(data, colWidths=cw, hAlign="LEFT")
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 8.5),
                           ("FONT", (0, 0), (0, -1), "Helvetica-Bold", 8.5)]
                          + ([("FONT", (2, 0), (2, -1), "Helvetica-Bold", 8.5)]
                             if width > 350 else [])))
    return t


def _toc(rng: random.Random, width: float, styles) -> list[Flowable]:
    out: list[Flowable] = [Paragraph("Contents", styles["Heading2"])]
    page = 1
    st = ParagraphStyle("toc", fontName="Helvetica", fontSize=9, leading=13)
    for i in range(rng.randint(6, 12)):
        page += rng.randint(1, 6)
        title = f"{rng.choice(['Background', 'Results', 'Objectives', 'Scope'])} of " \
                f"{rng.choice(PROGRAMS).lower()}"
        head = f"{i + 1}. {title} "
        room = width - stringWidth(head + f" {page}", "Helvetica", 9) - 4
        if room < 10:
            head = f"{i + 1}. {title.split(' of ')[0]} "
            room = width - stringWidth(head + f" {page}", "Helvetica", 9) - 4
        dots = "." * max(3, int(room / stringWidth(".", "Helvetica", 9)))
        out.append(Paragraph(f"{head}{dots} {page}", st))
    return out


def _numbered(rng: random.Random, styles) -> list[Flowable]:
    st = ParagraphStyle("li", parent=styles["BodyText"], leftIndent=18, bulletIndent=4,
                        alignment=TA_JUSTIFY)
    bullet = rng.choice(["num", "bullet", "letter"])
    out: list[Flowable] = []
    for i in range(rng.randint(3, 6)):
        mark = {"num": f"{i + 1}.", "bullet": "\u2022", "letter": f"({chr(97 + i)})"}[bullet]
        out.append(Paragraph(_paragraph_text(rng, rng.randint(1, 2)), st, bulletText=mark))
    return out


def _footnotes(rng: random.Random) -> list[Flowable]:
    st = ParagraphStyle("fn", fontName="Helvetica", fontSize=7, leading=8.5)
    return [Spacer(1, 6), Paragraph("_" * 20, st)] + [
        Paragraph(f"<super>{i + 1}</super>{_sentence(rng)} See {rng.choice(AGENCIES)}, "
                  f"Pub. L. No. {rng.randint(100, 112)}-{rng.randint(1, 300)}.", st)
        for i in range(rng.randint(1, 3))]


class _Doc(BaseDocTemplate):
    def __init__(self, buf, **kw):
        super().__init__(buf, pagesize=letter, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN, bottomMargin=MARGIN, **kw)
        self.tables: list[dict] = []
        fw = W - 2 * MARGIN
        fh = H - 2 * MARGIN
        templates = []
        for n in (1, 2, 3):
            gut = 18
            cw = (fw - gut * (n - 1)) / n
            frames = [Frame(MARGIN + k * (cw + gut), MARGIN, cw, fh, id=f"c{n}{k}",
                            leftPadding=0, rightPadding=0) for k in range(n)]
            templates.append(PageTemplate(id=f"cols{n}", frames=frames,
                                          onPage=self._furniture))
        self.addPageTemplates(templates)

    def _furniture(self, canv, doc) -> None:
        canv.setFont("Helvetica", 7)
        canv.drawString(MARGIN, H - 36, "GAO-13-417  Federal Programs")
        canv.drawRightString(W - MARGIN, 30, f"Page {doc.page}")

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, _Gt):
            self.tables.append({"page": self.page, **flowable.gt})


def build(seed: int) -> tuple[bytes, dict]:
    """One document: (PDF bytes, truth in the tables-extra layout)."""
    rng = random.Random(seed)
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], alignment=TA_JUSTIFY,
                          fontSize=rng.choice([8.5, 9, 10]), leading=11.5)
    fw = W - 2 * MARGIN
    story: list[Flowable] = []
    npages = rng.randint(2, 4)
    for p in range(npages):
        ncol = rng.choice([1, 2, 2, 3])
        story.append(NextPageTemplate(f"cols{ncol}"))
        if p:
            from reportlab.platypus import PageBreak
            story.append(PageBreak())
        width = (fw - 18 * (ncol - 1)) / ncol
        blocks = rng.sample(["table", "table", "chart", "kv", "toc", "list", "prose",
                             "prose", "foot"], rng.randint(3, 5))
        story.append(Paragraph(f"{rng.choice(PROGRAMS)}: {rng.choice(VERB).capitalize()} "
                               f"{rng.choice(OBJ)}", styles["Heading2"]))
        for b in blocks:
            if b == "table":
                story.append(_make_table(rng, width, styles))
            elif b == "chart":
                story.append(_chart(rng, width))
            elif b == "kv":
                story += [_key_values(rng, width), Spacer(1, 8)]
            elif b == "toc":
                story += _toc(rng, width, styles)
            elif b == "list":
                story += _numbered(rng, styles)
            elif b == "foot":
                story += _footnotes(rng)
            story.append(Paragraph(_paragraph_text(rng, rng.randint(3, 7)), body))
        for _ in range(rng.randint(1, 3)):
            story.append(Paragraph(_paragraph_text(rng, rng.randint(4, 8)), body))
        if ncol > 1 and rng.random() < 0.3:
            story.append(FrameBreak())
        story.append(CondPageBreak(1))
    buf = io.BytesIO()
    doc = _Doc(buf)
    doc.build(story)
    pdf = buf.getvalue()
    import pypdfium2 as pdfium

    n = len(pdfium.PdfDocument(pdf))
    gt = {"source": f"bench/report_pages.py seed {seed}", "tables": doc.tables,
          "pages_annotated": list(range(1, n + 1))}
    return pdf, gt


def write_documents(out: Path, named_seeds: list[tuple[str, int]], build_one) -> list[str]:
    """Write each ``(name, seed)`` document that ``build_one(seed)`` makes under ``out``
    (pdf/NAME.pdf, gt/NAME.json, the layout the table bench reads); their names."""
    (out / "pdf").mkdir(parents=True, exist_ok=True)
    (out / "gt").mkdir(parents=True, exist_ok=True)
    for name, seed in named_seeds:
        pdf, gt = build_one(seed)
        (out / "pdf" / f"{name}.pdf").write_bytes(pdf)
        (out / "gt" / f"{name}.json").write_text(json.dumps(gt, indent=1))
    return [name for name, _ in named_seeds]


def write_one(out: Path, name: str, pdf: bytes, gt: dict) -> None:
    """One document's ``NAME.pdf`` and ``NAME.json`` straight under ``out`` (a generator's
    ``--seed`` look at one document), and a line saying what it holds."""
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.pdf").write_bytes(pdf)
    (out / f"{name}.json").write_text(json.dumps(gt, indent=1))
    print(f"{len(gt['tables'])} tables on {len(gt['pages_annotated'])} pages")


def write(out: Path, docs: int = 24) -> list[str]:
    """Write ``docs`` documents under ``out`` (pdf/, gt/); their names."""
    return write_documents(out, [(f"report_{seed:02d}", seed) for seed in range(docs)], build)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=24)
    args = ap.parse_args()
    names = write(args.out, args.docs)
    print(f"{len(names)} documents under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
