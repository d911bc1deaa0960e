"""Unruled tables: runs of rows whose text lines up in columns, looked for within one text
column of the page and not inside a drawing."""

from __future__ import annotations

import re
from statistics import median

from ..document import BBox
from .cell_gaps import WIDE_GAP_EM
from .markers import CAPTION_RE
from .model import Line, Rule
from .table_common import (
    VALUE,
    YEAR,
    Table,
    _bucket,
    _cell_text,
    _prune,
    group_rows,
    join_cell_text,
    key_value_row,
    white_strips,
)


def _gaps(intervals: list[tuple[float, float]], min_gap: float) -> list[tuple[float, float]]:
    if not intervals:
        return []
    iv = sorted(intervals)
    out = []
    cur_end = iv[0][1]
    for a, b in iv[1:]:
        if a - cur_end >= min_gap:
            out.append((cur_end, a))
        cur_end = max(cur_end, b)
    return out


def _columns_table(
    lines: list[Line], relaxed: bool = False, page_w: float = 612.0, rtl: bool = False
):
    rows = group_rows([ln for ln in lines if not ln.rotated])
    if len(rows) < 2:
        return None
    size = median(ln.size for ln in lines) if lines else 10.0
    gaps = _gaps([(ln.x0, ln.x1) for ln in lines], max(0.6 * size, 3.0))
    if not gaps:
        return None
    edges = (
        [min(ln.x0 for ln in lines)] + [(a + b) / 2 for a, b in gaps] + [max(ln.x1 for ln in lines)]
    )
    # column gaps that a group header spanning them hides too
    # (the lines of a header several rows deep may all cross one: "Both sexes" over
    # "Percent change" and a "Share (percent)" wider than its values)
    bands = _band_rows(rows)
    edges = _split_hidden(edges, lines, size,
                          max(len(rows) // 8, _header_depth(rows, bands=bands)))
    ncols = len(edges) - 1
    multi = sum(1 for r in rows if len(r) >= 2)
    wrapped = _wrapped_rows(rows) + len(bands)
    words = [len(ln.words) for ln in lines]
    if not relaxed:
        if ncols < 2 or len(rows) < 3 or multi < 0.7 * (len(rows) - wrapped):
            return None
        if median(words) > 4 or max(ln.x1 - ln.x0 for ln in lines) > 0.42 * page_w:
            return None
        if ncols == 2 and median(words) > 2.5:
            return None
        if sum(words) / len(words) > 5:
            return None
    elif multi < 2:
        return None
    grid = []
    joined = _stack_header_lines(_join_wrapped(rows, bands))
    bands = _band_rows(joined)
    depth = _header_depth(joined, bands=bands)
    body = [ln for b in joined[depth:] for ln in b]
    for k, r in enumerate(joined):
        cells: list[list[Line]] = [[] for _ in range(ncols)]
        if k in bands:  # a band label heads the rows under it, as a section row does
            grid.append([_cell_text(r, rtl)] + [""] * (ncols - 1))
            continue
        if depth and k == depth - 1:  # the row over the body (a group header above spans)
            r = _split_straddling(r, edges, body)
        for ln in r:
            cx = (ln.x0 + ln.x1) / 2
            ci = _bucket(edges, cx)
            cells[ci if ci is not None else (0 if cx < edges[0] else ncols - 1)].append(ln)
        grid.append([_cell_text(c, rtl) for c in cells])
    grid = merge_continuations(grid)
    grid, cols = _prune(grid, edges)
    grid, cols = _headers_over_columns(grid, cols)
    if len(grid) < 2 or len(grid[0]) < 2:
        return None
    x0 = min(ln.x0 for ln in lines)
    y0 = min(ln.y0 for ln in lines)
    x1 = max(ln.x1 for ln in lines)
    y1 = max(ln.y1 for ln in lines)
    return Table(BBox(x0, y0, x1 - x0, y1 - y0), grid, list(lines), False, cols)


def _header_depth(rows: list[list[Line]], most: int = 3,
                  bands: set[int] | None = None) -> int:
    """Rows above the first that holds a value (a year is a column label): the header;
    0 where none of the first ``most + 1`` rows holds one (a table of words). A band label
    between the header and the body ("NUMBER") ends the header and is not counted
    (``bands``: :func:`_band_rows` of ``rows``, when the caller has them)."""
    bands = _band_rows(rows) if bands is None else bands
    for k, r in enumerate(rows[:most + 1 + len(bands)]):
        if k in bands:
            return k
        if any(_holds_value(ln.text) for ln in r):
            return k
    return 0


# after a word, a unit or a footnote mark: "Total (1,000)", "importance 1/"
_LABEL_TAIL = re.compile(r"\(.*\)|\d{1,2}/")


def _holds_value(text: str) -> bool:
    """A number other than a year, or other than a unit or a footnote mark after a word."""
    words = text.split()
    return any(VALUE.fullmatch(w) and not YEAR.fullmatch(w)
               and not (k and _LABEL_TAIL.fullmatch(w)
                        and any(ch.isalpha() for ch in words[k - 1]))
               for k, w in enumerate(words))


def _band_rows(rows: list[list[Line]]) -> set[int]:
    """Indexes of the rows that are band labels (:func:`_band_label`) of a run of rows."""
    lines = [ln for r in rows for ln in r]
    if not lines:
        return set()
    x0, x1 = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    stub = min((r[1].x0 for r in rows if len(r) >= 2), default=x0)
    return {k for k, r in enumerate(rows) if _band_label(r, x0, x1, stub)}


def _band_label(r: list[Line], x0: float, x1: float, values: float) -> bool:
    """A row of one short line of words centred over the whole table or over its columns of
    values (right of ``values``): a band that names the unit or part of the rows below it
    ("NUMBER", "PERCENT DISTRIBUTION", "Dollars"), not a cell of one column."""
    if len(r) != 1 or len(r[0].words) > 4 or not any(ch.isalpha() for ch in r[0].text):
        return False
    ln = r[0]
    cx, tol = (ln.x0 + ln.x1) / 2, max(0.015 * (x1 - x0), 3.0)
    return (abs(cx - (x0 + x1) / 2) <= tol and ln.x0 > x0 + 0.1 * (x1 - x0)
            or abs(cx - (values + x1) / 2) <= tol and ln.x0 > values)


def _stack_header_lines(rows: list[list[Line]]) -> list[list[Line]]:
    """The header lines under the lowest group header are one row: a header cell set over
    two or three lines ("Percent" / "change") is one cell, the stub head beside it ("Age
    and sex", set at the bottom) in the same row. A line is a cell's upper line when the
    nearest header line under it is one line, mostly under it; anything else (a line over
    two lines, or over a column gap: "Both sexes", a year centred over its columns) is a
    group header."""
    depth = _header_depth(rows)
    if depth < 2:
        return rows

    def upper_line(ln: Line, lower: list[list[Line]]) -> bool:
        for r in lower:
            under = [b for b in r if min(ln.x1, b.x1) - max(ln.x0, b.x0) > 0]
            if under:
                b = under[0]
                shared = min(ln.x1, b.x1) - max(ln.x0, b.x0)
                return len(under) == 1 and shared >= 0.5 * min(ln.x1 - ln.x0, b.x1 - b.x0)
        return False

    last_group = max((k for k in range(depth - 1)
                      if not all(upper_line(ln, rows[k + 1:depth]) for ln in rows[k])),
                     default=-1)
    if depth - (last_group + 1) < 2:
        return rows
    # the upper lines are some cells' only (a label | value block has as many a row)
    if any(len(r) >= len(rows[depth - 1]) for r in rows[last_group + 1:depth - 1]):
        return rows
    leaf = [ln for r in rows[last_group + 1:depth] for ln in r]
    return rows[:last_group + 1] + [leaf] + rows[depth:]


def _split_straddling(row: list[Line], edges: list[float], body: list[Line]) -> list[Line]:
    """A header line of several words across a column edge, the column on one side headed
    by nothing else on this row, is two headers set close ("Preis Gesamtpreis netto" over
    a unit-price and an amount column): its words go to the column their middle is in,
    where each part stands over a body cell of its column."""
    def column(a: Line) -> int | None:
        return _bucket(edges, (a.x0 + a.x1) / 2)

    out: list[Line] = []
    for ln in row:
        inner = [e for e in edges[1:-1] if ln.x0 + 1 < e < ln.x1 - 1]
        if not inner or len(ln.words) < 2:
            out.append(ln)
            continue
        groups: dict[int, list] = {}
        for w in ln.words:
            mid = w.bbox.x + w.bbox.w / 2
            groups.setdefault(sum(1 for e in inner if mid > e), []).append(w)
        pieces = [ln.piece(ws) for _, ws in sorted(groups.items())]
        # no other header of this row in a column a piece goes to
        taken = {column(o) for o in row if o is not ln}
        alone = not any(column(p) in taken for p in pieces)
        over_cells = all(any(column(b) == column(p) and min(b.x1, p.x1) > max(b.x0, p.x0)
                             for b in body) for p in pieces)
        out.extend(pieces if len(groups) >= 2 and alone and over_cells else [ln])
    return out


# a title between runs of one punctuation mark ("--- Food Products ---", "*** Services ***")
_FRAMED_TITLE = re.compile(r"([^\w\s])\1+\s*\S.*?\s*\1{2,}")


def _join_wrapped(rows: list[list[Line]], bands: set[int]) -> list[list[Line]]:
    """Rows whose lines are a wrapped cell's other lines join the row they belong to: a row
    closer to a neighbour than adjacent rows of several cells are to each other (baseline
    to baseline; where no two are adjacent, than the nearest two), each of its lines under
    or over a line of that neighbour: a single line under a row of several cells (a label
    wrapped, its values on its first line), a single line over a row starting in lower case
    (values on the label's last line), a row whose lines all start in lower case (header
    cells set over two lines). A row of values under a row of labels, or lines of an address
    under its first, stay rows, and so do the band labels ``bands`` (:func:`_band_rows`)."""
    cy = [median(ln.cy for ln in r) for r in rows]
    multi = [i for i, r in enumerate(rows) if len(r) >= 2]
    pitch = [cy[b] - cy[a] for a, b in zip(multi, multi[1:], strict=False) if b == a + 1]
    apart = [cy[b] - cy[a] for a, b in zip(multi, multi[1:], strict=False)]
    if len(pitch) >= 2:
        close = 0.75 * median(pitch)
    elif len(apart) >= 2:  # every row wraps: rows are at least this far apart
        close = 0.75 * min(apart)
    else:
        return rows

    def under(r: list[Line], other: list[Line]) -> bool:
        return all(any(min(a.x1, b.x1) - max(a.x0, b.x0) > 0 for b in other) for a in r)

    out: list[list[Line]] = []
    ys: list[float] = []
    pending: list[Line] = []  # a single line that joins the row below
    for i, r in enumerate(rows):
        if i in bands and not pending:
            out.append(list(r))
            ys.append(cy[i])
            continue
        up = cy[i] - ys[-1] if out else None
        down = cy[i + 1] - cy[i] if i + 1 < len(rows) else None
        if pending:
            r = pending + r
            pending = []
        if len(r) == 1 and _FRAMED_TITLE.fullmatch(r[0].text):
            out.append(list(r))  # "--- Food Products ---": a group's title row
            ys.append(cy[i])
            continue
        if (len(r) == 1 and down is not None and down < close and (up is None or down < up)
                and under(r, rows[i + 1]) and rows[i + 1][0].text[:1].islower()):
            pending = r
            continue
        if (up is not None and up < close and under(r, out[-1])
                and (all(ln.text[:1].islower() for ln in r)
                     or (len(r) == 1 and len(out[-1]) >= 2
                         and r[0].x0 >= min(ln.x0 for ln in out[-1]) - 2))):
            # (a label's next line never starts left of it: that is a section label)
            out[-1] = out[-1] + r
            ys[-1] = cy[i]  # a third line joins when it is as close to the second
            continue
        out.append(list(r))
        ys.append(cy[i])
    if pending:
        out.append(pending)
    return out


def _wrapped_rows(rows: list[list[Line]]) -> int:
    """Rows that are a wrapped cell's next lines: one line of words (a chart's axis numbers
    between its legend rows are none), under a row of several cells (or another such line),
    starting in lower case or at the left edge of the first column (or of the label above
    it: an indented sub-row's label wraps at its indent)."""
    stub = min(r[0].x0 for r in rows)
    label = stub
    n, prev_ok = 0, False
    for r in rows:
        if len(r) >= 2:
            prev_ok, label = True, r[0].x0
        elif (prev_ok and any(ch.isalpha() for ch in r[0].text)
              and (r[0].text[:1].islower() or abs(r[0].x0 - stub) <= 2
                   or abs(r[0].x0 - label) <= 2)):
            n += 1
        else:
            prev_ok = False
    return n


def _split_hidden(edges: list[float], lines: list[Line], size: float, allowed: int) -> list[float]:
    """``edges`` plus the white strips inside each column (:func:`.white_strips`)."""
    out = [edges[0]]
    for a, b in zip(edges, edges[1:], strict=False):
        col = [ln for ln in lines if a <= (ln.x0 + ln.x1) / 2 <= b]
        out.extend(white_strips(col, a, b, max(WIDE_GAP_EM * size, 3.0), allowed))
        out.append(b)
    return out


def _headers_over_columns(grid: list[list[str]], cols: list[tuple[float, float]]
                          ) -> tuple[list[list[str]], list[tuple[float, float]]]:
    """A column filled only in the first row is the header of a neighbouring column empty
    there (a header set left over right-aligned numbers, or centred wider than them)."""
    j = 0
    while grid and len(grid) > 2 and j < len(grid[0]):
        alone = grid[0][j] and not any(r[j] for r in grid[1:])
        k = next((k for k in (j + 1, j - 1) if 0 <= k < len(grid[0]) and not grid[0][k]
                  and any(r[k] for r in grid[1:])), None) if alone else None
        if k is None:
            j += 1
            continue
        grid[0][k] = grid[0][j]
        for r in grid:
            del r[j]
        a, b = cols[min(j, k)][0], cols[max(j, k)][1]
        cols[k] = (a, b)
        del cols[j]
    return grid, cols


def merge_continuations(grid: list[list[str]]) -> list[list[str]]:
    """A row with its first cell empty and only one other cell filled continues the row above
    (a wrapped cell), and so does a row with only its first cell filled, starting in lower
    case under a filled first cell (a wrapped row label); a row label's first line alone on
    its row joins the next row when that starts in lower case (values set bottom)."""
    out: list[list[str]] = []
    for r in grid:
        filled = [i for i, c in enumerate(r) if c]
        if (out and filled == [0] and out[-1][0]
                and (r[0][:1].islower() and any(out[-1][1:]) or _dangling(out[-1][0]))):
            out[-1][0] = join_cell_text(out[-1][0], r[0])
        elif (out and filled == [0] and r[0][:1].islower()
              and [i for i, c in enumerate(out[-1]) if c] == [0]):
            out[-1][0] = join_cell_text(out[-1][0], r[0])  # a section label over two lines
        elif (out and r[0][:1].islower() and len(filled) > 1
              and [i for i, c in enumerate(out[-1]) if c] == [0]):
            # the label's first line stands alone, its values on the label's last line
            out[-1] = [join_cell_text(out[-1][0], r[0])] + list(r[1:])
        elif out and r[0] == "" and len(filled) == 1 and len(r) > 2:
            i = filled[0]
            out[-1][i] = join_cell_text(out[-1][i], r[i])
        else:
            out.append(list(r))
    return out


# words a label cannot end on (English, German, French, Spanish): the label goes on below
_OPEN_ENDS = frozenset({
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "not", "of", "on", "or",
    "per", "than", "the", "to", "with", "without",
    "und", "oder", "der", "die", "das", "des", "den", "dem", "für", "von", "mit", "ohne", "zu",
    "im", "am", "bei",
    "et", "ou", "de", "du", "la", "le", "les", "au", "aux", "en", "par", "pour", "sur", "sans",
    "avec",
    "y", "o", "el", "los", "las", "del", "al", "con", "sin", "por", "para"})


def _dangling(label: str) -> bool:
    """A row label that stops short: an open parenthesis, a trailing comma or hyphen, or a
    last word that never ends a label ("White alone, not" / "Hispanic")."""
    words = label.split()
    if not words:
        return False
    return (label.count("(") > label.count(")") or label.endswith((",", "-", "/"))
            or words[-1].lower() in _OPEN_ENDS)


def _in_drawing(box: BBox, rules: list[Rule], min_each: int = 3, row_h: float = 0.0) -> bool:
    """Text aligned in columns inside a drawing (a chart's axes, gridlines and plotted lines, a
    diagram's boxes and arrows) is a figure, not a table: several horizontal and several
    vertical rules run inside the area yet none spans it. A table without a full grid has at
    most rules across its whole width (booktabs) or down its whole height (column rules).
    The edges of boxes a few lines high that meet the next such box side by side do not
    count, nor the outlines drawn along them: a table's shaded rows or header band,
    wrapped labels included, are drawn one box a cell, side by side, all as high (a bar
    chart's bars stand apart, a histogram's differ in height)."""
    part_h = part_v = 0
    # the same rule painted twice the same way (a writer filling a shading box twice) is one
    rules = list({(r.horizontal, r.fill, round(r.pos, 1), round(r.a0, 1), round(r.a1, 1)): r
                  for r in rules}.values())
    row_edges = _row_box_edges(rules, row_h)
    for r in rules:
        if id(r) in row_edges:
            continue
        if r.horizontal and box.y + 1 < r.pos < box.y1 - 1:
            cover = min(r.a1, box.x1) - max(r.a0, box.x)
            part_h += 0 < cover < 0.8 * box.w
        elif not r.horizontal and box.x + 1 < r.pos < box.x1 - 1:
            cover = min(r.a1, box.y1) - max(r.a0, box.y)
            part_v += 0 < cover < 0.8 * box.h
    return part_h >= min_each and part_v >= min_each


def _row_box_edges(rules: list[Rule], row_h: float, tol: float = 1.5) -> set[int]:
    """Ids of the rules along the edges of boxes at most a few lines high whose upright side
    another such box meets at the same place and over the same extent (two shaded or framed
    cells of one row touching): their sides, their top and bottom, and any outline stroked
    along them."""
    at: dict[int, list[Rule]] = {}  # horizontal rules by height
    for r in rules:
        if r.horizontal:
            at.setdefault(round(r.pos), []).append(r)
    rows: list[tuple[float, float, float, float]] = []  # (x0, x1, y0, y1) of touching cells
    for v in rules:
        if v.horizontal or v.a1 - v.a0 > 6 * row_h:
            continue
        # a box's top edge ends at this side and the next box's top edge starts there
        tops = [h for k in (-2, -1, 0, 1, 2) for h in at.get(round(v.a0) + k, [])
                if abs(h.pos - v.a0) <= tol]
        before = [h for h in tops if abs(h.a1 - v.pos) <= tol and h.a0 < v.pos - tol]
        after = [h for h in tops if abs(h.a0 - v.pos) <= tol and h.a1 > v.pos + tol]
        if before and after:
            rows.append((min(h.a0 for h in before), max(h.a1 for h in after), v.a0, v.a1))
    rows += _stacked_boxes(rules, row_h, tol)
    if not rows:
        return set()
    out: set[int] = set()
    for r in rules:
        for x0, x1, y0, y1 in rows:
            if r.horizontal:
                along = (min(abs(r.pos - y0), abs(r.pos - y1)) <= tol
                         and x0 - tol <= r.a0 and r.a1 <= x1 + tol)
            else:
                along = (x0 - tol <= r.pos <= x1 + tol
                         and y0 - tol <= r.a0 and r.a1 <= y1 + tol)
            if along:
                out.add(id(r))
                break
    return out


def _stacked_boxes(rules: list[Rule], row_h: float,
                   tol: float) -> list[tuple[float, float, float, float]]:
    """(x0, x1, y0, y1) of filled boxes at most a few lines high that another box as wide
    and as high stands over or under: the shaded cells of one column (section labels, a
    shaded stub); a bar chart's bars differ in length or stand side by side."""
    sides: dict[tuple[int, int], list[Rule]] = {}  # filled upright sides by x and top
    for v in rules:
        if v.fill and not v.horizontal and v.a1 - v.a0 <= 6 * row_h:
            sides.setdefault((round(v.pos), round(v.a0)), []).append(v)
    groups: dict[tuple[int, int, int], list[tuple[float, float, float, float]]] = {}
    for h in rules:
        if not (h.fill and h.horizontal):
            continue
        for v in sides.get((round(h.a0), round(h.pos)), []):
            if any(abs(w.a1 - v.a1) <= tol for w in sides.get((round(h.a1), round(h.pos)), [])):
                box = (h.a0, h.a1, v.a0, v.a1)
                groups.setdefault((round(h.a0), round(h.a1), round(v.a1 - v.a0)), []).append(box)
                break
    return [b for g in groups.values() if len({round(b[2]) for b in g}) >= 2 for b in g]


def _unruled(
    lines: list[Line], page_w: float, rtl: bool = False, rules: list[Rule] | None = None
) -> list[Table]:
    rows = group_rows([ln for ln in lines if not ln.rotated and not ln.role])
    tables: list[Table] = []
    i = 0
    while i < len(rows):
        if len(rows[i]) < 2:
            i += 1
            continue
        j = i
        run = [rows[i]]
        while j + 1 < len(rows):
            nxt = rows[j + 1]
            prev = run[-1]
            size = max(ln.size for ln in prev)
            gap = min(ln.y0 for ln in nxt) - max(ln.y1 for ln in prev)
            if gap > 1.6 * size:
                break
            if len(nxt) < 2:
                # single-cell rows (a wrapped cell's next lines, up to five) if a row of
                # several cells follows
                k = j + 1
                while (k < len(rows) and k - j <= 5 and len(rows[k]) == 1
                       and len(rows[k][0].words) <= 4):
                    k += 1
                stub = min(r[0].x0 for r in run)
                # the first column's right edge: where the values start in the rows so far
                values = min((r[1].x0 for r in run if len(r) >= 2), default=stub)
                right = max(ln.x1 for r in run for ln in r)
                if k - j > 1 and k < len(rows) and len(rows[k]) >= 2 and (
                        k - j == 2 or all(rows[m][0].text[:1].islower()
                                          or abs(rows[m][0].x0 - stub) <= 2
                                          or _in_stub(rows[m][0], stub, values)
                                          or _band_label(rows[m], stub, right, values)
                                          for m in range(j + 1, k))):
                    run.extend(rows[j + 1:k])
                    j = k - 1
                    continue
                break
            run.append(nxt)
            j += 1
        while len(run) > 3 and key_value_row(run[0]) and not key_value_row(run[1]):
            run = run[1:]  # "Date: 2025-03-22   Order: PO-66067" over a table is not its row
        if len(run) >= 3 and j + 1 < len(rows) and _wrapped_tail(run, rows[j + 1]):
            run.append(rows[j + 1])
            j += 1
        if len(run) >= 3:
            flat = [ln for r in run for ln in r]
            t = _columns_table(flat, page_w=page_w, rtl=rtl)
            if t is not None:
                row_h = median(ln.h for ln in t.lines) if t.lines else 0.0
                if not (rules and _in_drawing(t.bbox, rules, row_h=row_h)):
                    tables.append(t)
                i = j + 1
                continue
        i += 1
    return tables


def _wrapped_tail(run: list[list[Line]], nxt: list[Line]) -> bool:
    """The last row's label wrapped onto one more line ("United" / "Kingdom" with its value
    on the first line): a single line under that label, within its column, closer to it than
    rows of several cells are to each other."""
    last = run[-1]
    if len(nxt) != 1 or len(last) < 2:
        return False
    cy = [median(ln.cy for ln in r) for r in run if len(r) >= 2]
    apart = [b - a for a, b in zip(cy, cy[1:], strict=False)]
    if len(apart) < 2:
        return False
    ln, label = nxt[0], last[0]
    return (ln.cy - cy[-1] < 0.75 * min(apart) and abs(ln.x0 - label.x0) <= 2
            and ln.x1 < last[1].x0 - 2 and len(ln.words) <= 4)


def _in_stub(ln: Line, stub: float, values: float) -> bool:
    """A line within the first column of a run of rows (a section heading of the row labels,
    or a label's next line, indented or not; a section label may stand out to the left by
    up to an em, the labels under it being indented), clear of the columns of values."""
    return stub - max(2.0, ln.size) <= ln.x0 and ln.x1 < values - 2


def _text_columns(lines: list[Line], min_gap: float = 12.0, depth: int = 0,
                  beside: list[tuple[float, float]] | None = None) -> list[list[Line]]:
    """Split the page at vertical gutters that no line crosses and that have prose (lines of
    six or more words) on both sides: an unaligned table is looked for within one text column,
    so rows of two columns side by side are not read as one table. Where no gutter runs the
    page's height (a title or a contents list set across it), the rows between two lines that
    cross a gutter are split there when they hold prose on both sides (a report's two-column
    part, a table in one of its columns), or around ``beside``: (gutter, height) where two
    tables already found stand side by side (the rest of each is in its own column)."""
    body = [ln for ln in lines if not ln.rotated and not ln.role]
    gaps = _gaps([(ln.x0, ln.x1) for ln in body], min_gap)
    cuts = [c for c in ((a + b) / 2 for a, b in gaps) if _prose_beside(body, c)]
    if cuts:
        regions: list[list[Line]] = [[] for _ in range(len(cuts) + 1)]
        for ln in lines:
            cx = (ln.x0 + ln.x1) / 2
            regions[sum(1 for c in cuts if cx > c)].append(ln)
        return [r for r in regions if r]
    band = None
    if depth < 2:
        band = _two_column_band(body, min_gap)
        for c, y in beside or []:
            band = band or _band_around(body, c, y)
    if band is None:
        return [lines]
    c, y0, y1 = band
    inside = [ln for ln in lines if y0 <= ln.y0 and ln.y1 <= y1]
    ids = {id(ln) for ln in inside}
    left = [ln for ln in inside if (ln.x0 + ln.x1) / 2 < c]
    right = [ln for ln in inside if (ln.x0 + ln.x1) / 2 >= c]
    rest = [ln for ln in lines if id(ln) not in ids]
    out = [left, right] + (_text_columns(rest, min_gap, depth + 1) if rest else [])
    return [r for r in out if r]


def _band_around(body: list[Line], c: float, y: float) -> tuple[float, float, float] | None:
    """(c, top, bottom) of the run of rows around height ``y`` that no line crosses at ``c``."""
    run: list[Line] = []
    for ln in [*sorted(body, key=lambda ln: ln.y0), None]:
        if ln is not None and not ln.x0 < c < ln.x1:
            run.append(ln)
            continue
        if run and min(o.y0 for o in run) <= y <= max(o.y1 for o in run):
            return c, min(o.y0 for o in run), max(o.y1 for o in run)
        run = []
    return None


def _prose_beside(body: list[Line], c: float, least: int = 3) -> bool:
    """Three lines of prose or more on each side of ``c``; with ``least`` below three, one
    side may hold only that many (a column's last lines of a paragraph over a table), when
    they are sentences' words and not an item's ("Kaffee Crema ganze Bohne, 1 kg")."""
    left = [ln for ln in body if ln.x1 <= c and len(ln.words) >= 6]
    right = [ln for ln in body if ln.x0 >= c and len(ln.words) >= 6]
    if min(len(left), len(right)) >= 3:
        return True
    few = left if len(left) < len(right) else right
    return max(len(left), len(right)) >= 3 and sum(1 for ln in few if _sentence(ln)) >= least


def _sentence(ln: Line) -> bool:
    """Six words of letters or more: running text, not an item with its numbers."""
    return sum(1 for w in ln.words if w.text.strip(".,;:!?()\"'").isalpha()) >= 6


def _captions_beside(run: list[Line], c: float) -> bool:
    """A caption ("Table 2: ...") on each side of ``c``, level with each other, the right
    one starting its column: two tables (or a table and a figure) set side by side, not a
    gap between two columns of one table."""
    left = [ln for ln in run if ln.x1 <= c and CAPTION_RE.match(ln.text)]
    start = min((ln.x0 for ln in run if ln.x0 >= c), default=c)
    right = [ln for ln in run
             if ln.x0 >= c and ln.x0 <= start + 2 and CAPTION_RE.match(ln.text)]
    return any(abs(a.y0 - b.y0) < 2 * max(a.h, b.h) for a in left for b in right)


def _column_starts_at_prose(run: list[Line], c: float) -> bool:
    """Nothing right of ``c`` starts left of the prose there: ``c`` is the gutter before a
    column, not a gap inside the column to its left (a table's labels and values)."""
    right = [ln for ln in run if ln.x0 >= c]
    prose = [ln.x0 for ln in right if len(ln.words) >= 6]
    return bool(prose) and min(ln.x0 for ln in right) >= min(prose) - 2


def _two_column_band(body: list[Line], min_gap: float) -> tuple[float, float, float] | None:
    """(gutter, top, bottom) of the tallest run of rows that no line crosses at a gutter of
    the page's narrower lines (or of its narrower lines of prose: a menu or a breadcrumb
    elsewhere on the page may cross the first; the runs stop at any line that does), with
    prose on both sides of it."""
    if not body:
        return None
    x0, x1 = min(ln.x0 for ln in body), max(ln.x1 for ln in body)
    narrow = [ln for ln in body if ln.x1 - ln.x0 < 0.55 * (x1 - x0)]
    prose = [ln for ln in narrow if len(ln.words) >= 6]
    gutters = {(a + b) / 2 for lines in (narrow, prose)
               for a, b in _gaps([(ln.x0, ln.x1) for ln in lines], min_gap)}
    best: tuple[float, float, float] | None = None
    top_down = [*sorted(body, key=lambda ln: ln.y0), None]
    for c in sorted(gutters):
        run: list[Line] = []
        for ln in top_down:
            if ln is not None and not ln.x0 < c < ln.x1:
                run.append(ln)
                continue
            if run and ((_prose_beside(run, c, least=1) and _column_starts_at_prose(run, c))
                        or _captions_beside(run, c)):
                top, bottom = min(o.y0 for o in run), max(o.y1 for o in run)
                if best is None or bottom - top > best[2] - best[1]:
                    best = (c, top, bottom)
            run = []
    return best
