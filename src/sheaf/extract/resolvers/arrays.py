"""Arrays of objects (line items): pick the table whose header best matches the
sub-fields (joining the same table continued on later pages), or, with no table, a text
line of such headers and the aligned rows under it, and read each row into an object.

Separate because rows are read by column, with their own header matching, instead of the
per-field candidate scoring used for scalars.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz

from ..layout import TableView
from ..result import INFERRED, NOT_FOUND, VERBATIM, FieldValue
from ..roles import role_of
from ..schema import Field, field_words
from ..values import Match
from .candidates import Cand, Context
from .citations import _citations, locate
from .confidence import _confidence, _page_conf
from .labels import _norm_label, label_sim
from .parsing import _fits_schema, _output, _parse_value


def _column_map(header: list[str], item: Field) -> dict[str, tuple[int, float]]:
    mapping: dict[str, tuple[int, float]] = {}
    used: set[int] = set()
    scored = []
    for sub in item.properties:
        role = role_of(sub)
        for j, h in enumerate(header):
            nh = _norm_label(h)
            if not nh:
                continue
            s = max(label_sim(nh, role), _desc_sim(nh, sub))
            scored.append((s, sub.name, j))
    for s, name, j in sorted(scored, reverse=True):
        if s < 0.6 or name in mapping or j in used:
            continue
        mapping[name] = (j, s)
        used.add(j)
    return mapping


_COL_SYN = {
    "description": ["item", "name", "product", "article", "service", "desc", "details"],
    "name": ["description", "item", "product", "article", "desc", "service"],
    "quantity": ["qty", "quantity", "units", "count", "pcs", "aantal", "menge"],
    "qty": ["quantity", "qty", "units"],
    "price": ["unit price", "price", "rate", "u price", "s price", "unit cost"],
    "unit price": ["unit price", "price", "rate", "u price", "price unit"],
    "price unit": ["unit price", "price", "rate"],
    "amount": ["amount", "total", "line total", "amt", "subtotal", "price total"],
    "total": ["amount", "total", "line total", "amt"],
}


def _desc_sim(nh: str, sub: Field) -> float:
    words = field_words(sub.name)
    best = 0.0
    for key, syns in _COL_SYN.items():
        if fuzz.token_sort_ratio(words, key) >= 90 or key in words.split():
            for s in syns:
                best = max(best, fuzz.token_sort_ratio(nh, s) / 100 * 0.95)
    return best


def _table_objects(f: Field, item: Field, ctx: Context) -> tuple[list, list]:
    layout = ctx.layout
    best: tuple[float, list[TableView], dict] | None = None
    for t in layout.tables:
        header = t.header if t.header_rows >= 1 else (t.rows[0] if t.rows else [])
        mapping = _column_map(header, item)
        if not mapping:
            continue
        score = sum(s for _, s in mapping.values())
        if best is None or score > best[0]:
            best = (score, [t], mapping)
        elif abs(score - best[0]) < 1e-9 and best[1][-1].header == t.header:
            best[1].append(t)  # same header on a later page: a continued table
    if best is not None:
        return _rows_to_objects(item, best[1], best[2], ctx)
    return _text_rows(item, ctx)


def _rows_to_objects(item: Field, tables: list[TableView], mapping: dict, ctx: Context):
    data, meta = [], []
    for t in tables:
        body = t.body if t.header_rows >= 1 else t.rows[1:]
        for row in body:
            obj, om = _row_object(item, mapping, row, ctx, t.page)
            if obj is not None:
                data.append(obj)
                meta.append(om)
    return data, meta


def _row_object(item: Field, mapping: dict, row: list[str], ctx: Context, page: int):
    obj: dict[str, Any] = {}
    om: dict[str, Any] = {}
    filled = 0
    for sub in item.properties:
        role = role_of(sub)
        fv = FieldValue(None, [], 0.0, _page_conf(ctx), NOT_FOUND)
        if sub.name in mapping:
            j, hs = mapping[sub.name]
            cell = row[j] if j < len(row) else ""
            if cell and cell.strip():
                matches = _parse_value(role, sub, cell)
                if not matches and sub.kind == "string":
                    s = cell.strip()
                    matches = [Match(s, s, 0, len(s), 0.7)]
                for m in matches[:1]:
                    conv = _output(sub, role, m)
                    if conv is not None and _fits_schema(sub, conv[0]):
                        spans = locate(ctx.layout, m.text, page=page)
                        c = Cand(conv[0], m.text, spans, hs, m.fit, "table", conv[1])
                        fv = FieldValue(
                            conv[0],
                            _citations(ctx.layout, c),
                            _confidence(c.score, 0.0),
                            _page_conf(ctx),
                            VERBATIM if conv[1] else INFERRED,
                        )
                        filled += 1
        if sub.kind == "array":
            obj[sub.name], om[sub.name] = [], []
            continue
        if sub.kind == "object":
            obj[sub.name], om[sub.name] = {}, {}
            continue
        obj[sub.name] = fv.value
        om[sub.name] = fv.metadata()
    if filled == 0:
        return None, None
    first = next(iter(mapping.values()))[0]
    label = _norm_label(row[first] if first < len(row) else "")
    if label.split()[:1] in (["total"], ["subtotal"], ["sub"]) and filled <= 2:
        return None, None
    return obj, om


def _text_rows(item: Field, ctx: Context) -> tuple[list, list]:
    """No table item: find a header line whose cells match the sub-fields, then read the aligned
    lines under it until a line that does not fit (totals, a blank gap)."""
    lines = ctx.layout.lines
    for i, ln in enumerate(lines):
        if len(ln.segments) < 2:
            continue
        header = [s.text for s in ln.segments]
        mapping = _column_map(header, item)
        if len(mapping) < min(2, len(item.properties)):
            continue
        centers = [((s.bbox.x + s.bbox.x1) / 2) if s.bbox else 0.0 for s in ln.segments]
        lefts = [s.bbox.x if s.bbox else 0.0 for s in ln.segments]
        rows: list[list[str]] = []
        for nl in lines[i + 1 :]:
            if nl.page != ln.page or len(rows) > 200:
                break
            if re.match(r"\s*(sub\s*)?total\b", nl.text, re.I):
                break
            cells = [""] * len(header)
            for s in nl.segments:
                if s.bbox is None:
                    continue
                cx = (s.bbox.x + s.bbox.x1) / 2
                j = min(
                    range(len(header)),
                    key=lambda k: min(abs(centers[k] - cx), abs(lefts[k] - s.bbox.x)),
                )
                cells[j] = (cells[j] + " " + s.text).strip()
            if sum(1 for c in cells if c) < 2:
                if rows and cells[mapping[next(iter(mapping))][0]]:
                    continue
                break
            rows.append(cells)
        if rows:
            data, meta = [], []
            for r in rows:
                obj, om = _row_object(item, mapping, r, ctx, ln.page)
                if obj is not None:
                    data.append(obj)
                    meta.append(om)
            return data, meta
    return [], []
