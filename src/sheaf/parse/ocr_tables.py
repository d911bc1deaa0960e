"""Tables on OCR'd pages: regions from the layout model (:mod:`.layout_model`), structure
from the page's ruling lines or the table model (:mod:`.table_model`), text from our OCR words.

A scan's ruling lines are found in its image (:mod:`.ocr_rules`), so the layout stage builds
ruled grids and booktabs tables from them and the OCR'd words exactly as on a born-digital
page; such a table stays as it is. Column detection from OCR lines alone is weak (OCR boxes
often join a whole header row into one line, and unruled columns have no lines to follow), so
the regions the layout model calls tables that hold no ruled table are read by SLANet from the
page image, then the other tables the layout stage found; an image file too small for the
layout model that shows a single table is read whole. The table model also draws grids on
prose, so a grid is only kept when its cell boxes hold the words and its columns are separated
by real gutters (:func:`_plausible`).
"""

from __future__ import annotations

from statistics import median

from .document import BBox, Item, Page, Word
from .layout.model import Rule
from .layout.table_evidence import Region
from .table_model import Grid, fill, recognize

__all__ = ["image_regions", "restructure_tables"]

_MARGIN = 6.0  # points around a table item's box, so edge cells are not cut
FILLS = 0.8  # share of the image a table covers when the image is a picture of that table


def _within(w: Word, b: BBox) -> bool:
    cx, cy = w.bbox.x + w.bbox.w / 2, w.bbox.y + w.bbox.h / 2
    return b.x <= cx <= b.x1 and b.y <= cy <= b.y1


def _plausible(rows: list[list[str]], cell_words: dict[tuple[int, int], list[Word]]) -> bool:
    """A real table: at least two rows with two or more filled cells, and neighbouring cells
    of a row separated by a gutter wider than the text's line height (prose split into
    "cells" has single spaces between them)."""
    if len(rows) < 2 or max((len(r) for r in rows), default=0) < 2:
        return False
    filled = [sum(1 for c in r if c.strip()) for r in rows]
    multi = sum(1 for n in filled if n >= 2)
    if multi < 2 or multi < 0.5 * sum(1 for n in filled if n):
        return False
    gaps: list[float] = []
    heights: list[float] = []
    for (r, c), ws in cell_words.items():
        heights += [w.bbox.h for w in ws]
        right = cell_words.get((r, c + 1))
        if not ws or not right:
            continue
        for w in ws:  # gap to the nearest word of the right-hand cell on the same line
            same = [
                v
                for v in right
                if abs((v.bbox.y + v.bbox.h / 2) - (w.bbox.y + w.bbox.h / 2))
                < 0.5 * max(w.bbox.h, v.bbox.h)
            ]
            if same:
                gaps.append(min(v.bbox.x for v in same) - w.bbox.x1)
    if not gaps or not heights:
        return False
    return median(gaps) >= 0.9 * median(heights)


def _words_by_cell(
    grid: Grid, words: list[Word], scale: float, origin: tuple[float, float]
) -> dict[tuple[int, int], list[Word]]:
    """The words whose centre lies inside each cell's box. Stricter than :func:`fill`, which
    gives every word to its nearest cell: the checks need to see the words the boxes miss."""
    out: dict[tuple[int, int], list[Word]] = {}
    ox, oy = origin
    for c in grid.cells:
        b = BBox(
            c.box[0] * scale + ox,
            c.box[1] * scale + oy,
            (c.box[2] - c.box[0]) * scale,
            (c.box[3] - c.box[1]) * scale,
        )
        out[(c.row, c.col)] = [w for w in words if _within(w, b)]
    return out


def _read_table(img, region: BBox, page: Page, scale: float) -> Item | None:
    """SLANet on ``region`` (page points) of ``img`` (a pixel is ``scale`` points)."""
    crop = img.crop(
        (
            int(region.x / scale),
            int(region.y / scale),
            int(region.x1 / scale) + 1,
            int(region.y1 / scale) + 1,
        )
    )
    if crop.width < 16 or crop.height < 16:
        return None
    words = [w for w in page.words if _within(w, region)]
    if not words:
        return None
    grid = recognize(crop)
    origin = (int(region.x / scale) * scale, int(region.y / scale) * scale)
    rows, spans = fill(grid, words, scale, origin)
    by_cell = _words_by_cell(grid, words, scale, origin)
    # the model's cell boxes must hold the words: on a page that is no table they miss
    placed = sum(len(ws) for ws in by_cell.values())
    if placed < 0.75 * len(words) or not _plausible(rows, by_cell):
        return None
    return Item("table", rows=rows, spans=spans, header_rows=max(1, grid.header_rows), bbox=region)


