"""PDF reader (pypdfium2): text layer -> lines with fonts, plus ruling lines, images and links.

``fast`` keeps pdfium's own text and splits it into paragraphs; the other tiers extract every
character with its box and font and hand a :class:`RawPage` to the layout stages.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections import Counter
from collections.abc import Iterator

from ..document import BBox, Document, Item, Page, Word
from ..errors import ParseError
from ..layout.model import Line, RawPage, Rule
from ..limits import MAX_PAGE_OBJECTS
from ..options import ParseOptions
from .pdf_accents import compose_accents

try:  # guarded: importing sheaf.parse never fails for a missing extra
    import pypdfium2 as pdfium
    import pypdfium2.raw as pr
except ImportError:  # pragma: no cover
    pdfium = None
    pr = None

__all__ = ["PdfReader", "open_pdf"]

ACCEPTS = ("pdf",)

_SPACES = {0x20, 0xA0, 0x09, 0x3000, 0x2002, 0x2003, 0x2009, 0x200B}
_BREAKS = {0x0D, 0x0A, 0x02, 0xFFFE, 0xFFFF, 0x0C}
_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demibold|,b$|-b$", re.I)
_ITALIC_RE = re.compile(r"italic|oblique", re.I)
_MONO_RE = re.compile(r"mono|courier|consolas|menlo|typewriter|cmtt|inconsolata|code", re.I)


def _require() -> None:
    if pdfium is None:  # pragma: no cover
        raise ParseError("PDF support needs the 'pypdfium2' package, which is not installed")


def open_pdf(data: bytes, password: str | None = None):
    _require()
    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == pr.FPDF_ERR_PASSWORD:
            if password:
                raise ParseError("PDF is encrypted and the given password is wrong") from None
            raise ParseError("PDF is encrypted and no password was given") from None
        if code == pr.FPDF_ERR_SECURITY:
            raise ParseError("PDF uses an unsupported security handler (encryption)") from None
        raise ParseError("PDF is corrupt or truncated and cannot be opened") from None


# --------------------------------------------------------------------------- coordinates
class _Xf:
    """Maps PDF user space (bottom-left origin, unrotated) to display space (top-left origin,
    after /Rotate), then, with ``turn``, to the frame in which the page's text reads left to
    right (the page turned ``turn`` degrees clockwise, as an OCR'd page's orientation)."""

    __slots__ = ("l", "b", "W", "H", "rot", "turn")

    def __init__(self, page) -> None:
        left, b, r, t = page.get_cropbox()
        self.l, self.b = left, b
        self.W, self.H = r - left, t - b
        self.rot = page.get_rotation() % 360
        self.turn = 0

    @property
    def display_size(self) -> tuple[float, float]:
        return (self.H, self.W) if self.rot in (90, 270) else (self.W, self.H)

    @property
    def size(self) -> tuple[float, float]:
        w, h = self.display_size
        return (h, w) if self.turn in (90, 270) else (w, h)

    def turned(self, x: float, y: float) -> tuple[float, float]:
        """A display-space point in the turned frame."""
        w, h = self.display_size
        t = self.turn
        if t == 0:
            return x, y
        if t == 270:  # text runs down the page
            return y, w - x
        if t == 90:  # text runs up the page
            return h - y, x
        return w - x, h - y

    def pt(self, x: float, y: float) -> tuple[float, float]:
        u, v = x - self.l, y - self.b
        r = self.rot
        if r == 0:
            d = u, self.H - v
        elif r == 90:
            d = v, u
        elif r == 180:
            d = self.W - u, v
        else:
            d = self.H - v, self.W - u
        return self.turned(*d) if self.turn else d

    def box(self, left: float, bottom: float, right: float, top: float):
        ax, ay = self.pt(left, bottom)
        bx, by = self.pt(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


# --------------------------------------------------------------------------- characters
class _FontCache:
    __slots__ = ("cache", "buf", "scales", "matrix")

    def __init__(self) -> None:
        self.cache: dict[int, tuple] = {}
        self.buf = ctypes.create_string_buffer(256)
        self.scales: dict[int, float] = {}
        self.matrix = pr.FS_MATRIX()

    def scale(self, tp, i: int, obj) -> float:
        """How much the text's matrix scales its font size (the length of its y axis, so
        rotation and horizontal squeezing leave it alone): producers such as Chromium write
        sizes in CSS pixels under a 0.75 matrix, and pdfium reports the unscaled size."""
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        hit = self.scales.get(key)
        if hit is None:
            m = self.matrix
            ok = pr.FPDFText_GetMatrix(tp, i, ctypes.byref(m))
            hit = math.hypot(m.c, m.d) if ok else 1.0
            self.scales[key] = hit = hit if hit > 0 else 1.0
        return hit

    def get(self, tp, i: int, obj) -> tuple:
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        flags = ctypes.c_int(0)
        n = pr.FPDFText_GetFontInfo(tp, i, self.buf, 256, ctypes.byref(flags))
        name = self.buf.raw[: max(0, n - 1)].decode("utf-8", "replace") if n else ""
        weight = pr.FPDFText_GetFontWeight(tp, i)
        fl = flags.value
        bold = weight >= 600 or bool(_BOLD_RE.search(name)) or bool(fl & (1 << 18))
        italic = bool(fl & 64) or bool(_ITALIC_RE.search(name))
        hidden = bool(obj) and pr.FPDFTextObj_GetTextRenderMode(obj) == 3
        mono = bool(_MONO_RE.search(name)) and not hidden
        if hidden or "glyphless" in name.lower():  # an OCR text layer: no real font styles
            bold = italic = mono = False
        angle = pr.FPDFText_GetCharAngle(tp, i)
        deg = round(math.degrees(angle)) % 360 if angle >= 0 else 0
        hit = (bold, italic, mono, hidden, deg)
        self.cache[key] = hit
        return hit


def _extract_lines(tp, xf: _Xf, opts: ParseOptions, crop_rect) -> tuple[list[Line], int, bool]:
    """Characters in stream order -> words -> lines (segments split at wide gaps)."""
    n = pr.FPDFText_CountChars(tp)
    if n <= 0:
        return [], 0, False
    rect = pr.FS_RECTF()
    rref = ctypes.byref(rect)
    fonts = _FontCache()
    get_u = pr.FPDFText_GetUnicode
    get_box = pr.FPDFText_GetLooseCharBox
    get_size = pr.FPDFText_GetFontSize
    get_obj = pr.FPDFText_GetTextObject
    chars: list[tuple | None] = []  # (ch, x0, y0, x1, y1, size, attrs) or None for a break
    degs: Counter = Counter()
    count = rtl_n = 0
    pw, ph = xf.size
    for i in range(n):
        u = get_u(tp, i)
        if (u == 0x02 or u == 0xFFFE) and chars and chars[-1] is not None:
            # pdfium's mark for a word hyphenated at the line end: a soft hyphen, which joining
            # lines removes when the word goes on
            p = chars[-1]
            chars.append(("\u00ad", p[3], p[2], p[3], p[4], p[5], p[6]))
            chars.append(None)
            continue
        if u in _SPACES or u in _BREAKS or u == 0:
            if chars and chars[-1] is not None:
                chars.append(None)
            continue
        if not get_box(tp, i, rref):
            continue
        x0, y0, x1, y1 = xf.box(rect.left, rect.bottom, rect.right, rect.top)
        if x1 - x0 <= 0 and y1 - y0 <= 0:
            continue
        obj = get_obj(tp, i)
        attrs = fonts.get(tp, i, obj)
        if attrs[3] and opts.ignore_hidden:
            continue
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if not (0.0 <= cx <= pw and 0.0 <= cy <= ph):  # off the page: never shown
            continue
        if crop_rect is not None and not (
            crop_rect[0] <= cx <= crop_rect[2] and crop_rect[1] <= cy <= crop_rect[3]
        ):
            continue
        size = get_size(tp, i) * fonts.scale(tp, i, obj)
        bh = y1 - y0
        if size < 3 or size > 2.5 * bh or size < 0.4 * bh:  # matrix-scaled text: use the box
            size = bh * 0.85 if bh > 0 else 10.0
        try:
            ch = chr(u)
        except ValueError:
            continue
        if 0xD800 <= u <= 0xDFFF:
            continue
        count += 1
        if _is_rtl(u):
            rtl_n += 1
        degs[attrs[4]] += 1
        chars.append((ch, x0, y0, x1, y1, size, attrs))
    if not chars:
        return [], 0, False
    upright = degs.most_common(1)[0][0] if degs else 0
    if (upright + xf.rot) % 360 and crop_rect is None:
        xf.turn = _text_turn(chars, upright)
        if xf.turn:  # sideways or upside-down text: lay the page out in its reading frame
            chars = [c if c is None else _turn_char(c, xf) for c in chars]
    if rtl_n:
        _fix_lam_alef(chars)
    chars = compose_accents(chars)
    return _chars_to_lines(chars, upright, xf, opts, bidi=rtl_n > 0), count, rtl_n * 2 > count


def _text_turn(chars: list, upright: int) -> int:
    """How far the page must turn clockwise for its text to read left to right (0, 90, 180 or
    270), from the way consecutive characters of a word advance on the displayed page."""
    votes: Counter = Counter()
    prev = None
    for c in chars:
        if c is None or c[6][4] != upright or _is_rtl(ord(c[0])):
            prev = None
            continue
        if prev is not None:
            dx = (c[1] + c[3] - prev[1] - prev[3]) / 2
            dy = (c[2] + c[4] - prev[2] - prev[4]) / 2
            if 0 < abs(dx) + abs(dy) < 2.5 * max(c[5], 1.0):
                votes[(0 if dx > 0 else 180) if abs(dx) > abs(dy) else (270 if dy > 0 else 90)] += 1
        prev = c
    total = sum(votes.values())
    if total < 20:
        return 0
    turn, n = votes.most_common(1)[0]
    return turn if n >= 0.7 * total else 0


def _turn_char(c: tuple, xf: _Xf) -> tuple:
    ax, ay = xf.turned(c[1], c[2])
    bx, by = xf.turned(c[3], c[4])
    return (c[0], min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), c[5], c[6])


_ALEFS = "\u0627\u0623\u0625\u0622"


def _fix_lam_alef(chars: list) -> None:
    """Arabic's lam-alef ligature is one glyph that text extraction often spells alef, lam (its
    visual order); both characters then share one box. Put them back in logical order."""
    for k in range(len(chars) - 1):
        a, b = chars[k], chars[k + 1]
        if (a is not None and b is not None and b[0] == "\u0644" and a[0] in _ALEFS
                and abs(a[1] - b[1]) < 0.05 and abs(a[3] - b[3]) < 0.05):
            chars[k], chars[k + 1] = b, a


def _is_rtl(u: int) -> bool:
    """Hebrew, Arabic, Syriac, Thaana, NKo ... and their presentation forms."""
    return 0x0590 <= u <= 0x08FF or 0xFB1D <= u <= 0xFDFF or 0xFE70 <= u <= 0xFEFC


def _run_box(chars: list, start: int, y0: float, y1: float) -> tuple[float, float]:
    """Horizontal extent of the same-direction run starting at ``chars[start]`` on the same line:
    an LTR run inside RTL text (or the reverse) is laid out as a whole, so its first character in
    stream order is at the far end of the run."""
    first = chars[start]
    rtl = _is_rtl(ord(first[0]))
    rx0, rx1 = first[1], first[3]
    h = y1 - y0
    for k in range(start + 1, min(len(chars), start + 400)):
        c = chars[k]
        if c is None:
            continue
        if _is_rtl(ord(c[0])) != rtl or min(c[4], y1) - max(c[2], y0) < 0.45 * min(h, c[4] - c[2]):
            break
        rx0, rx1 = min(rx0, c[1]), max(rx1, c[3])
    return rx0, rx1


def _angle_off(deg: int, upright: int) -> bool:
    """Off the page's text direction. Some producers report a small angle for a whole upright
    font (a synthetic slant: 11 degrees beside the page's plain title), so only a real turn
    counts."""
    d = abs((deg - upright + 180) % 360 - 180)
    return d > 20


def _chars_to_lines(chars: list, upright: int, xf: _Xf, opts: ParseOptions, *,
                    bidi: bool = False) -> list[Line]:
    """Characters in stream order -> lines. With ``bidi`` (the page has right-to-left script)
    stream order is logical order, not left to right: a character continues the line when it
    (or the run of the same direction it starts) lies within an em of the line's extent on either
    side, and words break at a gap on either side of the previous character."""
    lines: list[Line] = []
    rotated: dict[int, list] = {}
    # current segment state
    seg_words: list[Word] = []
    wchars: list[str] = []
    wx0 = wy0 = wx1 = wy1 = 0.0
    sx0 = sy0 = sx1 = sy1 = 0.0
    sizes: list[float] = []
    ys: list[tuple[float, float]] = []  # the segment's character boxes, top and bottom
    size_sum = 0.0
    bold_n = mono_n = ital_n = total = 0
    last_x1 = lx0 = 0.0
    pending_space = False
    have = False

    def flush_word() -> None:
        nonlocal wchars
        if wchars:
            text = "".join(wchars)
            if "\u2019\u2019" in text or "\u2018\u2018" in text:  # TeX's quotes, set apart
                text = text.replace("\u2018\u2018", "\u201c").replace("\u2019\u2019", "\u201d")
            seg_words.append(Word(text, BBox(wx0, wy0, wx1 - wx0, wy1 - wy0)))
            wchars = []

    def flush_seg() -> None:
        nonlocal seg_words, sizes, ys, size_sum, bold_n, mono_n, ital_n, total, have
        flush_word()
        if seg_words:
            sizes.sort()
            ly0, ly1 = _robust_extent(ys, sy0, sy1)
            lines.append(
                Line(
                    seg_words, sx0, ly0, sx1, ly1, sizes[len(sizes) // 2],
                    bold=bold_n * 2 > total, mono=mono_n * 2 > total, italic=ital_n * 2 > total,
                )
            )
        seg_words, sizes, ys = [], [], []
        size_sum = 0.0
        bold_n = mono_n = ital_n = total = 0
        have = False

    for idx, c in enumerate(chars):
        if c is None:
            pending_space = True
            continue
        ch, x0, y0, x1, y1, size, attrs = c
        if _angle_off(attrs[4], upright):
            if opts.ignore_diagonal:
                continue
            run = rotated.setdefault(attrs[4], [])
            if idx and chars[idx - 1] is None and run and run[-1] is not None:
                run.append(None)  # the word break, kept for the off-axis line
            run.append(c)
            continue
        cont = have
        if have and bidi:
            h = min(y1 - y0, sy1 - sy0) or 1.0
            em = max(size, 1.0)
            same_line = min(y1, sy1) - max(y0, sy0) >= 0.45 * h
            d = max(sx0 - x1, x0 - sx1, 0.0)
            if same_line and d > 1.0 * em:
                rx0, rx1 = _run_box(chars, idx, y0, y1)
                d = max(sx0 - rx1, rx0 - sx1, 0.0)
            # justified right-to-left text stretches its word spaces well past an em
            if not same_line or d > (3.0 if pending_space else 1.0) * em:
                flush_seg()
                cont = False
            elif pending_space or max(lx0 - x1, x0 - last_x1) > 0.2 * em:
                flush_word()
        elif have:
            h = min(y1 - y0, sy1 - sy0) or 1.0
            ov = min(y1, sy1) - max(y0, sy0)
            em = max(size, 1.0)
            gap = x0 - last_x1
            # a ligature's characters share one box: not a step back
            same_line = ov >= 0.45 * h and (gap > -0.6 * em or x0 >= lx0 - 0.5)
            # an invisible OCR text layer places each word on its own (its sizes are guesses
            # that vary word to word) and keeps the recognised lines in stream order: only a
            # gap well past the line's usual em ends the line there
            wide = 2.0 * max(em, size_sum / total) if attrs[3] else 1.0 * em
            if not same_line or gap > wide:
                flush_seg()
                cont = False
            elif pending_space or gap > 0.2 * em:
                flush_word()
        if not have:
            sx0, sy0, sx1, sy1 = x0, y0, x1, y1
            have = True
        else:
            sx0, sy0, sx1, sy1 = min(sx0, x0), min(sy0, y0), max(sx1, x1), max(sy1, y1)
        if not wchars:
            wx0, wy0, wx1, wy1 = x0, y0, x1, y1
        else:
            wx0, wy0, wx1, wy1 = min(wx0, x0), min(wy0, y0), max(wx1, x1), max(wy1, y1)
        wchars.append(ch)
        sizes.append(size)
        ys.append((y0, y1))
        size_sum += size
        total += 1
        bold_n += attrs[0]
        ital_n += attrs[1]
        mono_n += attrs[2]
        last_x1 = x1 if bidi or not cont else max(x1, last_x1)
        lx0 = x0
        pending_space = False
    flush_seg()
    for _deg, cs in rotated.items():
        lines.extend(_rotated_lines(cs))
    return lines


def _robust_extent(ys: list[tuple[float, float]], y0: float, y1: float) -> tuple[float, float]:
    """Top and bottom of a line: a character whose box is far taller than the line's usual
    one (a dash or bracket set in a much bigger size) does not stretch the line over its
    neighbours."""
    if len(ys) < 3:
        return y0, y1
    hs = sorted(b - a for a, b in ys)
    med = hs[len(hs) // 2]
    keep = [(a, b) for a, b in ys if b - a <= 1.6 * med]
    if not keep or len(keep) == len(ys):
        return y0, y1
    return min(a for a, _ in keep), max(b for _, b in keep)


def _rotated_lines(cs: list) -> list[Line]:
    """Off-axis text (vertical margins notes, diagonal stamps): one line per run, stream order;
    ``None`` in ``cs`` is a word break."""
    out: list[Line] = []
    text: list[str] = []
    boxes: list[tuple] = []
    prev = None
    for c in cs:
        if c is None:
            if text and text[-1] != " ":
                text.append(" ")
            continue
        ch, x0, y0, x1, y1, size, _attrs = c
        if prev is not None:
            px0, py0, px1, py1 = prev
            near = abs(x0 - px0) + abs(y0 - py0) < 3 * max(size, 1) + (px1 - px0) + (py1 - py0)
            if near and text[-1] == " ":  # a new word: on this line, or the next one along
                near = not _off_line(boxes, (x0, y0, x1, y1), size)
            if not near:
                out.append(_mk_rot(text, boxes))
                text, boxes = [], []
        text.append(ch)
        boxes.append((x0, y0, x1, y1, size))
        prev = (x0, y0, x1, y1)
    if text:
        out.append(_mk_rot(text, boxes))
    return out


def _off_line(boxes: list, box: tuple, size: float) -> bool:
    """A word that starts off the line the run's characters so far run along: the next of
    several slanted column headers set side by side, not the line's next word."""
    fx, fy = (boxes[0][0] + boxes[0][2]) / 2, (boxes[0][1] + boxes[0][3]) / 2
    lx, ly = (boxes[-1][0] + boxes[-1][2]) / 2, (boxes[-1][1] + boxes[-1][3]) / 2
    dx, dy = lx - fx, ly - fy
    run = math.hypot(dx, dy)
    if run < max(size, 1.0):
        return False
    vx, vy = (box[0] + box[2]) / 2 - lx, (box[1] + box[3]) / 2 - ly
    return abs(vx * dy - vy * dx) / run > 0.8 * max(size, 1.0)


def _mk_rot(text: list[str], boxes: list) -> Line:
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[2] for b in boxes)
    y1 = max(b[3] for b in boxes)
    s = "".join(text)
    words = [Word(w, BBox(x0, y0, x1 - x0, y1 - y0)) for w in s.split()] or [
        Word(s, BBox(x0, y0, x1 - x0, y1 - y0))
    ]
    return Line(words, x0, y0, x1, y1, boxes[0][4], rotated=True)


