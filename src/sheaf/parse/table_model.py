"""Table structure recognition from an image with SLANet (PaddleOCR's table model, ONNX).

The model reads a table image and writes its HTML structure, one token at a time
(``<tr>``, ``<td></td>``, ``<td`` `` colspan="2"`` ``>`` ...) with a box for every cell. The
text comes from our own words (OCR or a PDF's text layer): each word goes to the cell whose box
it overlaps most. The model file ships inside this package (``models/``, see its NOTICE); it is
never downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from .document import BBox, Word
from .onnx_models import MODELS, BundledModel, bundled

__all__ = ["MODEL_PATH", "TABLE_STAGE", "Grid", "recognize", "fill"]

MODEL_PATH = MODELS / "slanet-1m.onnx"
TABLE_STAGE = "table-structure:slanet-1m"
_SIDE = 488  # the model's square input
_MEAN = (0.485, 0.456, 0.406)
_STD = (0.229, 0.224, 0.225)
_CELL_TOKENS = ("<td></td>", "<td")


@dataclass(slots=True)
class Cell:
    row: int
    col: int
    rowspan: int
    colspan: int
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in the input image's pixels


@dataclass(slots=True)
class Grid:
    cells: list[Cell]
    n_rows: int
    n_cols: int
    header_rows: int
    score: float  # mean probability of the structure tokens


def _model() -> tuple[BundledModel, list[str]]:
    model = bundled(MODEL_PATH.name)
    # as PaddleOCR's TableLabelDecode: "<td>" is folded into "<td></td>", and start / end
    # tokens go around the list
    vocab = [t for t in model.vocab if t != "<td>"]
    if "<td></td>" not in vocab:
        vocab.append("<td></td>")
    return model, ["sos", *vocab, "eos"]


def _tokens(img) -> tuple[list[str], list[tuple[float, float, float, float]], float]:
    """Run the model on an RGB PIL image: structure tokens, one box per cell token, score."""
    import numpy as np

    model, vocab = _model()
    w, h = img.size
    r = _SIDE / max(w, h)
    small = img.convert("RGB").resize((max(1, int(w * r)), max(1, int(h * r))))
    arr = (np.asarray(small, dtype=np.float32) / 255.0 - _MEAN) / _STD
    x = np.zeros((_SIDE, _SIDE, 3), dtype=np.float32)
    x[: arr.shape[0], : arr.shape[1]] = arr
    locs, probs = model.run({"x": x.transpose(2, 0, 1)[None]})
    ids = probs[0].argmax(axis=1)
    best = probs[0].max(axis=1)
    toks: list[str] = []
    boxes: list[tuple[float, float, float, float]] = []
    scores: list[float] = []
    for i, k in enumerate(ids):
        t = vocab[int(k)]
        if t == "eos" and i > 0:
            break
        if t in ("sos", "eos"):
            continue
        toks.append(t)
        scores.append(float(best[i]))
        if t in _CELL_TOKENS:
            x0, y0, x1, y1 = (float(v) for v in locs[0, i][:4])
            boxes.append((x0 * w, y0 * h, x1 * w, y1 * h))  # normalised to the input image
    return toks, boxes, (sum(scores) / len(scores) if scores else 0.0)


def _grid(toks: list[str], boxes: list[tuple[float, float, float, float]], score: float) -> Grid:
    """Lay the token stream out on a grid (rowspans reserve the places below them)."""
    cells: list[Cell] = []
    taken: set[tuple[int, int]] = set()
    row, col, head_rows, in_head = -1, 0, 0, False
    span = {"rowspan": 1, "colspan": 1}
    it = iter(range(len(boxes)))
    for t in toks:
        if t == "<thead>":
            in_head = True
        elif t == "</thead>":
            in_head = False
        elif t == "<tr>":
            row, col = row + 1, 0
            head_rows += in_head
        elif t.startswith(" rowspan=") or t.startswith(" colspan="):
            k, v = t.strip().split("=")
            span[k] = max(1, min(int(v.strip('"')), 50))
        elif t in ("<td></td>", ">"):
            if row < 0:
                row = 0
            while (row, col) in taken:
                col += 1
            rs, cs = span["rowspan"], span["colspan"]
            bi = next(it, None)
            box = boxes[bi] if bi is not None else (0.0, 0.0, 0.0, 0.0)
            cells.append(Cell(row, col, rs, cs, box))
            taken.update((row + i, col + j) for i in range(rs) for j in range(cs))
            col += cs
            span = {"rowspan": 1, "colspan": 1}
    n_rows = max((c.row + c.rowspan for c in cells), default=0)
    n_cols = max((c.col + c.colspan for c in cells), default=0)
    return Grid(cells, n_rows, n_cols, head_rows, score)


def recognize(img) -> Grid:
    """The table structure of ``img`` (a PIL image showing one table)."""
    return _grid(*_tokens(img))


def _overlap(a: tuple[float, float, float, float], b: BBox) -> float:
    w = min(a[2], b.x1) - max(a[0], b.x)
    h = min(a[3], b.y1) - max(a[1], b.y)
    return w * h if w > 0 and h > 0 else 0.0


def _distance(a: tuple[float, float, float, float], b: BBox) -> float:
    """Gap between a cell box and a word box (0 when they touch), for words in no cell."""
    dx = max(a[0] - b.x1, b.x - a[2], 0.0)
    dy = max(a[1] - b.y1, b.y - a[3], 0.0)
    return dx + 2 * dy  # a word belongs to its row more than to its column


def fill(
    grid: Grid, words: list[Word], scale: float = 1.0, origin: tuple[float, float] = (0.0, 0.0)
) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """Put ``words`` (page coordinates) into the grid's cells (image pixels; a pixel is
    ``scale`` points and the image's corner sits at ``origin`` on the page). Returns
    ``(rows, spans)`` as :class:`sheaf.parse.document.Item` holds them."""
    ox, oy = origin
    boxes = [
        (c.box[0] * scale + ox, c.box[1] * scale + oy, c.box[2] * scale + ox, c.box[3] * scale + oy)
        for c in grid.cells
    ]
    texts: list[list[Word]] = [[] for _ in grid.cells]
    for w in words:
        if not boxes:
            break
        best = max(range(len(boxes)), key=lambda i: _overlap(boxes[i], w.bbox))
        if _overlap(boxes[best], w.bbox) <= 0.0:
            best = min(range(len(boxes)), key=lambda i: _distance(boxes[i], w.bbox))
        texts[best].append(w)
    rows = [[""] * grid.n_cols for _ in range(grid.n_rows)]
    spans: list[tuple[int, int, int, int]] = []
    for c, ws in zip(grid.cells, texts, strict=True):
        rows[c.row][c.col] = _join(ws)
        if c.rowspan > 1 or c.colspan > 1:
            spans.append((c.row, c.col, c.rowspan, c.colspan))
    return rows, spans


def _join(words: list[Word]) -> str:
    """Words of one cell in reading order: lines top to bottom, left to right in a line."""
    if not words:
        return ""
    words = sorted(words, key=lambda w: w.bbox.y)
    lines: list[list[Word]] = []
    for w in words:
        if lines and w.bbox.y < lines[-1][0].bbox.y + 0.6 * lines[-1][0].bbox.h:
            lines[-1].append(w)
        else:
            lines.append([w])
    return " ".join(" ".join(x.text for x in sorted(ln, key=lambda w: w.bbox.x)) for ln in lines)