def _padded(b: BBox, page: Page) -> BBox:
    x0, y0 = max(0.0, b.x - _MARGIN), max(0.0, b.y - _MARGIN)
    return BBox(x0, y0, min(page.width, b.x1 + _MARGIN) - x0, min(page.height, b.y1 + _MARGIN) - y0)


def _center_in(it: Item, b: BBox) -> bool:
    if it.bbox is None:
        return False
    cx, cy = it.bbox.x + it.bbox.w / 2, it.bbox.y + it.bbox.h / 2
    return b.x <= cx <= b.x1 and b.y <= cy <= b.y1


def image_regions(img, page_w: float) -> list[Region]:
    """The layout model's regions on an OCR'd page's image ``img`` (in the frame its text
    reads in), in page units: the evidence the layout stage checks its table candidates
    against (:func:`.layout.table_evidence.confirmed`), and the table regions read here."""
    from .layout_model import detect

    s = page_w / max(img.width, 1)
    return [(r.label, r.score, BBox(r.box[0] * s, r.box[1] * s, (r.box[2] - r.box[0]) * s,
                                    (r.box[3] - r.box[1]) * s))
            for r in detect(img, min_score=0.3)]


def _detected_tables(regions: list[Region]) -> list[BBox]:
    """Table regions from the layout model (score 0.5 or more); overlapping ones joined."""
    boxes = [b for label, score, b in regions if label == "table" and score >= 0.5]
    merged: list[BBox] = []
    for b in sorted(boxes, key=lambda b: b.y):
        for i, m in enumerate(merged):
            ix = min(b.x1, m.x1) - max(b.x, m.x)
            iy = min(b.y1, m.y1) - max(b.y, m.y)
            if ix > 0 and iy > 0 and ix * iy > 0.3 * min(b.w * b.h, m.w * m.h):
                merged[i] = m.union(b)
                break
        else:
            merged.append(b)
    return merged


def _replace_region(page: Page, region: BBox, table: Item) -> None:
    """Put ``table`` where the items it covers were (header/footer stay)."""
    covered = [
        i
        for i, it in enumerate(page.items)
        if it.type not in ("header", "footer") and _center_in(it, region)
    ]
    if covered:
        at = covered[0]
        page.items = [it for i, it in enumerate(page.items) if i not in set(covered)]
    else:
        at = sum(1 for it in page.items if it.bbox is not None and it.bbox.y < region.y)
    page.items.insert(at, table)


def _ruled(b: BBox, rules: list[Rule]) -> bool:
    """A table the layout stage built from the page's ruling lines: two or more horizontal
    rules across most of its width and two or more vertical ones down most of its height,
    at its edges or inside it (a grid)."""
    nh = nv = 0
    for r in rules:
        if r.horizontal and b.y - 4 <= r.pos <= b.y1 + 4:
            nh += min(r.a1, b.x1) - max(r.a0, b.x) >= 0.7 * b.w
        elif not r.horizontal and b.x - 4 <= r.pos <= b.x1 + 4:
            nv += min(r.a1, b.y1) - max(r.a0, b.y) >= 0.7 * b.h
    return nh >= 2 and nv >= 2


def _in_figure(b: BBox, regions: list[Region]) -> bool:
    """Most of ``b`` inside the model's figure regions and little under its table regions."""
    from .layout.table_evidence import _cover

    return _cover(b, regions, "figure") >= 0.6 and _cover(b, regions, "table") < 0.5


def _overlaps(a: BBox, b: BBox, share: float = 0.3) -> bool:
    ix = min(a.x1, b.x1) - max(a.x, b.x)
    iy = min(a.y1, b.y1) - max(a.y, b.y)
    return ix > 0 and iy > 0 and ix * iy > share * min(a.w * a.h, b.w * b.h)


