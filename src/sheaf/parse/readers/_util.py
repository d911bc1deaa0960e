"""Small helpers shared by the non-PDF readers."""

from __future__ import annotations

import contextlib
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from decimal import ROUND_HALF_UP, Decimal

from .. import limits
from ..document import Document, Item, Page
from ..errors import ParseError

__all__ = [
    "chart_content",
    "check_unzipped_size",
    "clean",
    "format_number",
    "list_item",
    "single_page_doc",
    "trim_rows",
]

_WS = re.compile(r"[ \t\r\f\v\u00a0]+")


def clean(text: str | None) -> str:
    if not text:
        return ""
    return "\n".join(_WS.sub(" ", ln).strip() for ln in str(text).splitlines()).strip()


def trim_rows(rows: list[list[str]]) -> list[list[str]]:
    """Drop empty trailing rows/columns and pad rows to the same width."""
    rows = [list(r) for r in rows]
    while rows and not any(c for c in rows[-1]):
        rows.pop()
    if not rows:
        return rows
    width = max((max((i + 1 for i, c in enumerate(r) if c), default=0) for r in rows), default=0)
    return [(r + [""] * width)[:width] for r in rows]


def single_page_doc(
    items: list[Item], fmt: str, width: float = 612.0, height: float = 792.0
) -> Document:
    return Document(pages=[Page(1, width, height, items=items)], source_format=fmt)


def list_item(texts: list[tuple[int, str]], ordered: bool) -> Item:
    """Build a (possibly nested) list item from (level, text) pairs."""
    root = Item("list", ordered=ordered)
    stack: list[tuple[int, Item]] = [(0, root)]
    base = min((lv for lv, _t in texts), default=0)
    for lv, t in texts:
        lv -= base
        while len(stack) > 1 and stack[-1][0] > lv:
            stack.pop()
        parent = stack[-1][1]
        if lv > stack[-1][0]:
            sub = Item("list", ordered=ordered)
            parent.children.append(sub)
            stack.append((lv, sub))
            parent = sub
        parent.children.append(Item("text", text=t))
    return root


# ----------------------------------------------------------------------------- numbers
_NUMFMT = re.compile(r'^(?:"([^"]*)"|\\?([$€£¥]))?([#,0]*0|#,##)(?:\.([0#]+))?(%)?$')


def _round(x: float, dec: int) -> float:
    """Half away from zero, as spreadsheets round."""
    q = Decimal(1).scaleb(-dec)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def format_number(v: float, fmt: str | None = None) -> str:
    """A number as a spreadsheet shows it for the common formats (General, fixed decimals,
    thousands separators, percent, a currency prefix); any other format shows as General."""
    f = re.sub(r"\[\$([^\]-]*)[^\]]*\]", r'"\1"', (fmt or "").split(";")[0])
    m = _NUMFMT.match(re.sub(r"\[[^\]]*\]|_.|\s", "", f))
    if not m:
        if float(v).is_integer() and abs(v) < 1e15:
            return str(int(v))
        return f"{v:.15g}"
    prefix = m.group(1) or m.group(2) or ""
    x = v * 100 if m.group(5) else v
    frac = m.group(4) or ""
    dec = frac.count("0")
    sep = "," if "," in m.group(3) else ""
    if len(frac) > dec:  # optional digits (#) show only when significant
        sig = f"{_round(x, len(frac)):.{len(frac)}f}".rstrip("0").split(".")[-1]
        dec = max(dec, len(sig))
    out = f"{_round(x, dec):{sep}.{dec}f}"
    return prefix + out + (m.group(5) or "")


# ----------------------------------------------------------------------------- charts
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _pts(el) -> tuple[dict[int, str], str | None]:
    """idx -> value of a chart data reference's cached points, and its number format."""
    out: dict[int, str] = {}
    if el is None:
        return out, None
    fc = el.find(f".//{_C}formatCode")
    fmt = fc.text if fc is not None else None
    cache = None
    for tag in ("strCache", "numCache", "strLit", "numLit", "multiLvlStrCache"):
        cache = el.find(f".//{_C}{tag}")
        if cache is not None:
            break
    if cache is None:
        return out, fmt
    if cache.tag.endswith("multiLvlStrCache"):
        cache = cache.find(f"{_C}lvl")
        if cache is None:
            return out, fmt
    for pt in cache.findall(f"{_C}pt"):
        v = pt.find(f"{_C}v")
        if v is None or v.text is None:
            continue
        text = v.text
        if cache.tag.endswith(("numCache", "numLit")):
            pfc = pt.get("formatCode") or fmt
            with contextlib.suppress(ValueError):
                text = format_number(float(text), pfc)
        out[int(pt.get("idx", len(out)))] = text
    return out, fmt


def chart_content(xml: bytes) -> tuple[str, list[list[str]]]:
    """(title, data table) of a DrawingML chart part: one row per category, one column per
    series, values from the chart's cached data as the chart shows them."""
    root = ET.fromstring(xml)
    chart = root.find(f"{_C}chart")
    if chart is None:
        return "", []
    title = ""
    t = chart.find(f"{_C}title/{_C}tx/{_C}rich")
    if t is not None:
        paras = ["".join(x.text or "" for x in p.iter(f"{_A}t")) for p in t.iter(f"{_A}p")]
        title = clean(" ".join(p for p in paras if p.strip()))
    series: list[tuple[str, dict[int, str], dict[int, str]]] = []
    plot = chart.find(f"{_C}plotArea")
    for group in list(plot) if plot is not None else []:
        if not group.tag.endswith("Chart"):
            continue
        for ser in group.findall(f"{_C}ser"):
            name = "".join(v.text or "" for v in ser.findall(f"{_C}tx//{_C}v")) or "".join(
                v.text or "" for v in ser.findall(f"{_C}tx/{_C}v")
            )
            cats, _ = _pts(ser.find(f"{_C}cat"))
            if not cats:
                cats, _ = _pts(ser.find(f"{_C}xVal"))
            vals, _ = _pts(ser.find(f"{_C}val"))
            if not vals:
                vals, _ = _pts(ser.find(f"{_C}yVal"))
            if cats or vals:
                series.append((clean(name), cats, vals))
    if not series:
        return title, []
    idx = sorted({i for _n, c, v in series for i in (*c, *v)})
    rows = [["", *[n for n, _c, _v in series]]]
    for i in idx:
        cat = next((c[i] for _n, c, _v in series if i in c), str(i + 1))
        rows.append([cat, *[v.get(i, "") for _n, _c, v in series]])
    return title, rows


def check_unzipped_size(data: bytes, kind: str) -> None:
    """Refuse a zip-based file whose members declare too much (a zip bomb), before inflating.

    The sizes come from the central directory, so nothing is decompressed to check them. A
    file that is no zip at all is left to the reader, which says it is corrupt.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return
    ratio_cap = max(limits.ZIP_RATIO_FLOOR_BYTES, limits.MAX_ZIP_RATIO * len(data))
    if total > limits.MAX_UNZIPPED_BYTES or total > ratio_cap:
        raise ParseError(
            f"{kind} file declares {total / 2**20:,.0f} MB once unpacked from "
            f"{len(data) / 2**20:,.1f} MB (at most {limits.MAX_UNZIPPED_BYTES >> 20:,} MB, or "
            f"{limits.MAX_ZIP_RATIO}x the file past {limits.ZIP_RATIO_FLOOR_BYTES >> 20} MB): "
            "refused as a likely zip bomb"
        )
