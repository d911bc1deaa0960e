"""Merged cells in ruled grids: which row boundaries a rule really draws, which cells no
rule parts (a header over several columns, a label beside several rows), how many rows
are header, and pruning that keeps the merged cells on the rows and columns that remain."""

from __future__ import annotations

from .model import Line, Rule
from .table_common import Spans, _prune


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

    # rows in which each inner column edge is ruled: an edge ruled in most rows and open in
    # one of the top three (the header) has that row's cells on either side merged, however
    # the text sits in them (a group header set flush right over its columns)
    ruled = [sum(_v_edge(vs, xr[c + 1], ys[r], ys[r + 1]) for r in range(nr))
             for c in range(nc - 1)]
    for r in range(nr):
        band = [ln for ln in lines if ys[r] <= ln.cy <= ys[r + 1]]
        open_ = [not _v_edge(vs, xr[c + 1], ys[r], ys[r + 1]) for c in range(nc - 1)]
        for c in range(nc - 1):  # a word across a missing rule joins its two cells
            if open_[c] and _straddles(band, xs[c + 1]):
                parent[find((r, c + 1))] = find((r, c))
        for c0, c1 in _runs(open_):  # columns c0..c1 with no rule between them
            cells = range(c0, c1 + 1)
            texts = {find((r, c)) for c in cells if grid[r][c]}
            if len(texts) == 1 and (
                _centred_over([grid[r][c] for c in cells], xs[c0], xs[c1 + 1])
                or (r < 3 and all(2 * ruled[c] >= nr for c in range(c0, c1)))
            ):
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
    for block in blocks.values():
        r0, c0 = min(r for r, _ in block), min(c for _, c in block)
        rs = max(r for r, _ in block) - r0 + 1
        cs = max(c for _, c in block) - c0 + 1
        if len(block) < 2 or len(block) != rs * cs or not any(grid[r][c] for r, c in block):
            continue  # a single cell, a ragged block, or an empty one
        for r, c in sorted(block):
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
