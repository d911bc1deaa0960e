"""Lines -> blocks -> reading order -> typed items (heading, list, code, text, table, image,
link, header, footer)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from ..document import BBox, Item, Word
from .headfoot import printed_page_number
from .key_values import join_key_values
from .markers import LABEL_RE, NUMBER_RE, is_bullet
from .model import Line, RawPage
from .table_common import VALUE
from .tables import Table, find_tables

__all__ = ["DocStats", "build_page_items", "doc_stats"]

_SENT_END = re.compile(r"[.!?:;,]$")
_NUM_KEEP = re.compile(r"^(\d{1,3})[.)]$")  # "12." / "3)"


@dataclass
class DocStats:
    body_size: float = 10.0
    levels: dict[float, int] = field(default_factory=dict)  # rounded font size -> level
    bold_level: int = 3
    body_bold: bool = False
    # sizes above the body's that set much running text (a paper's 12 pt prose beside its
    # 10 pt references): never a heading by size alone
    text_sizes: set[float] = field(default_factory=set)


def _key(size: float) -> float:
    return round(size * 2) / 2


def doc_stats(pages: list[RawPage]) -> DocStats:
    sizes: Counter = Counter()
    bold_chars = total = 0
    for p in pages:
        for ln in p.lines:
            n = sum(len(w.text) for w in ln.words)
            sizes[_key(ln.size)] += n
            total += n
            bold_chars += n if ln.bold else 0
    st = DocStats()
    if not sizes:
        return st
    st.body_size = sizes.most_common(1)[0][0]
    st.body_bold = bold_chars > 0.5 * total
    heads: Counter = Counter()
    for p in pages:
        for ln in p.lines:
            if ln.role or ln.rotated or len(ln.words) > 15:
                continue
            if ln.size >= st.body_size * 1.15:
                heads[_key(ln.size)] += 1
    # only sizes that are rare compared to the body count as heading sizes
    body_n = sizes[st.body_size]
    common = max(0.5 * body_n, 400)
    cands = sorted((s for s in heads if sizes[s] < common), reverse=True)
    st.text_sizes = {s for s, n in sizes.items() if n >= common and s >= st.body_size * 1.15}
    # merge sizes within 0.75pt
    levels: dict[float, int] = {}
    lvl = 0
    prev = None
    for s in cands:
        if prev is None or prev - s > 0.75:
            lvl += 1
        levels[s] = min(lvl, 6)
        prev = s
    st.levels = levels
    st.bold_level = min(lvl + 1, 6)
    return st


# --------------------------------------------------------------------------- blocks
@dataclass
class Block:
    lines: list[Line]
    kind: str = "text"  # text / list_item / table / image
    table: Table | None = None
    image: BBox | None = None

    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        if self.table is not None:
            b = self.table.bbox
            return b.x, b.y, b.x1, b.y1
        if self.image is not None:
            b = self.image
            return b.x, b.y, b.x1, b.y1
        return (min(ln.x0 for ln in self.lines), min(ln.y0 for ln in self.lines),
                max(ln.x1 for ln in self.lines), max(ln.y1 for ln in self.lines))


def _starts_list(ln: Line) -> bool:
    first = ln.words[0].text
    if is_bullet(first) or (len(first) > 1 and first[0] in "•●▪■◦" and first[1] != " "):
        return True
    return bool(NUMBER_RE.match(first)) and len(ln.words) > 1


def _attach_markers(lines: list[Line]) -> list[Line]:
    """A bullet/number drawn apart from its text becomes the first word of that text's line."""
    out: list[Line] = []
    consumed: set[int] = set()
    for ln in lines:
        if id(ln) in consumed:
            continue
        if len(ln.words) == 1 and (is_bullet(ln.words[0].text)
                                   or NUMBER_RE.match(ln.words[0].text)):
            best = None
            for o in lines:
                if o is ln or id(o) in consumed or o.x0 < ln.x1 - 1:
                    continue
                if o.x0 - ln.x1 > 4 * max(ln.size, 1.0):
                    continue
                if min(o.y1, ln.y1) - max(o.y0, ln.y0) < 0.4 * min(o.h, ln.h):
                    continue
                if len(o.words) == 1 and VALUE.fullmatch(o.text):
                    continue  # "(Z)  6,509,825": a table's symbol, then the next cell's value
                if ln.words[0].text in "-–—" and VALUE.fullmatch(o.words[0].text):
                    continue  # "-   120,00 €": a table's empty-cell dash, then an amount
                if best is None or o.x0 < best.x0:
                    best = o
            if best is not None:
                consumed.add(id(best))
                out.append(Line(ln.words + best.words, ln.x0, min(ln.y0, best.y0), best.x1,
                                max(ln.y1, best.y1), best.size, best.bold, best.mono,
                                best.italic, best.role, best.rotated))
                continue
        out.append(ln)
    return [ln for ln in out if id(ln) not in consumed]


