"""Extract engine evaluation: SROIE receipts, real invoices and synthetic invoices; accuracy,
line-item F1, throughput, calibration. Every figure is printed for the tuning and the
validation part of each set (``bench/splits/{sroie,invoices}.tsv``; synthetic: templates
T1-T3 tune, T4-T6 validate).

    .venv/bin/python bench/extract_eval.py [--data ../shared/data] [--limit N]
        [--source pdf|boxes] [--show FIELD] [--synthetic N] [--synthetic-html N]
        [--synthetic-docx N] [--synthetic-calc N] [--synthetic-typst N] [--extra-pools]
        [--skip-invoices]

SROIE: each receipt's OCR lines are drawn into a one-page PDF at their positions (reportlab),
parsed with ``sheaf.parse.parse`` and extracted with the deterministic engine
(``--source boxes`` builds the Document straight from the boxes instead). Metric: per-field
exact match after whitespace normalisation. Invoices: the real PDFs in ``invoices/``, a fixed
schema, accuracy per field, and line-item F1 on those whose expected JSON lists lines.
Synthetic: ``tests/extract/invoice_gen.py`` invoices (N per part), scalar accuracy and
line-item F1. Synthetic HTML (``--synthetic-html N``): the independent generator
``tests/extract/invoice_html.py`` (five layouts printed by Chromium), seeds 0.. tune and
1000.. validate. Calibration: accuracy per confidence bucket and expected calibration error
(ECE) over every SROIE field.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parent))

import split_sets  # noqa: E402

from sheaf.extract import extract
from sheaf.parse.document import BBox, Document, Item, Page, Word

ROOT = Path(__file__).resolve().parent.parent
DATA = str(ROOT.parent / "shared" / "data")
SROIE = f"{DATA}/sroie"
INVOICES = f"{DATA}/invoices"
PARTS = split_sets.PARTS


def set_data(path: str) -> None:
    global DATA, SROIE, INVOICES
    DATA = path
    SROIE, INVOICES = f"{DATA}/sroie", f"{DATA}/invoices"


def load_json(path: str):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def norm(v) -> str:
    return " ".join(str(v).split()) if v is not None else ""


# ------------------------------------------------------------------------------ SROIE
def sroie_lines(i: str):
    out = []
    with open(f"{SROIE}/box/{i}.csv", encoding="utf-8", errors="replace") as fh:
        for row in fh:
            parts = row.rstrip("\n").split(",", 8)
            if len(parts) < 9 or not parts[8].strip():
                continue
            xs = [int(parts[k]) for k in (0, 2, 4, 6)]
            ys = [int(parts[k]) for k in (1, 3, 5, 7)]
            out.append((min(xs), min(ys), max(xs), max(ys), parts[8]))
    return out


def sroie_pdf(lines) -> bytes:
    """One page the size of the scan (1 px = 1 pt); each line drawn in its box."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    w = max(x1 for _, _, x1, _, _ in lines) + 20
    h = max(y1 for _, _, _, y1, _ in lines) + 20
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(w, h))
    for x0, y0, x1, y1, text in lines:
        size = max(4.0, (y1 - y0) * 0.8)
        tw = stringWidth(text, "Helvetica", size) or 1.0
        t = c.beginText()
        t.setTextOrigin(x0, h - y1 + (y1 - y0) * 0.2)
        t.setFont("Helvetica", size)
        t.setHorizScale(max(10.0, min(400.0, 100.0 * (x1 - x0) / tw)))
        t.textLine(text)
        c.drawText(t)
    c.showPage()
    c.save()
    return buf.getvalue()


def sroie_doc_from_boxes(lines) -> Document:
    words, items = [], []
    for x0, y0, x1, y1, text in lines:
        b = BBox(x0, y0, x1 - x0, y1 - y0)
        n, pos = max(len(text), 1), 0
        for wd in text.split(" "):
            if wd:
                words.append(Word(wd, BBox(b.x + b.w * pos / n, b.y, b.w * len(wd) / n, b.h)))
            pos += len(wd) + 1
        items.append(Item("text", text, b))
    w = max(x1 for _, _, x1, _, _ in lines) + 20
    h = max(y1 for _, _, _, y1, _ in lines) + 20
    return Document([Page(1, w, h, items, words)], "png")


# total right in amount when the annotation's leading currency sign is dropped: the schema
# asks for none, but about 1 in 10 annotations keep a printed "RM"/"$" (see RESULTS)
TOTAL_NO_SIGN: dict[str, int] = defaultdict(int)
_SIGN = re.compile(r"^(?:RM|MYR|SGD|\$)\s*", re.I)


