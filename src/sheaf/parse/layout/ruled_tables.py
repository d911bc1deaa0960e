"""Ruled tables: grids built from the page's ruling lines (with stacked rows split and open
outer sides closed) and horizontal-rule-only ("booktabs") tables."""

from __future__ import annotations

from ..document import BBox
from .cell_gaps import WIDE_GAP_EM
from .markers import CAPTION_RE
from .merged_cells import (
    _header_rows,
    _join_open_rows,
    _merged_cells,
    _prune_spans,
    _regular,
)
from .model import Line, Rule
from .table_common import Spans, Table, _bucket, _cell_text, join_cell_text, white_strips
from .unruled_tables import _columns_table


def _merge_rules(rules: list[Rule], tol: float = 1.5) -> list[Rule]:
    out: list[Rule] = []
    for r in sorted(rules, key=lambda r: (r.pos, r.a0)):
        for o in out[-8:]:
            if abs(o.pos - r.pos) <= tol and r.a0 <= o.a1 + 2 and r.a1 >= o.a0 - 2:
                o.a0, o.a1 = min(o.a0, r.a0), max(o.a1, r.a1)
                break
        else:
            out.append(Rule(r.horizontal, r.a0, r.a1, r.pos))
    return [r for r in out if r.a1 - r.a0 >= 5]


def _groups(vals: list[float], tol: float) -> list[list[float]]:
    out: list[list[float]] = []
    for v in sorted(vals):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return out


def _cluster(vals: list[float], tol: float) -> list[float]:
    return [sum(c) / len(c) for c in _groups(vals, tol)]


def _inside(ln: Line, x0: float, y0: float, x1: float, y1: float, pad: float = 1.0) -> bool:
    cx, cy = (ln.x0 + ln.x1) / 2, ln.cy
    return x0 - pad <= cx <= x1 + pad and y0 - pad <= cy <= y1 + pad


