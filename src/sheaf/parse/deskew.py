"""Small-angle deskew of a scanned page before OCR.

A page fed through a scanner is often turned by a fraction of a degree. That is enough to
move a right-hand column of a table by half a line against the left-hand one, so rows come
apart (a quantity on one row, its amount on the next) and ruled grids stop being straight.
The angle is found the classic way: the dark pixels' row profile is sharpest (text lines and
rules fall into few rows) when the page is straight. Only angles between 0.2 and 3 degrees
are corrected; quarter turns are the OCR's orientation step.

Separate because every OCR'd page image (PDF scans and image files) goes through it before
anything reads it: OCR, the rule finder, the layout and table models.
"""

from __future__ import annotations

__all__ = ["deskew", "skew_angle", "turn"]

_MIN, _MAX = 0.2, 3.0  # degrees


def _sharpness(arr, angle: float) -> float:
    import numpy as np
    from PIL import Image

    img = Image.fromarray(arr).rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
    rows = np.asarray(img, dtype=np.float64).sum(axis=1)
    return float((np.diff(rows) ** 2).sum())


def skew_angle(img) -> float:
    """The angle (degrees, counter-clockwise as PIL rotates) that straightens the page's
    text lines; 0.0 when the page is straight or the evidence is weak."""
    import numpy as np

    g = img.convert("L")
    f = 900 / max(g.width, g.height)
    if f < 1:
        g = g.resize((max(1, int(g.width * f)), max(1, int(g.height * f))))
    a = np.asarray(g, dtype=np.uint8)
    ink = (a < 140).astype(np.uint8) * 255
    if ink.mean() < 0.5 or ink.mean() > 90:  # blank page or a photo: nothing to align
        return 0.0
    base = _sharpness(ink, 0.0)
    best, best_s = 0.0, base
    for step, span, centre in ((0.25, _MAX, 0.0), (0.05, 0.25, None)):
        c = best if centre is None else centre
        n = int(round(span / step))
        for i in range(-n, n + 1):
            ang = c + i * step
            if ang == best or abs(ang) > _MAX:
                continue
            s = _sharpness(ink, ang)
            if s > best_s:
                best, best_s = ang, s
    if abs(best) < _MIN or best_s < base * 1.15:  # a clear gain only
        return 0.0
    return round(best, 2)


def turn(img, angle: float):
    """The image turned by ``angle`` degrees about its centre, same size, white corners."""
    from PIL import Image

    bands = len(img.getbands())
    fill = 255 if bands == 1 else (255,) * bands
    return img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=fill)


def deskew(img):
    """(straightened image, angle); the image itself when it is straight."""
    angle = skew_angle(img)
    return (turn(img, angle), angle) if angle else (img, 0.0)
