"""Table detection: ruled grids from the page's ruling lines, horizontal-rule ("booktabs")
tables, and unruled tables from text aligned in columns."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from ..document import BBox
from .model import Line, Rule

__all__ = ["Table", "find_tables", "group_rows"]


@dataclass
class Table:
    bbox: BBox
    rows: list[list[str]]
    lines: list[Line]
    ruled: bool
    cols: list[tuple[float, float]] | None = None  # column x-intervals, when known
    # merged cells (row, col, rowspan, colspan); text at rows[row][col], covered cells ""
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)
    header_rows: int = 1


# --------------------------------------------------------------------------- helpers
def group_rows(lines: list[Line]) -> list[list[Line]]:
    """Lines that share a baseline band, top to bottom, each row left to right."""
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda a: (a.cy, a.x0)):
        if rows:
            row = rows[-1]
            ref = row[0]
            ov = min(ln.y1, ref.y1) - max(ln.y0, ref.y0)
            if ov >= 0.5 * min(ln.h, ref.h):
                row.append(ln)
                continue
        rows.append([ln])
    for r in rows:
        r.sort(key=lambda a: a.x0)
    return rows


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


def _cell_text(lines: list[Line], rtl: bool = False) -> str:
    lines = sorted(
        lines,
        key=(lambda a: (round(a.cy / 3), -a.x1)) if rtl else (lambda a: (round(a.cy / 3), a.x0)),
    )
    return " ".join(ln.text for ln in lines).strip()


def _prune(rows: list[list[str]], edges: list[float] | None = None):
    """Drop empty rows and columns; with ``edges`` also return the kept column intervals."""
    rows = [r for r in rows if any(c for c in r)]
    keep = [j for j in range(len(rows[0])) if any(r[j] for r in rows)] if rows else []
    out = [[r[j] for j in keep] for r in rows]
    if edges is None:
        return out
    return out, [(edges[j], edges[j + 1]) for j in keep if j + 1 < len(edges)]


# --------------------------------------------------------------------------- ruled grids
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


Spans = list[tuple[int, int, int, int]]


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


def _regular(rows: list[list[str]], spans: Spans) -> bool:
    """Merged cells sit in a grid: two or more rows that no merged cell touches fill two or
    more cells each."""
    touched = {r for r0, _, rs, _ in spans for r in range(r0, r0 + rs)}
    clean = [r for i, r in enumerate(rows) if i not in touched and sum(1 for c in r if c) >= 2]
    return not spans or len(clean) >= 2


def _header_rows(spans: Spans, n: int) -> int:
    """Header rows of a ruled grid: the first, and the rows a header cell spans down to; the
    row under a header cell over several columns names those columns and is header too."""
    h, grew = 1, True
    while grew:
        grew = False
        for r, _, rs, cs in spans:
            end = r + rs + (1 if cs > 1 else 0)
            if r < h < end < n and end <= 4:
                h, grew = end, True
    return h


def _join_open_rows(
    grid: list[list[list[Line]]],
    xs: list[float],
    ys: list[float],
    hs: list[Rule],
    vs: list[Rule],
) -> tuple[list[list[list[Line]]], list[float]]:
    """A row boundary is a rule that ends where the table does or on a column rule that runs
    on past it. One that ends in the open or at the corner of a box (a shaded label, one box
    per text line, a mark drawn on the table's edge) is no row boundary, nor is a boundary no
    rule draws at all: the rows on either side are one row. So is a boundary drawn under
    fewer of the columns with text than it leaves open, when each open column holds text on
    one side only (a label cell parted into boxes beside one line of values)."""
    texty = [c for c in range(len(xs) - 1) if any(row[c] for row in grid)]
    out, keep = [grid[0]], [ys[0]]
    for r in range(1, len(grid)):
        closed = set()
        for c in texty:
            h = _edge_rule(hs, vs, ys[r], xs[c], xs[c + 1])
            if h is not None and _anchored(h, vs, xs):
                closed.add(c)
        open_ = [c for c in texty if c not in closed]
        one_sided = all(not (out[-1][c] and grid[r][c]) for c in open_)
        if closed and not (len(closed) < len(open_) and one_sided):
            out.append(grid[r])
            keep.append(ys[r])
        else:
            out[-1] = [a + b for a, b in zip(out[-1], grid[r], strict=True)]
    return out, [*keep, ys[-1]]


def _anchored(h: Rule, vs: list[Rule], xs: list[float], tol: float = 2.5) -> bool:
    """Both ends of a horizontal rule meet the table's side or a vertical rule crossing it."""

    def meets(x: float) -> bool:
        return (
            abs(x - xs[0]) <= tol + 1.5
            or abs(x - xs[-1]) <= tol + 1.5
            or any(abs(v.pos - x) <= tol and v.a0 < h.pos - 2 and v.a1 > h.pos + 2 for v in vs)
        )

    return meets(h.a0) and meets(h.a1)


def _merged_cells(
    grid: list[list[list[Line]]],
    lines: list[Line],
    xs: list[float],
    xr: list[tuple[float, float]],
    ys: list[float],
    hs: list[Rule],
    vs: list[Rule],
) -> list[tuple[int, int, int, int]]:
    """Cells of the grid that no rule separates (a header over several columns, a row label
    beside several rows, a cell wrapped over two boxed lines) are one cell: their lines move
    to the top-left cell of the block and the block is returned as (row, col, rowspan,
    colspan). Only blocks that form a rectangle and whose text reads as one cell merge."""
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(nr) for c in range(nc)}

    def find(a: tuple[int, int]) -> tuple[int, int]:
        while parent[a] != a:
            a = parent[a]
        return a

    for r in range(nr):
        band = [ln for ln in lines if ys[r] <= ln.cy <= ys[r + 1]]
        open_ = [not _v_edge(vs, xr[c + 1], ys[r], ys[r + 1]) for c in range(nc - 1)]
        for c in range(nc - 1):  # a word across a missing rule joins its two cells
            if open_[c] and _straddles(band, xs[c + 1]):
                parent[find((r, c + 1))] = find((r, c))
        for c0, c1 in _runs(open_):  # columns c0..c1 with no rule between them
            cells = range(c0, c1 + 1)
            texts = {find((r, c)) for c in cells if grid[r][c]}
            if len(texts) == 1 and _centred_over([grid[r][c] for c in cells], xs[c0], xs[c1 + 1]):
                for c in cells:
                    parent[find((r, c))] = find((r, c0))
    for r in range(nr - 1):
        for c in range(nc):
            if not _h_edge(hs, vs, ys[r + 1], xs[c], xs[c + 1]) and _joins_down(
                grid[r][c], grid[r + 1][c]
            ):
                parent[find((r + 1, c))] = find((r, c))
    blocks: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for cell in parent:
        blocks.setdefault(find(cell), []).append(cell)
    spans = []
    for cells in blocks.values():
        r0, c0 = min(r for r, _ in cells), min(c for _, c in cells)
        rs = max(r for r, _ in cells) - r0 + 1
        cs = max(c for _, c in cells) - c0 + 1
        if len(cells) < 2 or len(cells) != rs * cs or not any(grid[r][c] for r, c in cells):
            continue  # a single cell, a ragged block, or an empty one
        for r, c in sorted(cells):
            if (r, c) != (r0, c0):
                grid[r0][c0].extend(grid[r][c])
                grid[r][c] = []
        spans.append((r0, c0, rs, cs))
    return sorted(spans)


