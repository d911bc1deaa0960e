"""OCR with RapidOCR (PP-OCR ONNX models bundled in the ``rapidocr`` wheel; nothing is
downloaded). One engine per process, created lazily and reused; calls are serialised."""

from __future__ import annotations

import os
import threading
from typing import Any

from .document import BBox, Word
from .errors import ParseError
from .layout.model import Line

__all__ = ["OCR_STAGE", "configure", "get_engine", "ocr_image"]

OCR_STAGE = "ocr:rapidocr-ppocr"
_ENGINE = None
_LOCK = threading.Lock()
_THREADS = 0  # onnxruntime's intra-op threads per OCR model; 0 = its default


def configure(*, threads: int = 0) -> None:
    """Set before the first OCR call (a worker does, from ``SHEAF_OCR_THREADS``)."""
    global _THREADS
    _THREADS = max(0, int(threads))


def get_engine():
    """The process-wide RapidOCR engine, built from the models inside the wheel."""
    global _ENGINE
    if _ENGINE is None:
        with _LOCK:
            if _ENGINE is None:
                try:
                    from rapidocr import RapidOCR
                except ImportError:  # pragma: no cover
                    raise ParseError("OCR needs the 'rapidocr' package, which is not installed") \
                        from None
                import rapidocr

                models = os.path.join(os.path.dirname(rapidocr.__file__), "models")
                params = {"Global.log_level": "error", "Global.use_cls": False}
                if os.path.isdir(models):
                    params["Global.model_root_dir"] = models
                if _THREADS > 0:
                    params["EngineConfig.onnxruntime.intra_op_num_threads"] = _THREADS
                _ENGINE = RapidOCR(params=params)
    return _ENGINE


def _run(img) -> list[tuple[str, float, Any, Any]]:
    """-> [(text, score, quad, word_results)] for an RGB PIL image."""
    import numpy as np

    eng = get_engine()
    arr = np.asarray(img.convert("RGB"))[:, :, ::-1].copy()  # RGB -> BGR for OpenCV
    with _LOCK:
        res = eng(arr, return_word_box=True)
    if res is None or res.txts is None or res.boxes is None:
        return []
    words = getattr(res, "word_results", None) or [()] * len(res.txts)
    out = []
    for i, (t, s, q) in enumerate(zip(res.txts, res.scores, res.boxes, strict=False)):
        out.append((str(t), float(s), q.tolist() if hasattr(q, "tolist") else q,
                    words[i] if i < len(words) else ()))
    return out


def _quality(results) -> float:
    return sum(s * len(t) for t, s, _q, _w in results)


def _vertical_share(results) -> float:
    if not results:
        return 0.0
    v = 0
    for _t, _s, q, _w in results:
        xs = [p[0] for p in q]
        ys = [p[1] for p in q]
        if (max(ys) - min(ys)) > 1.5 * (max(xs) - min(xs)):
            v += 1
    return v / len(results)


def ocr_image(img, page_w: float, page_h: float, *, fix_orientation: bool = True,
              offset: tuple[float, float] = (0.0, 0.0)):
    """OCR a page image. Returns (lines, confidence, orientation_degrees).

    Coordinates are mapped to a page of ``page_w`` x ``page_h`` points (then shifted by
    ``offset``). When the result looks poor (low confidence or mostly vertical boxes) the
    image is also tried at 90/180/270 degrees and the best reading is kept.
    """
    results = _run(img)
    angle = 0
    if fix_orientation and img.width * img.height > 0:
        mean = (sum(s for _t, s, _q, _w in results) / len(results)) if results else 0.0
        vertical = _vertical_share(results) > 0.5
        # Text lines standing on end mean a page turned a quarter; lying lines read badly mean
        # upside down (or a script the model cannot read: one retry, not three).
        if not results:
            angles: tuple[int, ...] = (90, 180, 270)
        elif vertical:
            angles = (90, 270)
        elif mean < 0.8:
            angles = (180,)
        else:
            angles = ()
        if angles:
            # The recogniser turns tall boxes itself, so sideways text may already read well;
            # its lines are still out of order, so a quarter turn that reads as well wins.
            best = _quality(results) * (0.9 if vertical else 1.15) + (0 if vertical else 1)
            for a in angles:
                r = _run(img.rotate(-a, expand=True))  # PIL rotates counter-clockwise
                q = _quality(r)
                if q > best:
                    best, results, angle = q, r, a
    if angle in (90, 270):
        iw, ih = img.height, img.width
        pw, ph = page_h, page_w
    else:
        iw, ih = img.width, img.height
        pw, ph = page_w, page_h
    sx, sy = pw / max(iw, 1), ph / max(ih, 1)
    ox, oy = offset
    lines: list[Line] = []
    for text, score, quad, wres in results:
        text = text.strip()
        if not text:
            continue
        xs = [p[0] for p in quad]
        ys = [p[1] for p in quad]
        x0, y0, x1, y1 = min(xs) * sx + ox, min(ys) * sy + oy, max(xs) * sx + ox, max(ys) * sy + oy
        words: list[Word] = []
        for w in wres or ():
            try:
                wt, ws, wq = w[0], float(w[1]), w[2]
                wx = [p[0] for p in wq]
                wy = [p[1] for p in wq]
                if str(wt).strip():
                    words.append(Word(str(wt).strip(), BBox(min(wx) * sx + ox, min(wy) * sy + oy,
                                                          (max(wx) - min(wx)) * sx,
                                                          (max(wy) - min(wy)) * sy), ws))
            except (IndexError, TypeError, ValueError):
                words = []
                break
        if not words or " ".join(w.text for w in words).replace(" ", "") != text.replace(" ", ""):
            toks = text.split()
            total = sum(len(t) for t in toks) or 1
            cx = x0
            words = []
            for t in toks:
                w = (x1 - x0) * len(t) / total
                words.append(Word(t, BBox(cx, y0, w, y1 - y0), score))
                cx += w
        h = y1 - y0
        lines.append(Line(words, x0, y0, x1, y1, size=h * 0.8))
    conf = (sum(ln.confidence * len(ln.text) for ln in lines) / max(1, sum(len(ln.text)
            for ln in lines))) if lines else 0.0
    return lines, conf, angle