# why each miss is a miss, counted per (part, field, class): the validation half may only be
# looked at in aggregate, and these counts say which misses a rule could still fix
MISS_CLASSES: dict[tuple[str, str, str], int] = defaultdict(int)


def _miss_class(got: str, want: str, ocr: str) -> str:
    """empty / currency sign / punctuation (same letters and digits) / not in OCR (the
    annotation edited the text) / partial (one inside the other) / another value."""
    if not got:
        return "empty"
    if _SIGN.sub("", want) == got:
        return "currency sign kept by the annotation"
    if re.sub(r"\W", "", got).lower() == re.sub(r"\W", "", want).lower():
        return "punctuation or spaces"
    if want and want not in ocr:
        return "annotation not in OCR text"
    if got in want or want in got:
        return "partial"
    return "another value"


def eval_sroie(limit: int | None, source: str, show: str | None):
    from sheaf.parse import parse

    schema = load_json(f"{SROIE}/schema.json")
    fields = list(schema["properties"])
    ids = sorted(f[:-5] for f in os.listdir(f"{SROIE}/key"))[:limit]
    parts = split_sets.part_of("sroie", ids)
    ok: dict[tuple[str, str], int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    _role_kinds(schema)
    conf_points = []  # (confidence, correct, receipt number, extraction conf, parsing conf)
    t_parse = t_extract = 0.0
    for i in ids:
        part = parts.get(i, "tuning")
        count[part] += 1
        gt = load_json(f"{SROIE}/key/{i}.json")
        lines = sroie_lines(i)
        t0 = time.perf_counter()
        if source == "pdf":
            doc = parse(sroie_pdf(lines), tier="cost_effective")
        else:
            doc = sroie_doc_from_boxes(lines)
        t1 = time.perf_counter()
        res = extract(doc, schema)
        t2 = time.perf_counter()
        t_parse += t1 - t0
        t_extract += t2 - t1
        TOTAL_NO_SIGN[part] += _SIGN.sub("", norm(res.data.get("total"))) == _SIGN.sub(
            "", norm(gt.get("total"))
        )
        for k in fields:
            good = norm(res.data.get(k)) == norm(gt.get(k))
            ok[(part, k)] += good
            md = res.field_metadata.get(k, {})
            conf_points.append(
                (
                    md.get("confidence", 0.0),
                    good,
                    ids.index(i),
                    md.get("extraction_confidence", 0.0),
                    md.get("parsing_confidence", 1.0),
                    KINDS[k],
                )
            )
            if not good:
                ocr = " ".join(norm(t) for *_, t in lines)
                why = _miss_class(norm(res.data.get(k)), norm(gt.get(k)), ocr)
                MISS_CLASSES[(part, k, why)] += 1
            if not good and show in (k, "all") and part == "tuning":
                print(f"  {i} {k}: got {res.data.get(k)!r} want {gt.get(k)!r}")
    n = len(ids)
    acc = {
        k: {p: ok[(p, k)] / max(count[p], 1) for p in PARTS}
        | {"all": sum(ok[(p, k)] for p in PARTS) / n}
        for k in fields
    }
    return n, dict(count), acc, conf_points, t_parse, t_extract


def calibration(points, buckets=(0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 1.01)):
    points = [(p[0], p[1]) for p in points]
    rows, ece, total = [], 0.0, max(len(points), 1)
    for lo, hi in zip(buckets, buckets[1:], strict=False):
        sel = [(c, g) for c, g in points if lo <= c < hi]
        if not sel:
            continue
        mc = sum(c for c, _ in sel) / len(sel)
        acc = sum(g for _, g in sel) / len(sel)
        ece += len(sel) / total * abs(mc - acc)
        rows.append((f"[{lo:.1f},{min(hi, 1.0):.1f})", len(sel), mc, acc))
    return rows, ece


KINDS: dict[str, str] = {}  # field name -> role kind (the calibration map it uses)


def _role_kinds(schema: dict) -> None:
    from sheaf.extract.roles import role_of
    from sheaf.extract.schema import compile_schema

    for f in compile_schema(schema).properties:
        KINDS[f.name] = role_of(f, "").kind


def fit_isotonic(points, bins: int = 20):
    """Knots (raw, accuracy) of a monotone fit: equal-count bins, then pool adjacent violators."""
    pts = sorted((float(x), float(g)) for x, g in points)
    n = len(pts)
    blocks = []  # [sum_x, sum_y, count]
    for b in range(bins):
        chunk = pts[b * n // bins : (b + 1) * n // bins]
        if chunk:
            blocks.append([sum(x for x, _ in chunk), sum(y for _, y in chunk), len(chunk)])
    merged: list[list[float]] = []
    for blk in blocks:
        merged.append(list(blk))
        while len(merged) > 1 and merged[-2][1] / merged[-2][2] >= merged[-1][1] / merged[-1][2]:
            a = merged.pop()
            for j in range(3):
                merged[-1][j] += a[j]
    return tuple((round(sx / c, 3), round(sy / c, 3)) for sx, sy, c in merged)


def print_calibration(title: str, points) -> float:
    rows, ece = calibration(points)
    print(f"\ncalibration ({title}, n={len(points)})")
    print(f"{'confidence':<12} {'n':>5} {'mean conf':>10} {'accuracy':>9}")
    for b, cnt, mc, ac in rows:
        print(f"{b:<12} {cnt:>5} {mc:>10.3f} {ac:>9.3f}")
    print(f"ECE = {ece:.3f}")
    return ece


# ------------------------------------------------------------------------------ invoices
INVOICE_SCHEMA = {
    "type": "object",
    "properties": {
        "issuer": {"type": "string", "description": "Name of the company that issued the invoice"},
        "invoice_number": {"type": "string", "description": "Invoice number"},
        "date": {"type": "string", "format": "date", "description": "Invoice date"},
        "amount": {"type": "number", "description": "Total amount to pay, taxes included"},
        "amount_untaxed": {"type": "number", "description": "Total before tax"},
        "currency": {"type": "string", "description": "ISO 4217 currency code"},
    },
}
# line items of the real invoices, named as their expected JSON names them
LINES_SCHEMA = {
    "type": "object",
    "properties": {
        "lines": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "description": "Description of the product"},
                    "qty": {"type": "number", "description": "Quantity"},
                    "price_unit": {"type": "number", "description": "Unit price"},
                    "price_subtotal": {"type": "number", "description": "Line amount"},
                },
            },
        }
    },
}


