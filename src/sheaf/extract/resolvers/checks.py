"""Cross-field checks that adjust candidate scores: the paid total equals total
plus rounding equals cash minus change (and a rounded total next to the unrounded one);
the amount before tax plus a printed tax is another printed amount; a date in the order
the document does not write its dates is none.

Separate because they reason over several values of the document at once, not over one
candidate, and only apply to the total, untaxed-amount and date roles.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..layout import Line
from ..roles import Role, role_of
from ..schema import Field
from ..values import date_orders, find_amounts
from .candidates import Cand, Context
from .labels import label_sim

_DISCOUNT = {"discount", "disc", "coupon", "voucher", "promo", "promotion", "rebate"}
_CARD_WORDS = ("card", "visa", "master", "mastercard", "credit", "debit", "amex", "cc")
_CARD = re.compile(r"\b(card|visa|master(card)?|credit|debit|amex|cc)\b", re.I)


def _date_checks(cands: list[Cand], ctx: Context) -> None:
    """A document that prints a date only readable day first ("19-09-17") writes its dates
    that way: a number printed like a date that only reads month first ("CK 11-22-31", a
    till's product code) is something else."""
    if ctx.month_first or not any("day" in date_orders(ln.text) for ln in ctx.layout.lines):
        return
    for c in cands:
        if "month" in date_orders(c.text):
            c.bonus -= 0.3


def _untaxed_checks(cands: list[Cand], ctx: Context) -> None:
    """Cross-check: the amount before tax plus a smaller tax amount is another amount printed
    on the document (593.36 + 124.61 = 717.97). A subtotal that already includes the tax
    ("Subtotaal 717.97" on a Dutch invoice) fails the check."""
    amounts = {m.value for _, m in ctx.amounts() if m.fit >= 0.9 and m.value > 0}
    for c in cands:
        try:
            v = Decimal(str(c.value))
        except Exception:  # noqa: BLE001
            continue
        if v > 0 and any(t < v and v + t in amounts for t in amounts):
            c.bonus += 0.12


def _total_checks(cands: list[Cand], ctx: Context) -> None:
    """Cross-field checks: the paid total = total + rounding = cash - change."""
    total_role = Role(
        "total",
        ["total"]
        + [x for x in role_of(Field("total", "total", "number", {})).labels if x != "total"],
        role_of(Field("total", "total", "number", {})).negative,
        "total",
    )
    labelled: dict[str, list[Decimal]] = {
        "rounding": [],
        "cash": [],
        "change": [],
        "total": [],
        "card": [],
    }
    rounded: set[tuple[int, Decimal]] = set()
    subtotals: list[Decimal] = []
    discounts: list[Decimal] = []
    taxes: list[Decimal] = []
    total_lines: list[tuple[Line, Decimal]] = []
    net: list[Decimal] = []  # amounts before tax and taxes of an invoice's totals block
    rated: list[Decimal] = []
    sub_role = role_of(Field("subtotal", "subtotal", "number", {}))
    tax_role = role_of(Field("tax", "tax", "number", {}))
    for p in ctx.pairs:
        n = p.norm
        ms = [m for m in find_amounts(p.value) if m.fit >= 0.9][:1]
        if not ms:
            continue
        v = ms[0].value
        toks = n.split()
        if toks[:1] == ["your"]:  # "YOUR CHANGE 3.80"
            toks = toks[1:]
        if "rounding" in toks or (any(t.startswith("round") for t in toks) and "adj" in n):
            if abs(v) >= 1 and not ({"adj", "adjustment"} & set(toks)):
                # "ROUNDING 15.00": no adjustment is that large, the line is the rounded
                # total ("TOTAL ROUNDING", "AFTER ROUNDING" cut short)
                rounded.add((p.line.index, v))
                labelled["total"].append(v)
            else:
                labelled["rounding"].append(v)
        elif toks and toks[0] in (
            "cash", "tendered", "paid", "payment", "tender", "pay", "tunai", "dibayar"
        ):
            labelled["cash"].append(v)
            if _CARD.search(p.label + " " + p.value) and "cash" not in toks:
                labelled["card"].append(v)
        elif toks and toks[0] in _CARD_WORDS:
            labelled["card"].append(v)
        elif toks and toks[0] in ("change", "balance", "baki") and len(toks) <= 2:
            labelled["change"].append(v)
        elif toks[:1] == ["subtotal"] or toks[:2] == ["sub", "total"]:
            subtotals.append(v)
        elif toks and (toks[0] == "less" or set(toks) & _DISCOUNT) and "after" not in toks:
            discounts.append(abs(v))  # "DISCOUNT", "MEMBER DISC", "LESS: VOUCHER"
        elif toks and toks[0] in ("gst", "sst", "tax", "vat") and v > 0:
            taxes.append(v)
        elif label_sim(n, sub_role) >= 0.8 and label_sim(n, total_role) < 0.7:
            net.append(v)  # "Nettobetrag", "Total HT", "Summe netto"
        elif label_sim(n, sub_role) >= 0.8 and toks[:1] == ["total"]:
            net.append(v)  # "Total net": before tax (a till's "Net total" is paid)
            labelled["total"].append(v)
        elif (label_sim(n, tax_role) >= 0.6 and label_sim(n, total_role) < 0.6
              and label_sim(n, sub_role) < 0.6 and v > 0):
            rated.append(v)  # "zzgl. 19 % USt.", "TVA 20 %"
        elif label_sim(n, total_role) >= 0.7:
            labelled["total"].append(v)
            if label_sim(n, total_role) >= 0.9:
                total_lines.append((p.line, v))
    rounded_to: set[Decimal] = set()
    for r in labelled["rounding"]:
        if r == 0 or abs(r) >= 1:
            continue
        for t in labelled["total"]:
            rounded_to |= {v for v in (t + r, t - r) if v > 0}
    # cash rounding is to 5 cents (MY/SG): with "88.97" and "88.95" both labelled totals and
    # "ROUNDING ADJ -0.02", 88.95 is the amount paid, not 88.97 = 88.95 - (-0.02)
    targets = dict.fromkeys({v for v in rounded_to if (v * 20) % 1 == 0} or rounded_to, 0.2)
    for cash in labelled["cash"]:
        cash = abs(cash)  # "PAYMENT -20.00": some tills print the tendered amount negative
        for ch in labelled["change"]:
            if cash - ch > 0 and ch >= 0:
                targets[cash - ch] = targets.get(cash - ch, 0.0) + 0.3
    # "TOTAL 13.00 / DISCOUNT -0.50 / TOTAL PAYABLE 12.50": the total after the discount
    totals = set(labelled["total"])
    for d in discounts:
        for t in totals:
            if d > 0 and t - d in totals:
                targets[t - d] = targets.get(t - d, 0.0) + 0.2
    # "SUBTOTAL 11.79 / GST 0.71 / RM12.50": the subtotal plus its tax, printed unlabelled
    printed = {m.value for _, m in ctx.amounts() if m.fit >= 0.9}
    # an invoice's "Nettobetrag / zzgl. 19 % USt. / zzgl. 7 % USt." (one tax line per rate):
    # the amount before tax plus the taxes is the total (on a till, its cash, change and
    # rounding lines say more about what was paid)
    till = any(labelled[k] for k in ("cash", "change", "rounding", "card"))
    if not till and len(set(rated)) >= 2:
        rated.append(sum(set(rated), Decimal(0)))
    for st in subtotals + ([] if till else net):
        for tx in taxes + ([] if till else rated):
            if st + tx in printed:
                targets[st + tx] = targets.get(st + tx, 0.0) + 0.2
    if not labelled["total"] and not rounded_to and not targets:
        # a till that prints no total line: its last subtotal is the amount to pay
        for v in subtotals[-1:]:
            if v > 0:
                targets[v] = targets.get(v, 0.0) + 0.2
    if not labelled["change"]:
        # a card is charged the exact amount: "PAID BY : CC'7186:RM78.30", "VISA 78.30"
        for v in labelled["card"]:
            if v > 0:
                targets[v] = targets.get(v, 0.0) + 0.2
    summary = min(
        (ln.index for ln in ctx.layout.lines if re.search(r"\bsummary\b", ln.text, re.I)),
        default=None,
    )
    # two totals a few cents apart, the lower one a multiple of 0.05: the rounded amount paid
    tl = [(ln, v) for ln, v in total_lines if v > 0]
    for ln1, v1 in tl:
        for ln2, v2 in tl:
            if (
                ln2.index > ln1.index
                and 0 < abs(v2 - v1) < Decimal("0.10")
                and (v2 * 20) % 1 == 0
                and (v1 * 20) % 1 != 0
            ):
                rounded.add((ln2.index, v2))
    # a "TOTAL 11.79 0.71" row holds two amounts: the totals of a tax breakdown's columns
    table_rows = {
        ln.index
        for ln in ctx.layout.lines
        if sum(1 for lm, m in ctx.amounts() if lm is ln and m.fit >= 0.9 and "." in m.text) >= 2
    }
    for c in cands:
        at = c.spans[0][0].index if c.spans else None
        if at is not None and (
            (summary is not None and at > summary) or (at in table_rows and c.kind != "scan")
        ):
            c.bonus -= 0.15
        try:
            v = c.value if isinstance(c.value, Decimal) else Decimal(str(c.value).replace(",", ""))
        except Exception:  # noqa: BLE001
            continue
        if v <= 0:
            c.bonus -= 0.3  # a paid total is positive: "-20.00" is a payment, "0.00" a rounding
        if c.spans and (c.spans[0][0].index, v) in rounded:
            c.label = max(c.label, 0.85)
            c.bonus += 0.1
        if not targets:
            continue
        if v in targets:
            c.bonus += targets[v]
            if c.kind == "scan":
                c.label = max(c.label, 0.55)
