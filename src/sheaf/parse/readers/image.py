"""Raster images (PNG, JPEG, TIFF, BMP, WebP, GIF): one page per frame, text by OCR."""

from __future__ import annotations

import io
import warnings

from ..errors import ParseError
from ..layout.model import RawPage
from ..options import ParseOptions

__all__ = ["ImageReader"]

ACCEPTS = ("png", "jpeg", "tiff", "bmp", "webp", "gif")


def open_image(data: bytes, opts: ParseOptions):
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover
        raise ParseError("image support needs the 'pillow' package, which is not installed") \
            from None
    Image.MAX_IMAGE_PIXELS = opts.max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
        w, h = img.size
    except Image.DecompressionBombError:
        raise ParseError(f"image is too large (more than {opts.max_pixels} pixels)") from None
    except Exception:
        raise ParseError("image is corrupt or truncated and cannot be decoded") from None
    if w * h > opts.max_pixels:
        raise ParseError(f"image is too large ({w}x{h} pixels; the limit is {opts.max_pixels})")
    if w <= 0 or h <= 0:
        raise ParseError("image has no pixels")
    return img


class ImageReader:
    accepts = ACCEPTS

    def frames(self, data: bytes, opts: ParseOptions):
        """Yield (page_number, PIL image or None, error) for the selected frames."""
        img = open_image(data, opts)
        n = getattr(img, "n_frames", 1) or 1
        if n > opts.max_page_count:
            raise ParseError(f"image has too many frames ({n}; the limit is {opts.max_page_count})")
        for num in opts.select_pages(n):
            try:
                img.seek(num - 1)
                frame = img.copy()
                frame.load()
                yield num, frame, None
            except Exception as e:  # a bad frame fails only its page
                yield num, None, f"could not decode frame {num}: {e.__class__.__name__}"

    @staticmethod
    def raw_page(num: int, frame) -> RawPage:
        # 1 pixel = 1 point unless the file states its resolution
        dpi = frame.info.get("dpi")
        scale = 72.0 / float(dpi[0]) if dpi and dpi[0] and float(dpi[0]) > 1 else 1.0
        return RawPage(num, frame.width * scale, frame.height * scale)
