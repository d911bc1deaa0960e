"""Parse engine benchmark: one command, prints a table.

    .venv/bin/python bench/parse_bench.py [--data /work/shared/data] [--quick]

Sections:
  1. olmOCR-bench (non-math unit tests: present / absent / order / table / baseline), with the
     checker logic of allenai/olmocr ``olmocr/bench/tests.py`` (normalize_text, rapidfuzz
     partial_ratio, fuzzysearch find_near_matches, markdown table relations), for Sheaf
     cost_effective and raw pypdfium2 text in the same run.
  2. Text edit similarity vs docling reference markdown, per format (markdown syntax stripped,
     whitespace normalised, 1 - Levenshtein / max length).
  3. Pages/s per tier vs raw pypdfium2 ``get_textpage().get_text_range()`` on the docling PDFs,
     each in a fresh subprocess, with its peak RSS.
Needs the bench-only extra ``fuzzysearch`` (for the order test).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# ----------------------------------------------------------------------------- olmOCR checker
_REPL = {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "＿": "_", "–": "-",
         "—": "-", "‑": "-", "‒": "-", "−": "-", "\u00b5": "\u03bc"}


def normalize_text(s: str) -> str:
    s = re.sub(r"<br/?>", " ", s)
    s = re.sub(r"\*\*(.*?)\*\*", r"\1", s)
    s = re.sub(r"__(.*?)__", r"\1", s)
    s = re.sub(r"</?b>", "", s)
    s = re.sub(r"</?i>", "", s)
    s = re.sub(r"(\*\*|__)(.*?)\1", r"\2", s)
    s = re.sub(r"(\*|_)(.*?)\1", r"\2", s)
    s = re.sub(r"\s+", " ", s)
    s = unicodedata.normalize("NFC", s)
    for a, b in _REPL.items():
        s = s.replace(a, b)
    return s


def _presence(t: dict, md: str) -> bool:
    ref = normalize_text(t["text"])
    md = normalize_text(md)
    diffs = t.get("max_diffs", 0) or 0
    if not t.get("case_sensitive", True):
        ref, md = ref.lower(), md.lower()
    fn, ln = t.get("first_n"), t.get("last_n")
    if fn and ln:
        md = md[:fn] + md[-ln:]
    elif fn:
        md = md[:fn]
    elif ln:
        md = md[-ln:]
    if len(md) < len(ref) - diffs:
        return t["type"] != "present"
    thr = 1.0 - diffs / (len(ref) or 1)
    ratio = fuzz.partial_ratio(ref, md) / 100.0
    return ratio >= thr if t["type"] == "present" else ratio < thr


def _order(t: dict, md: str) -> bool:
    from fuzzysearch import find_near_matches

    md = normalize_text(md)
    b, a = normalize_text(t["before"]), normalize_text(t["after"])
    d = t.get("max_diffs", 0) or 0
    bm = find_near_matches(b, md, max_l_dist=d)
    am = find_near_matches(a, md, max_l_dist=d)
    return any(x.start < y.start for x in bm for y in am)


def _md_tables(md: str) -> list[dict]:
    tables, cur = [], []
    for line in md.strip().split("\n") + [""]:
        if "|" in line:
            cur.append(line)
            continue
        if len(cur) >= 2:
            rows = []
            for ln in cur:
                body = ln.replace("|", "").strip()
                if body and all(c in "- :" for c in body):
                    continue
                cells = [c.strip() for c in ln.strip().split("|")]
                if cells and cells[0] == "":
                    cells = cells[1:]
                if cells and cells[-1] == "":
                    cells = cells[:-1]
                rows.append(cells)
            if rows:
                tables.append({(r, c): txt for r, row in enumerate(rows)
                               for c, txt in enumerate(row)})
        cur = []
    return tables


def _table(t: dict, md: str) -> bool:
    cell = normalize_text(t["cell"])
    d = t.get("max_diffs", 0) or 0
    thr = max(0.5, 1.0 - d / (len(cell) or 1))
    for tab in _md_tables(md):
        for (r, c), txt in tab.items():
            if fuzz.ratio(cell, normalize_text(txt)) / 100.0 < thr:
                continue
            ok = True
            rel = {"up": [(r - 1, c)], "down": [(r + 1, c)], "left": [(r, c - 1)],
                   "right": [(r, c + 1)], "top_heading": [(r2, c) for r2 in range(r) if r2 == 0],
                   "left_heading": [(r, 0)] if c > 0 else []}
            for key, cands in rel.items():
                want = normalize_text(t.get(key) or "")
                if not want:
                    continue
                need = max(0.5, 1.0 - d / (len(want) or 1))
                if not any(k in tab and fuzz.ratio(want, normalize_text(tab[k])) / 100.0 >= need
                           for k in cands):
                    ok = False
                    break
            if ok:
                return True
    return False


def _baseline(t: dict, md: str) -> bool:
    n = len("".join(c for c in md if c.isalnum()).strip())
    if t.get("max_length") is not None:
        return n <= t["max_length"]
    return n > 0


CHECKS = {"present": _presence, "absent": _presence, "order": _order, "table": _table,
          "baseline": _baseline}


def olmocr_bench(data: Path) -> dict:
    import pypdfium2 as pdfium

    from sheaf.parse import parse
    from sheaf.parse.render import render

    base = data / "olmocr-bench"
    tests = []
    for fn in ("dataset.jsonl", "blanks.jsonl"):
        p = base / fn
        if p.exists():
            for line in p.read_text().splitlines():
                if line.strip():
                    tests.append(json.loads(line))
    tests = [t for t in tests if t["type"] in CHECKS]
    outputs: dict[str, dict] = {"sheaf_cost_effective": {}, "pypdfium2_raw": {}}
    for key in sorted({(t["pdf"], t.get("page", 1)) for t in tests}):
        pdf_path = base / "pdfs" / key[0]
        doc = parse(pdf_path, tier="cost_effective",
                    options={"page_ranges": {"target_pages": str(key[1])}})
        outputs["sheaf_cost_effective"][key] = render(doc, "markdown_full")
        pdf = pdfium.PdfDocument(str(pdf_path))
        outputs["pypdfium2_raw"][key] = pdf[key[1] - 1].get_textpage().get_text_range()
        pdf.close()
    res: dict = {}
    for name, outs in outputs.items():
        per = defaultdict(lambda: [0, 0])
        fails = []
        for t in tests:
            ok = CHECKS[t["type"]](t, outs[(t["pdf"], t.get("page", 1))])
            per[t["type"]][0] += ok
            per[t["type"]][1] += 1
            if not ok:
                fails.append(t["id"])
        passed = sum(v[0] for v in per.values())
        total = sum(v[1] for v in per.values())
        res[name] = {"passed": passed, "total": total, "by_type": dict(per), "fails": fails}
    return res


# ----------------------------------------------------------------------------- docling similarity
def _plain(md: str) -> str:
    md = re.sub(r"<!--.*?-->", " ", md, flags=re.S)
    md = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", md)
    md = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)
    md = re.sub(r"^\s*\|?\s*:?-{3,}.*$", " ", md, flags=re.M)
    md = re.sub(r"^#{1,6}\s+", "", md, flags=re.M)
    md = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", md, flags=re.M)
    md = re.sub(r"[|*_`]", " ", md)
    return re.sub(r"\s+", " ", md).strip()


def docling_similarity(data: Path) -> dict:
    from sheaf.parse import ParseError, parse
    from sheaf.parse.render import render

    out: dict = {}
    for fmt_dir in sorted((data / "docling").iterdir()):
        scores = []
        errors = 0
        for f in sorted(fmt_dir.iterdir()):
            if f.suffix == ".md":
                continue
            ref = f.with_name(f.name + ".md")
            if not ref.exists():
                ref = f.with_suffix(".md")
            if not ref.exists() or ref == f:
                continue
            try:
                doc = parse(f, tier="cost_effective")
                hyp = _plain(render(doc, "markdown_full"))
            except ParseError:
                errors += 1
                hyp = ""
            r = _plain(ref.read_text(errors="replace"))
            scores.append(Levenshtein.normalized_similarity(hyp, r) if (hyp or r) else 1.0)
        if scores:
            out[fmt_dir.name] = {"files": len(scores), "mean": sum(scores) / len(scores),
                                 "errors": errors}
    return out


# ----------------------------------------------------------------------------- speed
_SPEED_CODE = r"""
import sys, time, resource, json
sys.path.insert(0, {src!r})
files = {files!r}
tier = {tier!r}
import pypdfium2 as pdfium
from sheaf.parse import parse
pages = 0
t0 = time.perf_counter()
for rep in range({reps}):
    for f in files:
        if tier == "raw":
            pdf = pdfium.PdfDocument(f)
            for i in range(len(pdf)):
                pg = pdf[i]; tp = pg.get_textpage(); tp.get_text_range(); tp.close(); pg.close()
                pages += 1
            pdf.close()
        else:
            doc = parse(f, tier=tier)
            from sheaf.parse.render import render
            render(doc, "markdown"); render(doc, "items")
            pages += len(doc.pages)
