"""Reading order and line building on pages the olmOCR sample showed going wrong: an invisible
OCR text layer (each word placed and scaled on its own), a book page's running head set close to
the text, justified lines whose stretched word spaces split them into pieces."""

from __future__ import annotations

import io

from reportlab.pdfgen import canvas

from sheaf.parse import parse
from sheaf.parse.render import render


def _parse(data: bytes):
    return parse(data, tier="cost_effective")


def _md(data: bytes) -> str:
    return render(_parse(data), "markdown_full")


def _body_items(doc):
    return [it for it in doc.pages[0].items if it.type not in ("header", "footer")]


def _ocr_word(c, x: float, y: float, word: str, size: float, width: float) -> None:
    """One word of an invisible OCR layer: its own text object, font size and horizontal
    scaling (so its box fits the word in the scan)."""
    t = c.beginText()
    t.setTextRenderMode(3)
    t.setFont("Courier", size)
    natural = c.stringWidth(word, "Courier", size)
    t.setHorizScale(100.0 * width / natural)
    t.setTextOrigin(x, y)
    t.textOut(word)
    c.drawText(t)


def _ocr_page(lines: list[list[tuple[str, float, float, float]]], page=(180, 300)) -> bytes:
    """``lines``: per text line, (word, x, y from the top, font size) with widths from the
    word length; words in stream order as an OCR layer writes them."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=page)
    for ln in lines:
        for word, x, y, size in ln:
            _ocr_word(c, x, page[1] - y, word, size, 1.6 * len(word))
    c.save()
    return buf.getvalue()


def _ocr_line(words: list[str], x0: float, y: float, gaps: list[float], sizes: list[float]):
    out, x = [], x0
    for k, w in enumerate(words):
        out.append((w, x, y, sizes[k % len(sizes)]))
        x += 1.6 * len(w) + gaps[k % len(gaps)]
    return out


def test_hidden_ocr_layer_words_with_wide_uneven_gaps_stay_one_line():
    # word gaps up to ~1.6 em of the (guessed, varying) word sizes: one line per OCR line
    rows = []
    texts = [
        "alpha beta gamma. Delta epsilon zeta eta theta",
        "iota kappa lambda mu nu xi omicron pi rho",
        "sigma tau upsilon phi chi psi omega end",
    ]
    for k, t in enumerate(texts):
        rows.append(_ocr_line(t.split(), 20, 40 + 4.2 * k, [1.4, 4.4, 2.0], [2.6, 3.2, 2.2]))
    doc = _parse(_ocr_page(rows))
    text = " ".join(it.text for it in _body_items(doc))
    for t in texts:
        assert t in text


def test_tall_glyph_does_not_stretch_its_line_over_the_next():
    # an em dash set three times the text size: the line keeps the height of its text
    import pypdfium2 as pdfium

    from sheaf.parse.options import ParseOptions
    from sheaf.parse.readers.pdf import PdfReader

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(300, 300))
    t = c.beginText()
    t.setTextOrigin(20, 250)
    t.setFont("Helvetica", 8)
    t.textOut("any")
    t.setFont("Helvetica", 24)
    t.textOut("\u2014")
    t.setFont("Helvetica", 8)
    t.textOut("was very trifling indeed")
    c.drawText(t)
    c.save()
    pdf = pdfium.PdfDocument(buf.getvalue())
    try:
        lines = PdfReader.raw_page(pdf, 0, ParseOptions()).lines
    finally:
        pdf.close()
    assert [ln.text for ln in lines] == ["any\u2014was very trifling indeed"]
    assert lines[0].h < 1.5 * 8


def test_glyph_mostly_off_the_page_is_dropped():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(300, 300))
    c.setFont("Helvetica", 10)
    c.drawString(20, 250, "Visible words on the page here")
    c.setFont("Helvetica", 40)
    c.drawString(100, 296, "OFFPAGE")  # only the feet of the letters reach into the page
    c.save()
    md = _md(buf.getvalue())
    assert "Visible words" in md
    assert "OFFPAGE" not in md


def _book_page(head_gap: float) -> bytes:
    """A book page: page number, running title and chapter mark on the first row, then prose
    starting ``head_gap`` points below."""
    buf = io.BytesIO()
    w, h = 300, 460
    c = canvas.Canvas(buf, pagesize=(w, h))
    c.setFont("Times-Roman", 7)
    c.drawString(40, h - 40, "400")
    c.setFont("Times-Roman", 9)
    c.drawCentredString(w / 2, h - 40, "BRITISH HUSBANDRY.")
    c.setFont("Times-Roman", 7)
    c.drawRightString(w - 40, h - 40, "[Ch. XIX.")
    c.setFont("Times-Roman", 8)
    y = h - 40 - head_gap
    for k in range(30):
        c.drawString(40, y, f"prose line {k} of the chapter goes on about the turnip crop here")
        y -= 10
    c.save()
    return buf.getvalue()


def test_running_head_with_page_number_close_above_the_text_is_a_header():
    doc = _parse(_book_page(head_gap=9))
    body = " ".join(it.text for it in _body_items(doc))
    assert "BRITISH HUSBANDRY" not in body
    assert "XIX" not in body
    assert "400" not in body
    assert "prose line 0 of the chapter" in body
    heads = [it for it in doc.pages[0].items if it.type == "header"]
    assert heads and "BRITISH HUSBANDRY" in heads[0].text


def test_first_row_of_a_figure_column_is_not_taken_for_a_running_head():
    # a table at the top of the page: "12" heads a column of figures, not a page number
    buf = io.BytesIO()
    w, h = 300, 460
    c = canvas.Canvas(buf, pagesize=(w, h))
    c.setFont("Helvetica", 8)
    for k, (name, v) in enumerate([("Widgets", "12"), ("Gadgets", "34"), ("Sprockets", "56"),
                                   ("Flanges", "78")]):
        c.drawString(40, h - 40 - 10 * k, name)
        c.drawRightString(w - 40, h - 40 - 10 * k, v)
    y = h - 100
    for k in range(20):
        c.drawString(40, y, f"prose line {k} of the report text runs across the page here")
        y -= 10
    c.save()
    doc = _parse(buf.getvalue())
    assert not any(it.type == "header" for it in doc.pages[0].items)
    assert "Widgets" in _md(buf.getvalue())


def _justified_page() -> bytes:
    """A narrow justified column whose second line has word spaces stretched past an em, beside
    a second column."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(400, 300))
    size = 7.0
    left, right = 40.0, 210.0

    def justify(words: list[str], y: float, x0: float, x1: float) -> None:
        c.setFont("Helvetica", size)
        widths = [c.stringWidth(wd, "Helvetica", size) for wd in words]
        gap = (x1 - x0 - sum(widths)) / (len(words) - 1)
        x = x0
        for wd, wdt in zip(words, widths, strict=True):
            c.drawString(x, 300 - y, wd)
            x += wdt + gap

    prose = [
        "The unprecedented expansion of power and influence of large firms over the",
        "",  # the stretched line
        "three decades has accelerated global trade and development but also damage",
        "and abuses of human rights in many countries around the world today since",
    ]
    y = 40.0
    c.setFont("Helvetica", size)
    for k, ln in enumerate(prose):
        if k == 1:
            # spaces stretched past an em: the reader hands the words over one by one
            justify(["also", "environmental", "damage", "and", "abuses", "of"], y, left, right)
        else:
            words = ln.split()
            # set the line at exactly the column measure with ordinary spaces
            while c.stringWidth(" ".join(words), "Helvetica", size) > right - left:
                words = words[:-1]
            justify(words, y, left, right)
        y += 9
    for k in range(6):  # a second column
        c.drawString(250, 300 - 40 - 9 * k, f"second column line {k} runs on here")
    c.save()
    return buf.getvalue()


