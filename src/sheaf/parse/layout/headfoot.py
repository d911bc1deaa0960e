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
    """True when nothing else sits within ~1.2 line heights between ``line`` and the body."""
    gap = max(1.2 * line.h, 1.0 * body)
    for other in page.lines:
        if other is line or other.role or _same_row(other, line):
            continue
        if role == "header":
            if other.cy > line.cy and other.y0 - line.y1 < gap:
                return False
        else:
            if other.cy < line.cy and line.y0 - other.y1 < gap:
                return False
    return True


def _same_row(a: Line, b: Line) -> bool:
    return min(a.y1, b.y1) - max(a.y0, b.y0) >= 0.5 * min(a.h, b.h)


def _running_head(num: Line, page: RawPage, zone: str) -> bool:
    """A page number at one end of the page's first row, beside a running title, above prose
    (a book page's head: "400   BRITISH HUSBANDRY.   [Ch. XIX."), even set close to the text."""
    if zone != "header":
        return False
    row = [o for o in page.lines if not o.rotated and _same_row(o, num)]
    others = [o for o in row if o is not num]
    if not others or any(not any(c.isalpha() for c in o.text) for o in others):
        return False
    if num.x0 > min(o.x0 for o in others) and num.x1 < max(o.x1 for o in others):
        return False  # between the titles: not at an end of the row
    top = min(o.y0 for o in row)
    if any(o.cy < top for o in page.lines if not o.rotated and o not in row):
        return False
    # the nearest line under the number is prose, not the next cell of a column of figures
    below = [o for o in page.lines if not o.rotated and o.y0 >= num.y1 - 0.5 * num.h
             and o not in row and min(o.x1, num.x1) - max(o.x0, num.x0) > 0]
    if not below:
        return False
    nxt = min(below, key=lambda o: o.y0)
    return len(nxt.words) >= 5 and nxt.y0 - num.y1 < 4 * num.h


def _zone(line: Line, page: RawPage) -> str | None:
    if line.y1 <= page.height * 0.12:
        return "header"
    if line.y0 >= page.height * 0.85:
        return "footer"
    return None


def _margin_stamps(p: RawPage) -> None:
    """Text running up or down the outer margin, clear of every upright line ("Downloaded from
    ... at 6:51 on Monday"): a stamp on the page, not part of its text."""
    upright = [ln for ln in p.lines if not ln.rotated and not ln.role]
    if not upright:
        return
    left = min(ln.x0 for ln in upright)
    right = max(ln.x1 for ln in upright)
    for ln in p.lines:
        if ln.rotated and not ln.role and ln.h > 2 * (ln.x1 - ln.x0) and (
                ln.x1 <= min(left, p.width * 0.12) or ln.x0 >= max(right, p.width * 0.88)):
            ln.role = "footer"


def _single_page_rules(p: RawPage, body: float) -> None:
    _margin_stamps(p)
    for ln in p.lines:
        if ln.role or ln.rotated:
            continue
        zone = _zone(ln, p)
        if not zone:
            continue
        text = ln.text.strip()
        extreme = ln.y1 <= p.height * 0.06 + 4 if zone == "header" else (
            ln.y0 >= p.height * 0.94 - 4)
        if PAGE_NUMBER_RE.match(text) and ln.size <= body * 1.35 and (
                extreme or _isolated(ln, p, zone, body) or _running_head(ln, p, zone)):
            ln.role = zone
            # the running head / foot sharing the page number's row
            for o in p.lines:
                if o is not ln and not o.role and _same_row(o, ln) and len(o.words) <= 10:
                    o.role = zone
            continue
        small = ln.size <= body * 0.85 or (extreme and ln.size <= body * 1.25)
        if small and _isolated(ln, p, zone, body):
            ln.role = zone
    # a lone page number below everything else, well apart from the body
    rest = [ln for ln in p.lines if not ln.role and not ln.rotated]
    if len(rest) >= 2:
        last = max(rest, key=lambda a: a.y1)
        above = max((o.y1 for o in rest if o is not last and not _same_row(o, last)),
                    default=last.y0)
        if (PAGE_NUMBER_RE.match(last.text.strip()) and last.y0 - above >= 2 * last.h
                and not any(o is not last and _same_row(o, last) for o in rest)):
            last.role = "footer"
    # a last row of several short pieces spread across the page (revision | part no | date)
    body_lines = [ln for ln in p.lines if not ln.role and not ln.rotated]
    if not body_lines:
        return
    last = max(body_lines, key=lambda a: a.y1)
    row = [o for o in body_lines if _same_row(o, last)]
    if (len(row) >= 2 and last.y0 >= p.height * 0.85 and all(len(o.words) <= 8 for o in row)
            and min(o.x0 for o in row) < p.width / 3 and max(o.x1 for o in row) > p.width * 2 / 3
            and (len(row) >= 3 or all(_isolated(o, p, "footer", body) for o in row))
            and not _continues_columns(row, body_lines)):
        for o in row:
            o.role = "footer"


def _continues_columns(row: list[Line], lines: list[Line]) -> bool:
    """The row's pieces end (or start) where those of the row above do: a table's last row
    at the foot of the page, not a footer's pieces."""
    top = min(r.y0 for r in row)
    h = max(r.h for r in row)
    # the nearest row of three or more pieces above, a few lines up at most (a wrapped row
    # label's last line may come between)
    above = sorted((o for o in lines if top - 5 * h <= o.y1 <= top + 1), key=lambda o: -o.y1)
    for o in above:
        prev = [q for q in above if _same_row(q, o)]
        if len(prev) < 3:
            continue
        lined = sum(1 for r in row if any(abs(r.x1 - q.x1) <= 2 or abs(r.x0 - q.x0) <= 2
                                          for q in prev))
        return lined >= max(3, len(row) // 2 + 1)
    return False


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
            if len(seen[(band, _norm(ln.text.strip()))]) >= need:
                ln.role = band
        _single_page_rules(p, body_size)


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