# --------------------------------------------------------------------------- page objects
def _iter_objects(container, is_form: bool, depth: int = 0) -> Iterator[tuple]:
    count = (pr.FPDFFormObj_CountObjects if is_form else pr.FPDFPage_CountObjects)(container)
    getter = pr.FPDFFormObj_GetObject if is_form else pr.FPDFPage_GetObject
    for i in range(min(count, MAX_PAGE_OBJECTS)):
        obj = getter(container, i)
        if not obj:
            continue
        yield obj, depth


def _matrix(obj):
    m = pr.FS_MATRIX()
    if not pr.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _mul(m1, m2):
    """m1 then m2 (row-vector convention, as in PDF)."""
    a, b, c, d, e, f = m1
    A, B, C, D, E, F = m2
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _apply(m, x, y):
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _scan_objects(page, xf: _Xf, max_segments: int = 30000):
    """Collect ruling lines and image boxes from the page's objects (forms included)."""
    rules: list[Rule] = []
    images: list[BBox] = []
    budget = [max_segments]
    npaths = [0]
    pw, ph = xf.size
    page_area = pw * ph
    lf, b, r, t = (ctypes.c_float() for _ in range(4))
    pt = (ctypes.c_float(), ctypes.c_float())

    def add_seg(p, q, fill: bool = False) -> None:
        (xa, ya), (xb, yb) = xf.pt(*p), xf.pt(*q)
        if abs(ya - yb) < 1.0 and abs(xa - xb) > 2.0:
            rules.append(Rule(True, min(xa, xb), max(xa, xb), (ya + yb) / 2, fill))
        elif abs(xa - xb) < 1.0 and abs(ya - yb) > 2.0:
            rules.append(Rule(False, min(ya, yb), max(ya, yb), (xa + xb) / 2, fill))

    def walk(container, is_form: bool, parent_m, depth: int) -> None:
        for obj, _ in _iter_objects(container, is_form):
            typ = pr.FPDFPageObj_GetType(obj)
            if typ == pr.FPDF_PAGEOBJ_FORM and depth < 8:
                walk(obj, True, _mul(_matrix(obj), parent_m), depth + 1)
            elif typ == pr.FPDF_PAGEOBJ_IMAGE:
                if pr.FPDFPageObj_GetBounds(obj, lf, b, r, t):
                    pts = [_apply(parent_m, x, y) for x, y in
                           ((lf.value, b.value), (r.value, t.value))]
                    x0, y0, x1, y1 = xf.box(pts[0][0], pts[0][1], pts[1][0], pts[1][1])
                    x0, y0 = max(0.0, x0), max(0.0, y0)
                    x1, y1 = min(pw, x1), min(ph, y1)
                    if x1 - x0 > 4 and y1 - y0 > 4:
                        images.append(BBox(x0, y0, x1 - x0, y1 - y0))
            elif typ == pr.FPDF_PAGEOBJ_PATH and budget[0] > 0:
                npaths[0] += 1
                nseg = pr.FPDFPath_CountSegments(obj)
                if nseg <= 0 or nseg > 2000:
                    continue
                budget[0] -= nseg
                m = _mul(_matrix(obj), parent_m)
                start = cur = None
                # a big filled rectangle covering most of the page is a background
                if nseg <= 6 and pr.FPDFPageObj_GetBounds(obj, lf, b, r, t):
                    bw, bh = r.value - lf.value, t.value - b.value
                    if bw * bh > 0.5 * page_area:
                        continue
                    box = _fill_only_rect(obj, m, nseg)
                    if box is not None:  # a background: its sides are marked as such
                        x0, y0, x1, y1 = box
                        for p, q in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)),
                                     ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))):
                            add_seg(p, q, True)
                        continue
                for k in range(nseg):
                    seg = pr.FPDFPath_GetPathSegment(obj, k)
                    if not pr.FPDFPathSegment_GetPoint(seg, pt[0], pt[1]):
                        continue
                    p = _apply(m, pt[0].value, pt[1].value)
                    typ_s = pr.FPDFPathSegment_GetType(seg)
                    if typ_s == pr.FPDF_SEGMENT_MOVETO:
                        start = cur = p
                    elif typ_s == pr.FPDF_SEGMENT_LINETO and cur is not None:
                        add_seg(cur, p)
                        cur = p
                    else:
                        cur = p
                    if pr.FPDFPathSegment_GetClose(seg) and start is not None and cur is not None:
                        add_seg(cur, start)
                        cur = start

    walk(page.raw, False, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0)
    return rules, images, npaths[0]