def _runs(open_: list[bool]) -> list[tuple[int, int]]:
    """(first, last) column of each run of columns joined by open edges."""
    out: list[tuple[int, int]] = []
    for c, o in enumerate(open_):
        if not o:
            continue
        if out and out[-1][1] == c:
            out[-1] = (out[-1][0], c + 1)
        else:
            out.append((c, c + 1))
    return out


def _v_edge(vs: list[Rule], edge: tuple[float, float], y0: float, y1: float) -> bool:
    """A vertical rule at this column edge runs through the middle of the row band."""
    mid = (y0 + y1) / 2
    return any(edge[0] - 1.5 <= v.pos <= edge[1] + 1.5 and v.a0 <= mid <= v.a1 for v in vs)


def _h_edge(hs: list[Rule], vs: list[Rule], y: float, x0: float, x1: float) -> bool:
    """A horizontal rule at ``y`` separates the rows in the column (x0, x1)."""
    return _edge_rule(hs, vs, y, x0, x1) is not None


def _edge_rule(hs: list[Rule], vs: list[Rule], y: float, x0: float, x1: float) -> Rule | None:
    """The horizontal rule at ``y`` that separates the rows in the column (x0, x1). A rule that
    stops short of a vertical rule running on past it is the edge of a box drawn inside the
    cell (one box per text line), not a row boundary."""
    mid = (x0 + x1) / 2
    for h in hs:
        if abs(h.pos - y) > 3.0 or not h.a0 <= mid <= h.a1:
            continue
        if not any(
            v.a0 < y - 2
            and v.a1 > y + 2
            and (x0 - 4 <= v.pos < h.a0 - 2.5 or h.a1 + 2.5 < v.pos <= x1 + 4)
            for v in vs
        ):
            return h
    return None


def _straddles(band: list[Line], x: float) -> bool:
    """A word of the row runs across x."""
    return any(w.bbox.x < x - 1 and w.bbox.x1 > x + 1 for ln in band for w in ln.words)


