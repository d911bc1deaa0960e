"""Confidence: the raw score-and-margin confidence, the per-evidence-kind reliability, the
``CALIBRATION`` knots and ``calibrate`` (raw -> probability of being right), and the
pages' OCR confidence.

Separate because the calibration is fitted offline (``bench/extract_eval.py
--fit-calibration``) and is tuned independently of how candidates are found.
"""

from __future__ import annotations

import math

from .candidates import Context

__all__ = ["CALIBRATION", "calibrate"]


# how often each kind of evidence is right, relative to a labelled pair (SROIE, see RESULTS.md)
_KIND_RELIABILITY = {
    "colon": 1.0,
    "cell": 1.0,
    "table": 1.0,
    "inline": 0.95,
    "below": 0.9,
    "role": 0.88,
    "scan": 0.85,
}


def _confidence(best: float, second: float) -> float:
    """Score and margin over the runner-up -> 0..1 (calibrated on SROIE, see bench/RESULTS.md)."""
    base = 1 / (1 + math.exp(-6 * (best - 0.4)))
    margin = min(1.0, max(0.0, best - second) / 0.15)
    return round(base * (0.55 + 0.45 * margin), 4)


# Monotone maps from the raw confidence above (score sigmoid x margin x evidence
# reliability) to the probability that the value is right, one per role kind with enough
# data and "*" for every other kind: knots (raw, accuracy) of an isotonic regression
# (pool-adjacent-violators over equal-count bins), linear in between. Fitted on the
# even-numbered half of the 400 SROIE receipts (800 field values), checked on the odd half
# and on the invoices (bench/RESULTS.md, "## Extract"). To refit after changing the scoring,
# run `.venv/bin/python bench/extract_eval.py --fit-calibration` and paste the dict it
# prints here. Set to {} to get the raw confidence back.
CALIBRATION: dict[str, tuple[tuple[float, float], ...]] = {
    "*": ((0.46, 0.6), (0.612, 0.7), (0.628, 0.775), (0.862, 0.929)),
    "address": ((0.596, 0.675), (0.628, 0.7), (0.666, 0.85)),
    "company": ((0.568, 0.8), (0.782, 0.92), (0.854, 0.933), (0.859, 1.0)),
    "date": ((0.517, 0.85), (0.675, 0.95), (0.742, 0.975), (0.828, 0.983), (0.97, 1.0)),
    "total": ((0.608, 0.7), (0.948, 0.878)),
}


def calibrate(
    raw: float, knots: tuple[tuple[float, float], ...] | None = None, kind: str = "*"
) -> float:
    """Raw confidence -> calibrated confidence (piecewise-linear through the knots)."""
    pts = knots if knots is not None else CALIBRATION.get(kind) or CALIBRATION.get("*")
    if not pts:
        return raw
    if raw <= pts[0][0]:
        return round(pts[0][1] * raw / pts[0][0], 4) if pts[0][0] > 0 else pts[0][1]
    for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
        if raw <= x1:
            t = (raw - x0) / (x1 - x0) if x1 > x0 else 1.0
            return min(round(y0 + t * (y1 - y0), 4), 0.99)
    return min(pts[-1][1], 0.99)


def _page_conf(ctx: Context) -> float:
    pages = ctx.layout.pages.values()
    return min((p.confidence for p in pages), default=1.0)