dt = time.perf_counter() - t0
hwm = [ln for ln in open("/proc/self/status") if ln.startswith("VmHWM")]
ru = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
peak = int(hwm[0].split()[1]) / 1024 if hwm else ru / 1024
print(json.dumps({{"pages": pages, "seconds": dt, "peak_rss_mb": peak}}))
"""


def speed(data: Path, tiers: list[str], reps: int) -> dict:
    files = sorted(str(p) for p in (data / "docling" / "pdf").glob("*.pdf"))
    out = {}
    for tier in ["raw", *tiers]:
        code = _SPEED_CODE.format(src=str(ROOT / "src"), files=files, tier=tier,
                                  reps=reps if tier in ("raw", "fast") else 1)
        env = dict(os.environ, OMP_NUM_THREADS="2")
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, timeout=1800)
        if r.returncode != 0:
            out[tier] = {"error": r.stderr[-500:]}
            continue
        out[tier] = json.loads(r.stdout.strip().splitlines()[-1])
        out[tier]["pages_per_s"] = out[tier]["pages"] / out[tier]["seconds"]
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/work/shared/data")
    ap.add_argument("--quick", action="store_true", help="skip the agentic tier speed run")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    data = Path(args.data)
    t0 = time.time()
    olm = olmocr_bench(data)
    sim = docling_similarity(data)
    tiers = ["fast", "cost_effective"] + ([] if args.quick else ["agentic"])
    spd = speed(data, tiers, reps=3)
    if args.json:
        print(json.dumps({"olmocr": olm, "similarity": sim, "speed": spd}, indent=1,
                         default=str))
    print("\n## olmOCR-bench (non-math tests)")
    print("| engine | passed | rate | present | absent | order | table | baseline |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in olm.items():
        bt = r["by_type"]
        cols = [f"{bt[k][0]}/{bt[k][1]}" if k in bt else "-"
                for k in ("present", "absent", "order", "table", "baseline")]
        print(f"| {name} | {r['passed']}/{r['total']} | {r['passed'] / r['total']:.2f} | "
              + " | ".join(cols) + " |")
    print("\n## Text edit similarity vs docling reference markdown (cost_effective)")
    print("| format | files | mean similarity | ParseErrors |")
    print("|---|---|---|---|")
    for fmt, r in sim.items():
        print(f"| {fmt} | {r['files']} | {r['mean']:.3f} | {r['errors']} |")
    print("\n## Speed on docling/pdf (pages/s, one process, 2 cores)")
    print("| pipeline | pages | seconds | pages/s | ratio vs raw pypdfium2 | peak RSS MB |")
    print("|---|---|---|---|---|---|")
    raw = spd.get("raw", {}).get("pages_per_s") or 1.0
    for tier, r in spd.items():
        if "error" in r:
            print(f"| {tier} | error: {r['error'][:80]} |")
            continue
        print(f"| {'pypdfium2 raw text' if tier == 'raw' else 'sheaf ' + tier} | {r['pages']} | "
              f"{r['seconds']:.2f} | {r['pages_per_s']:.1f} | {r['pages_per_s'] / raw:.2f} | "
              f"{r['peak_rss_mb']:.0f} |")
    print(f"\n(total bench time {time.time() - t0:.0f}s)")
    for name, r in olm.items():
        print(f"{name} failing tests: {' '.join(r['fails'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