CELL_MIN = 6.0  # a filled box at least this wide and tall (pt) is a background a cell's size


def _fill_only_rect(obj, m, nseg: int) -> tuple | None:
    """(x0, y0, x1, y1) in user space of a filled, unstroked, axis-aligned rectangle path
    of a cell's size (a cell's or a row's background); None for anything else."""
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pr.FPDFPath_GetDrawMode(obj, ctypes.byref(mode), ctypes.byref(stroke)):
        return None
    if mode.value == 0 or stroke.value:
        return None
    pts = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for k in range(nseg):
        seg = pr.FPDFPath_GetPathSegment(obj, k)
        if pr.FPDFPathSegment_GetType(seg) == pr.FPDF_SEGMENT_BEZIERTO:
            return None
        if pr.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            pts.append(_apply(m, x.value, y.value))
    if len(pts) < 4:
        return None
    xs = sorted({round(px, 1) for px, _ in pts})
    ys = sorted({round(py, 1) for _, py in pts})
    if len(xs) != 2 or len(ys) != 2:  # not a rectangle on the axes
        return None
    if xs[1] - xs[0] < CELL_MIN or ys[1] - ys[0] < CELL_MIN:
        return None  # a rule drawn as a thin box, or a sliver of shading: a stroke
    return (min(px for px, _ in pts), min(py for _, py in pts), max(px for px, _ in pts),
            max(py for _, py in pts))