def _ruled(rules: list[Rule], lines: list[Line], rtl: bool = False) -> list[Table]:
    hs = _merge_rules([r for r in rules if r.horizontal])
    vs = _merge_rules([r for r in rules if not r.horizontal])
    if len(hs) < 2:
        return []
    # union-find over intersecting rules
    n_h = len(hs)
    parent = list(range(n_h + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tol = 2.5
    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.a0 - tol <= v.pos <= h.a1 + tol and v.a0 - tol <= h.pos <= v.a1 + tol:
                parent[find(i)] = find(n_h + j)
    comps: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(hs):
        comps.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        comps.setdefault(find(n_h + j), ([], []))[1].append(v)
    tables: list[Table] = []
    lone_h: list[Rule] = []
    for ch, cv in comps.values():
        if len(cv) < 2 or len(ch) < 2:
            lone_h.extend(ch)
            continue
        # column edges closer than a character are one boundary drawn twice (cell rectangles
        # inset from the grid line, double rules): apart they make sliver columns that catch
        # fragments of the header text
        xgroups = _groups([v.pos for v in cv], 6.5)
        xs = [sum(g) / len(g) for g in xgroups]
        ys = _cluster([h.pos for h in ch], 3.0)
        if len(xs) < 2 or len(ys) < 2:
            continue
        xr = [(g[0], g[-1]) for g in xgroups]  # each column edge's drawn extent
        opened = _open_sides(xs, ch)
        if opened[0] != xs[0]:
            xr.insert(0, (opened[0], opened[0]))
        if opened[-1] != xs[-1]:
            xr.append((opened[-1], opened[-1]))
        xs = opened
        x0, x1, y0, y1 = xs[0], xs[-1], ys[0], ys[-1]
        inside = [ln for ln in lines if _inside(ln, x0, y0, x1, y1)]
        if not inside:
            continue
        if len(xs) >= 3:  # a frame around one column (a chart, a text box) stays one column
            xs, xr = _text_splits(xs, xr, inside)
        grid: list[list[list[Line]]] = [[[] for _ in xs[:-1]] for _ in ys[:-1]]
        for ln in inside:
            # by word, so a line crossing a column rule is split correctly; the words of one
            # line in one cell keep their (reading) order
            parts: dict[tuple[int, int], list] = {}
            for wd in ln.words:
                cx, cy = wd.bbox.x + wd.bbox.w / 2, wd.bbox.y + wd.bbox.h / 2
                ci = _bucket(xs, cx)
                ri = _bucket(ys, cy)
                if ci is not None and ri is not None:
                    parts.setdefault((ri, ci), []).append(wd)
            for (ri, ci), ws in parts.items():
                grid[ri][ci].append(
                    Line(
                        ws,
                        min(w.bbox.x for w in ws),
                        min(w.bbox.y for w in ws),
                        max(w.bbox.x1 for w in ws),
                        max(w.bbox.y1 for w in ws),
                        ln.size,
                    )
                )
        built = _grid_rows(grid, inside, xs, xr, ys, ch, cv, rtl)
        if built is None:
            continue
        rows, cols, spans = built
        t = Table(BBox(x0, y0, x1 - x0, y1 - y0), rows, inside, True, cols, spans)
        t.header_rows = _header_rows(spans, len(rows))
        tables.append(t)
    tables.extend(_booktabs(lone_h, lines, tables, rtl))
    return tables


def _text_splits(
    xs: list[float], xr: list[tuple[float, float]], lines: list[Line]
) -> tuple[list[float], list[tuple[float, float]]]:
    """Column edges the text draws where the rules do not: inside a ruled column, a vertical
    strip at least an em wide that three or more rows have text on both sides of, crossed
    by lines of at most one row in eight (a spanning header above sub-columns), parts two columns
    (a grid ruled only around its header, its body columns set apart by white space)."""
    out_x, out_r = [xs[0]], [xr[0]]
    for k in range(len(xs) - 1):
        a, b = xs[k], xs[k + 1]
        col = [ln for ln in lines if a <= (ln.x0 + ln.x1) / 2 <= b and not ln.rotated]
        if len(col) >= 6:
            em = sorted(ln.size for ln in col)[len(col) // 2]
            rows = len({round(ln.cy) for ln in col})
            for c in white_strips(col, a, b, WIDE_GAP_EM * em, rows // 8):
                out_x.append(c)
                out_r.append((c, c))
        out_x.append(b)
        out_r.append(xr[k + 1])
    return out_x, out_r


def _grid_rows(
    grid: list[list[list[Line]]],
    lines: list[Line],
    xs: list[float],
    xr: list[tuple[float, float]],
    ys: list[float],
    hs: list[Rule],
    vs: list[Rule],
    rtl: bool,
) -> tuple[list[list[str]], list[tuple[float, float]], Spans] | None:
    """Cell texts, column intervals and merged cells of a ruled grid. Rows parted by no
    row boundary join, then cells that no rule parts merge; merged cells are kept only in a
    table that is a grid around them. A drawing (boxes, callouts, a frame) or a box that
    joins into one row is read as drawn, without merged cells, and what is no table as
    drawn is none after either."""
    drawn = _grid_texts(grid, xs, [], rtl)
    joined, jys = _join_open_rows(grid, xs, ys, hs, vs)
    if drawn is None or len(joined) < 2:
        return drawn
    work = [[list(c) for c in r] for r in joined]
    out = _grid_texts(work, xs, _merged_cells(work, lines, xs, xr, jys, hs, vs), rtl)
    return out if out is not None and _regular(out[0], out[2]) else drawn


def _grid_texts(
    grid: list[list[list[Line]]], xs: list[float], spans: Spans, rtl: bool
) -> tuple[list[list[str]], list[tuple[float, float]], Spans] | None:
    merged = {r for r0, _, rs, _ in spans for r in range(r0, r0 + rs)}
    split: list[list[list[Line]]] = []
    row_at: list[int] = []  # grid row -> its first row after splitting stacked rows
    for r, row in enumerate(grid):
        row_at.append(len(split))
        split.extend([row] if r in merged else _split_stacked(row, xs, rtl))
    spans = [(row_at[r], c, rs, cs) for r, c, rs, cs in spans]
    texts = [[_cell_text(c, rtl) for c in r] for r in split]
    if not spans:
        texts = _merge_wrapped_labels(texts)
    rows, cols, spans = _prune_spans(texts, xs, spans)
    if len(rows) < 2 or len(rows[0]) < 2:
        return None
    # a row of one cell across the table (a section heading) keeps its text in the first
    # cell: a pipe table says as much
    spans = [s for s in spans if not (s[2] == 1 and s[3] == len(rows[0]))]
    return rows, cols, spans


def _merge_wrapped_labels(grid: list[list[str]]) -> list[list[str]]:
    """A row holding one cell only (not starting in lower case), followed by a row whose same
    cell goes on in lower case or with a parenthesis and that fills other cells too, is the
    first line of a wrapped cell (each text line drawn in its own ruled box): join the rows."""
    out: list[list[str]] = []
    for r in grid:
        if out and len(r) > 2:
            up = out[-1]
            filled = [i for i, c in enumerate(up) if c]
            lead = up[filled[0]][:1] if len(filled) == 1 else ""
            nxt = r[filled[0]][:1] if len(filled) == 1 else ""
            # the upper cell must not itself go on from the row above it
            if (
                lead
                and not lead.islower()
                and nxt
                and (nxt.islower() or nxt == "(")
                and any(c for i, c in enumerate(r) if i != filled[0])
            ):
                i = filled[0]
                merged = list(r)
                merged[i] = join_cell_text(up[i], r[i])
                out[-1] = merged
                continue
        out.append(list(r))
    return out


def _split_stacked(
    row: list[list[Line]], xs: list[float], rtl: bool = False
) -> list[list[list[Line]]]:
    """A grid row drawn without rules between its entries holds several entries stacked in
    each cell, line for line across the columns (a list of countries beside their figures):
    when two or more cells hold several short lines whose baselines line up from column to
    column, and the label column names every one of them, each baseline becomes a row of
    its own. Wrapped prose (lines filling the cell), wrapped headers (no label) and rows
    whose lines do not line up stay one row."""
    multi = [c for c in row if len(c) >= 2]
    if len(multi) < 2:
        return [row]
    hs = sorted(ln.h for c in row for ln in c)
    tol = 0.5 * hs[len(hs) // 2]
    bands: list[list[float]] = []
    for y in sorted(ln.cy for c in row for ln in c):
        if bands and y - bands[-1][-1] <= tol:
            bands[-1].append(y)
        else:
            bands.append([y])
    if len(bands) < 3:
        return [row]
    centers = [sum(b) / len(b) for b in bands]

    def band(ln: Line) -> int:
        return min(range(len(centers)), key=lambda k: abs(centers[k] - ln.cy))

    cols_in: list[set[int]] = [set() for _ in bands]
    for ci, c in enumerate(row):
        seen = [band(ln) for ln in c]
        if len(set(seen)) != len(seen):
            return [row]  # two lines of one cell on one baseline: not a clean stack
        for k in seen:
            cols_in[k].add(ci)
        w = xs[ci + 1] - xs[ci]
        if len(c) >= 2 and all(
            ln.x1 - ln.x0 >= 0.7 * w for ln in sorted(c, key=lambda a: a.cy)[:-1]
        ):
            return [row]  # lines that fill the cell: wrapped prose
    label = row[-1] if rtl else row[0]
    if len({band(ln) for ln in label}) != len(bands):
        return [row]  # a sub-row without its label: a cell wrapped beside a one-line label
    shared = sum(1 for s in cols_in if len(s) >= 2)
    if shared < max(2, 0.6 * len(bands)):
        return [row]
    out: list[list[list[Line]]] = [[[] for _ in row] for _ in bands]
    for ci, c in enumerate(row):
        for ln in c:
            out[band(ln)][ci].append(ln)
    return out


def _open_sides(xs: list[float], hs: list[Rule], min_w: float = 8.0) -> list[float]:
    """A grid drawn without its outer vertical borders (only the rules between columns, the
    horizontal rules running on past them) still has a first and a last column: the
    horizontal rules' extent, as reached by at least two of them, closes the grid."""
    if len(hs) < 2:
        return xs
    left = sorted(h.a0 for h in hs)[1]
    right = sorted((h.a1 for h in hs), reverse=True)[1]
    out = list(xs)
    if out[0] - left >= min_w:
        out.insert(0, left)
    if right - out[-1] >= min_w:
        out.append(right)
    return out


def _rows_between(lines: list[Line], x0: float, x1: float, y0: float, y1: float) -> bool:
    """The text between two rules far apart is a table's body, not the page between two
    tables: short lines only (no prose), inside the rules' extent, set as rows without a
    blank of more than two rows anywhere (a long table between its header rule and its
    closing rule)."""
    inside = sorted((ln for ln in lines if y0 < ln.cy < y1), key=lambda a: a.y0)
    if len(inside) < 10 or any(ln.x0 < x0 - 4 or ln.x1 > x1 + 4 or len(ln.words) > 6
                               or CAPTION_RE.match(ln.text) for ln in inside):
        return False
    return _no_blank(inside, y0, y1)


def _no_blank(inside: list[Line], y0: float, y1: float, rows: float = 2.5) -> bool:
    """No blank of more than ``rows`` rows between two rules at ``y0`` and ``y1``
    (``inside``: the lines between them, top to bottom)."""
    if not inside:
        return True
    h = sorted(ln.h for ln in inside)[len(inside) // 2]
    tops = [y0] + [ln.y0 for ln in inside] + [y1]
    bottoms = [y0] + [ln.y1 for ln in inside] + [y1]
    reach = y0
    for top, bot in zip(tops[1:], bottoms[:-1], strict=False):
        reach = max(reach, bot)
        if top - reach > rows * h:
            return False
    return True


def _one_table_between(lines: list[Line], x0: float, x1: float, y0: float, y1: float) -> bool:
    """Whether the text between two rules can be one table's: no line of prose (more than
    six words across most of the rules' width from their left end; prose in the next
    column does not count: the rules close one table and open the next; a description
    column's sentences start right of the rules' left end) and no blank two rows high
    (rules that set apart an address block, a title and an item table; a table's blank row
    is one high)."""
    inside = sorted((ln for ln in lines if y0 < ln.cy < y1 and ln.x1 > x0 and ln.x0 < x1),
                    key=lambda a: a.y0)
    if any(len(ln.words) > 6 and min(ln.x1, x1) - max(ln.x0, x0) >= 0.6 * (x1 - x0)
           and ln.x0 <= x0 + 2 * ln.size
           for ln in inside) or any(CAPTION_RE.match(ln.text) for ln in inside):
        return False  # (prose, or the next table's caption: "Table 4: ...")
    return _no_blank(inside, y0, y1, rows=1.8)


def _booktabs(
    hs: list[Rule], lines: list[Line], found: list[Table], rtl: bool = False
) -> list[Table]:
    """Tables drawn with horizontal rules only: >= 2 rules of about the same extent with
    column-aligned text between them."""
    out: list[Table] = []
    hs = sorted(hs, key=lambda r: r.pos)
    used: set[int] = set()
    for i, top in enumerate(hs):
        if i in used or top.a1 - top.a0 < 60:
            continue
        group = [top]
        for j in range(i + 1, len(hs)):
            r = hs[j]
            if abs(r.a0 - top.a0) < 12 and abs(r.a1 - top.a1) < 12 and (
                    (r.pos - group[-1].pos < 400
                     and _one_table_between(lines, top.a0, top.a1, group[-1].pos, r.pos))
                    or _rows_between(lines, top.a0, top.a1, group[-1].pos, r.pos)):
                group.append(r)
                used.add(j)
        if len(group) < 2:
            continue
        x0, x1, y0, y1 = top.a0, top.a1, group[0].pos, _last_row_under(group, lines)
        if any(t.bbox.y <= (y0 + y1) / 2 <= t.bbox.y1 and min(x1, t.bbox.x1) > max(x0, t.bbox.x)
               for t in found + out):
            continue  # (a table beside it, side by side, is no reason)
        # partial rules (under group headers) of two tables, one over the other, are no
        # table: the region takes in much of a table already found
        if any(min(y1, t.bbox.y1) - max(y0, t.bbox.y) > 0.3 * (y1 - y0)
               and min(x1, t.bbox.x1) > max(x0, t.bbox.x) for t in found + out):
            continue
        inside = [ln for ln in lines if _inside(ln, x0 - 4, y0, x1 + 4, y1, pad=0)]
        t = _columns_table(inside, relaxed=True, rtl=rtl)
        if t is not None:
            t.bbox = BBox(x0, y0, x1 - x0, y1 - y0)
            t.ruled = True
            out.append(t)
    return out


def _last_row_under(group: list[Rule], lines: list[Line]) -> float:
    """The bottom of a table whose rows each sit between two rules: its last rule, or the
    foot of one more row under it when the rules run at one pitch and the row below is as
    high (hairlines between rows, none under the last: a web table's ``border-top``)."""
    y1 = group[-1].pos
    gaps = [b.pos - a.pos for a, b in zip(group, group[1:], strict=False)]
    if len(gaps) < 3:
        return y1
    pitch = sorted(gaps)[len(gaps) // 2]
    if any(abs(g - pitch) > 0.25 * pitch for g in gaps[1:]):
        return y1  # (the first gap is the header's, often deeper)
    x0, x1 = group[-1].a0, group[-1].a1
    below = sorted((ln for ln in lines if y1 < ln.y0 and ln.y1 <= y1 + pitch
                    and x0 - 2 <= ln.x0 and ln.x1 <= x1 + 2), key=lambda ln: ln.x0)
    if len(below) < 2 or max(ln.y0 for ln in below) - min(ln.y0 for ln in below) > 2:
        return y1
    # cells stand apart ("Public administration      3 976,9"); a note's words do not
    if all(b.x0 - a.x1 < a.size for a, b in zip(below, below[1:], strict=False)):
        return y1
    return max(ln.y1 for ln in below) + 1
