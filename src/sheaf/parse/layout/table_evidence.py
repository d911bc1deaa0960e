"""Which table candidates of a born-digital page are tables: the rules' candidates checked
against the layout model (:mod:`..layout_model`, run on the rendered page) and against what a
table holds.

Text that lines up in columns is not always a table: key-value blocks of a form, a chart's
axis and bar labels, lists set in narrow columns all align. The rules cannot tell these apart
from a table on geometry alone, the layout model (trained on page images) often can:

* a candidate whose content is a table's (a dense grid of numbers, or a header row over a
  column of numbers) is kept: the model misses small plain tables such as an invoice's items,
  and reads some narrow booktabs tables as figures;
* a sparse candidate (most cells empty), or a loose one (at most three rows whose text
  covers a tenth of its box or less: a chart's frame and gridlines read as a grid) is
  dropped where the model sees no table but a figure over most of it (a chart's labels).
  Dense ones are kept whatever the model says: it calls some real tables (an invoice's
  items under a logo) figures. Else the rules decide: vetoing unruled candidates the model
  calls text as well removed a real table of the validation part of tables-extra
  (``bench/table_bench.py``) and no false one, so that veto was not kept;
* prose in columns, justified lines cut into words, tables of contents, a form's
  worksheet lines, its boxes (captions over entries) and key-value blocks without colons
  are told apart by what their cells hold (:mod:`.not_tables`);
* a block whose rows are ``label:`` + value pairs is a form's key-value block, not a table.

The model runs only on pages with a sparse or loose candidate (lazily, once per page), so
most pages with tables never render.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..document import BBox
from .not_tables import (
    author_block,
    contents_list,
    equation_numbers,
    form_boxes,
    form_lines,
    key_value_block,
    prose_columns,
    runs_across,
)
from .table_common import Table, group_rows

__all__ = ["Region", "confirmed"]

Region = tuple[str, float, BBox]  # label, score, box in page points

MIN_SCORE = 0.5  # a model region counts from this score
TABLE_COVER = 0.5  # share of a candidate's box the model's table regions must cover
FIGURE_COVER = 0.6  # share of a candidate's box inside figure regions that makes it a figure
SPARSE = 0.5  # a grid with fewer of its cells filled may be a chart's labels
LOOSE = 0.1  # share of a small grid's box its text covers, below which it may be a chart

_NUM = re.compile(
    r"[-+−–(]?[$€£¥]?\s?\d[\d.,'’ ]*(%|‰)?\)?[*†‡]*(\s?([$€£¥]|[A-Z]{3}))?|[-–—.]{1,3}|n/?a",
    re.I)


def _cover(box: BBox, regions: list[Region], label: str) -> float:
    """Share of ``box`` covered by the model's ``label`` regions (overlaps counted once per
    region, capped at 1)."""
    area = box.w * box.h
    if area <= 0:
        return 0.0
    inter = 0.0
    for lab, score, r in regions:
        if lab != label or score < MIN_SCORE:
            continue
        ix = min(box.x1, r.x1) - max(box.x, r.x)
        iy = min(box.y1, r.y1) - max(box.y, r.y)
        if ix > 0 and iy > 0:
            inter += ix * iy
    return min(1.0, inter / area)


def _fill(t: Table) -> float:
    cells = [c for r in t.rows for c in r]
    return sum(1 for c in cells if c.strip()) / len(cells) if cells else 0.0


def _loose(t: Table) -> bool:
    """At most three rows whose text covers little of the box: labels in a chart's frame
    (its axes and gridlines read as a grid)."""
    area = t.bbox.w * t.bbox.h
    ink = sum((ln.x1 - ln.x0) * (ln.y1 - ln.y0) for ln in t.lines)
    return len(t.rows) <= 3 and area > 0 and ink < LOOSE * area


def _figure_cards(t: Table) -> bool:
    """Words lined up in columns without a drawn grid, a fifth of them or more set at 1.6x
    the size of most: a web page's key-figure cards (a big figure over a small label and
    its change)."""
    sizes = sorted(ln.size for ln in t.lines)
    if t.ruled or not sizes:
        return False
    big = sum(1 for z in sizes if z >= 1.6 * sizes[len(sizes) // 2])
    return big >= 2 and big >= 0.2 * len(sizes)  # a figure a card, not one big total


def _sizes_mixed_in_rows(t: Table) -> bool:
    """Half the rows or more hold lines of sizes 1.6x apart side by side: cards, each a big
    figure beside another card's small label (a table's row is set in one size; footnote
    marks, a character or two, do not count)."""
    rows = [[ln for ln in r if len(ln.text.strip()) >= 3] for r in group_rows(t.lines)]
    mixed = sum(1 for r in rows
                if r and max(ln.size for ln in r) >= 1.6 * min(ln.size for ln in r))
    return not t.ruled and mixed >= 2 and mixed >= 0.5 * len(rows)


def dense_numeric(t: Table) -> bool:
    """Three or more body rows, most cells filled, at least half of the filled body cells
    numbers: a data table, whatever its look."""
    body = t.rows[t.header_rows:] if len(t.rows) > t.header_rows + 2 else t.rows
    cells = [c.strip() for r in body for c in r]
    filled = [c for c in cells if c]
    if len(body) < 3 or not cells or len(t.rows[0]) < 2:
        return False
    nums = sum(1 for c in filled if _NUM.fullmatch(c))
    return len(filled) >= 0.7 * len(cells) and nums >= 0.5 * len(filled)


def key_value(t: Table) -> bool:
    """Rows of ``label:`` value pairs (one or two pairs a row): a form's fields. Also where a
    label's wrapped or hyphenated piece took a column of its own: most rows then still hold
    a ``label:`` cell followed by a value."""
    ncols = len(t.rows[0]) if t.rows else 0
    if ncols < 2:
        return False
    if ncols in (2, 4) and len(t.rows) >= 3:
        labels = [r[k].strip() for r in t.rows for k in range(0, ncols, 2) if r[k].strip()]
        colon = sum(1 for s in labels if s.endswith(":"))
        if labels and colon >= 0.7 * len(labels):
            return True
        # colons on some labels only (set by hand, line by line), no header row: the first
        # row is a label and a value like the others
        first = [c.strip() for c in t.rows[0]]
        if (labels and colon >= 0.4 * len(labels) and ncols == 2
                and (first[0].endswith(":") or bool(_NUM.fullmatch(first[1])))):
            return True
    if ncols > 5:
        return False
    rows = [[c.strip() for c in r if c.strip()] for r in t.rows]
    rows = [r for r in rows if r]
    found = [sum(1 for a, b in zip(r, r[1:], strict=False)
                 if a.endswith(":") and not b.endswith(":")) for r in rows]
    return sum(found) >= 3 and sum(1 for n in found if n) >= 0.7 * len(rows)


def typed_columns(t: Table) -> bool:
    """A header row of labels over at least one column of numbers (an invoice's items, a
    price list): two or more body rows, every filled cell of some later column a number."""
    if len(t.rows) < 3 or len(t.rows[0]) < 2:
        return False
    head = [c.strip() for c in t.rows[0]]
    if sum(1 for c in head if c) < 2 or any(_NUM.fullmatch(c) for c in head if c):
        return False
    body = t.rows[1:]
    for k in range(1, len(head)):
        col = [r[k].strip() for r in body if k < len(r)]
        nums = sum(1 for c in col if c and _NUM.fullmatch(c))
        if head[k] and nums >= 2 and nums >= 0.8 * len(col):
            return True
    return False


def confirmed(tables: list[Table],
              regions: Callable[[], list[Region] | None] | None) -> list[Table]:
    """The candidates that are tables (``regions``: the page's model regions, computed on
    first call; None, or a call returning None, where there is no page image or the model
    cannot run: then the rules decide alone)."""
    out = []
    for t in tables:
        # prose only counts against text in no grid: a drawn grid holds text-heavy tables
        if (key_value(t) or key_value_block(t) or contents_list(t) or form_lines(t)
                or author_block(t) or equation_numbers(t)
                or form_boxes(t) or (not t.ruled and (prose_columns(t) >= 2 or runs_across(t)))):
            continue
        if dense_numeric(t) or typed_columns(t):
            out.append(t)  # numbers in a grid or under a header
            continue
        filled = _fill(t) >= SPARSE and not _loose(t)
        if _sizes_mixed_in_rows(t):
            continue
        cards = filled and _figure_cards(t)
        if filled and not cards:
            out.append(t)  # most cells filled
            continue
        regs = regions() if regions is not None else None
        if regs is None or _cover(t.bbox, regs, "table") >= TABLE_COVER:
            out.append(t)
            continue
        # key-figure cards are a table only where the model sees one; a sparse grid, or a
        # few labels in a large drawn frame, unless the model sees a figure there: a chart's
        # axis and bar labels (the model also calls some dense real tables figures)
        if not cards and _cover(t.bbox, regs, "figure") < FIGURE_COVER:
            out.append(t)
    return out
