"""The deterministic resolver: labels, layout and typed parsers, no model.

For every scalar field it gathers candidates (label/value pairs on a line, in the next cell,
on the line below, in tables; typed values anywhere; role heuristics for organisation names
and addresses), scores them by label similarity, type fit, position and cross-field checks,
and keeps the best one, or null when nothing fits. Arrays of objects come from tables whose
headers match the sub-fields (or aligned text rows under such a header line).

This module is the orchestration: ``resolve`` walks the schema, gathers each field's
candidates (``_candidates``: pairs, tables, ``_scan``, and the role heuristics and checks
of the sibling modules) and keeps the best (``_choose``). The pieces live next to it:
``pairs`` (label/value pairs), ``labels`` (label similarity), ``parsing`` (typed values),
``patterns``, ``organisations`` and ``addresses`` (header-block roles), ``checks`` (total
and untaxed cross-checks), ``confidence`` (calibration), ``citations`` (``locate``) and
``arrays`` (line-item tables), with the shared ``Cand``/``Context`` in ``candidates``.
"""

from __future__ import annotations

import re
from typing import Any

from ..layout import Layout, Line, TableView
from ..result import INFERRED, NOT_FOUND, VERBATIM, FieldValue
from ..roles import Role, role_of
from ..schema import Field, field_words
from ..values import find_compact_dates, month_first
from .addresses import _address_candidates
from .arrays import _table_objects
from .candidates import Cand, Context
from .checks import _date_checks, _total_checks, _untaxed_checks
from .citations import _citations, locate
from .confidence import _KIND_RELIABILITY, _confidence, _page_conf, calibrate
from .labels import _contains, _norm_label, label_sim
from .organisations import _company_candidates
from .pairs import build_pairs
from .parsing import _fits_schema, _output, _parse_value, glued_sign, printed_sign_wanted

__all__ = ["resolve"]


def resolve(root: Field, layout: Layout) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    ctx = Context(layout, build_pairs(layout))
    ctx.month_first = month_first([ln.text for ln in layout.lines])
    data, meta = _resolve_object(root, ctx, "")
    return data, meta, ctx.warnings


def _resolve_object(f: Field, ctx: Context, context: str) -> tuple[dict, dict]:
    data: dict[str, Any] = {}
    meta: dict[str, Any] = {}
    for sub in f.properties:
        sub_ctx = f"{context} {field_words(f.name)}".strip() if f.name else context
        if sub.kind == "object":
            d, m = _resolve_object(sub, ctx, sub_ctx)
            data[sub.name], meta[sub.name] = d, m
        elif sub.kind == "array":
            items, items_meta = _resolve_array(sub, ctx, sub_ctx)
            data[sub.name], meta[sub.name] = items, items_meta
        else:
            fv = _resolve_scalar(sub, ctx, sub_ctx)
            data[sub.name] = fv.value
            meta[sub.name] = fv.metadata()
    return data, meta


def _resolve_scalar(f: Field, ctx: Context, context: str) -> FieldValue:
    role = role_of(f, context)
    cands = _candidates(f, role, ctx)
    fv = _choose(f, role, cands, ctx)
    ctx.resolved[f.path] = fv
    return fv


def _candidates(f: Field, role: Role, ctx: Context) -> list[Cand]:
    out: list[Cand] = []
    n = max(len(ctx.layout.lines), 1)
    min_ls = 0.8 if role.kind in ("company", "address") else 0.55
    for p in ctx.pairs:
        ls = label_sim(p.norm, role)
        if ls < min_ls:
            continue
        for m in _parse_value(role, f, p.value, ctx.month_first)[:1]:
            conv = _output(f, role, m)
            if conv is None:
                continue
            val, verb = conv
            s = p.start + m.start
            prior = p.line.index / n if role.kind == "total" else 1 - p.line.index / n
            out.append(
                Cand(
                    val,
                    m.text,
                    [(p.line, s, s + len(m.text))],
                    ls,
                    m.fit,
                    p.kind,
                    verb,
                    prior=prior,
                )
            )
    for m_tbl in _table_pairs(ctx.layout, role, f, ctx.month_first):
        out.append(m_tbl)
    if role.kind in ("date", "email", "phone", "url", "total", "currency", "percent"):
        out.extend(_scan(f, role, ctx))
    if role.kind == "company":
        out.extend(_company_candidates(f, role, ctx))
    if role.kind == "address":
        out.extend(_address_candidates(f, role, ctx))
    if role.kind == "total":
        _total_checks(out, ctx)
    if role.kind == "date":
        _date_checks(out, ctx)
    if role.kind == "amount" and "subtotal" in role.labels:
        _untaxed_checks(out, ctx)
    if role.kind == "amount" and "vat" in role.labels and "subtotal" not in role.labels:
        out.extend(_tax_sum(role, ctx))
    return out


