"""Running headers and footers: text repeated in the top/bottom band across pages, page
numbers, and (on single pages) small isolated text in the extreme margins."""

from __future__ import annotations

import re
from collections import defaultdict

from .model import Line, RawPage

__all__ = ["PAGE_NUMBER_RE", "mark_headers_footers", "printed_page_number"]

PAGE_NUMBER_RE = re.compile(
    r"^\W{0,3}(?:page|p\.|pg\.?|seite|página|pagina)?\s*"
    r"(\d{1,5}|[ivxlcdm]{1,7})(?:\s*(?:of|/|de|von)\s*\d{1,5})?\W{0,3}$",
    re.I,
)
_DIGITS = re.compile(r"\d+")
_WS = re.compile(r"\s+")

TOP_BAND = 0.09
BOTTOM_BAND = 0.91


def _norm(text: str) -> str:
    return _WS.sub(" ", _DIGITS.sub("#", text.lower())).strip()


def _band(line: Line, page: RawPage) -> str | None:
    if line.y1 <= page.height * TOP_BAND + 4:
        return "header"
    if line.y0 >= page.height * BOTTOM_BAND - 4:
        return "footer"
    return None


def _isolated(line: Line, page: RawPage, role: str, body: float) -> bool:
    """True when nothing else sits within ~1.8 body lines between ``line`` and the body."""
    gap = 1.8 * body
    for other in page.lines:
        if other is line or other.role:
            continue
        if role == "header":
            if other.y0 >= line.y0 - 1 and other.y0 - line.y1 < gap and other.cy > line.y1:
                return False
        else:
            if other.y1 <= line.y1 + 1 and line.y0 - other.y1 < gap and other.cy < line.y0:
                return False
    return True


def mark_headers_footers(pages: list[RawPage], body_size: float) -> None:
    """Set ``Line.role`` to "header"/"footer" in place."""
    ok = [p for p in pages if p.error is None and p.lines]
    if not ok:
        return
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for p in ok:
        for ln in p.lines:
            band = _band(ln, p)
            if band:
                seen[(band, _norm(ln.text))].add(p.number)
    need = max(2, int(0.3 * len(ok) + 0.999)) if len(ok) >= 2 else 10**9
    for p in ok:
        for ln in p.lines:
            band = _band(ln, p)
            if not band or ln.size > body_size * 1.35:
                continue
            text = ln.text.strip()
            if len(seen[(band, _norm(text))]) >= need or PAGE_NUMBER_RE.match(text):
                ln.role = band
        # single-page heuristic: small isolated text in the extreme margins
        for ln in p.lines:
            band = _band(ln, p)
            if ln.role or not band or ln.size > body_size * 1.05:
                continue
            extreme = ln.y1 <= p.height * 0.06 + 4 if band == "header" else (
                ln.y0 >= p.height * 0.94 - 4)
            if extreme and _isolated(ln, p, band, body_size):
                ln.role = band


def printed_page_number(page: RawPage) -> str | None:
    cands = [ln for ln in page.lines if ln.role in ("header", "footer")]
    # prefer footers, then the outermost line
    cands.sort(key=lambda ln: (ln.role != "footer", -abs(ln.cy - page.height / 2)))
    for ln in cands:
        m = PAGE_NUMBER_RE.match(ln.text.strip())
        if m:
            return m.group(1)
        for w in (ln.words[0], ln.words[-1]):
            if re.fullmatch(r"\d{1,5}", w.text):
                return w.text
    return None
