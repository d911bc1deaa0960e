"""Saved images (``output_options.images_to_save``): PNG crops and page screenshots.

- ``embedded``: each image object embedded in a PDF page, as itself (pypdfium2).
- ``layout``: the region of each ``image`` item the layout found on a page (cropped from a page
  render); the item's ``url`` becomes the saved file's name.
- ``screenshot``: the whole page rendered (PDF) or the frame itself (image inputs).

Memory stays bounded: images are produced one at a time and handed to ``on_image`` (the job
runner writes each to the blob store straight away); without a callback their bytes stay on
``Document.images``. Both paths stop at :data:`MAX_IMAGES` images / :data:`MAX_TOTAL_BYTES`
bytes per document and say so in ``Document.warnings``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from .document import BBox, Document, Page
from .options import ParseOptions

__all__ = [
    "MAX_IMAGES",
    "MAX_IMAGE_SIDE",
    "MAX_TOTAL_BYTES",
    "SavedImage",
    "save_images",
]

MAX_IMAGES = 500  # per document
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # PNG bytes per document
MAX_IMAGE_SIDE = 2000  # longest side of a saved PNG, pixels (larger ones are downscaled)
MAX_EMBEDDED_PIXELS = 50_000_000  # embedded images bigger than this are not decoded
MAX_EMBEDDED_PER_PAGE = 100
RENDER_DPI = 150  # page renders for screenshots and layout crops
IMAGE_FORMATS = ("png", "jpeg", "tiff", "bmp", "webp", "gif")


@dataclass(slots=True)
class SavedImage:
    filename: str  # e.g. page_1_image_0.png
    index: int  # 0-based, in the order saved
    page: int  # 1-based page number
    category: str  # embedded | layout | screenshot
    bbox: BBox | None  # on the page, in points
    size_bytes: int
    content_type: str = "image/png"
    data: bytes | None = None  # PNG bytes, only when no on_image callback took them

    def to_dict(self) -> dict:
        b = self.bbox
        return {
            "filename": self.filename,
            "index": self.index,
            "page_number": self.page,
            "category": self.category,
            "bbox": None
            if b is None
            else {"x": round(b.x), "y": round(b.y), "w": round(b.w), "h": round(b.h)},
            "content_type": self.content_type,
            "size_bytes": self.size_bytes,
        }


OnImage = Callable[[SavedImage, bytes], None]


class _Saver:
    def __init__(self, doc: Document, on_image: OnImage | None) -> None:
        self.doc, self.on_image = doc, on_image
        self.total = 0
        self.full = False

    def add(self, img, page: int, category: str, name: str, bbox: BBox | None) -> str | None:
        if self.full:
            return None
        if len(self.doc.images) >= MAX_IMAGES:
            self._stop(f"only the first {MAX_IMAGES} images were saved (per-document limit)")
            return None
        longest = max(img.width, img.height)
        if longest > MAX_IMAGE_SIDE:
            f = MAX_IMAGE_SIDE / longest
            img = img.resize((max(1, int(img.width * f)), max(1, int(img.height * f))))
        if img.mode not in ("RGB", "RGBA", "L", "LA", "1", "P"):
            img = img.convert("RGB")
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        png = buf.getvalue()
        if self.total + len(png) > MAX_TOTAL_BYTES:
            self._stop(
                f"images stopped at {len(self.doc.images)}: the saved images would "
                f"exceed {MAX_TOTAL_BYTES // (1024 * 1024)} MiB for this document"
            )
            return None
        self.total += len(png)
        rec = SavedImage(name, len(self.doc.images), page, category, bbox, len(png))
        if self.on_image is not None:
            self.on_image(rec, png)
        else:
            rec.data = png
        self.doc.images.append(rec)
        return name

    def _stop(self, msg: str) -> None:
        self.full = True
        self.doc.warnings.append(msg)


def _iou(a: BBox, b: BBox) -> float:
    x0, y0 = max(a.x, b.x), max(a.y, b.y)
    x1, y1 = min(a.x1, b.x1), min(a.y1, b.y1)
    inter = max(0.0, x1 - x0) * max(0.0, y1 - y0)
    union = a.w * a.h + b.w * b.h - inter
    return inter / union if union > 0 else 0.0


def _image_items(page: Page) -> list:
    return [it for it in page.items if it.type == "image" and it.bbox is not None]


def save_images(
    doc: Document, data: bytes, fmt: str, opts: ParseOptions, on_image: OnImage | None = None
) -> None:
    """Save the categories in ``opts.images_to_save`` for the document's parsed pages."""
    cats = opts.images_to_save
    if not cats:
        return
    saver = _Saver(doc, on_image)
    if fmt == "pdf":
        _pdf(doc, data, opts, cats, saver)
    elif fmt in IMAGE_FORMATS:
        _frames(doc, data, opts, cats, saver)
    else:
        doc.warnings.append(
            f"images_to_save: {fmt or 'this'} input has no page images; "
            "images are saved for PDF and image inputs only"
        )


