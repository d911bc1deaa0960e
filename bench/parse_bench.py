"""Parse engine benchmark: one command, prints markdown tables.

    .venv/bin/python bench/parse_bench.py [--data /work/shared/data] [--quick] [--peers] [--json]

Every engine runs in its own subprocess per data set (``bench/peers/run_engine.py``), writing one
markdown file per input under bench/out/parse/; Sheaf and raw pypdfium2 use Sheaf's .venv, the
peers (``--peers``: pymupdf4llm, pdf-oxide, markitdown, opendataloader-pdf, unstructured fast)
use ``bench/.venv-peers``, created from ``bench/peers/requirements.txt`` on first use.
Measures, all from the engines' markdown:
  1. olmOCR-bench sample (non-math unit tests), checker of allenai/olmocr
     ``olmocr/bench/tests.py``; multi-page PDFs are cut to the tested page for every engine.
  2. Tables (``bench/parse_tables.py``): ICDAR 2013 EU TEDS / TEDS-struct and adjacency-relation
     P/R/F1 against ``*-str.xml``; PubTabNet TEDS for the images named in sample_gt.json.
  3. Text edit similarity vs docling reference markdown, per format.
  4. Pages/s on docling/pdf per engine vs raw pypdfium2 in the same run, peak RSS (ru_maxrss of
     each engine's processes), and Sheaf's OCR pages/s.
Bench-only extras in Sheaf's .venv: ``fuzzysearch==0.8.1``, ``apted==1.0.3``.
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
from collections import Counter, defaultdict
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


def olmocr_tests(data: Path) -> list[dict]:
    base = data / "olmocr-bench"
    tests = []
    for fn in ("dataset.jsonl", "blanks.jsonl"):
        p = base / fn
        if p.exists():
            tests += [json.loads(ln) for ln in p.read_text().splitlines() if ln.strip()]
    return [t for t in tests if t["type"] in CHECKS]


def olmocr_score(tests: list[dict], outs: dict) -> dict:
    per = defaultdict(lambda: [0, 0])
    fails = []
    for t in tests:
        ok = CHECKS[t["type"]](t, outs.get((t["pdf"], t.get("page", 1)), ""))
        per[t["type"]][0] += ok
        per[t["type"]][1] += 1
        if not ok:
            fails.append(t["id"])
    return {"passed": sum(v[0] for v in per.values()), "total": sum(v[1] for v in per.values()),
            "by_type": dict(per), "fails": fails}


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


def similarity(ref: Path, md: str) -> float:
    hyp, r = _plain(md), _plain(ref.read_text(errors="replace"))
    return Levenshtein.normalized_similarity(hyp, r) if (hyp or r) else 1.0


def docling_refs(data: Path, pdf: bool) -> list[tuple[Path, Path]]:
    out = []
    for fmt_dir in sorted((data / "docling").iterdir()):
        if (fmt_dir.name == "pdf") != pdf:
            continue
        for f in sorted(fmt_dir.iterdir()):
            if f.suffix == ".md":
                continue
            ref = f.with_name(f.name + ".md")
            if not ref.exists():
                ref = f.with_suffix(".md")
            if ref.exists() and ref != f:
                out.append((f, ref))
    return out


# ----------------------------------------------------------------------------- engines
SHEAF = ["pypdfium2", "sheaf_fast", "sheaf_cost_effective"]
PEERS = ["pymupdf4llm", "pdf_oxide", "markitdown", "opendataloader", "unstructured"]
PEERS_VENV = ROOT / "bench" / ".venv-peers"
PEERS_REQ = ROOT / "bench" / "peers" / "requirements.txt"
OUT = ROOT / "bench" / "out" / "parse"
LABEL = {"pypdfium2": "raw pypdfium2 text", "sheaf_fast": "Sheaf fast",
         "sheaf_cost_effective": "**Sheaf cost_effective**", "sheaf_agentic": "Sheaf agentic",
         "pymupdf4llm": "pymupdf4llm", "pdf_oxide": "pdf-oxide", "markitdown": "markitdown",
         "opendataloader": "opendataloader-pdf", "unstructured": "unstructured (fast)"}


def ensure_peers_venv() -> Path:
    py = PEERS_VENV / "bin" / "python"
    if not py.exists():
        print(f"creating {PEERS_VENV} (first use) ...", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "-r", str(PEERS_REQ)], check=True)
        # unstructured's fast PDF strategy imports unstructured_inference, whose declared deps
        # include torch; the fast path needs none of the models, so skip its deps.
        subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps",
                        "unstructured-inference==1.6.14"], check=True)
    return py


def run_engine(engine: str, group: str, files: list[Path], min_seconds: float = 0) -> dict:
    """Run one engine over files in its own subprocess; returns its stats plus ``md`` outputs."""
    out = OUT / engine / group
    if out.exists():
        for f in out.glob("*.md"):
            f.unlink()
    out.mkdir(parents=True, exist_ok=True)
    job = out / "job.json"
    job.write_text(json.dumps({"files": [str(f) for f in files], "out": str(out),
                               "min_seconds": min_seconds}))
    py = str(PEERS_VENV / "bin" / "python") if engine in PEERS else sys.executable
    env = dict(os.environ, OMP_NUM_THREADS="2", UNSTRUCTURED_DISABLE_NOTICE="1",
               DO_NOT_TRACK="true", SCARF_NO_ANALYTICS="true")
    t0 = time.perf_counter()
    try:
        r = subprocess.run([py, str(ROOT / "bench" / "peers" / "run_engine.py"), engine, str(job)],
                           capture_output=True, text=True, env=env, timeout=900)
    except subprocess.TimeoutExpired:
        return {"error": "timeout", "md": [""] * len(files)}
    if r.returncode != 0 or not r.stdout.strip():
        return {"error": (r.stderr or r.stdout)[-300:], "md": [""] * len(files)}
    res = json.loads(r.stdout.strip().splitlines()[-1])
    res["wall"] = time.perf_counter() - t0
    res["md"] = [(out / f"{i:04d}.md").read_text(errors="replace")
                 if (out / f"{i:04d}.md").exists() else "" for i in range(len(files))]
    return res


def olmocr_pages(data: Path, tests: list[dict]) -> dict[tuple[str, int], Path]:
    """One single-page PDF per tested (pdf, page), so every engine sees exactly that page."""
    import pypdfium2 as pdfium

    base, dst = data / "olmocr-bench" / "pdfs", OUT / "olmocr_pages"
    dst.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, page in sorted({(t["pdf"], t.get("page", 1)) for t in tests}):
        src = pdfium.PdfDocument(str(base / name))
        if len(src) == 1:
            out[(name, page)] = base / name
        else:
            one = pdfium.PdfDocument.new()
            one.import_pages(src, [page - 1])
            p = dst / f"{Path(name).stem}_p{page}.pdf"
            one.save(str(p))
            one.close()
            out[(name, page)] = p
        src.close()
    return out


def pdf_pages(files: list[Path]) -> int:
    import pypdfium2 as pdfium

    n = 0
    for f in files:
        pdf = pdfium.PdfDocument(str(f))
        n += len(pdf)
        pdf.close()
    return n


# ----------------------------------------------------------------------------- tables
def icdar_scores(data: Path, files: list[Path], mds: list[str]) -> dict:
    import parse_tables as pt

    tv, ts, precs, recs = [], [], [], []
    for f, md in zip(files, mds, strict=False):
        trues = pt.icdar_tables(f.with_name(f.stem + "-str.xml").read_text())
        preds = pt.md_tables(md)
        matched = pt.match_tables(preds, trues)
        for p, t in zip(matched, trues, strict=False):
            tv.append(pt.teds(p, t, flat=True))
            ts.append(pt.teds(p, t, structure_only=True, flat=True))
        pred_rel = sum((pt.relations(g) for g in map(pt.html_grid, preds) if g), Counter())
        true_rel = sum((pt.relations(pt.html_grid(t)) for t in trues), Counter())
        p, r = pt.adjacency_prf(pred_rel, true_rel)
        precs.append(p)
        recs.append(r)
    mp, mr = sum(precs) / len(precs), sum(recs) / len(recs)
    return {"tables": len(tv), "teds": sum(tv) / len(tv), "teds_s": sum(ts) / len(ts),
            "adj_p": mp, "adj_r": mr, "adj_f1": 2 * mp * mr / (mp + mr) if mp + mr else 0.0}


def pubtabnet_scores(gt: dict, names: list[str], mds: list[str]) -> dict:
    import parse_tables as pt

    tv, ts, found = [], [], 0
    for name, md in zip(names, mds, strict=False):
        true = gt[name]["html"]
        preds = pt.md_tables(md)
        best = pt.match_tables(preds, [true])[0] or (preds[0] if preds else None)
        found += best is not None
        tv.append(pt.teds(best, true))
        ts.append(pt.teds(best, true, structure_only=True))
    return {"images": len(tv), "teds": sum(tv) / len(tv), "teds_s": sum(ts) / len(ts),
            "found": found}


# ----------------------------------------------------------------------------- main
def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/work/shared/data")
    ap.add_argument("--quick", action="store_true", help="skip the agentic tier speed run")
    ap.add_argument("--peers", action="store_true",
                    help="also run the peers (bench/.venv-peers, created on first use)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    data = Path(args.data)
    t0 = time.time()
    engines = SHEAF + (PEERS if args.peers else [])
    if args.peers:
        ensure_peers_venv()
    tests = olmocr_tests(data)
    pages = olmocr_pages(data, tests)
    keys = sorted(pages)
    docpdf = sorted((data / "docling" / "pdf").glob("*.pdf"))
    docpdf_pages = pdf_pages(docpdf)
    other = docling_refs(data, pdf=False)
    pdf_refs = dict((f, r) for f, r in docling_refs(data, pdf=True))
    icdar = sorted((data / "icdar2013" / "eu").glob("*.pdf"))
    gt_path = data / "pubtabnet" / "sample_gt.json"
    ptn_gt = json.loads(gt_path.read_text()) if gt_path.exists() else {}
    ptn = [n for n in sorted(ptn_gt) if (data / "pubtabnet" / "examples" / n).exists()]

    R: dict = {e: {} for e in engines}
    for e in engines:
        print(f"[{time.time() - t0:5.0f}s] {e}", file=sys.stderr, flush=True)
        fastish = e in ("pypdfium2", "sheaf_fast", "pdf_oxide")
        sp = run_engine(e, "docling_pdf", docpdf, min_seconds=2.0 if fastish else 0)
        R[e]["speed"] = sp
        R[e]["sim_pdf"] = [similarity(pdf_refs[f], md)
                           for f, md in zip(docpdf, sp["md"], strict=False) if f in pdf_refs]
        ol = run_engine(e, "olmocr", [pages[k] for k in keys])
        R[e]["olmocr_run"] = ol
        R[e]["olmocr"] = olmocr_score(tests, dict(zip(keys, ol["md"], strict=False)))
        ic = run_engine(e, "icdar", icdar)
        R[e]["icdar_run"] = ic
        R[e]["icdar"] = icdar_scores(data, icdar, ic["md"]) if "error" not in ic else None
        if e != "pypdfium2" and e != "sheaf_fast":
            ot = run_engine(e, "docling_other", [f for f, _ in other])
            by: dict = defaultdict(lambda: [[], 0])
            for i, ((f, ref), md) in enumerate(zip(other, ot["md"], strict=False)):
                failed = str(i) in ot.get("errors", {}) or "error" in ot
                by[f.parent.name][0].append(0.0 if failed else similarity(ref, md))
                by[f.parent.name][1] += failed
            R[e]["sim_other"] = dict(by)
            R[e]["other_run"] = {k: v for k, v in ot.items() if k != "md"}
        if e == "sheaf_cost_effective" and ptn:
            pr = run_engine(e, "pubtabnet", [data / "pubtabnet" / "examples" / n for n in ptn])
            R[e]["pubtabnet_run"] = pr
            R[e]["pubtabnet"] = pubtabnet_scores(ptn_gt, ptn, pr["md"])
    if not args.quick:
        print(f"[{time.time() - t0:5.0f}s] sheaf_agentic (speed)", file=sys.stderr, flush=True)
        R["sheaf_agentic"] = {"speed": run_engine("sheaf_agentic", "docling_pdf", docpdf)}

    report(R, docpdf_pages)
    print(f"\n(total bench time {time.time() - t0:.0f}s)")
    if args.json:
        slim = {e: {k: ({kk: vv for kk, vv in v.items() if kk != "md"} if isinstance(v, dict)
                        else v) for k, v in r.items()} for e, r in R.items()}
        (OUT / "results.json").write_text(json.dumps(slim, indent=1, default=str))
        print(f"json: {OUT / 'results.json'}")
    return 0


def _f(x, fmt=".3f") -> str:
    return "n/a" if x is None else format(x, fmt)


def report(R: dict, docpdf_pages: int) -> None:
    print("\n## olmOCR-bench sample, non-math tests")
    print("| engine | passed | rate | present | absent | order | table | baseline |")
    print("|---|---|---|---|---|---|---|---|")
    for e, r in R.items():
        if "olmocr" not in r:
            continue
        o, bt = r["olmocr"], r["olmocr"]["by_type"]
        cols = [f"{bt[k][0]}/{bt[k][1]}" if k in bt else "-"
                for k in ("present", "absent", "order", "table", "baseline")]
        err = " (run failed)" if "error" in r["olmocr_run"] else ""
        print(f"| {LABEL[e]}{err} | {o['passed']}/{o['total']} | {o['passed'] / o['total']:.2f} | "
              + " | ".join(cols) + " |")

    print("\n## Tables: ICDAR 2013 (EU part, 27 PDFs) and PubTabNet sample (20 images)")
    print("| engine | ICDAR TEDS | ICDAR TEDS-struct | ICDAR adj. P / R / F1 | "
          "PubTabNet TEDS | PubTabNet TEDS-struct |")
    print("|---|---|---|---|---|---|")
    for e, r in R.items():
        if "olmocr" not in r:
            continue
        ic, pt = r.get("icdar"), r.get("pubtabnet")
        icd = (f"{ic['teds']:.3f} | {ic['teds_s']:.3f} | "
               f"{ic['adj_p']:.3f} / {ic['adj_r']:.3f} / {ic['adj_f1']:.3f}") if ic else \
            "n/a | n/a | n/a"
        ptd = f"{pt['teds']:.3f} | {pt['teds_s']:.3f}" if pt else "n/a | n/a"
        print(f"| {LABEL[e]} | {icd} | {ptd} |")

    fmts = sorted({f for r in R.values() for f in r.get("sim_other", {})})
    print("\n## Text edit similarity vs docling reference markdown (mean; failed files score 0)")
    print("| engine | pdf | " + " | ".join(fmts) + " |")
    print("|---|---|" + "---|" * len(fmts))
    for e, r in R.items():
        if "sim_pdf" not in r:
            continue
        sp = r["sim_pdf"]
        cells = [_f(sum(sp) / len(sp)) if sp else "n/a"]
        for fm in fmts:
            sc, failed = r.get("sim_other", {}).get(fm, [[], 0])
            if not sc or failed == len(sc):
                cells.append("n/a")
            else:
                cells.append(_f(sum(sc) / len(sc)) + (f" ({failed} failed)" if failed else ""))
        print(f"| {LABEL[e]} | " + " | ".join(cells) + " |")

    print(f"\n## Speed on docling/pdf ({docpdf_pages} pages) and peak memory, each engine in its "
          "own process")
    print("| engine | pages/s | ratio vs raw pypdfium2 | peak RSS MB (docling/pdf) | "
          "peak RSS MB (any set) |")
    print("|---|---|---|---|---|")
    raw = R.get("pypdfium2", {}).get("speed", {})
    raw_pps = docpdf_pages / raw["seconds"] if raw.get("seconds") else None
    for e, r in R.items():
        sp = r["speed"]
        if "error" in sp:
            print(f"| {LABEL[e]} | error: {sp['error'][-80:]!r} | | | |")
            continue
        pps = docpdf_pages / sp["seconds"]
        peak_any = max(v.get("peak_rss_mb", 0) for v in
                       (r.get(k, {}) for k in ("speed", "olmocr_run", "icdar_run", "other_run",
                                               "pubtabnet_run")))
        print(f"| {LABEL[e]} | {pps:.1f} | {_f(pps / raw_pps if raw_pps else None, '.2f')} | "
              f"{sp['peak_rss_mb']:.0f} | {peak_any:.0f} |")
    ce = R.get("sheaf_cost_effective", {})
    n_ocr = t_ocr = 0.0
    for k in ("olmocr_run", "pubtabnet_run"):
        run = ce.get(k, {})
        for s, o in zip(run.get("per_file", []), run.get("per_file_ocr", []), strict=False):
            if o:
                n_ocr += o
                t_ocr += s
    if n_ocr:
        print(f"\nSheaf cost_effective OCR: {n_ocr:.0f} OCRed pages/images (olmOCR scans + "
              f"PubTabNet images) in {t_ocr:.1f}s = {n_ocr / t_ocr:.2f} pages/s "
              "(first file includes loading the OCR models)")
    for e, r in R.items():
        if "olmocr" in r:
            print(f"{e} failing olmOCR tests: {' '.join(r['olmocr']['fails'])}")
        for k in ("speed", "olmocr_run", "icdar_run", "other_run"):
            errs = r.get(k, {}).get("errors") or {}
            if errs and k != "other_run":
                print(f"{e} {k}: {len(errs)} files failed, e.g. {next(iter(errs.values()))[:120]}")


if __name__ == "__main__":
    raise SystemExit(main())
