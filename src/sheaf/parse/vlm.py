"""Optional vision model for the agentic tiers: page image -> markdown via an OpenAI-compatible
``/chat/completions`` endpoint (OpenAI, vLLM, Ollama, llama.cpp server, ...).

The engine never reads the environment for this: callers pass a :class:`VlmConfig` to
``sheaf.parse.parse(..., vlm=...)`` (the job runner builds one from ``Settings``).

Only the page *markdown* comes from the model. ``items``, bboxes, text and metadata stay the
local pipeline's. A page the endpoint fails on keeps its local markdown, and the failure goes
into ``Document.warnings`` and ``Document.vlm["errors"]``. Failures are never silent.
"""

from __future__ import annotations

import base64
import io
import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

from .document import Document
from .options import ParseOptions

__all__ = ["VLM_TIERS", "PAGE_PROMPT", "VlmConfig", "apply_vlm", "build_prompt"]

VLM_TIERS = ("agentic", "agentic_plus")
IMAGE_FORMATS = ("png", "jpeg", "tiff", "bmp", "webp", "gif")
_AS_IS_MIME = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp", "gif": "image/gif"}
_AS_IS_MAX_BYTES = 8 * 1024 * 1024

PAGE_PROMPT = (
    "You are converting one page of a document to Markdown. Transcribe the page faithfully: "
    "keep every piece of text in reading order, exactly as written (no summarising, no "
    "translation, no corrections). Use Markdown headings for titles and section headings, "
    "Markdown lists for lists, and Markdown tables (with a header row) for tables. Describe "
    "figures or charts briefly in an image placeholder like ![description](). Leave out running "
    "page headers, footers and page numbers. Reply with the page's Markdown only, with no "
    "preamble and no code fence around it."
)

_FENCE = re.compile(r"^\s*```(?:markdown|md)?[ \t]*\n(.*?)\n```\s*$", re.S | re.I)


@dataclass(frozen=True)
class VlmConfig:
    base_url: str  # e.g. http://127.0.0.1:8000/v1 (the path that holds /chat/completions)
    model: str
    api_key: str | None = None
    timeout_seconds: float = 120.0
    max_pages: int = 200  # pages per document sent to the model; the rest keep local markdown
    dpi: int = 144
    max_side: int = 2000  # longest side of a page image, pixels
    concurrency: int = 4  # requests in flight at once
    max_retries: int = 1

    @property
    def stage(self) -> str:
        return f"vlm:{self.model}"


def build_prompt(custom_prompt: str | None) -> str:
    if custom_prompt and custom_prompt.strip():
        return f"{PAGE_PROMPT}\n\nAdditional instructions from the user:\n{custom_prompt.strip()}"
    return PAGE_PROMPT


def clean_markdown(text: str) -> str:
    m = _FENCE.match(text or "")
    return (m.group(1) if m else (text or "")).strip()


def _data_url(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _png_url(img, max_side: int) -> str:
    longest = max(img.width, img.height)
    if longest > max_side:
        f = max_side / longest
        img = img.resize((max(1, int(img.width * f)), max(1, int(img.height * f))))
    if img.mode not in ("RGB", "L", "RGBA"):
        img = img.convert("RGB")
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return _data_url(buf.getvalue(), "image/png")


def _crop(img, opts: ParseOptions):
    if not opts.crop:
        return img
    t, b, l_, r = opts.crop
    W, H = img.width, img.height
    return img.crop(
        (
            int(l_ * W),
            int(t * H),
            max(int(l_ * W) + 1, int(W - r * W)),
            max(int(t * H) + 1, int(H - b * H)),
        )
    )


def _pdf_pages(
    data: bytes, opts: ParseOptions, cfg: VlmConfig, numbers: list[int]
) -> Iterator[tuple[int, str | None, str | None]]:
    from .readers.pdf import open_pdf

    pdf = open_pdf(data, opts.password)
    try:
        for num in numbers:
            try:
                page = pdf[num - 1]
                try:
                    w, h = page.get_size()
                    scale = cfg.dpi / 72.0
                    if max(w, h) * scale > cfg.max_side:
                        scale = cfg.max_side / max(w, h, 1.0)
                    if w * h * scale * scale > opts.max_pixels:
                        scale = (opts.max_pixels / max(w * h, 1.0)) ** 0.5
                    img = page.render(scale=max(scale, 0.05)).to_pil()
                finally:
                    page.close()
                yield num, _png_url(_crop(img, opts), cfg.max_side), None
            except Exception as e:  # noqa: BLE001 - one page's render failure is that page's
                yield num, None, f"could not render the page for the vision model: {_msg(e)}"
    finally:
        pdf.close()


def _image_pages(
    data: bytes, fmt: str, opts: ParseOptions, cfg: VlmConfig, numbers: list[int]
) -> Iterator[tuple[int, str | None, str | None]]:
    from .readers.image import ImageReader

    wanted = set(numbers)
    for num, frame, err in ImageReader().frames(data, opts):
        if num not in wanted:
            continue
        if frame is None:
            yield num, None, err or "could not decode frame"
            continue
        n_frames = getattr(frame, "n_frames", 1) or 1
        if (
            fmt in _AS_IS_MIME
            and not opts.crop
            and n_frames == 1
            and len(data) <= _AS_IS_MAX_BYTES
            and max(frame.width, frame.height) <= cfg.max_side
        ):
            yield num, _data_url(data, _AS_IS_MIME[fmt]), None  # the image as itself
        else:
            yield num, _png_url(_crop(frame, opts), cfg.max_side), None


def _msg(e: BaseException) -> str:
    s = " ".join(str(e).split())
    status = getattr(e, "status_code", None)
    s = f"{e.__class__.__name__}: {s}" if s else e.__class__.__name__
    if status and str(status) not in s:
        s = f"{s} (HTTP {status})"
    return s[:400]


def _client(cfg: VlmConfig):
    from openai import OpenAI

    return OpenAI(
        base_url=cfg.base_url,
        api_key=cfg.api_key or "sheaf-no-key",
        timeout=cfg.timeout_seconds,
        max_retries=cfg.max_retries,
    )


def _ask(client, cfg: VlmConfig, prompt: str, image_url: str) -> str:
    resp = client.chat.completions.create(
        model=cfg.model,
        temperature=0,
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": prompt},
                    {"type": "image_url", "image_url": {"url": image_url}},
                ],
            }
        ],
    )
    choices = getattr(resp, "choices", None) or []
    text = choices[0].message.content if choices and choices[0].message else None
    md = clean_markdown(text or "")
    if not md:
        raise ValueError("the model returned no markdown")
    return md