def _centred_over(cells: list[list[Line]], x0: float, x1: float) -> bool:
    """The text of these cells sits centred over the span x0..x1 (a header over several
    columns, drawn in one box without the rules between them)."""
    filled = [ln for c in cells for ln in c]
    mid = (min(ln.x0 for ln in filled) + max(ln.x1 for ln in filled)) / 2
    return abs(mid - (x0 + x1) / 2) <= 0.15 * (x1 - x0)


def _joins_down(a: list[Line], b: list[Line]) -> bool:
    """Two cells one above the other with no rule between them are one when at most one
    holds text or the lower goes on from the upper (lower case or a parenthesis)."""
    if not (a and b):
        return True
    first = min(b, key=lambda ln: (ln.cy, ln.x0)).text[:1]
    return first.islower() or first == "("


def _prune_spans(rows: list[list[str]], edges: list[float], spans: list[tuple[int, int, int, int]]):
    """``_prune`` that keeps merged cells on the rows and columns that remain."""
    keep_r = [i for i, r in enumerate(rows) if any(c for c in r)]
    keep_c = [j for j in range(len(rows[0])) if any(rows[i][j] for i in keep_r)] if keep_r else []
    out, cols = _prune(rows, edges)
    kept = []
    for r, c, rs, cs in spans:
        if r not in keep_r or c not in keep_c:
            continue
        nrs = sum(1 for i in keep_r if r <= i < r + rs)
        ncs = sum(1 for j in keep_c if c <= j < c + cs)
        if nrs * ncs > 1:
            kept.append((keep_r.index(r), keep_c.index(c), nrs, ncs))
    return out, cols, kept


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


def _bucket(edges: list[float], v: float) -> int | None:
    if v < edges[0] or v > edges[-1]:
        return None
    for i in range(len(edges) - 1):
        if v <= edges[i + 1]:
            return i
    return len(edges) - 2


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
            if abs(r.a0 - top.a0) < 12 and abs(r.a1 - top.a1) < 12 and r.pos - group[-1].pos < 400:
                group.append(r)
                used.add(j)
        if len(group) < 2:
            continue
        x0, x1, y0, y1 = top.a0, top.a1, group[0].pos, group[-1].pos
        if any(t.bbox.y <= (y0 + y1) / 2 <= t.bbox.y1 for t in found + out):
            continue
        inside = [ln for ln in lines if _inside(ln, x0 - 4, y0, x1 + 4, y1, pad=0)]
        t = _columns_table(inside, relaxed=True, rtl=rtl)
        if t is not None:
            t.bbox = BBox(x0, y0, x1 - x0, y1 - y0)
            t.ruled = True
            out.append(t)
    return out


# --------------------------------------------------------------------------- unruled
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
    ncols = len(edges) - 1
    multi = sum(1 for r in rows if len(r) >= 2)
    words = [len(ln.words) for ln in lines]
    if not relaxed:
        if ncols < 2 or len(rows) < 3 or multi < 0.7 * len(rows):
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
    for r in rows:
        cells: list[list[Line]] = [[] for _ in range(ncols)]
        for ln in r:
            cx = (ln.x0 + ln.x1) / 2
            ci = _bucket(edges, cx)
            cells[ci if ci is not None else (0 if cx < edges[0] else ncols - 1)].append(ln)
        grid.append([_cell_text(c, rtl) for c in cells])
    grid = _merge_continuations(grid)
    grid, cols = _prune(grid, edges)
    if len(grid) < 2 or len(grid[0]) < 2:
        return None
    x0 = min(ln.x0 for ln in lines)
    y0 = min(ln.y0 for ln in lines)
    x1 = max(ln.x1 for ln in lines)
    y1 = max(ln.y1 for ln in lines)
    return Table(BBox(x0, y0, x1 - x0, y1 - y0), grid, list(lines), False, cols)


def _merge_continuations(grid: list[list[str]]) -> list[list[str]]:
    """A row with its first cell empty and only one other cell filled continues the row above
    (a wrapped cell)."""
    out: list[list[str]] = []
    for r in grid:
        filled = [i for i, c in enumerate(r) if c]
        if out and r[0] == "" and len(filled) == 1 and len(r) > 2:
            i = filled[0]
            out[-1][i] = (out[-1][i] + " " + r[i]).strip()
        else:
            out.append(list(r))
    return out


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
                merged[i] = up[i] + " " + r[i]
                out[-1] = merged
                continue
        out.append(list(r))
    return out