def restructure_tables(page: Page, img, *, whole_image: bool = False,
                       rules: list[Rule] | None = None,
                       regions: list[Region] | None = None) -> set[str]:
    """Read the tables of an OCR'd ``page`` from its image ``img`` (the page as OCR saw it):
    regions the layout model calls tables, then the layout stage's own tables elsewhere.
    ``whole_image``: the page is an image file, which may show just one table (too small
    for the layout model to see as a region). ``rules``: the ruling lines found on the image;
    a table the layout stage built from them stays as it is. ``regions``: the layout model's
    regions on the image (:func:`image_regions`), computed here when not given. Returns the
    model stages that ran/were used."""
    from .layout_model import LAYOUT_STAGE
    from .table_model import TABLE_STAGE

    if not page.ok or not page.words or img is None:
        return set()
    scale = page.width / max(img.width, 1)  # points per pixel
    stages = {LAYOUT_STAGE}
    # a grid the rules drew stays, unless it fills the image: a picture of one table is
    # what the table model reads best (it learnt from such crops)
    kept = [it.bbox for it in page.items if it.type == "table" and it.bbox is not None
            and rules and _ruled(it.bbox, rules)
            and it.bbox.w * it.bbox.h < FILLS * page.width * page.height]
    read: list[BBox] = list(kept)
    if regions is None:
        regions = image_regions(img, page.width)
    for region in _detected_tables(regions):
        if any(_overlaps(region, k) for k in kept):
            continue
        table = _read_table(img, _padded(region, page), page, scale)
        if table is not None:
            table.bbox = region
            _replace_region(page, region, table)
            read.append(region)
    if not read and whole_image and _whole_page_table(page, img, scale):
        return stages | {TABLE_STAGE}
    for i, it in enumerate(page.items):
        if it.type != "table" or it.bbox is None or any(it.bbox is r for r in read):
            continue
        if any(_center_in(it, r) for r in read):
            continue
        if _in_figure(it.bbox, regions):  # a chart's labels: text, not a table
            page.items[i] = Item("text", text=" ".join(c for r in it.rows or [] for c in r if c),
                                 bbox=it.bbox)
            continue
        table = _read_table(img, _padded(it.bbox, page), page, scale)
        if table is not None:
            table.bbox = it.bbox
            page.items[i] = table
            read.append(it.bbox)
    return stages | ({TABLE_STAGE} if len(read) > len(kept) else set())


def _tabular_share(rows: list[list[str]]) -> float:
    """Share of the text (by characters) in rows with two or more filled cells."""
    total = multi = 0
    for r in rows:
        n = sum(len(c) for c in r)
        total += n
        if sum(1 for c in r if c.strip()) >= 2:
            multi += n
    return multi / total if total else 0.0


def _prose(rows: list[list[str]]) -> bool:
    """Cells that are lines of running text: half of the filled ones six words or longer."""
    filled = [c for r in rows for c in r if c.strip()]
    return bool(filled) and sum(len(c.split()) >= 6 for c in filled) >= 0.5 * len(filled)


def _prose_words(words: list[Word]) -> float:
    """Share of ``words`` in runs of six or more on one line with no gap wider than the
    text's height: lines of running text, which a picture of a table seldom holds."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.bbox.y + w.bbox.h / 2, w.bbox.x)):
        cy = w.bbox.y + w.bbox.h / 2
        if rows and abs(cy - (rows[-1][0].bbox.y + rows[-1][0].bbox.h / 2)) < 0.5 * w.bbox.h:
            rows[-1].append(w)
        else:
            rows.append([w])
    prose = 0
    for r in rows:
        r.sort(key=lambda w: w.bbox.x)
        run = 1
        for a, b in zip(r, [*r[1:], None], strict=True):
            if b is not None and b.bbox.x - a.bbox.x1 <= max(a.bbox.h, b.bbox.h):
                run += 1
                continue
            prose += run if run >= 6 else 0
            run = 1
    return prose / len(words) if words else 0.0


def _whole_page_table(page: Page, img, scale: float) -> bool:
    """An image that is one table: every word of the page in one plausible grid."""
    if _prose_words(page.words) >= 0.5:  # a page of running text: not worth the model's time
        return False
    xs = [w.bbox for w in page.words]
    region = BBox(min(b.x for b in xs), min(b.y for b in xs), 0.0, 0.0)
    region.w = max(b.x1 for b in xs) - region.x
    region.h = max(b.y1 for b in xs) - region.y
    pad = BBox(
        max(0.0, region.x - _MARGIN),
        max(0.0, region.y - _MARGIN),
        region.w + 2 * _MARGIN,
        region.h + 2 * _MARGIN,
    )
    table = _read_table(img, pad, page, scale)
    # most of the words must sit in rows of two or more cells: a page of prose with a
    # small table is not one table; nor is a page of prose in columns, whose "cells" are
    # its lines side by side
    if table is None or _tabular_share(table.rows or []) < 0.6 or _prose(table.rows or []):
        return False
    table.bbox = region
    keep = [it for it in page.items if it.type in ("header", "footer")]
    page.items = [*keep, table]
    return True
