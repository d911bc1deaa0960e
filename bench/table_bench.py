"""Table benchmark on the tuning / validation split (``bench/splits/``): one command, one table.

    .venv/bin/python bench/table_bench.py [--data ../shared/data] [--baseline REF]
        [--pubtabnet] [--scanned-icdar [--scans-only] [--docs N]] [--json]

Sets, each scored per part (tuning / validation, see ``bench/splits/README.md``), all from Sheaf
cost_effective's markdown (``bench/parse_tables.py`` reads the tables):

* **ICDAR 2013 EU** (born-digital): TEDS (flat) of each ground-truth table against the output
  table sharing most cell texts; adjacency relations P / R / F1 averaged per document as in the
  competition (the figure ``bench/parse_bench.py`` reports); table detection.
* **tables-extra** (``tables-extra/gt``): every annotated page cut to a one-page PDF; adjacency
  relations of each non-empty cell with its nearest non-empty right and lower neighbour, text
  NFKC then lower-case alphanumerics, counted over all tables of the part (a false table's
  relations count against precision); table detection; TEDS of the matched tables.
* ``--pubtabnet``: the table images of ``pubtabnet/examples`` (OCR + table model), TEDS.
* ``--scanned-icdar``: the ICDAR pages rendered at 150 dpi and parsed as PNG images (OCR);
  tables scored as for the born-digital PDFs, and the text of each document against the same
  code's born-digital output (markup removed): normalised edit similarity (reading order
  counts) and word F1 (bags of lower-case alphanumeric words; recognition only).
  ``--scans-only`` skips tables-extra (the born-digital ICDAR run stays: it is the text
  reference); ``--docs N`` keeps the first N ICDAR documents of each part (quick checks).

Detection: per page (per document for ICDAR), predicted and true tables are paired greedily by
shared cell texts; a predicted table is found (true positive) when it shares at least
``MATCH`` of the smaller table's non-empty cells with its partner; every other predicted table
is a false table, every unpaired true table a miss.

``--gov`` adds the Typst statistical-publication pages of ``bench/gov_pages.py`` (tuning seeds
0-23, validation seeds 1000-1023; ``--gov-only`` runs only them), scored like tables-extra;
``--peers`` also scores the peers of ``bench/peers`` that write tables on them.
``--word`` adds the Word pages of ``bench/word_pages.py`` (python-docx printed by LibreOffice;
tuning seeds 0-23, validation seeds 1000-1023; ``--word-only`` runs only them; the PDFs are
cached under ``bench/out/parse/word/cache`` by seed and generator version), scored the same way.
``--html`` adds the web bulletins of ``bench/html_pages.py`` (HTML + CSS printed by headless
Chromium; tuning seeds 0-23, validation seeds 1000-1023; ``--html-only`` runs only them; the
PDFs are cached under ``bench/out/parse/html/cache``), scored the same way.
``--latex`` adds the papers and technical reports of ``bench/latex_pages.py`` (typeset by
pdfLaTeX; tuning seeds 0-23, validation seeds 1000-1023; ``--latex-only`` runs only them; the
PDFs are cached under ``bench/out/parse/latex/cache``), scored the same way.

``--baseline REF`` runs the same sets with the code of git ref REF (``git archive`` of its
``src`` and ``bench``) in the same run and prints both, with pages/s of each.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gov_pages  # noqa: E402
import html_pages  # noqa: E402
import latex_pages  # noqa: E402
import parse_bench as pb  # noqa: E402
import parse_tables as pt  # noqa: E402
import report_pages  # noqa: E402
import split_sets  # noqa: E402
import word_pages  # noqa: E402

REPORT_DOCS = 24  # generated report documents (bench/report_pages.py)
GOV_DOCS = 24  # Typst statistical-publication documents per part (bench/gov_pages.py)
WORD_DOCS = 24  # Word documents per part (bench/word_pages.py)
HTML_DOCS = 24  # web bulletins per part (bench/html_pages.py)
LATEX_DOCS = 24  # pdfLaTeX papers and reports per part (bench/latex_pages.py)
GOV_PEERS = ["pymupdf4llm", "opendataloader"]  # peers of bench/peers that write tables
REAL_GT = Path(__file__).resolve().parent / "real_pages"  # truth for --real
MATCH = 0.3  # share of the smaller table's cells a predicted table must hold to count as found


# ----------------------------------------------------------------------------- scoring
def _nfkc_norm(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", s).lower() if ch.isalnum())


def _bag(html: str, norm=pt._norm) -> Counter:
    g = pt.html_grid(html)
    return Counter(norm(t) for t in (g[1] if g else []) if norm(t))


def detection(preds: list[str], trues: list[str], norm=pt._norm) -> tuple[int, int, int, list]:
    """(found, false, missed, matched) on one page / document; ``matched[j]`` is the predicted
    table paired with true table j, or None."""
    pb_ = [_bag(p, norm) for p in preds]
    tb = [_bag(t, norm) for t in trues]
    pairs = sorted(((sum((p & t).values()), i, j) for j, t in enumerate(tb)
                    for i, p in enumerate(pb_)), reverse=True)
    used, matched = set(), [None] * len(trues)
    for score, i, j in pairs:
        if score == 0 or i in used or matched[j] is not None:
            continue
        small = min(sum(pb_[i].values()), sum(tb[j].values())) or 1
        if score < MATCH * small:
            continue
        used.add(i)
        matched[j] = preds[i]
    found = len(used)
    return found, len(preds) - found, len(trues) - found, matched


def _prf(tp: float, n_pred: float, n_true: float) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_true if n_true else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def _relations(html: str, norm) -> Counter:
    g = pt.html_grid(html)
    if not g:
        return Counter()
    return pt.relations([g[0], [norm(t) for t in g[1]]])


def score_units(units: list[tuple[str, list[str], list[str]]], micro: bool,
                norm=pt._norm, teds: bool = True) -> dict:
    """Scores of (name, predicted tables, true tables) units. ``micro``: relations counted over
    all units; otherwise precision and recall per unit, averaged (ICDAR's way). ``teds``:
    False skips TEDS (a peer's page-wide tables make it take hours)."""
    want_teds = teds
    teds, found, false, missed, free_pages, on_free = [], 0, 0, 0, 0, 0
    inter = n_pred = n_true = 0
    precs, recs = [], []
    for _name, preds, trues in units:
        f, fa, m, matched = detection(preds, trues, norm)
        if not trues:  # a page (document) without tables: every table found on it is false
            free_pages += 1
            on_free += len(preds)
        found, false, missed = found + f, false + fa, missed + m
        # TEDS of each true table against the output table sharing most cells (as parse_bench)
        for p, t in zip(pt.match_tables(preds, trues), trues, strict=True):
            if want_teds:
                teds.append(pt.teds(p, t, flat=True))
        pr = sum((_relations(p, norm) for p in preds), Counter())
        tr = sum((_relations(t, norm) for t in trues), Counter())
        if micro:
            inter += sum((pr & tr).values())
            n_pred += sum(pr.values())
            n_true += sum(tr.values())
        else:
            p, r = pt.adjacency_prf(pr, tr)
            precs.append(p)
            recs.append(r)
    if micro:
        ap, ar, af = _prf(inter, n_pred, n_true)
    else:
        ap = sum(precs) / len(precs) if precs else 0.0
        ar = sum(recs) / len(recs) if recs else 0.0
        af = 2 * ap * ar / (ap + ar) if ap + ar else 0.0
    dp, dr, df = _prf(found, found + false, found + missed)
    return {"units": len(units), "tables": found + missed, "predicted": found + false,
            "false": false, "missed": missed, "free_units": free_pages, "on_free": on_free,
            "teds": sum(teds) / len(teds) if teds else (0.0 if want_teds else None),
            "adj_p": ap, "adj_r": ar, "adj_f1": af, "det_p": dp, "det_r": dr, "det_f1": df}


# ----------------------------------------------------------------------------- data
def tables_extra_gt_html(table: dict) -> str:
    """A tables-extra ground-truth grid as HTML with its spans (covered positions dropped)."""
    import html as htmllib

    spans = {(r, c): (rs, cs) for r, c, rs, cs in table.get("spans", [])}
    covered = set()
    for (r, c), (rs, cs) in spans.items():
        covered |= {(r + dr, c + dc) for dr in range(rs) for dc in range(cs)} - {(r, c)}
    rows = []
    for r, row in enumerate(table["rows"]):
        tds = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            attr = (f' colspan="{cs}"' if cs > 1 else "") + (f' rowspan="{rs}"' if rs > 1 else "")
            tds.append(f"<td{attr}>{htmllib.escape(text)}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return "<table>" + "".join(rows) + "</table>"


def tables_extra_pages(data: Path, dst: Path, folder: Path | None = None,
                       gt_dir: Path | None = None) -> list[tuple[str, Path, list[str]]]:
    """(document name, one-page PDF, true tables as HTML) for every annotated page of
    tables-extra (or of ``folder``, a set in the same layout: ``pdf/``, ``gt/``; with
    ``gt_dir`` the truth is there and the PDFs in ``folder`` or ``folder/pdf``, those
    missing skipped)."""
    import pypdfium2 as pdfium

    folder = folder or data / "tables-extra"
    pdfs = folder / "pdf" if (folder / "pdf").is_dir() else folder
    dst.mkdir(parents=True, exist_ok=True)
    out = []
    for gt_path in sorted((gt_dir or folder / "gt").glob("*.json")):
        if not (pdfs / f"{gt_path.stem}.pdf").exists():
            continue
        gt = json.loads(gt_path.read_text())
        src = pdfium.PdfDocument(str(pdfs / f"{gt_path.stem}.pdf"))
        for page in gt["pages_annotated"]:
            one = pdfium.PdfDocument.new()
            one.import_pages(src, [page - 1])
            path = dst / f"{gt_path.stem}_p{page}.pdf"
            one.save(str(path))
            one.close()
            trues = [tables_extra_gt_html(t) for t in gt["tables"] if t["page"] == page]
            out.append((gt_path.stem, path, trues))
        src.close()
    return out


def baseline_root(ref: str, tmp: Path) -> Path:
    """``src`` and ``bench`` of git ref ``ref`` unpacked under ``tmp``."""
    root = tmp / ref.replace("/", "_")
    root.mkdir(parents=True)
    arch = subprocess.run(["git", "-C", str(pb.ROOT), "archive", ref, "src", "bench"],
                          check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=arch, check=True)
    return root


# ----------------------------------------------------------------------------- run
def run_sets(root: Path, data: Path, args, pages: dict) -> dict:
    """Run Sheaf cost_effective from checkout ``root`` over the sets; scores per part."""
    res: dict = {}
    if args.gov_only or args.word_only or args.html_only or args.latex_only:
        return _page_sets(root, pages)
    icdar = sorted((data / "icdar2013" / "eu").glob("*.pdf"))
    icdar_part = split_sets.part_of("icdar2013-eu", [f.stem for f in icdar])
    if args.docs:
        icdar = [f for p in split_sets.PARTS
                 for f in [g for g in icdar if icdar_part[g.stem] == p][:args.docs]]
    run = pb.run_engine("sheaf_cost_effective", "icdar", icdar, root=root)
    trues = [pt.icdar_tables(f.with_name(f.stem + "-str.xml").read_text()) for f in icdar]
    units = [(f.stem, pt.md_tables(md), t) for f, md, t in zip(icdar, run["md"], trues,
                                                                 strict=True)]
    res["icdar"] = _by_part(units, icdar_part, run, micro=False,
                            pages=[pb.pdf_pages([f]) for f in icdar])
    if args.scanned_icdar:
        res["scanned_icdar"] = scanned(root, icdar, trues, icdar_part, run["md"])
    if not args.scans_only:
        res.update(_page_sets(root, pages))
    return _pubtabnet(root, data, args, res)


def _page_sets(root: Path, pages: dict, engine: str = "sheaf_cost_effective",
               teds: bool = True) -> dict:
    """The sets scored page by page (tables-extra, the generated reports, ``--real``,
    ``--gov``); ``engine``: a peer of ``bench/peers/run_engine.py`` instead of Sheaf."""
    res = {}
    for key, (split, set_pages) in pages.items():
        part = split_sets.part_of(split, sorted({n for n, _, _ in set_pages}))
        run = pb.run_engine(engine, key, [p for _, p, _ in set_pages], root=root)
        units = [(n, pt.md_tables(md), t)
                 for (n, _, t), md in zip(set_pages, run["md"], strict=True)]
        res[key] = _by_part(units, part, run, micro=True, norm=_nfkc_norm, teds=teds)
    return res


def _pubtabnet(root: Path, data: Path, args, res: dict) -> dict:
    if args.pubtabnet:
        gt = pb.pubtabnet_gt(data / "pubtabnet" / "examples" / "PubTabNet_Examples.jsonl")
        names = [n for n in sorted(gt) if (data / "pubtabnet" / "examples" / n).exists()]
        part = split_sets.part_of("pubtabnet", [Path(n).stem for n in names])
        run = pb.run_engine("sheaf_cost_effective", "pubtabnet",
                            [data / "pubtabnet" / "examples" / n for n in names], root=root)
        res["pubtabnet"] = {}
        for p in split_sets.PARTS:
            idx = [i for i, n in enumerate(names) if part[Path(n).stem] == p]
            res["pubtabnet"][p] = pb.pubtabnet_scores(gt, [names[i] for i in idx],
                                                      [run["md"][i] for i in idx])
            res["pubtabnet"][p]["pages_s"] = _rate(run, idx)
    return res


def _rate(run: dict, idx: list[int], pages: list[int] | None = None) -> float | None:
    """Pages per second over the inputs ``idx`` (``pages``: pages of each input, default 1)."""
    per = run.get("per_file") or []
    secs = sum(per[i] for i in idx if i < len(per))
    n = sum(pages[i] for i in idx) if pages else len(idx)
    return n / secs if secs else None


def _by_part(units, part: dict, run: dict, micro: bool, norm=pt._norm,
             pages: list[int] | None = None, teds: bool = True) -> dict:
    if "error" in run:
        raise SystemExit(f"engine run failed: {run['error']}")
    out = {}
    for p in split_sets.PARTS:
        idx = [i for i, u in enumerate(units) if part[u[0]] == p]
        out[p] = score_units([units[i] for i in idx], micro, norm, teds)
        out[p]["pages_s"] = _rate(run, idx, pages)
    out["all"] = score_units(units, micro, norm, teds)
    out["all"]["pages_s"] = _rate(run, list(range(len(units))), pages)
    return out


def _words(md: str) -> Counter:
    return Counter(w for w in (_nfkc_norm(t) for t in pb._plain(md).split()) if w)


def text_scores(scan_md: str, ref_md: str) -> tuple[float, float]:
    """(normalised edit similarity, word F1) of a scan's markdown against the born-digital
    markdown of the same pages, markup removed."""
    from rapidfuzz.distance import Levenshtein

    a, b = pb._plain(scan_md), pb._plain(ref_md)
    sim = Levenshtein.normalized_similarity(a, b) if (a or b) else 1.0
    wa, wb = _words(scan_md), _words(ref_md)
    return sim, _prf(sum((wa & wb).values()), sum(wa.values()), sum(wb.values()))[2]


def scanned(root: Path, icdar: list[Path], trues: list, part: dict, born_md: list[str],
            dpi: int = 150) -> dict:
    """ICDAR pages as 150 dpi PNG images, parsed by Sheaf cost_effective (OCR); text scored
    against ``born_md``, the same code's markdown of the born-digital documents."""
    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory(prefix="sheaf_table_scans_") as tmp:
        pngs, owner = [], []
        for i, f in enumerate(icdar):
            pdf = pdfium.PdfDocument(str(f))
            for k in range(len(pdf)):
                png = Path(tmp) / f"{f.stem}_{k + 1:03d}.png"
                pdf[k].render(scale=dpi / 72).to_pil().save(png)
                pngs.append(png)
                owner.append(i)
            pdf.close()
        run = pb.run_engine("sheaf_cost_effective", "icdar_scans", pngs, timeout=3600, root=root)
    if "error" in run:
        raise SystemExit(f"engine run failed: {run['error']}")
    docs_md = ["\n\n".join(m for m, o in zip(run["md"], owner, strict=True) if o == i)
               for i in range(len(icdar))]
    units = [(f.stem, pt.md_tables(md), trues[i])
             for i, (f, md) in enumerate(zip(icdar, docs_md, strict=True))]
    per = run.get("per_file") or []
    doc_run = {"per_file": [sum(s for s, o in zip(per, owner, strict=False) if o == i)
                            for i in range(len(icdar))]}
    out = _by_part(units, part, doc_run, micro=False,
                   pages=[owner.count(i) for i in range(len(icdar))])
    text = [text_scores(md, ref) for md, ref in zip(docs_md, born_md, strict=True)]
    for p in (*split_sets.PARTS, "all"):
        idx = [i for i, f in enumerate(icdar) if p == "all" or part[f.stem] == p]
        out[p]["text_sim"] = sum(text[i][0] for i in idx) / len(idx) if idx else 0.0
        out[p]["word_f1"] = sum(text[i][1] for i in idx) / len(idx) if idx else 0.0
    return out


# ----------------------------------------------------------------------------- report
def _row(label: str, s: dict) -> str:
    rate = "n/a" if s.get("pages_s") is None else f"{s['pages_s']:.1f}"
    teds = "n/a" if s["teds"] is None else f"{s['teds']:.3f}"
    return (f"| {label} | {s['tables']} | {teds} | {s['adj_p']:.3f} / {s['adj_r']:.3f} / "
            f"**{s['adj_f1']:.3f}** | {s['det_p']:.3f} / {s['det_r']:.3f} / **{s['det_f1']:.3f}** "
            f"| {s['predicted']} | {s['false']} | {s['missed']} | "
            f"{s.get('on_free', 0)} on {s.get('free_units', 0)} | {rate} |")


def report(results: dict[str, dict]) -> None:
    titles = {"icdar": "ICDAR 2013 EU (born-digital; relations averaged per document)",
              "tables_extra": "tables-extra (relations counted over all tables of the part)",
              "reports": "generated government reports (bench/report_pages.py; relations "
                         "over all tables)",
              "real": "--real pages (relations over all tables)",
              "gov": "generated statistical publications, Typst (bench/gov_pages.py; "
                     "relations over all tables)",
              "word": "generated Word reports, LibreOffice (bench/word_pages.py; relations "
                      "over all tables)",
              "html": "generated web bulletins, Chromium (bench/html_pages.py; relations "
                      "over all tables)",
              "latex": "generated papers and reports, pdfLaTeX (bench/latex_pages.py; "
                       "relations over all tables)",
              "scanned_icdar": "ICDAR 2013 EU as 150 dpi scans (OCR; relations per document)"}
    for key, title in titles.items():
        if not any(key in r for r in results.values()):
            continue
        print(f"\n## {title}")
        print("| code / part | tables | TEDS | adj. P / R / F1 | detection P / R / F1 | "
              "predicted | false | missed | on pages without tables | pages/s |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for label, r in results.items():
            for p in (*split_sets.PARTS, "all"):
                if key in r:
                    print(_row(f"{label} {p}", r[key][p]))
    if any("scanned_icdar" in r for r in results.values()):
        print("\n## ICDAR 2013 EU as 150 dpi scans: text against the born-digital output")
        print("| code / part | documents | edit similarity | word F1 |")
        print("|---|---|---|---|")
        for label, r in results.items():
            for p in (*split_sets.PARTS, "all"):
                s = r["scanned_icdar"][p]
                print(f"| {label} {p} | {s['units']} | {s['text_sim']:.3f} | {s['word_f1']:.3f} |")
    if any("pubtabnet" in r for r in results.values()):
        print("\n## PubTabNet examples (images: OCR + table model)")
        print("| code / part | images | TEDS | TEDS-struct | images/s |")
        print("|---|---|---|---|---|")
        for label, r in results.items():
            for p in split_sets.PARTS:
                s = r["pubtabnet"][p]
                rate = "n/a" if s.get("pages_s") is None else f"{s['pages_s']:.2f}"
                print(f"| {label} {p} | {s['images']} | {s['teds']:.3f} | {s['teds_s']:.3f} | "
                      f"{rate} |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(pb.DATA),
                    help="the shared data folder (default: ../shared/data from the repo root)")
    ap.add_argument("--baseline", metavar="REF", help="also run git ref REF (e.g. main)")
    ap.add_argument("--pubtabnet", action="store_true", help="also the PubTabNet images")
    ap.add_argument("--scanned-icdar", action="store_true",
                    help="also the ICDAR pages as 150 dpi scans (about 10 min on 2 cores)")
    ap.add_argument("--scans-only", action="store_true",
                    help="with --scanned-icdar: skip the page-by-page sets (tables-extra, reports)")
    ap.add_argument("--docs", type=int, default=0, metavar="N",
                    help="only the first N ICDAR documents of each part (quick checks)")
    ap.add_argument("--no-reports", action="store_true",
                    help="skip the generated government-report pages (bench/report_pages.py)")
    ap.add_argument("--real", metavar="DIR",
                    help="also the real pages of bench/real_pages/*.json, PDFs from DIR (how "
                         "to get them: bench/real_pages/README.md)")
    ap.add_argument("--gov", action="store_true",
                    help="also the Typst statistical-publication pages (bench/gov_pages.py)")
    ap.add_argument("--gov-only", action="store_true",
                    help="only the --gov pages (no ICDAR, tables-extra, reports)")
    ap.add_argument("--word", action="store_true",
                    help="also the Word / LibreOffice report pages (bench/word_pages.py)")
    ap.add_argument("--word-only", action="store_true",
                    help="only the --word pages (no ICDAR, tables-extra, reports)")
    ap.add_argument("--html", action="store_true",
                    help="also the HTML / Chromium web bulletins (bench/html_pages.py)")
    ap.add_argument("--html-only", action="store_true",
                    help="only the --html pages (no ICDAR, tables-extra, reports)")
    ap.add_argument("--latex", action="store_true",
                    help="also the pdfLaTeX papers and reports (bench/latex_pages.py)")
    ap.add_argument("--latex-only", action="store_true",
                    help="only the --latex pages (no ICDAR, tables-extra, reports)")
    ap.add_argument("--peers", action="store_true",
                    help="with --gov / --word / --html / --latex: also score the peers of "
                         f"bench/peers that write tables ({', '.join(GOV_PEERS)}) on those pages")
    ap.add_argument("--json", action="store_true", help="write bench/out/parse/tables.json")
    args = ap.parse_args()
    data = Path(args.data)
    if not (data / "icdar2013" / "eu").is_dir():
        ap.error(f"no data at {data} (pass --data)")
    t0 = time.time()
    args.gov = args.gov or args.gov_only
    args.word = args.word or args.word_only
    args.html = args.html or args.html_only
    args.latex = args.latex or args.latex_only
    only = args.gov_only or args.word_only or args.html_only or args.latex_only
    pages = {} if only else {
        "tables_extra": ("tables-extra", tables_extra_pages(data, pb.OUT / "tables_extra_pages"))}
    if not (args.no_reports or only):  # generated now: nothing is fetched
        report_pages.write(pb.OUT / "reports", REPORT_DOCS)
        pages["reports"] = ("reports", tables_extra_pages(
            data, pb.OUT / "reports_pages", pb.OUT / "reports"))
    if args.gov:  # generated now with Typst: nothing is fetched
        gov_pages.write(pb.OUT / "gov", GOV_DOCS)
        pages["gov"] = ("gov", tables_extra_pages(data, pb.OUT / "gov_pages", pb.OUT / "gov"))
    if args.word:  # generated now with python-docx, printed by LibreOffice (cached)
        word_pages.write(pb.OUT / "word", WORD_DOCS)
        pages["word"] = ("word", tables_extra_pages(data, pb.OUT / "word_pages",
                                                    pb.OUT / "word"))
    if args.html:  # generated now as HTML, printed by headless Chromium (cached)
        html_pages.write(pb.OUT / "html", HTML_DOCS)
        pages["html"] = ("html", tables_extra_pages(data, pb.OUT / "html_pages",
                                                    pb.OUT / "html"))
    if args.latex:  # generated now as LaTeX, typeset by pdfLaTeX (cached)
        latex_pages.write(pb.OUT / "latex", LATEX_DOCS)
        pages["latex"] = ("latex", tables_extra_pages(data, pb.OUT / "latex_pages",
                                                      pb.OUT / "latex"))
    if args.real:
        pages["real"] = ("real", tables_extra_pages(data, pb.OUT / "real_pages",
                                                    Path(args.real), REAL_GT))
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="sheaf_table_bench_") as tmp:
        if args.baseline:
            print(f"[{time.time() - t0:4.0f}s] baseline {args.baseline}", file=sys.stderr)
            results[f"{args.baseline}"] = run_sets(baseline_root(args.baseline, Path(tmp)),
                                                   data, args, pages)
        print(f"[{time.time() - t0:4.0f}s] this checkout", file=sys.stderr)
        results["this"] = run_sets(pb.ROOT, data, args, pages)
    if args.peers and (args.gov or args.word or args.html or args.latex):
        pb.ensure_peers_venv()
        for engine in GOV_PEERS:
            print(f"[{time.time() - t0:4.0f}s] peer {engine}", file=sys.stderr)
            results[engine] = _page_sets(
                pb.ROOT, {k: pages[k] for k in ("gov", "word", "html", "latex") if k in pages},
                engine, teds=False)
    report(results)
    print(f"\n(total bench time {time.time() - t0:.0f}s)")
    if args.json:
        (pb.OUT / "tables.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
