"""Ruling lines of a page image (a scan, a photo, an image file), so an OCR'd page gets the
same table logic as a born-digital one (:func:`.layout.tables.find_tables` builds ruled grids
and booktabs tables from rules; without them every scanned table was read as unruled text).

Dark pixels are found against their surroundings (an adaptive threshold, so light grey rules
on white count and text on a shaded background does not fill the whole area); a morphological
opening with a long thin kernel keeps only the runs longer than any letter's stroke: the
horizontal and the vertical rules. Each thin run left becomes a :class:`Rule`; a thick one (a
filled bar, a shaded cell) gives its two long edges, as a filled rectangle's outline does in a
PDF's vector paths.
"""

from __future__ import annotations

from .layout.model import Line, Rule

__all__ = ["image_rules", "unmark_framed"]

# lengths in text heights (an image file's page is in pixels unless it states its resolution,
# so points mean nothing; the text's own height does)
_H_MIN = 1.5  # shortest horizontal rule: longer than any letter's stroke
_V_MIN = 1.0  # shortest vertical rule: taller than a letter or a bracket, shorter than a row
_THIN = 0.3  # thickest run that is one rule; thicker is a filled bar
_MAX_PIXELS = 12_000_000  # bigger images are scaled down first (rules survive that)


def image_rules(img, page_w: float, page_h: float, text_h: float,
                offset: tuple[float, float] = (0.0, 0.0)) -> list[Rule]:
    """Rules of ``img`` (a PIL image of a ``page_w`` x ``page_h`` page area whose corner sits
    at ``offset`` on the page), in page units; ``text_h``: the height of a line of its text
    (OCR's median), in page units."""
    import cv2
    import numpy as np

    if img.width < 16 or img.height < 16 or page_w <= 0 or page_h <= 0 or text_h <= 0:
        return []
    gray = img.convert("L")
    if gray.width * gray.height > _MAX_PIXELS:
        f = (_MAX_PIXELS / (gray.width * gray.height)) ** 0.5
        gray = gray.resize((max(1, int(gray.width * f)), max(1, int(gray.height * f))))
    a = np.asarray(gray)
    em = text_h * a.shape[1] / page_w  # a text line's height in pixels
    block = max(3, int(0.6 * em)) | 1
    # a white margin, so a rule on the image's edge (a cropped table's frame) has white
    # beside it to stand out from
    pad = block
    padded = cv2.copyMakeBorder(a, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    dark = cv2.adaptiveThreshold(padded, 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                 cv2.THRESH_BINARY_INV, block, 12)[pad:-pad, pad:-pad]
    # a flat dark area has no contrast inside, so the adaptive threshold leaves it hollow:
    # plainly dark pixels (darker than mid grey) count as well
    dark = np.maximum(dark, np.where(a < 110, 255, 0).astype(np.uint8))
    sx, sy = page_w / a.shape[1], page_h / a.shape[0]
    ox, oy = offset
    out: list[Rule] = []
    for horizontal in (True, False):
        length = max(3, int((_H_MIN if horizontal else _V_MIN) * em))
        k = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
        runs = cv2.morphologyEx(dark, cv2.MORPH_OPEN, k)
        n, _lab, stats, _c = cv2.connectedComponentsWithStats(runs, connectivity=8)
        thin = max(2.0, _THIN * em)
        for i in range(1, n):
            x, y, w, h, _area = (int(v) for v in stats[i])
            if horizontal:
                if h <= thin:
                    out.append(Rule(True, x * sx + ox, (x + w) * sx + ox, (y + h / 2) * sy + oy))
                else:  # a filled bar: its top and bottom edges
                    for yy in (y, y + h):
                        out.append(Rule(True, x * sx + ox, (x + w) * sx + ox, yy * sy + oy))
            elif w <= thin:
                out.append(Rule(False, y * sy + oy, (y + h) * sy + oy, (x + w / 2) * sx + ox))
            else:
                for xx in (x, x + w):
                    out.append(Rule(False, y * sy + oy, (y + h) * sy + oy, xx * sx + ox))
    return out


def _framed(ln: Line, rules: list[Rule]) -> bool:
    """``ln`` sits in a box the rules draw: rules above and below it across its middle, and
    rules left and right of it down its middle."""
    cx, cy = (ln.x0 + ln.x1) / 2, ln.cy
    above = below = left = right = False
    for r in rules:
        if r.horizontal and r.a0 <= cx <= r.a1:
            above |= r.pos <= ln.y0 + 1
            below |= r.pos >= ln.y1 - 1
        elif not r.horizontal and r.a0 <= cy <= r.a1:
            left |= r.pos <= ln.x0 + 1
            right |= r.pos >= ln.x1 - 1
    return above and below and left and right


def unmark_framed(lines: list[Line], rules: list[Rule]) -> None:
    """A line in a ruled box is a table cell, not a running header or footer, however close
    to the page's edge it sits (a scanned or photographed table fills its image: its first
    and last rows lie in the bands where headers and footers are looked for)."""
    for ln in lines:
        if ln.role and _framed(ln, rules):
            ln.role = None