def _pdf(
    doc: Document, data: bytes, opts: ParseOptions, cats: tuple[str, ...], saver: _Saver
) -> None:
    import pypdfium2.raw as pr

    from .readers.pdf import _Xf, open_pdf

    pdf = open_pdf(data, opts.password)
    try:
        for page in doc.pages:
            if saver.full:
                break
            if not page.ok:
                continue
            pp = pdf[page.number - 1]
            try:
                items = _image_items(page) if "layout" in cats else []
                if "screenshot" in cats or items:
                    w, h = pp.get_size()
                    scale = min(RENDER_DPI / 72.0, 2 * MAX_IMAGE_SIDE / max(w, h, 1.0))
                    full = pp.render(scale=scale).to_pil()
                    sx = full.width / max(page.width, 1.0)
                    if "screenshot" in cats:
                        saver.add(
                            full,
                            page.number,
                            "screenshot",
                            f"page_{page.number}_screenshot.png",
                            BBox(0.0, 0.0, page.width, page.height),
                        )
                    for k, it in enumerate(items):
                        b = it.bbox
                        box = (
                            int(b.x * sx),
                            int(b.y * sx),
                            max(int(b.x1 * sx), int(b.x * sx) + 1),
                            max(int(b.y1 * sx), int(b.y * sx) + 1),
                        )
                        name = saver.add(
                            full.crop(box),
                            page.number,
                            "layout",
                            f"page_{page.number}_layout_{k}.png",
                            b,
                        )
                        if name:
                            it.url = name
                    del full
                if "embedded" in cats:
                    xf = _Xf(pp)
                    targets = [it for it in _image_items(page) if not it.url]
                    objs = pp.get_objects(filter=(pr.FPDF_PAGEOBJ_IMAGE,), max_depth=8)
                    for k, obj in enumerate(objs):
                        if k >= MAX_EMBEDDED_PER_PAGE or saver.full:
                            break
                        try:
                            pw, ph = obj.get_px_size()
                            if pw * ph > MAX_EMBEDDED_PIXELS:
                                doc.warnings.append(
                                    f"page {page.number}: embedded image {k} not saved "
                                    f"({pw}x{ph} px is over the decode limit)"
                                )
                                continue
                            l_, b_, r_, t_ = obj.get_bounds()
                            x0, y0, x1, y1 = xf.box(l_, b_, r_, t_)
                            bbox = BBox(x0, y0, x1 - x0, y1 - y0)
                            try:
                                img = obj.get_bitmap(render=True).to_pil()
                            except Exception:  # noqa: BLE001 - fall back to the raw pixels
                                img = obj.get_bitmap(render=False).to_pil()
                        except Exception as e:  # noqa: BLE001
                            doc.warnings.append(
                                f"page {page.number}: embedded image {k} could "
                                f"not be extracted ({e.__class__.__name__})"
                            )
                            continue
                        name = saver.add(
                            img, page.number, "embedded", f"page_{page.number}_image_{k}.png", bbox
                        )
                        overlaps = [(_iou(it.bbox, bbox), it) for it in targets]
                        best = max(overlaps, key=lambda pair: pair[0], default=None)
                        match = best[1] if best is not None else None
                        if name and match is not None and _iou(match.bbox, bbox) > 0.7:
                            match.url = name
                            targets.remove(match)
            finally:
                pp.close()
    finally:
        pdf.close()


def _frames(
    doc: Document, data: bytes, opts: ParseOptions, cats: tuple[str, ...], saver: _Saver
) -> None:
    from .readers.image import ImageReader

    pages = {p.number: p for p in doc.pages if p.ok}
    for num, frame, _err in ImageReader().frames(data, opts):
        page = pages.get(num)
        if page is None or frame is None or saver.full:
            continue
        if "screenshot" in cats:
            saver.add(
                frame,
                num,
                "screenshot",
                f"page_{num}_screenshot.png",
                BBox(0.0, 0.0, page.width, page.height),
            )
        if "layout" in cats:
            sx = frame.width / max(page.width, 1.0)
            for k, it in enumerate(_image_items(page)):
                b = it.bbox
                box = (
                    int(b.x * sx),
                    int(b.y * sx),
                    max(int(b.x1 * sx), int(b.x * sx) + 1),
                    max(int(b.y1 * sx), int(b.y * sx) + 1),
                )
                name = saver.add(frame.crop(box), num, "layout", f"page_{num}_layout_{k}.png", b)
                if name:
                    it.url = name