def _in_drawing(box: BBox, rules: list[Rule], min_each: int = 3) -> bool:
    """Text aligned in columns inside a drawing (a chart's axes, gridlines and plotted lines, a
    diagram's boxes and arrows) is a figure, not a table: several horizontal and several
    vertical rules run inside the area yet none spans it. A table without a full grid has at
    most rules across its whole width (booktabs) or down its whole height (column rules)."""
    part_h = part_v = 0
    for r in rules:
        if r.horizontal and box.y + 1 < r.pos < box.y1 - 1:
            cover = min(r.a1, box.x1) - max(r.a0, box.x)
            part_h += 0 < cover < 0.8 * box.w
        elif not r.horizontal and box.x + 1 < r.pos < box.x1 - 1:
            cover = min(r.a1, box.y1) - max(r.a0, box.y)
            part_v += 0 < cover < 0.8 * box.h
    return part_h >= min_each and part_v >= min_each


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
                # allow one single-cell row (empty cells) if the following row is multi again
                if j + 2 < len(rows) and len(rows[j + 2]) >= 2 and len(nxt[0].words) <= 4:
                    run.append(nxt)
                    j += 1
                    continue
                break
            run.append(nxt)
            j += 1
        if len(run) >= 3:
            flat = [ln for r in run for ln in r]
            t = _columns_table(flat, page_w=page_w, rtl=rtl)
            if t is not None:
                if not (rules and _in_drawing(t.bbox, rules)):
                    tables.append(t)
                i = j + 1
                continue
        i += 1
    return tables


def _extend_header(t: Table, lines: list[Line], used: set[int]) -> None:
    """Absorb up to three column-aligned rows directly above the table (its header, often
    drawn above the top rule)."""
    if not t.cols or len(t.cols) < 2 or not t.rows:
        return
    ncols = len(t.rows[0])
    if ncols != len(t.cols):
        return
    cand = [
        ln
        for ln in lines
        if id(ln) not in used
        and ln.y1 <= t.bbox.y + 2
        and ln.x0 >= t.bbox.x - 6
        and ln.x1 <= t.bbox.x1 + 6
        and not ln.role
    ]
    rows = group_rows(cand)
    top = t.bbox.y
    added = 0
    for r in reversed(rows):
        h = max(ln.h for ln in r)
        if top - max(ln.y1 for ln in r) > 1.5 * h or len(r) < 2 or added >= 3:
            break
        cells = [""] * ncols
        for ln in r:
            cx = (ln.x0 + ln.x1) / 2
            ci = min(
                range(ncols),
                key=lambda k: (
                    0
                    if t.cols[k][0] <= cx <= t.cols[k][1]
                    else min(abs(cx - t.cols[k][0]), abs(cx - t.cols[k][1]))
                ),
            )
            cells[ci] = (cells[ci] + " " + ln.text).strip()
        t.rows.insert(0, cells)
        t.lines.extend(r)
        used.update(id(ln) for ln in r)
        top = min(ln.y0 for ln in r)
        added += 1
    if added:
        t.bbox = BBox(t.bbox.x, top, t.bbox.w, t.bbox.y1 - top)
        t.spans = [(r + added, c, rs, cs) for r, c, rs, cs in t.spans]
        if t.header_rows > 1:
            t.header_rows += added


def _text_columns(lines: list[Line], min_gap: float = 18.0) -> list[list[Line]]:
    """Split the page at vertical gutters that no line crosses and that have prose (lines of
    six or more words) on both sides: an unaligned table is looked for within one text column,
    so rows of two columns side by side are not read as one table."""
    body = [ln for ln in lines if not ln.rotated and not ln.role]
    gaps = _gaps([(ln.x0, ln.x1) for ln in body], min_gap)
    if not gaps:
        return [lines]
    cuts = []
    for a, b in gaps:
        c = (a + b) / 2
        left = sum(1 for ln in body if ln.x1 <= c and len(ln.words) >= 6)
        right = sum(1 for ln in body if ln.x0 >= c and len(ln.words) >= 6)
        if left >= 3 and right >= 3:
            cuts.append(c)
    if not cuts:
        return [lines]
    regions: list[list[Line]] = [[] for _ in range(len(cuts) + 1)]
    for ln in lines:
        cx = (ln.x0 + ln.x1) / 2
        regions[sum(1 for c in cuts if cx > c)].append(ln)
    return [r for r in regions if r]


def find_tables(
    lines: list[Line], rules: list[Rule], page_w: float, rtl: bool = False
) -> list[Table]:
    """Tables on a page; with ``rtl`` (right-to-left script) cells read right to left."""
    tables = _ruled(rules, lines, rtl) if rules else []
    used = {id(ln) for t in tables for ln in t.lines}
    rest = [ln for ln in lines if id(ln) not in used]
    for region in _text_columns(rest):
        tables.extend(_unruled(region, page_w, rtl, rules))
    used = {id(ln) for t in tables for ln in t.lines}
    for t in tables:
        _extend_header(t, lines, used)
        if rtl:
            n = len(t.rows[0]) if t.rows else 0
            t.spans = [(r, n - c - cs, rs, cs) for r, c, rs, cs in t.spans]
            t.rows = [r[::-1] for r in t.rows]
            t.cols = t.cols[::-1] if t.cols else t.cols
    return tables