def _join_labels(lines: list[Line]) -> list[Line]:
    """A section number or caption label ("5.1", "Table 1.") set apart by a wide space from
    the text it heads, alone with it on its row, is one line with that text."""
    labels = [ln for ln in lines if len(ln.words) <= 2 and not ln.rotated
              and LABEL_RE.match(ln.text)]
    if not labels:
        return lines
    drop: set[int] = set()
    out = []
    for lab in labels:
        row = [o for o in lines if o is not lab and not o.rotated
               and min(o.y1, lab.y1) - max(o.y0, lab.y0) >= 0.6 * min(o.h, lab.h)]
        if len(row) != 1:
            continue
        r = row[0]
        gap = r.x0 - lab.x1
        if not (0 <= gap <= 3.0 * max(lab.size, 1.0)) or id(r) in drop:
            continue
        if abs(r.size - lab.size) > 0.15 * max(r.size, lab.size):
            continue
        if lab.words[0].text[0].isdigit() and not r.words[0].text[:1].isupper():
            continue
        drop.update((id(lab), id(r)))
        out.append(Line(lab.words + r.words, lab.x0, min(lab.y0, r.y0), r.x1, max(lab.y1, r.y1),
                        r.size, r.bold, r.mono, r.italic, r.role, r.rotated))
    if not out:
        return lines
    return [ln for ln in lines if id(ln) not in drop] + out


def _join_justified(lines: list[Line]) -> list[Line]:
    """Justified lines that came in pieces, joined (see :func:`_join_justified_once`)."""
    for _ in range(4):  # a joined line is the measure for the next one
        n = len(lines)
        lines = _join_justified_once(lines)
        if len(lines) == n:
            break
    return lines


def _join_justified_once(lines: list[Line]) -> list[Line]:
    """A justified line whose word spaces were stretched past an em comes in pieces, a word or
    a few each. Pieces on one row, apart by even gaps under 3 em, that together span exactly the
    width of a line of prose just above or below (its paragraph's measure) are one line."""
    flat = [ln for ln in lines if not ln.rotated]
    rows: list[list[Line]] = []
    for ln in sorted(flat, key=lambda a: (a.cy, a.x0)):
        for r in rows[-3:]:
            a = r[0]
            if (min(a.y1, ln.y1) - max(a.y0, ln.y0) >= 0.6 * min(a.h, ln.h)
                    and abs(a.size - ln.size) <= 0.1 * max(a.size, ln.size)):
                r.append(ln)
                break
        else:
            rows.append([ln])
    prose = sorted((ln for ln in flat if len(ln.words) >= 4), key=lambda a: a.y0)
    tops = [ln.y0 for ln in prose]
    drop: set[int] = set()
    out: list[Line] = []
    for r in rows:
        if len(r) < 2:
            continue
        in_row = {id(a) for a in r}
        r.sort(key=lambda a: a.x0)
        # chains of pieces with even gaps (a piece ending one chain may start the next)
        runs: list[list[Line]] = [[r[0]]]
        ref = None
        for a, b in zip(r, r[1:], strict=False):
            g = b.x0 - a.x1
            if not 0 < g <= 3.0 * max(a.size, 1.0):
                runs.append([b])
                ref = None
            elif ref is not None and abs(g - ref) > max(1.0, 0.25 * ref):
                runs.append([a, b])
                ref = g
            else:
                runs[-1].append(b)
                ref = g if ref is None else ref
        for run in runs:
            if len(run) < 2 or not _all_same(run) or any(id(a) in drop for a in run):
                continue
            if sum(any(c.isalpha() for c in ln.text) for ln in run) * 2 < len(run):
                continue
            x0, x1 = run[0].x0, run[-1].x1
            y0, y1 = min(a.y0 for a in run), max(a.y1 for a in run)
            h = y1 - y0
            near = prose[bisect_left(tops, y0 - 3 * h - 2 * run[0].size):
                         bisect_right(tops, y1 + 1.5 * h)]
            if not any(_measure_of(o, run[0].size, x0, x1, y0, y1) for o in near
                       if id(o) not in in_row):
                continue
            first = run[0]
            drop.update(id(a) for a in run)
            out.append(Line([w for a in run for w in a.words], x0, y0, x1, y1, first.size,
                            first.bold, first.mono, first.italic, first.role, False))
    if not out:
        return lines
    return [ln for ln in lines if id(ln) not in drop] + out