def _inv_match(field, got, want) -> bool:
    if got is None:
        return False
    if field in ("amount", "amount_untaxed"):
        try:
            return abs(float(got) - float(want)) < 0.005
        except (TypeError, ValueError):
            return False
    if field == "issuer":  # the expected issuer is a short brand name
        g, w = norm(got).lower(), norm(want).lower()
        return bool(g) and (w in g or g in w)
    return norm(got).lower() == norm(want).lower()


def _text_key(s) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", str(s or "").lower()).split())


def _same_text(got, want) -> bool:
    g, w = _text_key(got), _text_key(want)
    if not g or not w:
        return False
    return g == w or fuzz.ratio(g, w) >= 90


def _same_num(got, want) -> bool:
    try:
        return abs(float(got) - float(want)) < 0.005
    except (TypeError, ValueError):
        return False


ITEM_POINTS: list[tuple[float, bool]] = []  # (item confidence, right) over every returned item


def item_counts(
    got: list, want: list, text_key: str, num_keys: list[str], meta: list | None = None
) -> tuple[int, int, int]:
    """(true positives, predicted, expected): an expected item is found when one predicted
    item (each used once) has its text and every number it states. With ``meta``, each
    returned item's confidence (the lowest of its filled fields) joins ``ITEM_POINTS``."""
    used: set[int] = set()
    tp = 0
    for w in want:
        for j, g in enumerate(got):
            if j in used or not isinstance(g, dict):
                continue
            if not _same_text(g.get(text_key), w.get(text_key)):
                continue
            if all(_same_num(g.get(k), w[k]) for k in num_keys if w.get(k) is not None):
                used.add(j)
                tp += 1
                break
    for j, m in enumerate(meta or []):
        confs = [v["confidence"] for v in m.values() if isinstance(v, dict) and v.get("citation")]
        if confs:
            ITEM_POINTS.append((min(confs), j in used))
    return tp, len(got), len(want)


