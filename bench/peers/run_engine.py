"""Run ONE parse engine over a list of files; write one markdown file per input.

    PYTHON bench/peers/run_engine.py ENGINE JOB.json

``JOB.json``: ``{"files": [...], "out": DIR, "min_seconds": 0}``. Writes ``DIR/NNNN.md`` for input
number NNNN and prints one JSON line: total seconds of the first pass (imports and model loading
excluded unless the engine loads lazily), seconds per file, errors, pages and OCR pages (Sheaf
only), repetitions, and the peak RSS of this process and its children (``ru_maxrss``).

Sheaf engines and raw pypdfium2 run with Sheaf's ``.venv`` python; the peers run with
``bench/.venv-peers`` python, so Sheaf's environment never sees them. When ``min_seconds`` > 0,
the whole list is parsed again (up to 3 passes) until that much time has passed, and ``seconds``
is the mean per pass (for the speed table of very fast engines).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

PDF_ONLY = {"pypdfium2", "pdf_oxide", "opendataloader"}


def _sheaf(tier: str):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    from sheaf.parse import parse
    from sheaf.parse.render import render

    def run(path: str) -> tuple[str, int, int]:
        doc = parse(path, tier=tier)
        md = render(doc, "markdown_full")
        return md, len(doc.pages), sum(1 for p in doc.pages if p.ocr)

    return run


def _pypdfium2():
    import pypdfium2 as pdfium

    def run(path: str):
        pdf = pdfium.PdfDocument(path)
        parts = []
        for i in range(len(pdf)):
            pg = pdf[i]
            tp = pg.get_textpage()
            parts.append(tp.get_text_range())
            tp.close()
            pg.close()
        n = len(pdf)
        pdf.close()
        return "\n\n".join(parts), n, 0

    return run


def _pymupdf4llm():
    import pymupdf4llm

    def run(path: str):
        return pymupdf4llm.to_markdown(path, show_progress=False), None, 0

    return run


def _pdf_oxide():
    import pdf_oxide

    def run(path: str):
        doc = pdf_oxide.PdfDocument(path)
        return doc.to_markdown_all(), None, 0

    return run


def _markitdown():
    from markitdown import MarkItDown

    md = MarkItDown(enable_plugins=False)

    def run(path: str):
        return md.convert(path).text_content, None, 0

    return run


def _unstructured():
    os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")
    os.environ.setdefault("SCARF_NO_ANALYTICS", "true")
    os.environ.setdefault("DO_NOT_TRACK", "true")
    from unstructured.partition.auto import partition
    from unstructured.staging.base import elements_to_md

    def run(path: str):
        return elements_to_md(partition(filename=path, strategy="fast")), None, 0

    return run


ENGINES = {
    "sheaf_fast": lambda: _sheaf("fast"),
    "sheaf_cost_effective": lambda: _sheaf("cost_effective"),
    "sheaf_agentic": lambda: _sheaf("agentic"),
    "pypdfium2": _pypdfium2,
    "pymupdf4llm": _pymupdf4llm,
    "pdf_oxide": _pdf_oxide,
    "markitdown": _markitdown,
    "unstructured": _unstructured,
}


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def _opendataloader(files: list[str], out: Path, res: dict) -> None:
    """One JVM for the whole batch (the wrapper's intended use); time includes JVM start."""
    import opendataloader_pdf

    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp, "in"), Path(tmp, "out")
        src.mkdir()
        todo = []
        for i, f in enumerate(files):
            if not f.lower().endswith(".pdf"):
                res["errors"][i] = "unsupported format"
                continue
            os.symlink(f, src / f"{i:04d}.pdf")
            todo.append(i)
        t0 = time.perf_counter()
        if todo:
            opendataloader_pdf.convert(
                input_path=[str(src)], output_dir=str(dst), format="markdown", quiet=True
            )
        res["seconds"] = time.perf_counter() - t0
        for i in todo:
            hits = list(dst.rglob(f"{i:04d}.md"))
            if hits:
                (out / f"{i:04d}.md").write_text(hits[0].read_text(errors="replace"))
            else:
                res["errors"][i] = "no output"


def main() -> int:
    engine, job_path = sys.argv[1], sys.argv[2]
    job = json.loads(Path(job_path).read_text())
    files, out = job["files"], Path(job["out"])
    out.mkdir(parents=True, exist_ok=True)
    res: dict = {
        "engine": engine,
        "files": len(files),
        "errors": {},
        "per_file": [],
        "per_file_ocr": [],
        "pages": 0,
        "ocr_pages": 0,
        "reps": 1,
        "seconds": 0.0,
    }
    if engine == "opendataloader":
        _opendataloader(files, out, res)
    else:
        run = ENGINES[engine]()
        min_s = float(job.get("min_seconds") or 0)
        t_all = time.perf_counter()
        for rep in range(3):
            for i, f in enumerate(files):
                if engine in PDF_ONLY and not f.lower().endswith(".pdf"):
                    res["errors"][i] = "unsupported format"
                    continue
                t0 = time.perf_counter()
                try:
                    md, pages, ocr = run(f)
                except Exception as e:  # noqa: BLE001 - a peer's failure is a result
                    res["errors"][i] = f"{type(e).__name__}: {str(e)[:200]}"
                    md, pages, ocr = "", None, 0
                if rep == 0:
                    res["per_file"].append(time.perf_counter() - t0)
                    res["pages"] += pages or 0
                    res["ocr_pages"] += ocr
                    res["per_file_ocr"].append(ocr)
                    (out / f"{i:04d}.md").write_text(md or "")
            res["reps"] = rep + 1
            if time.perf_counter() - t_all >= min_s:
                break
        res["seconds"] = (time.perf_counter() - t_all) / res["reps"]
    res["peak_rss_mb"] = _peak_mb()
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