def _measure_of(o: Line, size: float, x0: float, x1: float, y0: float, y1: float) -> bool:
    """``o`` is a line of prose just above or below x0..x1 (y0..y1) with the same measure (its
    first line may be indented)."""
    h = y1 - y0
    return (o.x0 - 2 <= x0 <= o.x0 + 2 * o.size and abs(o.x1 - x1) <= max(2.0, 0.6 * o.size)
            and len(o.words) >= 4 and abs(o.size - size) <= 0.1 * o.size
            and (-0.3 * h <= o.y0 - y1 <= 1.5 * h or -0.3 * h <= y0 - o.y1 <= 1.5 * h))


def _all_same(run: list[Line]) -> bool:
    """The pieces share one style (a bold or monospaced piece is a cell or a term, not a word
    of the same line)."""
    a = run[0]
    return all(o.bold == a.bold and o.mono == a.mono for o in run)


def _blocks(lines: list[Line], st: DocStats, rtl: bool = False) -> list[Block]:
    lines = sorted(lines, key=(lambda a: (a.y0, -a.x1)) if rtl else (lambda a: (a.y0, a.x0)))
    lead = _leading(lines)
    # neighbours on the same row, to avoid gluing a column line to a wide block above
    blocks: list[Block] = []
    open_: list[Block] = []
    for ln in lines:
        best = None
        best_gap = 1e9
        for b in open_:
            last = b.lines[-1]
            gap = ln.y0 - last.y1
            size = max(last.size, ln.size, 1.0)
            typ = lead.get(_key(last.size))  # this page's usual gap between lines of a paragraph
            if gap > max(0.9 * size, typ + 0.25 * size if typ is not None else 0.0) or \
                    gap < -0.5 * min(ln.h, last.h):
                continue
            bx0, _by0, bx1, _by1 = b.bbox
            if min(ln.x1, bx1) - max(ln.x0, bx0) <= 0:
                continue
            if abs(ln.size - last.size) > 0.15 * max(ln.size, last.size):
                continue
            if last.bold != ln.bold and (len(b.lines) == 1 or not ln.bold) and (
                    last.bold and not st.body_bold):
                continue
            if ln.mono != last.mono or ln.rotated or last.rotated or ln.key_value or \
                    last.key_value:  # each label and value pair is a paragraph of its own
                continue
            if _starts_list(ln):
                continue
            if len(b.lines) >= 2:
                prev_gap = b.lines[-1].y0 - b.lines[-2].y1
                if gap > prev_gap + max(2.0, 0.3 * size):
                    continue  # paragraph spacing
            elif gap > max(0.5 * size, typ + max(1.5, 0.2 * size) if typ is not None else 0.0) \
                    and b.kind == "text":
                continue
            # a narrow line under a much wider block, starting at its left, that has a
            # neighbour to its right on the same row, is a column start, not a continuation
            # (mirrored for right-to-left pages)
            if rtl:
                if (ln.x1 - ln.x0) < 0.6 * (bx1 - bx0) and ln.x0 > bx0 + 20 and \
                        _has_left_neighbour(ln, lines, bx0):
                    continue
            elif (ln.x1 - ln.x0) < 0.6 * (bx1 - bx0) and ln.x1 < bx1 - 20 and \
                    _has_right_neighbour(ln, lines, bx1):
                continue
            if gap < best_gap:
                best, best_gap = b, gap
        if best is None:
            best = Block([ln], kind="list_item" if _starts_list(ln) else "text")
            blocks.append(best)
            open_.append(best)
        else:
            best.lines.append(ln)
        # close blocks far above
        open_ = [b for b in open_ if ln.y0 - b.lines[-1].y1 < 3 * max(ln.size, 1.0)]
    return blocks


