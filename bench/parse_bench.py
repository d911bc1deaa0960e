"""Parse engine benchmark: one command, prints markdown tables.

    .venv/bin/python bench/parse_bench.py [--data ../shared/data] [--quick] [--peers] [--json]
        [--ocr-pages 20] [--pubtabnet-gt PATH]
    .venv/bin/python bench/parse_bench.py --selftest   (table parsers and metrics, no engines)

Every engine runs in its own subprocess per data set (``bench/peers/run_engine.py``), writing one
markdown file per input under bench/out/parse/; Sheaf and raw pypdfium2 use Sheaf's .venv, the
peers (``--peers``: pymupdf4llm, pdf-oxide, markitdown, opendataloader-pdf, unstructured fast)
use ``bench/.venv-peers``, created from ``bench/peers/requirements.txt`` on first use and
updated when that file changes. An engine whose runs fail shows "n/a (reason)", not scores.
Measures, all from the engines' markdown:
  1. olmOCR-bench sample (non-math unit tests), checker of allenai/olmocr
     ``olmocr/bench/tests.py`` (its table test reads pipe tables and HTML tables with
     rowspan/colspan); multi-page PDFs are cut to the tested page for every engine.
  2. Tables (``bench/parse_tables.py``): ICDAR 2013 EU TEDS / TEDS-struct and adjacency-relation
     P/R/F1 against ``*-str.xml``; PubTabNet TEDS for the images of ``pubtabnet/examples/``
     named in the ground truth file ``--pubtabnet-gt`` (default: the examples' own annotation,
     ``pubtabnet/examples/PubTabNet_Examples.jsonl``; ``sample_gt.json`` names other images;
     the report names the file used and how many of its names matched).
  3. Text edit similarity vs docling reference markdown, per format.
  4. Pages/s on docling/pdf per engine vs raw pypdfium2 in the same run, peak RSS (ru_maxrss of
     each engine's processes).
  Quality figures are also printed per part of the fixed tuning / validation split
     (``bench/splits/``: ICDAR EU adjacency F1 and TEDS, olmOCR tests passed);
     ``bench/table_bench.py`` is the table bench on that split (tables-extra too).
  5. OCR speed: ``--ocr-pages`` N (default 20, 0 = skip) docling/pdf pages rendered to PNG at
     150 dpi (round robin over the PDFs), parsed by Sheaf cost_effective (every page OCRed) and
     by a direct RapidOCR call with Sheaf's models and parameters, each in its own process:
     pages/s, seconds per page (median, p90), OCR model load time (timed apart), peak RSS.
Bench-only extras (the `bench` extra, ``pip install -e ".[bench]"``): ``fuzzysearch==0.8.1``,
``apted==1.0.3``.
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
sys.path.insert(0, str(ROOT / "bench"))

import split_sets  # noqa: E402

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


def _md_table_rows(md: str) -> list[list[list[str]]]:
    """Pipe tables as rows of cell texts (the checker's ``_process_table_lines``)."""
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
                if cells:
                    rows.append(cells)
            if rows:
                tables.append(rows)
        cur = []
    return tables


def _html_table_specs(md: str) -> list[list[list[tuple[str, int, int, bool]]]]:
    """Embedded HTML tables as rows of (text, rowspan, colspan, is_heading): a cell is a heading
    when it is a ``th`` or in ``thead`` (the checker's ``parse_html_tables``)."""
    import parse_tables as pt
    from lxml import html as lhtml

    out = []
    for a, b in pt.html_table_spans(md):
        try:
            root = lhtml.fromstring(md[a:b])
        except Exception:  # noqa: BLE001 - unparsable HTML is no table
            continue
        tab = root if root.tag == "table" else next(iter(root.iter("table")), None)
        if tab is None:
            continue
        rows = []
        for tr in tab.iter("tr"):
            head = any(p.tag == "thead" for p in tr.iterancestors())
            for br in tr.iter("br"):
                br.tail = "\n" + (br.tail or "")
            rows.append([("\n".join(c.itertext()).strip(), pt.span(c.get("rowspan")),
                          pt.span(c.get("colspan")), c.tag == "th" or head)
                         for c in tr if c.tag in ("td", "th")])
        out.append(rows)
    return out


def _table_data(rows: list[list[tuple[str, int, int, bool]]]) -> dict | None:
    """The checker's ``_build_table_data_from_specs``: spans laid out on a grid; a cell's
    up/down/left/right neighbours are the nearest other cells on each row/column it covers,
    its headings every heading cell above it / left of it."""
    grid: list[list] = []
    text, heads, box = {}, set(), {}
    active: list = []  # per column: (cell id, rows still covered) of a rowspan from above
    for r, cells in enumerate(rows):
        row, c, k = [], 0, 0
        while k < len(cells) or c < len(active):
            if c < len(active) and active[c] is not None:
                cid, left = active[c]
                row.append(cid)
                active[c] = (cid, left - 1) if left > 1 else None
                c += 1
                continue
            if k >= len(cells):
                row.append(None)
                c += 1
                continue
            txt, rs, cs, head = cells[k]
            k += 1
            cid = (r, c)
            text[cid], box[cid] = txt, (r, c, r + rs - 1, c + cs - 1)
            if head:
                heads.add(cid)
            active.extend([None] * (c + cs - len(active)))
            for cc in range(c, c + cs):
                row.append(cid)
                active[cc] = (cid, rs - 1) if rs > 1 else None
            c += cs
        grid.append(row)
    while any(a is not None for a in active):
        row = []
        for cc, a in enumerate(active):
            row.append(a[0] if a else None)
            if a:
                active[cc] = (a[0], a[1] - 1) if a[1] > 1 else None
        grid.append(row)
    used = [c for row in grid for c, v in enumerate(row) if v is not None]
    if not text or not used:
        return None
    width, height = max(used) + 1, len(grid)
    for row in grid:
        row[:] = (row + [None] * width)[:width]

    def first(cid, seq, heading=False):
        found = []
        for line in seq:
            for r, c in line:
                v = grid[r][c]
                if v is None or v == cid or v in found:
                    continue
                if not heading:
                    found.append(v)
                    break
                if v in heads:
                    found.append(v)
        return found

    rel: dict = {k: {} for k in ("up", "down", "left", "right", "top_heading", "left_heading")}
    for cid, (r0, c0, r1, c1) in box.items():
        rows_, cols = range(r0, r1 + 1), range(c0, c1 + 1)
        right = [[(r, c) for c in range(c1 + 1, width)] for r in rows_]
        left = [[(r, c) for c in range(c0 - 1, -1, -1)] for r in rows_]
        down = [[(r, c) for r in range(r1 + 1, height)] for c in cols]
        up = [[(r, c) for r in range(r0 - 1, -1, -1)] for c in cols]
        rel["right"][cid], rel["left"][cid] = first(cid, right), first(cid, left)
        rel["down"][cid], rel["up"][cid] = first(cid, down), first(cid, up)
        rel["top_heading"][cid] = first(cid, up, heading=True)
        rel["left_heading"][cid] = first(cid, left, heading=True)
    return {"text": text, **rel}


def _check_tables(md: str) -> list[dict]:
    """Pipe tables (row 0 and column 0 are headings) and HTML tables, as the checker sees them."""
    specs = [[[(txt, 1, 1, r == 0 or c == 0) for c, txt in enumerate(row)]
              for r, row in enumerate(rows)] for rows in _md_table_rows(md)]
    specs += _html_table_specs(md)
    return [t for t in map(_table_data, specs) if t]


def _table(t: dict, md: str) -> bool:
    cell = normalize_text(t["cell"])
    d = t.get("max_diffs", 0) or 0
    thr = max(0.5, 1.0 - d / (len(cell) or 1))
    keys = ("up", "down", "left", "right", "top_heading", "left_heading")
    for tab in _check_tables(md):
        txt = tab["text"]
        for cid, s in txt.items():
            if fuzz.ratio(cell, normalize_text(s)) / 100.0 < thr:
                continue
            ok = True
            for key in keys:
                want = normalize_text(t.get(key) or "")
                if not want:
                    continue
                need = max(0.5, 1.0 - d / (len(want) or 1))
                if not any(fuzz.ratio(want, normalize_text(txt[k])) / 100.0 >= need
                           for k in tab[key][cid]):
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
    """Text content only: markdown syntax and HTML tags (tables with merged cells are HTML)
    are markup, like pipes, and do not count."""
    md = re.sub(r"<!--.*?-->", " ", md, flags=re.S)
    md = re.sub(r"</?(?:table|thead|tbody|tr|td|th|br)\b[^>]*>", " ", md, flags=re.I)
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
DATA = ROOT.parent / "shared" / "data"
LABEL = {"pypdfium2": "raw pypdfium2 text", "sheaf_fast": "Sheaf fast",
         "sheaf_cost_effective": "**Sheaf cost_effective**", "sheaf_agentic": "Sheaf agentic",
         "pymupdf4llm": "pymupdf4llm", "pdf_oxide": "pdf-oxide", "markitdown": "markitdown",
         "opendataloader": "opendataloader-pdf", "unstructured": "unstructured (fast)"}


# unstructured's fast PDF strategy imports unstructured_inference, whose declared deps include
# torch; the fast path needs none of the models, so it is installed without its deps.
PEERS_NO_DEPS = "unstructured-inference==1.6.14"


def ensure_peers_venv() -> Path:
    """Create bench/.venv-peers, or bring it up to date when requirements.txt changed."""
    py = PEERS_VENV / "bin" / "python"
    stamp = PEERS_VENV / ".bench-requirements"
    want = PEERS_REQ.read_text() + PEERS_NO_DEPS + "\n"
    if py.exists() and stamp.exists() and stamp.read_text() == want:
        return py
    if not py.exists():
        print(f"creating {PEERS_VENV} (first use) ...", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
    else:
        print(f"updating {PEERS_VENV} ({PEERS_REQ.name} changed) ...", file=sys.stderr, flush=True)
    subprocess.run([str(py), "-m", "pip", "install", "-q", "-r", str(PEERS_REQ)], check=True)
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", PEERS_NO_DEPS], check=True)
    stamp.write_text(want)
    return py


def run_engine(engine: str, group: str, files: list[Path], min_seconds: float = 0,
               timeout: float = 900, root: Path = ROOT) -> dict:
    """Run one engine over files in its own subprocess; returns its stats plus ``md`` outputs.
    ``root``: the checkout whose ``bench/peers/run_engine.py`` and ``src`` run (a baseline)."""
    out = OUT / (engine if root == ROOT else f"{engine}@{root.name}") / group
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
        r = subprocess.run([py, str(root / "bench" / "peers" / "run_engine.py"), engine, str(job)],
                           capture_output=True, text=True, env=env, timeout=timeout)
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


# ----------------------------------------------------------------------------- OCR speed
def render_pages(pdfs: list[Path], n: int, dst: Path, dpi: int = 150) -> list[Path]:
    """The first n pages, taken round robin over the PDFs, as PNG files at dpi."""
    import pypdfium2 as pdfium

    docs = [pdfium.PdfDocument(str(f)) for f in pdfs]
    order = [(d, i) for i in range(max(map(len, docs), default=0))
             for d in range(len(docs)) if i < len(docs[d])]
    out = []
    for k, (d, i) in enumerate(order[:n]):
        page = docs[d][i]
        path = dst / f"{k:03d}_{pdfs[d].stem}_p{i + 1}.png"
        page.render(scale=dpi / 72).to_pil().save(path)
        page.close()
        out.append(path)
    for doc in docs:
        doc.close()
    return out


def _pct(xs: list[float], q: float) -> float:
    """Percentile by linear interpolation between closest ranks (q in [0, 1])."""
    xs = sorted(xs)
    k = (len(xs) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def scanned_icdar(data: Path, icdar: list[Path], dpi: int = 150) -> dict:
    """ICDAR 2013 pages rendered to PNG (a clean scan) and parsed as images by Sheaf
    cost_effective: table structure from OCR, the layout model and the table model."""
    import tempfile

    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory(prefix="sheaf_icdar_scans_") as tmp:
        pngs, owner = [], []
        for i, f in enumerate(icdar):
            pdf = pdfium.PdfDocument(str(f))
            for k in range(len(pdf)):
                png = Path(tmp) / f"{f.stem}_{k + 1:03d}.png"
                pdf[k].render(scale=dpi / 72).to_pil().save(png)
                pngs.append(png)
                owner.append(i)
            pdf.close()
        r = run_engine("sheaf_cost_effective", "icdar_scans", pngs, timeout=3600)
    mds = ["\n\n".join(m for m, o in zip(r["md"], owner, strict=True) if o == i)
           for i in range(len(icdar))]
    out = {"dpi": dpi, "pages": len(pngs), "run": {k: v for k, v in r.items() if k != "md"}}
    if "error" not in r:
        out["scores"] = icdar_scores(data, icdar, mds)
    return out


def ocr_speed(pdfs: list[Path], n: int, dpi: int = 150) -> dict:
    """Sheaf cost_effective and raw RapidOCR on the same n rendered pages (own processes)."""
    import tempfile

    out: dict = {"dpi": dpi}
    with tempfile.TemporaryDirectory(prefix="sheaf_ocr_bench_") as tmp:
        pngs = render_pages(pdfs, n, Path(tmp), dpi)
        out["pages"] = len(pngs)
        out["images"] = [p.name for p in pngs]
        for e in ("sheaf_ocr", "rapidocr_raw"):
            r = run_engine(e, "ocr_pages", pngs)
            md = r.pop("md")
            r["alnum_chars"] = sum(sum(ch.isalnum() for ch in m) for m in md)
            per = r.get("per_file") or []
            if "error" not in r and per:
                r["pages_per_s"] = len(per) / sum(per)
                r["s_median"], r["s_p90"] = _pct(per, 0.5), _pct(per, 0.9)
            out[e] = r
    return out


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


def pubtabnet_gt(path: Path) -> dict:
    """``{image name: {"html": ...}}`` from a sample_gt.json-style file, or from PubTabNet's
    own annotation lines (``PubTabNet_Examples.jsonl``: structure tokens plus cell tokens),
    joined as its ``format_html`` does: each cell's tokens go inside the next ``<td>``."""
    if path.suffix != ".jsonl":
        return json.loads(path.read_text())
    out = {}
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        ann = json.loads(line)
        cells = iter(ann["html"]["cells"])
        parts = []
        for tok in ann["html"]["structure"]["tokens"]:
            parts.append(tok)
            if tok in ("<td>", ">"):  # ">" closes a "<td" with rowspan/colspan attributes
                parts.append("".join(next(cells)["tokens"]))
        out[ann["filename"]] = {"html": "<html><body><table>" + "".join(parts)
                                        + "</table></body></html>"}
    return out


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
    ap.add_argument("--data", default=str(DATA),
                    help="the shared data folder (default: ../shared/data from the repo root)")
    ap.add_argument("--quick", action="store_true", help="skip the agentic tier speed run")
    ap.add_argument("--peers", action="store_true",
                    help="also run the peers (bench/.venv-peers, created on first use)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--scanned-icdar", action="store_true",
                    help="also parse the ICDAR 2013 pages as 150 dpi images (Sheaf only; "
                         "about 10 minutes on 2 cores)")
    ap.add_argument("--ocr-pages", type=int, default=20, metavar="N",
                    help="OCR speed on N docling/pdf pages rendered at 150 dpi (0: skip)")
    ap.add_argument("--pubtabnet-gt", metavar="PATH",
                    help="PubTabNet ground truth JSON ({NAME.png: {html: ...}}) for the images "
                         "in pubtabnet/examples/ (default: DATA/pubtabnet/examples/"
                         "PubTabNet_Examples.jsonl)")
    ap.add_argument("--selftest", action="store_true",
                    help="check the table parsers and metrics on tiny tables, run no engine")
    args = ap.parse_args()
    if args.selftest:
        return selftest()
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
    ic_part = split_sets.part_of("icdar2013-eu", [f.stem for f in icdar])
    ol_names = sorted({t["pdf"] for t in tests})
    ol_stem = split_sets.part_of("olmocr-bench", [n[:-4] for n in ol_names])
    ol_part = {n: ol_stem[n[:-4]] for n in ol_names}
    gt_path = Path(args.pubtabnet_gt) if args.pubtabnet_gt else \
        data / "pubtabnet" / "examples" / "PubTabNet_Examples.jsonl"
    if args.pubtabnet_gt and not gt_path.exists():
        ap.error(f"--pubtabnet-gt {gt_path}: no such file")
    ptn_gt = pubtabnet_gt(gt_path) if gt_path.exists() else {}
    ptn = [n for n in sorted(ptn_gt) if (data / "pubtabnet" / "examples" / n).exists()]
    ptn_info = {"gt": str(gt_path), "exists": gt_path.exists(), "names": len(ptn_gt),
                "matched": len(ptn)}

    R: dict = {e: {} for e in engines}
    for e in engines:
        print(f"[{time.time() - t0:5.0f}s] {e}", file=sys.stderr, flush=True)
        fastish = e in ("pypdfium2", "sheaf_fast", "pdf_oxide")
        sp = run_engine(e, "docling_pdf", docpdf, min_seconds=2.0 if fastish else 0)
        R[e]["speed"] = sp
        R[e]["sim_pdf"] = [similarity(pdf_refs[f], md)
                           for f, md in zip(docpdf, sp["md"], strict=False) if f in pdf_refs]
        R[e]["sim_pdf_failed"] = sum(f in pdf_refs for i, f in enumerate(docpdf)
                                     if str(i) in sp.get("errors", {}))
        ol = run_engine(e, "olmocr", [pages[k] for k in keys])
        R[e]["olmocr_run"] = ol
        outs = dict(zip(keys, ol["md"], strict=False))
        R[e]["olmocr"] = olmocr_score(tests, outs)
        R[e]["olmocr_parts"] = {p: olmocr_score([t for t in tests if ol_part[t["pdf"]] == p],
                                                outs) for p in split_sets.PARTS}
        ic = run_engine(e, "icdar", icdar)
        R[e]["icdar_run"] = ic
        R[e]["icdar"] = icdar_scores(data, icdar, ic["md"]) if "error" not in ic else None
        if "error" not in ic:
            R[e]["icdar_parts"] = {
                p: icdar_scores(data, [f for f in icdar if ic_part[f.stem] == p],
                                [m for f, m in zip(icdar, ic["md"], strict=False)
                                 if ic_part[f.stem] == p])
                for p in split_sets.PARTS}
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
    ocr = None
    if args.ocr_pages > 0:
        print(f"[{time.time() - t0:5.0f}s] OCR speed ({args.ocr_pages} pages)", file=sys.stderr,
              flush=True)
        ocr = ocr_speed(docpdf, args.ocr_pages)

    scans = None
    if args.scanned_icdar:
        print(f"[{time.time() - t0:5.0f}s] ICDAR as scans", file=sys.stderr, flush=True)
        scans = scanned_icdar(data, icdar)
    report(R, docpdf_pages, ptn_info, ocr)
    if scans:
        report_scans(scans)
    print(f"\n(total bench time {time.time() - t0:.0f}s)")
    if args.json:
        slim = {e: {k: ({kk: vv for kk, vv in v.items() if kk != "md"} if isinstance(v, dict)
                        else v) for k, v in r.items()} for e, r in R.items()}
        # top-level keys besides the engines: "pubtabnet_gt", "ocr_speed"
        slim["pubtabnet_gt"] = ptn_info
        slim["ocr_speed"] = ocr
        slim["scanned_icdar"] = scans
        (OUT / "results.json").write_text(json.dumps(slim, indent=1, default=str))
        print(f"json: {OUT / 'results.json'}")
    return 0


def _f(x, fmt=".3f") -> str:
    return "n/a" if x is None else format(x, fmt)


def _why(run: dict | None) -> str | None:
    """Why a run gave no usable output: its error (last stderr line), or every file failed."""
    if not run:
        return None
    if "error" in run:
        lines = [ln.strip() for ln in str(run["error"]).splitlines() if ln.strip()]
        why = lines[-1] if lines else "failed"
    elif run.get("files") and len(run.get("errors") or {}) == run["files"]:
        why = "every file failed: " + next(iter(run["errors"].values()))
    else:
        return None
    return why[:110].replace("|", "/")


def _na(run: dict | None) -> str:
    return f"n/a ({_why(run)})"


def report(R: dict, docpdf_pages: int, ptn_info: dict | None = None,
           ocr: dict | None = None) -> None:
    print("\n## olmOCR-bench sample, non-math tests")
    print("| engine | passed | rate | present | absent | order | table | baseline |")
    print("|---|---|---|---|---|---|---|---|")
    for e, r in R.items():
        if "olmocr" not in r:
            continue
        if _why(r["olmocr_run"]):
            print(f"| {LABEL[e]} | {_na(r['olmocr_run'])} | | | | | | |")
            continue
        o, bt = r["olmocr"], r["olmocr"]["by_type"]
        cols = [f"{bt[k][0]}/{bt[k][1]}" if k in bt else "-"
                for k in ("present", "absent", "order", "table", "baseline")]
        print(f"| {LABEL[e]} | {o['passed']}/{o['total']} | {o['passed'] / o['total']:.2f} | "
              + " | ".join(cols) + " |")

    ptn_info = ptn_info or {}
    n_icdar = max((r["icdar_run"].get("files", 0) for r in R.values() if "icdar_run" in r),
                  default=0)
    print(f"\n## Tables: ICDAR 2013 (EU part, {n_icdar} PDFs) and PubTabNet "
          f"({ptn_info.get('matched', 0)} images)")
    gt = ptn_info.get("gt", "?")
    if not ptn_info.get("exists"):
        print(f"PubTabNet ground truth: {gt} (missing; not scored)")
    else:
        print(f"PubTabNet ground truth: {gt} ({ptn_info['matched']} of its {ptn_info['names']} "
              "names match an image in pubtabnet/examples/"
              + ("; not scored" if not ptn_info["matched"] else "") + ")")
    print("| engine | ICDAR TEDS | ICDAR TEDS-struct | ICDAR adj. P / R / F1 | "
          "PubTabNet TEDS | PubTabNet TEDS-struct |")
    print("|---|---|---|---|---|---|")
    for e, r in R.items():
        if "olmocr" not in r:
            continue
        ic, pt = r.get("icdar"), r.get("pubtabnet")
        if _why(r.get("icdar_run")):
            icd = f"{_na(r['icdar_run'])} | | "
        elif ic:
            icd = (f"{ic['teds']:.3f} | {ic['teds_s']:.3f} | "
                   f"{ic['adj_p']:.3f} / {ic['adj_r']:.3f} / {ic['adj_f1']:.3f}")
        else:
            icd = "n/a | n/a | n/a"
        if _why(r.get("pubtabnet_run")):
            ptd = f"{_na(r['pubtabnet_run'])} | "
        else:
            ptd = f"{pt['teds']:.3f} | {pt['teds_s']:.3f}" if pt else "n/a | n/a"
        print(f"| {LABEL[e]} | {icd} | {ptd} |")

    print("\n## Tuning / validation parts (bench/splits/): ICDAR adj. F1 and TEDS, olmOCR passed")
    print("| engine | ICDAR adj. F1 tuning | validation | ICDAR TEDS tuning | validation | "
          "olmOCR tuning | validation |")
    print("|---|---|---|---|---|---|---|")
    for e, r in R.items():
        if "olmocr" not in r:
            continue
        ip, op = r.get("icdar_parts") or {}, r.get("olmocr_parts") or {}
        cells = [_f(ip[p]["adj_f1"]) if p in ip else "n/a" for p in split_sets.PARTS]
        cells += [_f(ip[p]["teds"]) if p in ip else "n/a" for p in split_sets.PARTS]
        cells += [f"{op[p]['passed']}/{op[p]['total']}" if p in op else "n/a"
                  for p in split_sets.PARTS]
        print(f"| {LABEL[e]} | " + " | ".join(cells) + " |")

    fmts = sorted({f for r in R.values() for f in r.get("sim_other", {})})
    print("\n## Text edit similarity vs docling reference markdown (mean; failed files score 0)")
    print("| engine | pdf | " + " | ".join(fmts) + " |")
    print("|---|---|" + "---|" * len(fmts))
    for e, r in R.items():
        if "sim_pdf" not in r:
            continue
        sp, failed = r["sim_pdf"], r.get("sim_pdf_failed", 0)
        if _why(r["speed"]):
            cells = [_na(r["speed"])]
        else:
            cells = [_f(sum(sp) / len(sp)) + (f" ({failed} failed)" if failed else "")
                     if sp else "n/a"]
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
        if _why(sp):
            print(f"| {LABEL[e]} | {_na(sp)} | | | |")
            continue
        pps = docpdf_pages / sp["seconds"]
        peak_any = max(v.get("peak_rss_mb", 0) for v in
                       (r.get(k, {}) for k in ("speed", "olmocr_run", "icdar_run", "other_run",
                                               "pubtabnet_run")))
        print(f"| {LABEL[e]} | {pps:.1f} | {_f(pps / raw_pps if raw_pps else None, '.2f')} | "
              f"{sp['peak_rss_mb']:.0f} | {peak_any:.0f} |")

    if ocr:
        report_ocr(ocr)
    ce = R.get("sheaf_cost_effective", {})
    n_ocr = t_ocr = 0.0
    for k in ("olmocr_run", "pubtabnet_run"):
        run = ce.get(k, {})
        for s, o in zip(run.get("per_file", []), run.get("per_file_ocr", []), strict=False):
            if o:
                n_ocr += o
                t_ocr += s
    if n_ocr:
        print(f"\nSheaf cost_effective OCR inside the accuracy runs: {n_ocr:.0f} OCRed "
              f"pages/images (olmOCR scans + PubTabNet images) in {t_ocr:.1f}s = "
              f"{n_ocr / t_ocr:.2f} pages/s (first file includes loading the OCR models)")
    for e, r in R.items():
        if "olmocr" in r:
            print(f"{e} failing olmOCR tests: {' '.join(r['olmocr']['fails'])}")
        for k in ("speed", "olmocr_run", "icdar_run", "other_run"):
            run = r.get(k, {})
            errs = run.get("errors") or {}
            if "error" in run:
                print(f"{e} {k}: run failed: {_why(run)}")
            elif errs and k != "other_run":
                print(f"{e} {k}: {len(errs)} files failed, e.g. {next(iter(errs.values()))[:120]}")


def report_scans(scans: dict) -> None:
    print(f"\n## ICDAR 2013 as scans: {scans['pages']} pages rendered at {scans['dpi']} dpi, "
          "parsed as PNG images by Sheaf cost_effective")
    why = _why(scans["run"])
    if why or "scores" not in scans:
        print(f"n/a ({why or 'no scores'})")
        return
    sc, run = scans["scores"], scans["run"]
    per = run.get("per_file") or []
    rate = len(per) / sum(per) if per else None
    print("| engine | tables | TEDS | TEDS-struct | adj. P / R / F1 | pages/s |")
    print("|---|---|---|---|---|---|")
    print(f"| Sheaf cost_effective (OCR) | {sc['tables']} | {_f(sc['teds'])} | {_f(sc['teds_s'])} "
          f"| {_f(sc['adj_p'])} / {_f(sc['adj_r'])} / {_f(sc['adj_f1'])} | {_f(rate, '.2f')} |")


def report_ocr(ocr: dict) -> None:
    print(f"\n## OCR speed: {ocr['pages']} docling/pdf pages rendered at {ocr['dpi']} dpi (PNG), "
          "each engine in its own process")
    print("Model load timed apart (not in pages/s or s/page); raw = RapidOCR called directly with "
          "Sheaf's bundled models and parameters, one call per image.")
    print("| engine | pages/s | s/page median | s/page p90 | model load s | peak RSS MB | "
          "pages/s vs raw | alnum chars read |")
    print("|---|---|---|---|---|---|---|---|")
    raw = ocr.get("rapidocr_raw", {})
    for e, label in (("sheaf_ocr", "**Sheaf cost_effective** (image parse)"),
                     ("rapidocr_raw", "raw RapidOCR")):
        r = ocr.get(e, {})
        if _why(r) or "pages_per_s" not in r:
            print(f"| {label} | {_na(r)} | | | | | | |")
            continue
        ratio = r["pages_per_s"] / raw["pages_per_s"] if raw.get("pages_per_s") else None
        n_err = len(r.get("errors") or {})
        print(f"| {label}{f' ({n_err} failed)' if n_err else ''} | {r['pages_per_s']:.2f} | "
              f"{r['s_median']:.2f} | {r['s_p90']:.2f} | {_f(r.get('load_seconds'), '.2f')} | "
              f"{r['peak_rss_mb']:.0f} | {_f(ratio, '.2f')} | {r['alnum_chars']} |")
    sheaf = ocr.get("sheaf_ocr", {})
    if sheaf.get("per_file_ocr") and sum(sheaf["per_file_ocr"]) != ocr["pages"]:
        print(f"(Sheaf OCRed {sum(sheaf['per_file_ocr'])} of the {ocr['pages']} images)")


# ----------------------------------------------------------------------------- self-check
def selftest() -> int:
    """Table parsers and metrics (bench/parse_tables.py) and the olmOCR table check."""
    import parse_tables

    parse_tables.selftest()
    html = ("<table><thead><tr><th colspan=2>Head</th><th>X</th></tr></thead>"
            "<tr><th rowspan=2>L</th><td>p</td><td>q</td></tr><tr><td>r</td><td>s</td></tr>"
            "</table>")
    ok = {"cell": "r", "up": "p", "left": "L", "right": "s", "top_heading": "Head",
          "left_heading": "L"}
    assert _table(ok, "text\n" + html + "\nmore")
    assert _table({"cell": "Head", "down": "L"}, html)
    assert _table({"cell": "Head", "down": "p"}, html)
    assert _table({"cell": "X", "left": "Head", "down": "q"}, html)
    assert not _table(dict(ok, right="q"), html) and not _table(dict(ok, cell="zz"), html)
    pipe = "| h1 | h2 |\n|---|---|\n| a | b |\n| c | d |\n"
    assert _table({"cell": "d", "up": "b", "left": "c", "top_heading": "h2",
                   "left_heading": "c"}, pipe)
    assert not _table({"cell": "d", "up": "a"}, pipe)
    assert _pct([1, 2, 3, 4], 0.5) == 2.5 and _pct([5], 0.9) == 5
    print("parse_bench selftest: ok")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
