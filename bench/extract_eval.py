"""Extract engine evaluation: SROIE receipts + real invoices, accuracy, throughput, calibration.

    .venv/bin/python bench/extract_eval.py [--limit N] [--source pdf|boxes] [--show FIELD]

SROIE: each receipt's OCR lines are drawn into a one-page PDF at their positions (reportlab),
parsed with ``sheaf.parse.parse`` and extracted with the deterministic engine
(``--source boxes`` builds the Document straight from the boxes instead). Metric: per-field
exact match after whitespace normalisation. Invoices: the real PDFs in
/work/shared/data/invoices, a fixed schema, accuracy per field. Calibration: accuracy per
confidence bucket and expected calibration error (ECE) over every SROIE field.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from collections import defaultdict

from sheaf.extract import extract
from sheaf.parse.document import BBox, Document, Item, Page, Word

DATA = "/work/shared/data"
SROIE = f"{DATA}/sroie"
INVOICES = f"{DATA}/invoices"


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


def eval_sroie(limit: int | None, source: str, show: str | None):
    from sheaf.parse import parse

    schema = load_json(f"{SROIE}/schema.json")
    fields = list(schema["properties"])
    ids = sorted(f[:-5] for f in os.listdir(f"{SROIE}/key"))[:limit]
    ok = defaultdict(int)
    _role_kinds(schema)
    conf_points = []  # (confidence, correct, receipt number, extraction conf, parsing conf)
    t_parse = t_extract = 0.0
    for i in ids:
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
        for k in fields:
            good = norm(res.data.get(k)) == norm(gt.get(k))
            ok[k] += good
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
            if not good and show in (k, "all"):
                print(f"  {i} {k}: got {res.data.get(k)!r} want {gt.get(k)!r}")
    n = len(ids)
    acc = {k: ok[k] / n for k in fields}
    return n, acc, conf_points, t_parse, t_extract


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


def eval_invoices(show: str | None):
    from sheaf.parse import parse

    ok, seen = defaultdict(int), defaultdict(int)
    _role_kinds(INVOICE_SCHEMA)
    names = sorted(f[:-4] for f in os.listdir(INVOICES) if f.endswith(".pdf"))
    t = 0.0
    points = []
    for name in names:
        want = load_json(f"{INVOICES}/{name}.json")
        want = want[0] if isinstance(want, list) else want
        doc = parse(f"{INVOICES}/{name}.pdf", tier="cost_effective")
        t0 = time.perf_counter()
        res = extract(doc, INVOICE_SCHEMA)
        t += time.perf_counter() - t0
        for k in INVOICE_SCHEMA["properties"]:
            if k not in want:
                continue
            seen[k] += 1
            good = _inv_match(k, res.data.get(k), want[k])
            ok[k] += good
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
            if not good and show in (k, "all", "inv"):
                print(f"  {name} {k}: got {res.data.get(k)!r} want {want[k]!r}")
    return len(names), {k: (ok[k], seen[k]) for k in seen}, t, points


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--source", choices=["pdf", "boxes"], default="pdf")
    ap.add_argument("--show", default=None)
    ap.add_argument("--skip-invoices", action="store_true")
    ap.add_argument(
        "--fit-calibration",
        action="store_true",
        help="run with raw confidences, fit the isotonic map on the even-numbered receipts "
        "and print the knots for resolvers/confidence.py CALIBRATION",
    )
    a = ap.parse_args(argv)
    if a.fit_calibration:
        from sheaf.extract.resolvers import confidence

        confidence.CALIBRATION = {}

    n, acc, points, tp, te = eval_sroie(a.limit, a.source, a.show)
    print(f"\nSROIE ({n} receipts, source={a.source}, deterministic, no LLM)")
    print(f"{'field':<10} {'exact match':>12}")
    for k, v in acc.items():
        print(f"{k:<10} {v:>12.3f}")
    print(f"{'mean':<10} {sum(acc.values()) / len(acc):>12.3f}")
    print(
        f"throughput: extract {n / te:.1f} docs/s"
        + (f", parse+extract {n / (tp + te):.1f} docs/s" if a.source == "pdf" else "")
    )
    knots = None
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
            return [(calibrate(p[3], knots.get(p[5], knots["*"])) * p[4], *p[1:]) for p in pts]

        points = recal(points)
    print_calibration("all SROIE fields", points)
    print_calibration("SROIE even half (fit)", [p for p in points if p[2] % 2 == 0])
    print_calibration("SROIE odd half (held out)", [p for p in points if p[2] % 2 == 1])
    if not a.skip_invoices:
        m, res, t, ipoints = eval_invoices(a.show)
        if knots is not None:
            print_calibration("invoices, raw", ipoints)
            ipoints = recal(ipoints)
        print_calibration("invoices", ipoints)
        print(f"\nInvoices ({m} PDFs, parse tier cost_effective, deterministic)")
        print(f"{'field':<16} {'correct':>8}")
        tot_ok = tot = 0
        for k, (o, s) in res.items():
            print(f"{k:<16} {o:>4}/{s:<3}")
            tot_ok, tot = tot_ok + o, tot + s
        print(f"{'all fields':<16} {tot_ok:>4}/{tot:<3} = {tot_ok / max(tot, 1):.3f}")
        print(f"throughput: extract {m / t:.1f} docs/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