def f1(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else (1.0 if not ngold else 0.0)
    r = tp / ngold if ngold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _expected_lines(want: dict) -> list[dict]:
    out = []
    for ln in want.get("lines") or []:
        name = ln.get("name") or ln.get("desc")
        if not name:
            continue  # section headers and notes are not items
        out.append(
            {
                "name": " ".join(str(name).split()),
                "qty": ln.get("qty"),
                "price_unit": ln.get("price_unit", ln.get("price")),
                "price_subtotal": ln.get("price_subtotal"),
            }
        )
    return out


def eval_invoices(show: str | None):
    from sheaf.parse import parse

    parts = split_sets.part_of(
        "invoices", sorted(f[:-4] for f in os.listdir(INVOICES) if f.endswith(".pdf"))
    )
    ok, seen = defaultdict(int), defaultdict(int)
    lines = {p: [0, 0, 0] for p in PARTS}
    _role_kinds(INVOICE_SCHEMA)
    names = sorted(f[:-4] for f in os.listdir(INVOICES) if f.endswith(".pdf"))
    t = 0.0
    points = []
    for name in names:
        part = parts.get(name, "tuning")
        want = load_json(f"{INVOICES}/{name}.json")
        want = want[0] if isinstance(want, list) else want
        doc = parse(f"{INVOICES}/{name}.pdf", tier="cost_effective")
        t0 = time.perf_counter()
        res = extract(doc, INVOICE_SCHEMA)
        t += time.perf_counter() - t0
        for k in INVOICE_SCHEMA["properties"]:
            if k not in want:
                continue
            seen[(part, k)] += 1
            good = _inv_match(k, res.data.get(k), want[k])
            ok[(part, k)] += good
            md = res.field_metadata.get(k, {})
            points.append(
                (
                    md.get("confidence", 0.0),
                    good,
                    -1,
                    md.get("extraction_confidence", 0.0),
                    md.get("parsing_confidence", 1.0),
                    KINDS[k],
                )
            )
            if not good and show in (k, "all", "inv") and part == "tuning":
                print(f"  {name} {k}: got {res.data.get(k)!r} want {want[k]!r}")
        gold = _expected_lines(want)
        if gold:
            lres = extract(doc, LINES_SCHEMA)
            got = lres.data.get("lines") or []
            c = item_counts(got, gold, "name", ["qty", "price_unit", "price_subtotal"],
                            lres.field_metadata.get("lines"))
            lines[part] = [a + b for a, b in zip(lines[part], c, strict=True)]
            if show in ("lines", "all") and part == "tuning":
                print(f"  {name} lines: {c[0]} of {c[2]} found, {c[1]} returned")
    return names, parts, ok, seen, lines, t, points


# ------------------------------------------------------------------------------ synthetic
def eval_synthetic(n: int, show: str | None):
    """Synthetic invoices: T1-T3 with the tuning schema, T4-T6 (other page layouts; T6 also
    two-line column headers, vertical rules only, a discount column, carried-forward rows,
    Swiss numbers) with the validation schema's names."""
    sys.path.insert(0, str(ROOT))
    from sheaf.parse import parse
    from tests.extract.invoice_gen import (
        FIELD_MAP,
        SCHEMAS,
        TUNING,
        VALIDATION,
        make_invoice,
        style_for,
    )

    out = {}
    for part, templates, base in (("tuning", TUNING, 0), ("validation", VALIDATION, 1000)):
        schema, fmap = SCHEMAS[part], FIELD_MAP[part]
        arr = next(k for k, v in schema["properties"].items() if v["type"] == "array")
        sub = schema["properties"][arr]["items"]["properties"]
        inv_key = {fmap[k]: k for k in sub}
        ok, counts, by_style = defaultdict(int), [0, 0, 0], defaultdict(lambda: [0, 0, 0])
        for seed in range(base, base + n):
            inv = make_invoice(seed, style_for(seed, templates))
            res = extract(parse(inv.pdf, tier="cost_effective"), schema)
            for k in schema["properties"]:
                if k == arr:
                    continue
                want, got = inv.truth[fmap[k]], res.data.get(k)
                good = (
                    _same_num(got, want)
                    if isinstance(want, float)
                    else norm(got).lower() == norm(want).lower()
                )
                ok[fmap[k]] += good
                if not good and show in ("syn", fmap[k]) and part == "tuning":
                    print(f"  syn {seed} {fmap[k]}: got {got!r} want {want!r}")
            gold = [{inv_key[t]: it[t] for t in inv_key} for it in inv.items]
            got = res.data.get(arr) or []
            c = item_counts(got, gold, inv_key["description"],
                            [inv_key[t] for t in ("quantity", "unit_price", "amount")],
                            res.field_metadata.get(arr))
            counts = [a + b for a, b in zip(counts, c, strict=True)]
            for g, w in zip(got, gold, strict=False):  # per-field agreement, row by row
                for t, k in inv_key.items():
                    same = (_same_text(g.get(k), w[k]) if t == "description"
                            else _same_num(g.get(k), w[k]))
                    ok[f"item {t}"] += same / max(len(gold), 1)
            st = inv.style
            for key in (st.lang, st.table, st.template, "2 pages" if st.pages == 2 else "1 page",
                        "two-line" if st.two_line else "one-line"):
                by_style[key] = [a + b for a, b in zip(by_style[key], c, strict=True)]
            if show == "syn-lines" and part == "tuning" and c[0] < max(c[1], c[2]):
                print(f"  syn {seed} {st}: {c[0]} of {c[2]} found, {c[1]} returned")
        out[part] = ({k: v / n for k, v in ok.items()}, counts, dict(by_style))
    return out


# ------------------------------------------------------------------------- synthetic HTML
HTML_PARTS = (("tuning", 0), ("validation", 1000))  # seed ranges; the layouts are the same


def _eval_generated(n: int, show: str | None, tag: str, make_invoice, render,
                    schema: dict | None = None) -> dict:
    """Score a generated invoice set on both seed ranges (``HTML_PARTS``): fields, tax taken
    from the subtotal, and line items by layout/language/length. ``make_invoice(seed)`` gives
    an invoice with ``truth``, ``items`` and ``style``; ``render(invoice)`` its PDF's path;
    ``schema`` the set's schema (the HTML set's when none)."""
    from sheaf.parse import parse
    from tests.extract.invoice_html import SCHEMA as HTML_SCHEMA

    SCHEMA = schema or HTML_SCHEMA
    out = {}
    for part, base in HTML_PARTS:
        ok: dict[str, float] = defaultdict(float)
        counts, by_style = [0, 0, 0], defaultdict(lambda: [0, 0, 0])
        tax_is_sub = 0
        for seed in range(base, base + n):
            inv = make_invoice(seed)
            res = extract(parse(render(inv), tier="cost_effective"), SCHEMA)
            for k, want in inv.truth.items():
                got = res.data.get(k)
                if k == "seller":
                    good = _inv_match("issuer", got, want)
                elif isinstance(want, float):
                    good = _same_num(got, want)
                else:
                    good = norm(got).lower() == norm(want).lower()
                ok[k] += good
                if not good and show in (tag, k) and part == "tuning":
                    print(f"  {tag} {seed} {k}: got {got!r} want {want!r}")
            if _same_num(res.data.get("tax_amount"), inv.truth["subtotal"]):
                tax_is_sub += 1
            got = res.data.get("line_items") or []
            c = item_counts(got, inv.items, "description", ["quantity", "unit_price", "total"],
                            res.field_metadata.get("line_items"))
            counts = [a + b for a, b in zip(counts, c, strict=True)]
            st = inv.style
            keys = [st["layout"], st["lang"], "long" if st["long"] else "short"]
            if "scan" in st:
                keys.append("scan" if st["scan"] else "born-digital")
            for key in keys:
                by_style[key] = [a + b for a, b in zip(by_style[key], c, strict=True)]
            if show == f"{tag}-lines" and part == "tuning" and c[0] < max(c[1], c[2]):
                print(f"  {tag} {seed} {st}: {c[0]} of {c[2]} found, {c[1]} returned")
        out[part] = ({k: v / n for k, v in ok.items()}, counts, dict(by_style), tax_is_sub)
    return out


def eval_synthetic_html(n: int, show: str | None):
    """Invoices of the second, independent generator (``tests/extract/invoice_html.py``:
    HTML + CSS printed by headless Chromium; PDFs cached under ``bench/out/html-cache``).
    Tuning = seeds 0..n-1, validation = seeds 1000..1000+n-1; one schema for both."""
    sys.path.insert(0, str(ROOT))
    from tests.extract.invoice_html import make_html_invoice, render_pdf

    cache = str(ROOT / "bench" / "out" / "html-cache")
    return _eval_generated(n, show, "html", make_html_invoice,
                           lambda inv: render_pdf(inv.html, cache))


def eval_synthetic_docx(n: int, show: str | None):
    """The third generator (``tests/extract/invoice_docx.py``: python-docx converted by
    LibreOffice; cached under ``bench/out/docx-cache``), written after the HTML-set work:
    seeds 0..n-1 tune, 1000.. validate; same schema and scoring as the HTML set."""
    sys.path.insert(0, str(ROOT))
    from tests.extract.invoice_docx import make_docx_invoice, render_docx_pdf

    cache = str(ROOT / "bench" / "out" / "docx-cache")
    return _eval_generated(n, show, "docx", make_docx_invoice,
                           lambda inv: render_docx_pdf(inv.docx, cache))


def eval_synthetic_calc(n: int, show: str | None):
    """The fourth generator (``tests/extract/invoice_calc.py``: spreadsheets printed by
    LibreOffice Calc, about 40% of them then scanned to image-only PDFs for the OCR path;
    cached under ``bench/out/calc-cache``), written after the DOCX-set work: seeds 0..n-1
    tune, 1000.. validate; same schema and scoring as the HTML set."""
    sys.path.insert(0, str(ROOT))
    from tests.extract.invoice_calc import make_calc_invoice, render_calc_pdf

    cache = str(ROOT / "bench" / "out" / "calc-cache")
    return _eval_generated(n, show, "calc", make_calc_invoice,
                           lambda inv: render_calc_pdf(inv, cache))


def eval_synthetic_typst(n: int, show: str | None):
    """The fifth generator (``tests/extract/invoice_typst.py``: Typst markup compiled with its
    embedded fonts; DIN 5008 letters, French factures with a discount column and carry rows,
    grouped items with group subtotals; cached under ``bench/out/typst-cache``), written
    after the spreadsheet-set work: seeds 0..n-1 tune, 1000.. validate; its schema adds the
    currency."""
    sys.path.insert(0, str(ROOT))
    from tests.extract.invoice_typst import SCHEMA, make_typst_invoice, render_typst_pdf

    cache = str(ROOT / "bench" / "out" / "typst-cache")
    return _eval_generated(n, show, "typst", make_typst_invoice,
                           lambda inv: render_typst_pdf(inv, cache), SCHEMA)


EXTRA_POOLS = (("extra tuning", 20, 60), ("extra validation", 60, 100))


def eval_extra_pools() -> None:
    """Line-item F1 of the DOCX and spreadsheet generators on seeds outside the bench's
    parts: 20-59 (a second tuning pool, misses may be opened) and 60-99 (a second
    validation pool, reported in aggregate only)."""
    sys.path.insert(0, str(ROOT))
    from sheaf.parse import parse
    from tests.extract.invoice_calc import make_calc_invoice, render_calc_pdf
    from tests.extract.invoice_docx import make_docx_invoice, render_docx_pdf
    from tests.extract.invoice_html import SCHEMA

    out = ROOT / "bench" / "out"
    sets = (
        ("DOCX", make_docx_invoice,
         lambda inv: render_docx_pdf(inv.docx, str(out / "docx-cache"))),
        ("spreadsheet", make_calc_invoice,
         lambda inv: render_calc_pdf(inv, str(out / "calc-cache"))),
    )
    print("\nExtra seed pools of the generated sets (line-item F1)")
    print(f"{'set':<12} " + " ".join(f"{f'{n} {a}-{b - 1}':>24}" for n, a, b in EXTRA_POOLS))
    for name, make, render in sets:
        cells = []
        for _n, a, b in EXTRA_POOLS:
            tot = [0, 0, 0]
            for seed in range(a, b):
                inv = make(seed)
                res = extract(parse(render(inv), tier="cost_effective"), SCHEMA)
                c = item_counts(res.data.get("line_items") or [], inv.items, "description",
                                ["quantity", "unit_price", "total"])
                tot = [x + y for x, y in zip(tot, c, strict=True)]
            cells.append(f"{f1(*tot)[2]:>24.3f}")
        print(f"{name:<12} " + " ".join(cells))


def print_generated(heading: str, res) -> None:
    """Fields, tax-from-subtotal (when the set counts it), line-item P/R/F1 and F1 by style,
    tuning beside validation, for any of the generated invoice sets."""
    print(heading)
    print(f"{'field':<16} {'tuning':>8} {'validation':>11}")
    for k in res["tuning"][0]:
        print(f"{k:<16} {res['tuning'][0][k]:>8.3f} {res['validation'][0].get(k, 0):>11.3f}")
    if len(res["tuning"]) > 3:
        print(f"{'tax = subtotal':<16} {res['tuning'][3]:>8} {res['validation'][3]:>11}")
    for label, i in (("line-item P", 0), ("line-item R", 1), ("line-item F1", 2)):
        print(f"{label:<16} {f1(*res['tuning'][1])[i]:>8.3f}"
              f" {f1(*res['validation'][1])[i]:>11.3f}")
    keys = sorted(set(res["tuning"][2]) | set(res["validation"][2]))

    def cell(part: str, k: str) -> str:
        c = res[part][2].get(k)
        return f"{f1(*c)[2]:.2f}" if c else "-"

    print("line-item F1 by layout (tuning/validation): " + ", ".join(
        f"{k} {cell('tuning', k)}/{cell('validation', k)}" for k in keys))


def print_html(n: int, res, title: str = "Synthetic HTML invoices", layouts: str = "H1-H5, "
               "printed by Chromium") -> None:
    print_generated(f"\n{title} ({n} per part; tuning = seeds 0-{n - 1}, validation = "
                    f"seeds 1000-{999 + n}; layouts {layouts})", res)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=DATA, help="the shared data folder (../shared/data)")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--source", choices=["pdf", "boxes"], default="pdf")
    ap.add_argument("--show", default=None, help="print the tuning part's misses of a field")
    ap.add_argument("--skip-invoices", action="store_true")
    ap.add_argument("--miss-classes", action="store_true",
                    help="SROIE: count each field's misses by class, both parts (aggregate)")
    ap.add_argument("--skip-sroie", action="store_true")
    ap.add_argument("--synthetic", type=int, default=30, help="synthetic invoices per part")
    ap.add_argument("--synthetic-html", type=int, default=0,
                    help="invoices per part of the HTML generator (needs chromium)")
    ap.add_argument("--synthetic-docx", type=int, default=0,
                    help="invoices per part of the DOCX generator (needs LibreOffice)")
    ap.add_argument("--synthetic-calc", type=int, default=0,
                    help="invoices per part of the spreadsheet/scan generator (LibreOffice)")
    ap.add_argument("--synthetic-typst", type=int, default=0,
                    help="invoices per part of the Typst generator (DIN 5008, French, groups)")
    ap.add_argument("--extra-pools", action="store_true",
                    help="also the DOCX and spreadsheet generators on seeds 20-59 / 60-99")
    ap.add_argument(
        "--fit-calibration",
        action="store_true",
        help="run with raw confidences, fit the isotonic map on the even-numbered receipts "
        "and print the knots for resolvers/confidence.py CALIBRATION",
    )
    a = ap.parse_args(argv)
    set_data(a.data)
    if a.fit_calibration:
        from sheaf.extract.resolvers import confidence

        confidence.CALIBRATION = {}

    knots = None
    if not a.skip_sroie:
        n, count, acc, points, tp, te = eval_sroie(a.limit, a.source, a.show)
        print(f"\nSROIE ({n} receipts, source={a.source}, deterministic, no LLM)")
        print(f"{'field':<10} {'tuning':>8} {'validation':>11} {'all':>7}")
        print(f"{'receipts':<10} {count.get('tuning', 0):>8} {count.get('validation', 0):>11}"
              f" {n:>7}")
        for k, v in acc.items():
            print(f"{k:<10} {v['tuning']:>8.3f} {v['validation']:>11.3f} {v['all']:>7.3f}")
        means = {p: sum(v[p] for v in acc.values()) / len(acc) for p in (*PARTS, "all")}
        print(f"{'mean':<10} {means['tuning']:>8.3f} {means['validation']:>11.3f}"
              f" {means['all']:>7.3f}")
        if a.miss_classes:
            print("misses by class (tuning / validation)")
            for k in acc:
                cls = sorted({c for (_, f, c) in MISS_CLASSES if f == k})
                row = ", ".join(
                    f"{c} {MISS_CLASSES[('tuning', k, c)]}/{MISS_CLASSES[('validation', k, c)]}"
                    for c in cls
                )
                print(f"  {k}: {row}")
        ns = {p: TOTAL_NO_SIGN[p] / max(count.get(p, 0), 1) for p in PARTS}
        print(f"{'total, annotation sign ignored (not in the mean)':<10} {ns['tuning']:.3f}"
              f" / {ns['validation']:.3f} / {sum(TOTAL_NO_SIGN.values()) / max(n, 1):.3f}")
        print(
            f"throughput: extract {n / te:.1f} docs/s"
            + (f", parse+extract {n / (tp + te):.1f} docs/s" if a.source == "pdf" else "")
        )
        if a.fit_calibration:
            from sheaf.extract.resolvers.confidence import calibrate

            print_calibration("raw, all SROIE fields", points)
            fit = [p for p in points if p[2] % 2 == 0]
            knots = {"*": fit_isotonic([(p[3], p[1]) for p in fit])}
            for kind in sorted({p[5] for p in fit}):
                sel = [(p[3], p[1]) for p in fit if p[5] == kind]
                if len(sel) >= 150:
                    knots[kind] = fit_isotonic(sel, bins=10)
            print("\nCALIBRATION = {")
            for k, v in knots.items():
                print(f"    {k!r}: {v!r},")
            print("}")

            def recal(pts):
                return [
                    (calibrate(p[3], knots.get(p[5], knots["*"])) * p[4], *p[1:]) for p in pts
                ]

            points = recal(points)
        print_calibration("all SROIE fields", points)
        print_calibration("SROIE even half (fit)", [p for p in points if p[2] % 2 == 0])
        print_calibration("SROIE odd half (held out)", [p for p in points if p[2] % 2 == 1])
    if not a.skip_invoices:
        names, parts, ok, seen, lines, t, ipoints = eval_invoices(a.show)
        if knots is not None:
            print_calibration("invoices, raw", ipoints)
            ipoints = recal(ipoints)
        print_calibration("invoices", ipoints)
        nparts = {p: sum(1 for x in names if parts.get(x, "tuning") == p) for p in PARTS}
        print(f"\nInvoices ({len(names)} PDFs: {nparts['tuning']} tuning, "
              f"{nparts['validation']} validation; parse tier cost_effective, deterministic)")
        print(f"{'field':<16} {'tuning':>8} {'validation':>11} {'all':>8}")
        tot = {p: [0, 0] for p in PARTS}
        for k in INVOICE_SCHEMA["properties"]:
            cells = []
            for p in PARTS:
                o, s_ = ok[(p, k)], seen[(p, k)]
                tot[p][0] += o
                tot[p][1] += s_
                cells.append(f"{o}/{s_}")
            o_all = sum(ok[(p, k)] for p in PARTS)
            s_all = sum(seen[(p, k)] for p in PARTS)
            print(f"{k:<16} {cells[0]:>8} {cells[1]:>11} {o_all:>4}/{s_all:<3}")
        row = [f"{tot[p][0] / max(tot[p][1], 1):.3f}" for p in PARTS]
        all_ok = sum(tot[p][0] for p in PARTS) / max(sum(tot[p][1] for p in PARTS), 1)
        print(f"{'all fields':<16} {row[0]:>8} {row[1]:>11} {all_ok:>8.3f}")
        row = [f"{f1(*lines[p])[2]:.3f}" for p in PARTS]
        allc = [sum(lines[p][i] for p in PARTS) for i in range(3)]
        print(f"{'line-item F1':<16} {row[0]:>8} {row[1]:>11} {f1(*allc)[2]:>8.3f}"
              f"   (found/returned/expected: {lines['tuning']} {lines['validation']})")
        print(f"throughput: extract {len(names) / t:.1f} docs/s")
    if a.synthetic:
        res = eval_synthetic(a.synthetic, a.show)
        print_generated(f"\nSynthetic invoices ({a.synthetic} per part; tuning = templates "
                        "T1-T3, validation = T4-T6 with other schema names)", res)
        print_calibration("line items, real and synthetic (lowest field confidence)",
                          ITEM_POINTS)
    before = len(ITEM_POINTS)
    if a.synthetic_html:
        print_html(a.synthetic_html, eval_synthetic_html(a.synthetic_html, a.show))
    if a.synthetic_docx:
        print_html(a.synthetic_docx, eval_synthetic_docx(a.synthetic_docx, a.show),
                   "Synthetic DOCX invoices", "D1-D3, converted by LibreOffice")
    if len(ITEM_POINTS) > before:
        print_calibration("line items of the HTML and DOCX sets, both parts",
                          ITEM_POINTS[before:])
    before = len(ITEM_POINTS)
    if a.synthetic_calc:
        print_html(a.synthetic_calc, eval_synthetic_calc(a.synthetic_calc, a.show),
                   "Synthetic spreadsheet invoices", "C1-C3 printed by LibreOffice Calc, "
                   "about 40% scanned")
        print_calibration("line items of the spreadsheet set, both parts",
                          ITEM_POINTS[before:])
    before = len(ITEM_POINTS)
    if a.synthetic_typst:
        print_html(a.synthetic_typst, eval_synthetic_typst(a.synthetic_typst, a.show),
                   "Synthetic Typst invoices", "T1 DIN 5008 letter, T2 French facture, "
                   "T3 grouped items; compiled by Typst")
        print_calibration("line items of the Typst set, both parts", ITEM_POINTS[before:])
    if a.extra_pools:
        eval_extra_pools()
    return 0


if __name__ == "__main__":
    sys.exit(main())