_RATE = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%")


def _tax_sum(role: Role, ctx: Context) -> list[Cand]:
    """One tax line per rate ("zzgl. 7 % USt. 34,94" / "zzgl. 19 % USt. 350,56"): the tax
    is their sum, when the amount before tax plus that sum is the printed total (two other
    amounts of the document)."""
    by_rate: dict[str, tuple[Any, Line]] = {}
    for ln in ctx.layout.lines:
        found = [m for lm, m in ctx.amounts() if lm is ln and m.fit >= 0.9]
        rate = _RATE.search(ln.text)
        if not found or rate is None or rate.start() > found[-1].start:
            continue
        m = found[-1]
        if label_sim(_norm_label(ln.text[: m.start]), role) < 0.55:
            continue
        by_rate.setdefault(rate.group(1).replace(",", "."), (m.value, ln))
    if len(by_rate) < 2:
        return []
    total = sum((v for v, _ in by_rate.values()), start=type(next(iter(by_rate.values()))[0])(0))
    printed = {m.value for _, m in ctx.amounts() if m.fit >= 0.9 and m.value > 0}
    if not any(a + total in printed for a in printed if a > total):
        return []
    lines = [ln for _, ln in by_rate.values()]
    return [Cand(float(total), f"{total}", [(ln, 0, len(ln.text)) for ln in lines], 0.95, 1.0,
                 "sum", False, bonus=0.1)]


def _scan(f: Field, role: Role, ctx: Context) -> list[Cand]:
    """Typed values anywhere, with the text to their left (same line) as a weak label."""
    out = []
    n = max(len(ctx.layout.lines), 1)
    lines = ctx.layout.lines
    # a date printed without separators ("20180304") only when no other date is printed
    compact = role.kind == "date" and not any(
        _parse_value(role, f, ln.text, ctx.month_first) for ln in lines
    )
    for li, line in enumerate(lines):
        text = line.text
        if role.kind == "total":
            matches = [m for ln, m in ctx.amounts() if ln is line and m.fit >= 0.5]
        elif compact:
            matches = find_compact_dates(text)
        else:
            matches = _parse_value(role, f, text, ctx.month_first)
        for m in matches:
            conv = _output(f, role, m)
            if conv is None:
                continue
            left = _norm_label(text[: m.start])
            ls = label_sim(left, role) if left else 0.0
            if not left and li > 0 and lines[li - 1].page == line.page:
                ls = 0.7 * label_sim(_norm_label(lines[li - 1].text), role)
            val, verb = conv
            prior = li / n if role.kind == "total" else 1 - li / n
            c = Cand(
                val,
                m.text,
                [(line, m.start, m.start + len(m.text))],
                min(ls, 0.9) * 0.8,
                m.fit,
                "scan",
                verb,
                prior=prior,
            )
            if role.kind == "date":
                ltoks = left.split()
                if any(_contains(ltoks, neg.split()) for neg in role.negative):
                    c.bonus -= 0.2  # "CARD EXPIRY: 30/09/18" is another date
                elif re.match(r"\s*\d{1,2}:\d{2}", text[m.end :]):
                    c.bonus += 0.1  # date then time: the transaction's timestamp
            out.append(c)
    if role.kind in ("date", "email", "url", "phone", "currency") and out:
        # a strongly typed value is evidence by itself, the more so when it is the only one
        distinct = len({repr(c.value) for c in out})
        for c in out:
            c.bonus += 0.2 if distinct == 1 else 0.12
    return out


