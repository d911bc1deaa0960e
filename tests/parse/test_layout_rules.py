"""General layout rules found through the docling PDF similarity bench: right-to-left text,
symbol-font check boxes as bullets, printed list numbers, prose columns with figures across the
gutter, wide-spaced section numbers and caption labels, line spacing, soft hyphens."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from sheaf.parse import parse
from sheaf.parse.render import render

_DEJAVU = [p for p in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                       "/usr/share/fonts/dejavu/DejaVuSans.ttf") if Path(p).exists()]


def _md(data: bytes) -> str:
    return render(parse(data, tier="cost_effective"), "markdown_full")


def _canvas():
    buf = io.BytesIO()
    return buf, canvas.Canvas(buf, pagesize=letter)


def _dejavu(c) -> str:
    if not _DEJAVU:
        pytest.skip("needs the DejaVu Sans font (Hebrew glyphs, check boxes)")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("DejaVu", _DEJAVU[0]))
    return "DejaVu"


def test_right_to_left_lines_keep_logical_order():
    """Hebrew written glyph by glyph in logical order, right to left, with an embedded LTR word
    and justified (wide) word spaces: one line per row, words in logical order."""
    buf, c = _canvas()
    font = _dejavu(c)
    c.setFont(font, 12)
    rows = [["שלום", "עולם", "Python", "טוב"], ["ספר", "חדש", "מאוד", "יפה"]]
    y = 700
    for words in rows:
        x = 500.0
        for k, w in enumerate(words):
            width = c.stringWidth(w, font, 12)
            if w.isascii():  # an LTR run sits as a whole left of what came before
                c.drawString(x - width, y, w)
            else:
                for ch in w:  # each glyph left of the previous one, in logical order
                    cw = c.stringWidth(ch, font, 12)
                    c.drawString(x - cw, y, ch)
                    x -= cw
                x += width  # undo, then move by the word once below
            x -= width + (3 if k != 1 else 20)  # one wide, justified space
        y -= 16
    c.showPage()
    c.save()
    md = _md(buf.getvalue())
    assert "שלום עולם Python טוב" in md
    assert "ספר חדש מאוד יפה" in md
    assert md.index("שלום") < md.index("ספר")


def test_symbol_check_boxes_are_bullets():
    buf, c = _canvas()
    font = _dejavu(c)
    y = 700
    for t in ("Yes, at the national level", "Yes, at the regional level", "No"):
        c.setFont(font, 12)
        c.drawString(72, y, "\u2610")
        c.setFont("Helvetica", 9)
        c.drawString(90, y + 1, t)
        y -= 18
    c.showPage()
    c.save()
    md = _md(buf.getvalue())
    assert "- Yes, at the national level\n- Yes, at the regional level\n- No" in md
    assert "|" not in md


def test_printed_list_numbers_are_kept():
    buf, c = _canvas()
    c.setFont("Helvetica", 10)
    c.drawString(72, 700, "23. If your country has a provider, what is the caseload?")
    c.drawString(72, 660, "24. If your country has a provider, do lawyers coordinate?")
    c.showPage()
    c.save()
    md = _md(buf.getvalue())
    assert "23. If your country has a provider" in md
    assert "24. If your country has a provider" in md


def test_prose_columns_read_before_crossing_figure():
    """Two columns of paragraphs, a figure reaching across the gutter: the left column is read
    to its end before the right one starts (no gutter is free of items, so a plain XY-cut
    interleaves the paragraphs by height)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    buf, c = _canvas()
    c.setFont("Helvetica", 10)
    for x, name, skip in ((72, "LEFT", 0), (312, "RIGHT", 5)):
        y = 720 - skip
        for p in range(3):
            for k in range(8):
                t = f"{name.lower()} para {p} line {k} has six words"
                if p == 0 and k == 0:
                    t = name + "START " + t
                if p == 2 and k == 7:
                    t += " " + name + "END"
                c.drawString(x, y, t)
                y -= 12
            y -= 14
    img = ImageReader(Image.new("RGB", (60, 40), "gray"))
    c.drawImage(img, 200, 330, width=180, height=100)  # across the gutter, beside the text
    c.showPage()
    c.save()
    md = _md(buf.getvalue())
    pos = [md.index(k) for k in ("LEFTSTART", "LEFTEND", "RIGHTSTART", "RIGHTEND")]
    assert pos == sorted(pos)