def test_justified_line_with_stretched_spaces_is_one_line():
    md = _md(_justified_page())
    assert "also environmental damage and abuses of" in md
    assert "|" not in md  # not read as a table


def test_evenly_spaced_figures_are_not_joined_into_a_line():
    from sheaf.parse.document import BBox, Word
    from sheaf.parse.layout.build import _join_justified
    from sheaf.parse.layout.model import Line

    def ln(text, x0, x1, y0):
        return Line([Word(t, BBox(x0, y0, x1 - x0, 8)) for t in text.split()], x0, y0, x1,
                    y0 + 8, 7.0)

    prose = ln("a line of prose of the same measure as the row", 40, 190, 30)
    cells = [ln(str(10 + k), 40 + 20 * k, 50 + 20 * k, 40) for k in range(8)]  # 40 .. 190
    out = _join_justified([prose, *cells])
    assert len(out) == 9  # figures are cells, not words of one line


def test_form_labels_read_with_their_values():
    """ "Invoice date:" with its value far to its right: each pair is read together, not every
    label and then every value; a label with prose beyond the form's reach stays apart."""
    from .builders import drawn_pdf

    pairs = [("Invoice number:", "INV-2024-001"), ("Invoice date:", "12 March 2024"),
             ("Due date:", "11 April 2024"), ("Customer ID:", "C-7781")]

    def draw(c):
        y = 700
        for label, value in pairs:
            c.drawString(72, y, label)
            c.drawString(220, y, value)
            y -= 14
        c.drawString(72, y - 20, "Thank you for your order. Please pay by the due date.")

    doc = _parse(drawn_pdf(draw, 10))
    texts = [it.text for it in _body_items(doc)]
    assert texts[:4] == [f"{label} {value}" for label, value in pairs]
    assert texts[4] == "Thank you for your order. Please pay by the due date."
    assert not [it for it in _body_items(doc) if it.type == "table"]