def _table_pairs(layout: Layout, role: Role, f: Field, mf: bool = False) -> list[Cand]:
    """Two-column key/value tables and header/single-row tables."""
    out = []
    for t in layout.tables:
        rows = t.rows
        for r in rows:
            cells = [c for c in r if c and c.strip()]
            if len(cells) >= 2:
                ls = label_sim(_norm_label(cells[0]), role)
                if ls >= 0.55:
                    out.extend(_cell_cand(layout, t, role, f, cells[1], ls, mf))
        if len(rows) == 2:
            for h, c in zip(rows[0], rows[1], strict=False):
                if h and c:
                    ls = label_sim(_norm_label(h), role)
                    if ls >= 0.55:
                        out.extend(_cell_cand(layout, t, role, f, c, ls, mf))
    return out


def _cell_cand(
    layout: Layout, t: TableView, role: Role, f: Field, cell: str, ls: float, mf: bool = False
):
    for m in _parse_value(role, f, cell, mf)[:1]:
        conv = _output(f, role, m)
        if conv is None:
            continue
        spans = locate(layout, m.text, page=t.page)
        yield Cand(conv[0], m.text, spans, ls, m.fit, "table", conv[1])


def _choose(f: Field, role: Role, cands: list[Cand], ctx: Context) -> FieldValue:
    pconf = _page_conf(ctx)
    if not cands:
        return FieldValue(None, [], 0.0, pconf, NOT_FOUND)
    groups: dict[str, list[Cand]] = {}
    for c in cands:
        groups.setdefault(repr(c.value), []).append(c)
    reps: list[Cand] = []
    for g in groups.values():
        best = max(g, key=lambda c: c.score)
        best.support = len({(sp[0].index, sp[1]) for c in g for sp in c.spans[:1]})
        reps.append(best)
    reps.sort(key=lambda c: c.score, reverse=True)
    min_score = 0.45 if role.kind not in ("company", "address") else 0.3
    for i, c in enumerate(reps):
        if c.score < min_score:
            break
        if not _fits_schema(f, c.value):
            continue
        second = next((r.score for r in reps[i + 1 :]), 0.0)
        conf = _confidence(c.score, second) * _KIND_RELIABILITY.get(c.kind, 1.0)
        if len(c.spans) > 1:  # values joined from several lines are right less often
            conf *= 0.75
        conf = calibrate(conf, kind=role.kind)
        ocr = min((sp[0].confidence for sp in c.spans), default=1.0)
        return FieldValue(
            _as_printed(f, role, c),
            _citations(ctx.layout, c),
            conf,
            min(pconf, ocr) if c.spans else pconf,
            VERBATIM if c.verbatim else INFERRED,
        )
    return FieldValue(None, [], 0.0, pconf, NOT_FOUND)


def _as_printed(f: Field, role: Role, c: Cand) -> Any:
    """A string-typed amount keeps the currency sign glued to it on the line it was read from
    ("TOTAL RM12.50" -> "RM12.50"; "TOTAL RM 12.50" -> "12.50", the sign is a token of its
    own), unless the field asks for none. Candidates are compared without the sign, so the
    same amount printed with and without it is one value."""
    if role.kind not in ("total", "amount") or not isinstance(c.value, str) or not c.spans:
        return c.value
    if not printed_sign_wanted(f) or c.value.startswith("-"):
        return c.value
    line, s, e = c.spans[0]
    if line.text[s:e] != c.value:
        return c.value
    return glued_sign(line.text, s) + c.value


def _resolve_array(f: Field, ctx: Context, context: str) -> tuple[list, list]:
    item = f.items
    if item is None:
        return [], []
    if item.kind == "object":
        return _table_objects(f, item, ctx)
    # arrays of scalars: every labelled or typed match
    role = role_of(item, context)
    seen, data, meta = set(), [], []
    cands = _candidates(item, role, ctx)
    cands.sort(key=lambda c: c.spans[0][0].index if c.spans else 0)
    for c in cands:
        if c.score < 0.5 or repr(c.value) in seen or not _fits_schema(item, c.value):
            continue
        seen.add(repr(c.value))
        data.append(c.value)
        meta.append(
            FieldValue(
                c.value,
                _citations(ctx.layout, c),
                _confidence(c.score, 0.0),
                _page_conf(ctx),
                VERBATIM if c.verbatim else INFERRED,
            ).metadata()
        )
    return data, meta