def test_wide_spaced_section_number_and_caption_label():
    buf, c = _canvas()
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72, 700, "5.1")
    c.drawString(112, 700, "Hyper Parameter Optimization")
    c.setFont("Helvetica", 10)
    for k in range(3):
        c.drawString(72, 680 - 12 * k, "Body text of the section that goes on for a while here.")
    c.setFont("Helvetica", 9)
    c.drawString(72, 600, "Table 1.")
    c.drawString(125, 600, "HPO performed in OTSL and HTML representation on the same")
    c.showPage()
    c.save()
    md = _md(buf.getvalue())
    assert "5.1 Hyper Parameter Optimization" in md
    assert "Table 1. HPO performed in OTSL" in md


def test_wide_line_spacing_keeps_one_paragraph():
    buf, c = _canvas()
    c.setFont("Helvetica", 10)
    lines = [f"line {k} of one paragraph set with generous line spacing here" for k in range(6)]
    for k, t in enumerate(lines):
        c.drawString(72, 700 - 17.5 * k, t)
    c.showPage()
    c.save()
    doc = parse(buf.getvalue(), tier="cost_effective")
    texts = [it for it in doc.pages[0].items if it.type == "text"]
    assert len(texts) == 1 and texts[0].text == " ".join(lines)


def test_soft_hyphen_at_line_end_joins_the_word():
    buf, c = _canvas()
    c.setFont("Helvetica", 10)
    c.drawString(72, 700, "They coordinate appointments of private practitioners, or panel "
                          "appoint\u00ad")
    c.drawString(72, 688, "ments to legal aid cases and other things that matter")
    c.showPage()
    c.save()
    assert "panel appointments to legal aid" in _md(buf.getvalue())


def test_lam_alef_ligature_back_in_logical_order():
    """One lam-alef glyph extracted as alef, lam (same box) becomes lam, alef."""
    from sheaf.parse.readers.pdf import _fix_lam_alef

    box = (100.0, 10.0, 108.0, 20.0, 12.0, ())
    chars = [("\u062e", 110.0, 10.0, 116.0, 20.0, 12.0, ()), ("\u0627", *box),
             ("\u0644", *box), ("\u0644", 92.0, 10.0, 100.0, 20.0, 12.0, ())]
    _fix_lam_alef(chars)
    assert "".join(c[0] for c in chars) == "\u062e\u0644\u0627\u0644"


def test_a_line_cut_for_table_cells_is_given_back_whole_or_not_at_all():
    """Pieces cut at wide gaps map back to their line only when a table took all of them:
    otherwise the line stays in the page's text (never lost)."""
    from sheaf.parse.document import BBox, Word
    from sheaf.parse.layout.cell_gaps import split_wide_gaps
    from sheaf.parse.layout.leaders import originals
    from sheaf.parse.layout.model import Line

    def line(*cells: tuple[str, float]) -> Line:
        words = [Word(t, BBox(x, 100, 6 * len(t), 10)) for t, x in cells]
        return Line(words, words[0].bbox.x, 100, words[-1].bbox.x1, 110, 10.0)

    prose = line(("Widgets", 50), ("were", 95), ("sold", 124), ("out", 151))  # even spaces
    row = line(("12", 50), ("C1494-79", 70), ("Handscanner", 126), ("Barcode", 194),
               ("1", 244))
    listed = line(("•", 50), ("first", 60))
    pieces, origin = split_wide_gaps([prose, row, listed])
    assert [p.text for p in pieces] == ["Widgets were sold out", "12", "C1494-79",
                                        "Handscanner Barcode", "1", "• first"]
    assert originals(pieces[1:5], origin) == [row]
    assert originals(pieces[1:3], origin) == pieces[1:3]