def _links(doc, page, textpage, xf: _Xf) -> list[tuple[BBox, str]]:
    out: list[tuple[BBox, str]] = []
    pos = ctypes.c_int(0)
    link = pr.FPDF_LINK()
    rect = pr.FS_RECTF()
    buf = ctypes.create_string_buffer(2048)
    guard = 0
    while pr.FPDFLink_Enumerate(page.raw, ctypes.byref(pos), ctypes.byref(link)) and guard < 2000:
        guard += 1
        action = pr.FPDFLink_GetAction(link)
        if not action or pr.FPDFAction_GetType(action) != pr.PDFACTION_URI:
            continue
        n = pr.FPDFAction_GetURIPath(doc.raw, action, buf, 2048)
        if n <= 1 or not pr.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
            continue
        url = buf.raw[: n - 1].decode("utf-8", "replace")
        x0, y0, x1, y1 = xf.box(rect.left, rect.bottom, rect.right, rect.top)
        out.append((BBox(x0, y0, x1 - x0, y1 - y0), url))
    wl = pr.FPDFLink_LoadWebLinks(textpage.raw)
    if wl:
        try:
            ubuf = (ctypes.c_ushort * 2048)()
            for i in range(min(pr.FPDFLink_CountWebLinks(wl), 500)):
                n = pr.FPDFLink_GetURL(wl, i, ubuf, 2048)
                if n <= 1:
                    continue
                url = bytes(ubuf)[: (n - 1) * 2].decode("utf-16-le", "replace")
                le, to, ri, bo = (ctypes.c_double() for _ in range(4))
                if pr.FPDFLink_CountRects(wl, i) and pr.FPDFLink_GetRect(wl, i, 0, le, to, ri, bo):
                    x0, y0, x1, y1 = xf.box(le.value, bo.value, ri.value, to.value)
                    if not any(u == url for _b, u in out):
                        out.append((BBox(x0, y0, x1 - x0, y1 - y0), url))
        finally:
            pr.FPDFLink_CloseWebLinks(wl)
    return out


