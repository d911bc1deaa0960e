"""Born-digital PDF text as TeX and other producers draw it: accents set apart from their
letters, quotes made of two single quotes, prose in a size other than the body's, formula
pieces, text running up the margin."""

from __future__ import annotations

from sheaf.parse import parse
from sheaf.parse.render import render

from .builders import drawn_pdf

FONT = "Helvetica"


def _md(pdf: bytes) -> str:
    return render(parse(pdf, tier="cost_effective"), "markdown_full")


def _over(c, text_before: str, x: float, y: float, accent: str, size: float = 12) -> None:
    """Draw ``accent`` centred over the letter that follows ``text_before`` (drawn at x)."""
    left = x + c.stringWidth(text_before, FONT, size)
    letter = c.stringWidth("a", FONT, size)
    aw = c.stringWidth(accent, FONT, size)
    c.setFont(FONT, size)
    c.drawString(left + (letter - aw) / 2, y + 1.5, accent)


def test_accents_drawn_apart_join_their_letters():
    def draw(c):
        c.setFont(FONT, 12)
        c.drawString(72, 700, "We also thank Jan Minac for his support.")
        _over(c, "We also thank Jan Min", 72, 700, "\u00b4")  # the acute, after the whole line
        # the line drawn in pieces, the accent between them, as TeX does
        head = "Reference: Jan Min"
        c.drawString(72, 660, head)
        _over(c, head, 72, 660, "\u00b4")
        c.setFont(FONT, 12)
        c.drawString(72 + c.stringWidth(head, FONT, 12), 660, "ac, On graphs.")
        _over(c, "A f", 72, 620, "\u02c6")
        c.setFont(FONT, 12)
        c.drawString(72, 620, "A fete, and the caret a ^ b stays apart.")

    md = _md(drawn_pdf(draw, 12))
    assert "We also thank Jan Minác for his support." in md
    assert "Reference: Jan Minác, On graphs." in md
    assert "A fête, and" in md
    assert "a ^ b" in md  # a caret set in its own place is no accent
    assert "\u00b4" not in md


def test_two_single_quotes_are_a_double_quote():
    md = _md(drawn_pdf(lambda c: c.drawString(72, 700, "The term \u2018\u2018CSR\u2019\u2019 is "
                                                       "in vogue; it\u2019s vague."), 12))
    assert "The term \u201cCSR\u201d is in vogue; it\u2019s vague." in md


def test_prose_in_a_second_common_size_is_no_heading():
    """A paper set in 12 pt with 10 pt references (more characters than the prose): a short
    12 pt paragraph stays text, a formula's pieces in a bigger font are no heading."""
    words = "the spectrum of the graph is the multiset of values of the character sum"

    def draw(c):
        y = 740
        c.setFont(FONT, 12)
        for _ in range(4):
            for _ in range(4):
                c.drawString(72, y, words)
                y -= 15
            y -= 12
        c.drawString(72, y, "Here we recall the induced linear functional. We conclude")
        y -= 30
        c.setFont(FONT, 16)
        c.drawString(200, y, "e +")
        c.drawString(240, y, "= 1")
        y -= 30
        c.setFont(FONT, 10)
        for k in range(20):
            ref = f"{k + 1}. A. Author, On the unitary Cayley graph of a finite ring, J. Comb."
            c.drawString(72, y, f"{ref} Theory {k}, pages 1-12.")
            y -= 12

    doc = parse(drawn_pdf(draw, 12), tier="cost_effective")
    heads = [it.text for it in doc.pages[0].items if it.type == "heading"]
    assert heads == []
    assert "Here we recall the induced linear functional." in render(doc, "markdown_full")


def test_margin_stamp_running_up_the_page_keeps_its_words_and_is_no_body_text():
    stamp = "Downloaded from journal.example.org at 6:51 on Monday November 11th 2019"

    def draw(c):
        c.setFont(FONT, 11)
        y = 700
        for k in range(20):
            c.drawString(100, y, f"Body line {k} of the article, set in the page's column.")
            y -= 14
        c.saveState()
        c.translate(30, 200)
        c.rotate(90)
        c.setFont(FONT, 9)
        c.drawString(0, 0, stamp)
        c.restoreState()

    doc = parse(drawn_pdf(draw, 11), tier="cost_effective")
    page = doc.pages[0]
    body = [it for it in page.items if it.type not in ("header", "footer")]
    assert not any("Downloaded" in (it.text or "") for it in body)
    furniture = [it.text for it in page.items if it.type in ("header", "footer")]
    assert stamp in furniture
