"""Page layout detection with PP-PicoDet trained on CDLA (10 region classes: text, title,
figure, figure_caption, table, table_caption, header, footer, reference, equation).

Used to find table regions on OCR'd pages, where there are no ruling lines or text-layer
columns to go by, and on born-digital pages to check the table candidates of the rules
(:mod:`.layout.table_evidence`). The ONNX model ships inside this package (``models/``, see
its NOTICE).
"""

from __future__ import annotations

from dataclasses import dataclass

from .onnx_models import MODELS, bundled

__all__ = ["LAYOUT_STAGE", "PageRegions", "Region", "detect"]

MODEL_PATH = MODELS / "layout_cdla.onnx"
LAYOUT_STAGE = "layout-model:picodet-cdla"
_H, _W = 800, 608  # the model's input, height x width
_STRIDES = (8, 16, 32, 64)
_MEAN = (0.485, 0.456, 0.406)
_STD = (0.229, 0.224, 0.225)


@dataclass(slots=True)
class Region:
    label: str
    score: float
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in the input image's pixels


def _nms(boxes, scores, iou: float) -> list[int]:
    import numpy as np

    order = list(np.argsort(scores)[::-1])
    keep: list[int] = []
    while order:
        i = order.pop(0)
        keep.append(i)
        rest = np.array(order, dtype=int)
        if not len(rest):
            break
        x0 = np.maximum(boxes[i, 0], boxes[rest, 0])
        y0 = np.maximum(boxes[i, 1], boxes[rest, 1])
        x1 = np.minimum(boxes[i, 2], boxes[rest, 2])
        y1 = np.minimum(boxes[i, 3], boxes[rest, 3])
        inter = np.clip(x1 - x0, 0, None) * np.clip(y1 - y0, 0, None)
        area = lambda b: (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])  # noqa: E731
        ious = inter / (area(boxes[i]) + area(boxes[rest]) - inter + 1e-6)
        order = [j for j, v in zip(order, ious, strict=True) if v <= iou]
    return keep


def detect(img, min_score: float = 0.5, iou: float = 0.5) -> list[Region]:
    """Regions on ``img`` (an RGB PIL page image), best first within each class."""
    import numpy as np

    model = bundled(MODEL_PATH.name)
    w, h = img.size
    x = (np.asarray(img.convert("RGB").resize((_W, _H)), dtype=np.float32) / 255.0 - _MEAN) / _STD
    outs = model.run({"image": x.transpose(2, 0, 1)[None].astype(np.float32)})
    n = len(outs) // 2
    boxes_all, scores_all = [], []
    for stride, score, dist in zip(_STRIDES, outs[:n], outs[n:], strict=True):
        fh, fw = int(np.ceil(_H / stride)), int(np.ceil(_W / stride))
        gy, gx = np.meshgrid(np.arange(fh), np.arange(fw), indexing="ij")
        cx = (gx.ravel() + 0.5) * stride
        cy = (gy.ravel() + 0.5) * stride
        # distribution focal loss: each side's distance is the expectation over reg_max + 1 bins
        bins = dist[0].shape[-1] // 4
        d = dist[0].reshape(-1, bins)
        d = np.exp(d - d.max(axis=1, keepdims=True))
        d = (d / d.sum(axis=1, keepdims=True)) @ np.arange(bins, dtype=np.float32)
        d = d.reshape(-1, 4) * stride
        boxes_all.append(np.stack([cx - d[:, 0], cy - d[:, 1], cx + d[:, 2], cy + d[:, 3]], 1))
        scores_all.append(score[0])
    boxes = np.concatenate(boxes_all)
    scores = np.concatenate(scores_all)
    sx, sy = w / _W, h / _H
    out: list[Region] = []
    for k, label in enumerate(model.vocab):
        mask = scores[:, k] > min_score
        if not mask.any():
            continue
        b, s = boxes[mask], scores[mask, k]
        for i in _nms(b, s, iou):
            x0, y0, x1, y1 = b[i]
            out.append(
                Region(
                    label,
                    float(s[i]),
                    (max(0.0, x0 * sx), max(0.0, y0 * sy), min(w, x1 * sx), min(h, y1 * sy)),
                )
            )
    return out


class PageRegions:
    """The model's regions on one page, computed on first call from the page rendered at
    about the model's input size; in page points (the page's laid-out frame, turned by
    ``orientation`` like an OCR'd page). Returns None when the model cannot run, so callers
    fall back to rules alone."""

    def __init__(self, render, page_w: float, page_h: float, orientation: int = 0) -> None:
        self._render = render  # scale (pixels per point) -> RGB PIL image of the page
        self._w, self._h, self._turn = page_w, page_h, orientation
        self._out: list | None = None
        self.ran = False

    def __call__(self) -> list | None:
        if self.ran:
            return self._out
        self.ran = True
        from .document import BBox

        scale = max(0.25, min(2.0, _H / max(self._w, self._h, 1.0)))
        try:
            img = self._render(scale)
            if self._turn:
                img = img.rotate(-self._turn, expand=True)
            sx = self._w / max(img.width, 1)
            sy = self._h / max(img.height, 1)
            self._out = [
                (r.label, r.score,
                 BBox(r.box[0] * sx, r.box[1] * sy, (r.box[2] - r.box[0]) * sx,
                      (r.box[3] - r.box[1]) * sy))
                for r in detect(img, min_score=0.3)
            ]
        except Exception:  # noqa: BLE001 - no model evidence: the rules decide alone
            self._out = None
        return self._out