def apply_vlm(
    doc: Document,
    data: bytes,
    fmt: str,
    opts: ParseOptions,
    cfg: VlmConfig,
    *,
    ask: Callable[[str, str], str] | None = None,
) -> None:
    """Replace each successfully parsed page's markdown with the model's; record what happened.

    ``ask(prompt, image_url) -> markdown`` overrides the HTTP call (tests, other clients).
    """
    info: dict = {
        "model": cfg.model,
        "base_url": cfg.base_url,
        "pages": [],
        "errors": [],
        "skipped_pages": [],
    }
    doc.vlm = info
    if fmt != "pdf" and fmt not in IMAGE_FORMATS:
        msg = (
            f"vision model {cfg.model} not used: {fmt or 'this'} input has no page images; "
            "markdown is from the local pipeline"
        )
        info["skipped_reason"] = msg
        doc.warnings.append(msg)
        return
    ok = [p.number for p in doc.pages if p.ok]
    numbers = ok[: max(cfg.max_pages, 0)]
    if len(ok) > len(numbers):
        info["skipped_pages"] = ok[len(numbers) :]
        doc.warnings.append(
            f"vision model used on the first {len(numbers)} pages only (limit "
            f"{cfg.max_pages}); the other {len(ok) - len(numbers)} pages keep local markdown"
        )
    if not numbers:
        return
    prompt = build_prompt(opts.custom_prompt)
    if ask is None:
        try:
            client = _client(cfg)
        except Exception as e:  # noqa: BLE001 - a bad configuration fails every page, loudly
            bad = _msg(e)

            def ask(p: str, url: str) -> str:
                raise RuntimeError(f"vision model client could not be created: {bad}")
        else:

            def ask(p: str, url: str) -> str:
                return _ask(client, cfg, p, url)

    by_num = {p.number: p for p in doc.pages}
    results: dict[int, str] = {}
    errors: dict[int, str] = {}
    lock = threading.Lock()

    def done(num: int, fut: Future) -> None:
        try:
            md = fut.result()
        except Exception as e:  # noqa: BLE001 - any endpoint failure falls back per page
            with lock:
                errors[num] = _msg(e)
            return
        with lock:
            results[num] = md

    pages = (
        _pdf_pages(data, opts, cfg, numbers)
        if fmt == "pdf"
        else _image_pages(data, fmt, opts, cfg, numbers)
    )
    workers = max(1, min(cfg.concurrency, len(numbers)))
    in_flight: list[Future] = []
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sheaf-vlm") as pool:
        for num, url, err in pages:
            if err is not None or url is None:
                errors[num] = err or "no page image"
                continue
            fut = pool.submit(ask, prompt, url)
            fut.add_done_callback(partial(done, num))
            in_flight.append(fut)
            if len(in_flight) >= workers * 2:  # bound the encoded page images held in memory
                in_flight[0].exception()
                in_flight = [f for f in in_flight if not f.done()]
    for num in numbers:
        page = by_num[num]
        if num in results:
            page.markdown = results[num]
            page.markdown_source = cfg.stage
            info["pages"].append(num)
        else:
            err = errors.get(num, "no response")
            info["errors"].append({"page": num, "error": err})
            doc.warnings.append(
                f"vision model failed on page {num} ({err}); used the local markdown for that page"
            )
    if info["pages"]:
        doc.pipeline.append(cfg.stage)