def _leading(lines: list[Line]) -> dict[float, float]:
    """Per font size, the usual gap between a line and the next one below it (same size,
    overlapping horizontally): the median of such gaps on the page, when at least 4 are seen
    and it is below 1.5 em (wider line spacing than the fixed thresholds assume)."""
    gaps: dict[float, list[float]] = {}
    n = len(lines)
    for i, a in enumerate(lines):
        for j in range(i + 1, min(n, i + 12)):
            b = lines[j]
            g = b.y0 - a.y1
            if g <= 0 or min(a.x1, b.x1) - max(a.x0, b.x0) <= 0:
                continue
            if abs(a.size - b.size) <= 0.1 * a.size and g < 1.5 * a.size:
                gaps.setdefault(_key(a.size), []).append(g)
            break
    out = {}
    for k, v in gaps.items():
        if len(v) >= 4:
            v.sort()
            out[k] = v[len(v) // 2]
    return out


def _has_right_neighbour(ln: Line, lines: list[Line], limit: float) -> bool:
    for o in lines:
        if o is ln or o.x0 < ln.x1:
            continue
        if o.x0 > limit + 5:
            continue
        if min(o.y1, ln.y1) - max(o.y0, ln.y0) >= 0.5 * min(o.h, ln.h):
            return True
    return False


def _has_left_neighbour(ln: Line, lines: list[Line], limit: float) -> bool:
    for o in lines:
        if o is ln or o.x1 > ln.x0:
            continue
        if o.x1 < limit - 5:
            continue
        if min(o.y1, ln.y1) - max(o.y0, ln.y0) >= 0.5 * min(o.h, ln.h):
            return True
    return False


# --------------------------------------------------------------------------- reading order
def _col_gaps(boxes, min_gap: float):
    lo = min(b[0] for b in boxes)
    iv = sorted((b[0], b[2]) for b in boxes)
    gaps = []
    cur = lo
    for a, b in iv:
        if a - cur >= min_gap:
            gaps.append((cur, a))
        cur = max(cur, b)
    return gaps


def _row_gaps(boxes, min_gap: float = 0.1):
    iv = sorted((b[1], b[3]) for b in boxes)
    gaps = []
    cur = iv[0][0]
    for a, b in iv:
        if a - cur >= min_gap:
            gaps.append((cur, a))
        cur = max(cur, b)
    return gaps


def _order(items: list[tuple], gutter: float, depth: int = 0, rtl: bool = False) -> list[tuple]:
    """Recursive XY-cut. ``items`` are (x0, y0, x1, y1, payload); columns read right to left
    when ``rtl``."""
    if len(items) <= 1 or depth > 40:
        return items
    # a gutter that runs the full height between two columns of prose: columns first
    cut = _prose_gutter(items, gutter)
    if cut is not None:
        left = [it for it in items if (it[0] + it[2]) / 2 < cut]
        right = [it for it in items if (it[0] + it[2]) / 2 >= cut]
        if rtl:
            left, right = right, left
        return _order(left, gutter, depth + 1, rtl) + _order(right, gutter, depth + 1, rtl)
    # horizontal strips
    gaps = _row_gaps(items)
    if gaps:
        strips: list[list[tuple]] = []
        cuts = [(a + b) / 2 for a, b in gaps]
        buckets: list[list[tuple]] = [[] for _ in range(len(cuts) + 1)]
        for it in items:
            cy = (it[1] + it[3]) / 2
            k = sum(1 for c in cuts if cy > c)
            buckets[k].append(it)
        strips = [b for b in buckets if b]
        # merge consecutive strips that share a column gutter
        groups: list[list[tuple]] = []
        for s in strips:
            if groups and _col_gaps(groups[-1] + s, gutter) and _col_gaps(groups[-1], gutter) \
                    and (_spans_same(groups[-1], s) or _same_gutter(groups[-1], s, gutter)):
                groups[-1] = groups[-1] + s
            else:
                groups.append(list(s))
        if len(groups) > 1:
            out = []
            for g in groups:
                out.extend(_order(g, gutter, depth + 1, rtl))
            return out
    cgaps = _col_gaps(items, gutter)
    if cgaps:
        cuts = [(a + b) / 2 for a, b in cgaps]
        cols: list[list[tuple]] = [[] for _ in range(len(cuts) + 1)]
        for it in items:
            cx = (it[0] + it[2]) / 2
            cols[sum(1 for c in cuts if cx > c)].append(it)
        cols = [c for c in cols if c]
        if rtl:
            cols.reverse()
        if len(cols) > 1:
            out = []
            for c in cols:
                out.extend(_order(c, gutter, depth + 1, rtl))
            return out
    return sorted(items, key=lambda it: (it[1], -it[2] if rtl else it[0]))


def _prose_lines(items: list[tuple]) -> int:
    n = 0
    for it in items:
        b = it[4]
        if isinstance(b, Block) and b.kind in ("text", "list_item"):
            n += sum(1 for ln in b.lines if len(ln.words) >= 6)
    return n


def _prose_gutter(items: list[tuple], gutter: float) -> float | None:
    """x of a vertical gap that no item crosses, with at least 3 lines of prose on each side."""
    # figures may reach across the gutter; they go with the column that holds their centre
    text = [it for it in items if not (isinstance(it[4], Block) and it[4].kind == "image")]
    if len(text) < 6:
        return None
    gaps = _col_gaps(text, max(1.5 * gutter, 6.0))
    for a, b in gaps:
        c = (a + b) / 2
        if (_prose_lines([it for it in items if it[2] <= c]) >= 3
                and _prose_lines([it for it in items if it[0] >= c]) >= 3):
            return c
    return None


def _same_gutter(group: list[tuple], strip: list[tuple], gutter: float) -> bool:
    """Tables side by side under their captions, the tables wider than the captions: the
    strip holds a table on each side of every gutter of the group and strip together, and
    each such gutter lies within one of the group's. (Authors side by side over a paper's
    two columns of prose stay apart: their gutter is the prose's, but no tables.)"""
    inner = _col_gaps(group, gutter)
    tables = [it for it in strip if isinstance(it[4], Block) and it[4].kind == "table"]
    gaps = _col_gaps(group + strip, gutter)
    return bool(gaps) and all(
        any(a0 - 1 <= a and b <= b0 + 1 for a0, b0 in inner)
        and any(t[2] <= a + 1 for t in tables) and any(t[0] >= b - 1 for t in tables)
        for a, b in gaps)


def _spans_same(group: list[tuple], strip: list[tuple]) -> bool:
    """The new strip lies within the horizontal extent of the multi-column group."""
    gx0 = min(b[0] for b in group)
    gx1 = max(b[2] for b in group)
    sx0 = min(b[0] for b in strip)
    sx1 = max(b[2] for b in strip)
    return sx0 >= gx0 - 30 and sx1 <= gx1 + 30


# --------------------------------------------------------------------------- text
def join_lines(lines: list[Line]) -> str:
    out = ""
    for ln in lines:
        t = ln.text.replace("\u00ad ", "\u00ad")
        if not out:
            out = t
            continue
        if (out.endswith(("-", "\u00ad")) and len(out) > 1 and out[-2].isalpha()
                and t[:1].islower()):
            out = out[:-1] + t
        else:
            out += " " + t
    return out.replace("\u00ad", "")


def _strip_marker(text: str, nth: int = 1) -> str:
    parts = text.split(" ", 1)
    first = parts[0]
    m = _NUM_KEEP.match(first)
    if m and int(m.group(1)) != nth:  # a printed number the list numbering would not give
        return text
    if is_bullet(first) or NUMBER_RE.match(first):
        return parts[1] if len(parts) > 1 else ""
    if first[:1] in "•●▪■◦":
        return text[1:].lstrip()
    return text


def _is_ordered(text: str) -> bool:
    return bool(NUMBER_RE.match(text.split(" ", 1)[0]))


# a display formula's pieces set in a bigger math font are no heading
_MATH_CHARS = re.compile(r"[=∑∏∫∮∂∇√≤≥≠≈∈∉⊂⊆∀∃⋅±−]")
_LETTER_PAIR = re.compile(r"[^\W\d_]{2}")


def _heading_level(b: Block, st: DocStats) -> int | None:
    lines = b.lines
    nwords = sum(len(ln.words) for ln in lines)
    if len(lines) > 3 or nwords > 25 or nwords == 0:
        return None
    text = join_lines(lines)
    if not any(c.isalpha() for c in text) or _MATH_CHARS.search(text):
        return None
    if not _LETTER_PAIR.search(text) and len(text.strip()) > 1:  # "e +", "c 2": formula bits
        return None
    size = max(ln.size for ln in lines)
    lvl = st.levels.get(_key(size))
    if lvl is not None:
        return lvl
    if size >= st.body_size * 1.15 and _key(size) not in st.text_sizes:
        # unknown size bigger than body: find the closest level
        bigger = [(abs(k - size), v) for k, v in st.levels.items()]
        return min(bigger)[1] if bigger else 1
    if (all(ln.bold for ln in lines) and not st.body_bold and size >= st.body_size * 0.95
            and nwords <= 14 and not _SENT_END.search(text.rstrip()[-1:] or "")
            and len(lines) <= 2):
        return st.bold_level
    return None


def _bbox_of(lines: list[Line]) -> BBox:
    x0 = min(ln.x0 for ln in lines)
    y0 = min(ln.y0 for ln in lines)
    x1 = max(ln.x1 for ln in lines)
    y1 = max(ln.y1 for ln in lines)
    conf = min(ln.confidence for ln in lines)
    return BBox(x0, y0, x1 - x0, y1 - y0, confidence=conf if conf < 1.0 else None)


def _link_for(lines: list[Line], links: list[tuple[BBox, str]]) -> str | None:
    """URL when every word of the block lies inside one link rectangle."""
    for box, url in links:
        ok = True
        for ln in lines:
            for w in ln.words:
                cx, cy = w.bbox.x + w.bbox.w / 2, w.bbox.y + w.bbox.h / 2
                if not (box.x - 1 <= cx <= box.x1 + 1 and box.y - 1 <= cy <= box.y1 + 1):
                    ok = False
                    break
            if not ok:
                break
        if ok:
            return url
    return None


_CAPTION_RE = re.compile(r"^(fig\.?|figure|image|photo|chart|graph)\s*\d", re.I)


def build_page_items(raw: RawPage, st: DocStats, *, tables: bool = True) -> tuple[list[Item],
                                                                                  list[Word]]:
    """Lay out one page: returns (items in reading order, words in reading order)."""
    header = [ln for ln in raw.lines if ln.role == "header"]
    footer = [ln for ln in raw.lines if ln.role == "footer"]
    body = _join_labels(_attach_markers(_join_justified([ln for ln in raw.lines
                                                         if not ln.role])))
    found: list[Table] = (find_tables(body, raw.rules, raw.width, raw.rtl, raw.regions)
                          if tables else [])
    used = {id(ln) for t in found for ln in t.lines}
    rest = join_key_values([ln for ln in body if id(ln) not in used])
    blocks = _blocks(rest, st, raw.rtl)
    blocks += [Block([], kind="table", table=t) for t in found]
    for im in raw.images:
        if im.w * im.h >= 0.9 * raw.width * raw.height and raw.char_count > 0:
            continue  # a full-page background image under a text layer
        blocks.append(Block([], kind="image", image=im))
    gutter = max(0.6 * st.body_size, 4.0)
    ordered = [it[4] for it in _order([(*b.bbox, b) for b in blocks], gutter, rtl=raw.rtl)]

    items: list[Item] = []
    words: list[Word] = []
    if header:
        hl = sorted(header, key=lambda a: (round(a.y0), a.x0))
        items.append(Item("header", text=" ".join(ln.text for ln in hl), bbox=_bbox_of(hl),
                          children=[Item("text", text=ln.text, bbox=ln.bbox) for ln in hl]))
        for ln in hl:
            words.extend(ln.words)
    pending_list: Item | None = None
    for b in ordered:
        if b.kind != "list_item":
            pending_list = None
        if b.kind == "table":
            t = b.table
            assert t is not None
            items.append(Item("table", text="", bbox=t.bbox, rows=t.rows, spans=t.spans,
                              header_rows=t.header_rows))
            for ln in sorted(t.lines, key=lambda a: (a.y0, a.x0)):
                words.extend(ln.words)
            continue
        if b.kind == "image":
            items.append(Item("image", bbox=b.image))
            continue
        for ln in b.lines:
            words.extend(ln.words)
        text = join_lines(b.lines)
        if not text.strip():
            continue
        bbox = _bbox_of(b.lines)
        if b.kind == "list_item":
            ordered_ = _is_ordered(text)
            cont = pending_list is not None and pending_list.ordered == ordered_
            # the renderer numbers ordered items 1, 2, 3 ...: a printed number it would not
            # reproduce ("23.") stays in the item text
            nth = len(pending_list.children) + 1 if cont and pending_list is not None else 1
            child = Item("text", text=_strip_marker(text, nth), bbox=bbox,
                         confidence=bbox.confidence)
            if cont and pending_list is not None:
                pending_list.children.append(child)
                pending_list.bbox = pending_list.bbox.union(bbox) if pending_list.bbox else bbox
            else:
                pending_list = Item("list", bbox=bbox, ordered=ordered_, children=[child])
                items.append(pending_list)
            continue
        if all(ln.mono for ln in b.lines) and len(b.lines) >= 2:
            code = "\n".join(ln.text for ln in sorted(b.lines, key=lambda a: a.y0))
            items.append(Item("code", text=code, bbox=bbox))
            continue
        url = _link_for(b.lines, raw.links) if raw.links else None
        if url and len(text) < 200:
            items.append(Item("link", text=text, url=url, bbox=bbox))
            continue
        lvl = _heading_level(b, st)
        if lvl is not None:
            items.append(Item("heading", text=text, level=lvl, bbox=bbox))
        else:
            items.append(Item("text", text=text, bbox=bbox, confidence=bbox.confidence))
    # captions: a "Figure N" text right after/before an image
    for i, it in enumerate(items):
        if it.type != "image":
            continue
        for j in (i + 1, i - 1):
            if 0 <= j < len(items) and items[j].type == "text" and _CAPTION_RE.match(
                    items[j].text):
                it.caption = items[j].text
                break
    if footer:
        fl = sorted(footer, key=lambda a: (round(a.y0), a.x0))
        items.append(Item("footer", text=" ".join(ln.text for ln in fl), bbox=_bbox_of(fl),
                          children=[Item("text", text=ln.text, bbox=ln.bbox) for ln in fl]))
        for ln in fl:
            words.extend(ln.words)
    return items, words


def page_number_of(raw: RawPage) -> str | None:
    return printed_page_number(raw)
