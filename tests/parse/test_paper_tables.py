"""Pages as papers set them (pdfLaTeX and the like): authors side by side under the title, a
displayed equation with its number, a short table of contents, and booktabs tables of
settings, with a column of sentences or a "Parameter | Value" header."""

from __future__ import annotations

from sheaf.parse import parse
from sheaf.parse.document import BBox
from sheaf.parse.layout.not_tables import equation_numbers
from sheaf.parse.layout.table_common import Table

from .builders import drawn_pdf


def _tables(data: bytes):
    doc = parse(data, tier="cost_effective")
    return [it for p in doc.pages for it in p.items if it.type == "table"]


def _prose(c, x: float, top: float, n: int, width: int = 12) -> float:
    text = ("the proposed method scales with label noise when the learning rate is tuned "
            "and the training objective is robust to the memory footprint")
    words = text.split()
    for i in range(n):
        c.drawString(x, top - 12 * i, " ".join(words[(i * 3 + k) % len(words)]
                                               for k in range(width)))
    return top - 12 * n


def test_authors_side_by_side_under_the_title_are_not_a_table():
    people = [("Diego Bianchi", "Institute for Data Science, ETH Zurich", "bianchi@ethz.ch"),
              ("Thomas Liu", "Google Research", "liu@google.com"),
              ("Mei Sato", "University of Toronto", "sato@utoronto.ca")]

    def draw(c):
        c.setFont("Times-Roman", 17)
        c.drawCentredString(306, 720, "Robust Representations under Label Noise")
        for k, person in enumerate(people):
            for r, text in enumerate(person):
                c.setFont("Times-Roman", 11 if r == 0 else 9)
                c.drawCentredString(136 + 170 * k, 690 - 13 * r, text)
        c.setFont("Times-Roman", 11)
        c.drawCentredString(306, 640, "September 2023")
        c.setFont("Times-Roman", 10)
        _prose(c, 72, 610, 8)

    assert _tables(drawn_pdf(draw)) == []


def test_a_displayed_equation_and_its_number_are_not_a_table():
    """Rows a display's sub- and superscripts make, its number in a column of its own."""
    eq = Table(BBox(72, 100, 468, 40), [["N 2", ""], ["L(θ) = Σ ℓ(f(x), y) + λ‖θ‖", "(1)"]],
               [], False)
    assert equation_numbers(eq)
    refs = Table(BBox(72, 100, 468, 40), [["Model", "Ref."], ["ResNet = baseline", "(12)"],
                                          ["ViT", "n/a"]], [], False)
    assert not equation_numbers(refs)


def test_a_short_numbered_table_of_contents_is_not_a_table():
    def draw(c):
        c.setFont("Times-Bold", 14)
        c.drawString(72, 720, "Contents")
        entries = [("1", "Introduction", "2"), ("2", "Results", "3"),
                   ("2.1", "Data sources", "3")]
        for k, (num, title, page) in enumerate(entries):
            c.setFont("Times-Bold" if "." not in num else "Times-Roman", 10)
            x = 72 if "." not in num else 90
            c.drawString(x, 690 - 14 * k, num)
            c.drawString(x + 22, 690 - 14 * k, title)
            c.drawRightString(540, 690 - 14 * k, page)
        c.setFont("Times-Roman", 10)
        _prose(c, 72, 620, 6)

    assert _tables(drawn_pdf(draw)) == []


def test_booktabs_settings_tables_are_tables():
    """A "Parameter | Value | Description" table whose descriptions are sentences as wide as
    most of the table, and a two-column "Parameter | Value" table of mixed values."""
    settings = [("scheduler", "linear", "Applied to all weights except biases and the "
                                        "normalisation layers."),
                ("temperature", "0.07", "Initial value, decayed with a cosine schedule to "
                                        "zero by the end."),
                ("learning_rate", "0.001", "Threshold on the confidence of a pseudo-label "
                                           "before it is used."),
                ("label_smoothing", "0.0", "Coefficient of the exponential moving average "
                                           "of the teacher weights.")]
    hyper = [("Learning rate", "5e-5"), ("Weight decay", "5e-4"), ("Epochs", "90"),
             ("Dropout", "0.2"), ("Optimizer", "AdamW")]

    def draw(c):
        c.setFont("Times-Roman", 10)
        c.drawCentredString(306, 740, "Table 1: Configuration parameters")
        c.setLineWidth(0.8)
        c.line(72, 730, 540, 730)
        c.drawString(76, 719, "Parameter")
        c.drawString(190, 719, "Value")
        c.drawString(240, 719, "Description")
        c.setLineWidth(0.5)
        c.line(72, 713, 540, 713)
        for k, (name, value, text) in enumerate(settings):
            y = 701 - 12 * k
            c.setFont("Courier", 9)
            c.drawString(76, y, name)
            c.setFont("Times-Roman", 10)
            c.drawRightString(225, y, value)
            c.drawString(240, y, text)
        c.setLineWidth(0.8)
        c.line(72, 652, 540, 652)
        c.drawCentredString(306, 610, "Table 2: Hyperparameters used for training.")
        c.line(230, 600, 380, 600)
        c.drawString(234, 590, "Parameter")
        c.drawString(330, 590, "Value")
        c.setLineWidth(0.5)
        c.line(230, 585, 380, 585)
        for k, (name, value) in enumerate(hyper):
            c.drawString(234, 574 - 11 * k, name)
            c.drawString(330, 574 - 11 * k, value)
        c.setLineWidth(0.8)
        c.line(230, 516, 380, 516)

    tables = _tables(drawn_pdf(draw))
    assert len(tables) == 2
    first, second = sorted(tables, key=lambda t: -len(t.rows[0]))
    assert first.rows[0] == ["Parameter", "Value", "Description"]
    assert first.rows[1] == list(settings[0])
    assert second.rows == [["Parameter", "Value"]] + [list(r) for r in hyper]