# --------------------------------------------------------------------------- reader
_PARA_SPLIT = re.compile(r"(?:\r?\n[ \t]*){2,}")


class PdfReader:
    accepts = ACCEPTS

    def page_count(self, data: bytes, opts: ParseOptions) -> int:
        pdf = open_pdf(data, opts.password)
        try:
            return len(pdf)
        finally:
            pdf.close()

    def convert(self, data: bytes, opts: ParseOptions) -> Document:
        """Return a Document; for non-fast tiers its pages carry ``_raw`` RawPages that the
        pipeline lays out."""
        raise NotImplementedError  # the pipeline calls open/iter_pages directly

    @staticmethod
    def fast_page(pdf, index: int, opts: ParseOptions) -> Page:
        page = pdf[index]
        try:
            w, h = page.get_size()
            tp = page.get_textpage()
            try:
                if opts.crop:
                    t, b, l_, r = opts.crop
                    left, bottom, right, top = page.get_cropbox()
                    W, H = right - left, top - bottom
                    text = tp.get_text_bounded(
                        left + l_ * W, bottom + b * H, right - r * W, top - t * H
                    )
                else:
                    text = tp.get_text_range()
            finally:
                tp.close()
        finally:
            page.close()
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "-")
        p = Page(number=index + 1, width=w, height=h)
        for para in _PARA_SPLIT.split(text):
            para = para.strip()
            if para:
                p.items.append(Item("text", text=para))
        p.text = text.strip()
        return p

    @staticmethod
    def raw_page(pdf, index: int, opts: ParseOptions, *, want_objects: bool = True) -> RawPage:
        page = pdf[index]
        try:
            xf = _Xf(page)
            w, h = xf.display_size
            crop_rect = None
            if opts.crop:
                t, b, l_, r = opts.crop
                crop_rect = (l_ * w, t * h, w - r * w, h - b * h)
            tp = page.get_textpage()
            try:
                lines, n, rtl = _extract_lines(tp.raw, xf, opts, crop_rect)
                w, h = xf.size  # the turned frame's, when the text runs sideways
                links = _links(pdf, page, tp, xf) if want_objects else []
            finally:
                tp.close()
            rules, images, npaths = _scan_objects(page, xf) if want_objects else ([], [], 0)
            if crop_rect is not None:
                x0, y0, x1, y1 = crop_rect
                images = [b_ for b_ in images if x0 <= b_.x + b_.w / 2 <= x1
                          and y0 <= b_.y + b_.h / 2 <= y1]
            return RawPage(index + 1, w, h, lines=lines, rules=rules, images=images,
                           links=links, char_count=n, paths=npaths, rtl=rtl,
                           orientation=xf.turn)
        finally:
            page.close()

    @staticmethod
    def render(pdf, index: int, scale: float):
        page = pdf[index]
        try:
            return page.render(scale=scale).to_pil()
        finally:
            page.close()
