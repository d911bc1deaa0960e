"""DOCX (python-docx): headings from styles, lists from numbering, tables, images; explicit
page breaks split pages. Paragraph text is read from the XML directly so tracked insertions,
inline content controls, fields, text boxes (DrawingML and VML) and equations (OMML, written
as LaTeX between ``$``) are kept; ISO/IEC 29500 Strict files are read by mapping their
namespaces to the transitional ones."""

from __future__ import annotations

import contextlib
import io
import zipfile

from ..document import Document, Item, Page
from ..errors import ParseError
from ..options import ParseOptions
from ._util import check_unzipped_size, clean, list_item, trim_rows

try:
    import docx as _docx
    from docx.oxml.ns import qn
except ImportError:  # pragma: no cover
    _docx = None  # type: ignore[assignment]

__all__ = ["DocxReader"]

ACCEPTS = ("docx",)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_A_GRAPHICDATA = "{http://schemas.openxmlformats.org/drawingml/2006/main}graphicData"
_WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_TXBX = _W + "txbxContent"
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# Subtrees that hold no body text of their own paragraph: properties, deleted text, field
# codes, text-box contents (read as blocks of their own), and the VML copy of a DrawingML
# shape (``mc:Fallback`` repeats ``mc:Choice``).
_SKIP = {
    _W + "pPr",
    _W + "rPr",
    _W + "del",
    _W + "delText",
    _W + "instrText",
    _W + "moveFrom",
    _TXBX,
    _MC_FALLBACK,
}

# ISO/IEC 29500 Strict namespaces -> transitional (python-docx only knows the latter).
_STRICT = [
    (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    ),
    (
        b"http://purl.oclc.org/ooxml/wordprocessingml/main",
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    ),
    (
        b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
        b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    ),
    (
        b"http://purl.oclc.org/ooxml/drawingml/main",
        b"http://schemas.openxmlformats.org/drawingml/2006/main",
    ),
    (
        b"http://purl.oclc.org/ooxml/drawingml/picture",
        b"http://schemas.openxmlformats.org/drawingml/2006/picture",
    ),
    (
        b"http://purl.oclc.org/ooxml/drawingml/chart",
        b"http://schemas.openxmlformats.org/drawingml/2006/chart",
    ),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/math",
        b"http://schemas.openxmlformats.org/officeDocument/2006/math",
    ),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/sharedTypes",
        b"http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes",
    ),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
        b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    ),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/customProperties",
        b"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    ),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes",
        b"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    ),
]


def _heading_level(style_name: str) -> int | None:
    s = (style_name or "").lower()
    if s == "title":
        return 1
    if s.startswith("heading"):
        tail = s[7:].strip()
        if tail.isdigit():
            return max(1, min(6, int(tail) + (0)))
        return 1
    if s == "subtitle":
        return 2
    return None


def _unstrict(data: bytes) -> bytes | None:
    """The package with Strict namespaces rewritten to transitional ones; None if it has none."""
    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return None
    out = io.BytesIO()
    changed = False
    with zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename.endswith((".xml", ".rels")) and b"purl.oclc.org/ooxml" in body:
                for a, b in _STRICT:
                    body = body.replace(a, b)
                changed = True
            zout.writestr(info, body)
    return out.getvalue() if changed else None


class DocxReader:
    accepts = ACCEPTS

    def __init__(self, fmt: str = "docx") -> None:
        self.fmt = fmt

    def _numfmt(self, doc, num_id: str, ilvl: str) -> str:
        try:
            numbering = doc.part.numbering_part.element
        # python-docx raises NotImplementedError when a document has no numbering part.
        except (NotImplementedError, KeyError, AttributeError):
            return "bullet"
        for num in numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) != num_id:
                continue
            aid = num.find(qn("w:abstractNumId"))
            if aid is None:
                break
            for an in numbering.findall(qn("w:abstractNum")):
                if an.get(qn("w:abstractNumId")) != aid.get(qn("w:val")):
                    continue
                for lvl in an.findall(qn("w:lvl")):
                    if lvl.get(qn("w:ilvl")) == ilvl:
                        f = lvl.find(qn("w:numFmt"))
                        return f.get(qn("w:val")) if f is not None else "bullet"
        return "bullet"

    @staticmethod
    def _open(data: bytes):
        try:
            return _docx.Document(io.BytesIO(data))
        except Exception:  # noqa: BLE001
            fixed = _unstrict(data)
            if fixed is not None:
                try:
                    return _docx.Document(io.BytesIO(fixed))
                except Exception:  # noqa: BLE001
                    pass
        raise ParseError("DOCX file is corrupt or not a Word document") from None

    def convert(self, data: bytes, opts: ParseOptions) -> Document:
        if _docx is None:  # pragma: no cover
            raise ParseError("DOCX support needs the 'python-docx' package, which is not installed")
        check_unzipped_size(data, "DOCX")
        doc = self._open(data)
        try:
            sec = doc.sections[0]
            w, h = float(sec.page_width.pt), float(sec.page_height.pt)
        except Exception:  # noqa: BLE001
            w, h = 612.0, 792.0
        pages: list[list[Item]] = [[]]
        fmt_cache: dict[tuple[str, str], str] = {}
        pending: list[tuple[int, str]] = []
        pending_ordered = False

        def flush() -> None:
            nonlocal pending
            if pending:
                pages[-1].append(list_item(pending, pending_ordered))
                pending = []

        from docx.text.paragraph import Paragraph

        def paragraph(el) -> None:
            nonlocal pending_ordered
            p = Paragraph(el, doc)
            brk = any(b.get(qn("w:type")) == "page" for b in _own(el, _W + "br"))
            raw = _text(el)
            text = clean(raw)
            try:
                style = p.style.name if p.style is not None else ""
            except Exception:  # noqa: BLE001
                style = ""
            style = style or ""
            numpr = el.find(qn("w:pPr") + "/" + qn("w:numPr"))
            lvl = _heading_level(style)
            is_list = (numpr is not None or "list" in style.lower()) and lvl is None
            for d in _own(el, _WP_DOCPR):
                if _is_shape(d):  # a text box or connector, not a picture
                    continue
                flush()
                cap = d.get("descr") or d.get("title") or None
                pages[-1].append(Item("image", caption=cap))
                title, rows = _chart(doc, d)
                if title:
                    pages[-1].append(Item("text", text=title))
                if rows:
                    pages[-1].append(Item("table", rows=rows))
            if text:
                if is_list:
                    ilvl, num_id = "0", ""
                    if numpr is not None:
                        il = numpr.find(qn("w:ilvl"))
                        ni = numpr.find(qn("w:numId"))
                        ilvl = il.get(qn("w:val")) if il is not None else "0"
                        num_id = ni.get(qn("w:val")) if ni is not None else ""
                    key = (num_id or style, ilvl)
                    if key not in fmt_cache:
                        fmt_cache[key] = (
                            self._numfmt(doc, num_id, ilvl)
                            if num_id
                            else ("decimal" if "number" in style.lower() else "bullet")
                        )
                    ordered = fmt_cache[key] not in ("bullet", "none")
                    try:
                        depth = int(ilvl)
                    except ValueError:
                        depth = 0
                    if pending and ordered != pending_ordered and depth == 0:
                        flush()
                    if not pending:
                        pending_ordered = ordered
                    pending.append((depth, text))
                else:
                    flush()
                    if lvl is not None:
                        pages[-1].append(Item("heading", text=text, level=lvl))
                    elif style.lower().startswith(("code", "html preformatted", "macro")):
                        pages[-1].append(Item("code", text=raw))
                    else:
                        pages[-1].append(Item("text", text=text))
            for box in _boxes(el):  # text boxes anchored in this paragraph, in order
                flush()
                walk(box)
            if brk:
                flush()
                pages.append([])

        def walk(container) -> None:
            for el in _blocks(container):
                if el.tag == _W + "p":
                    paragraph(el)
                elif el.tag == _W + "tbl":
                    flush()
                    cell = _single_cell(el)
                    if cell is not None:  # a one-cell table is a frame: read what it holds
                        walk(cell)
                        continue
                    rows = self._rows(el)
                    if rows:
                        pages[-1].append(Item("table", rows=rows))

        walk(doc.element.body)
        flush()
        if len(pages) > 1 and not pages[-1]:
            pages.pop()
        return Document(
            pages=[Page(i + 1, w, h, items=its) for i, its in enumerate(pages)],
            source_format="docx",
            pipeline=["python-docx"],
        )

    @staticmethod
    def _rows(tbl) -> list[list[str]]:
        """Rows of cell texts on the table grid: a cell spanning columns (``gridSpan``) or
        continuing a vertical merge (``vMerge``) repeats its text in every grid cell it covers;
        columns skipped before a row starts (``gridBefore``) are empty."""
        rows: list[list[str]] = []
        above: dict[int, str] = {}
        for tr in tbl.findall(_W + "tr"):
            cells: list[str] = [""] * _grid_before(tr)
            for tc in _row_cells(tr):
                col = len(cells)
                tcpr = tc.find(_W + "tcPr")
                span, vmerge = 1, None
                if tcpr is not None:
                    gs = tcpr.find(_W + "gridSpan")
                    if gs is not None:
                        try:
                            span = max(1, int(gs.get(_W + "val") or 1))
                        except ValueError:
                            span = 1
                    vm = tcpr.find(_W + "vMerge")
                    if vm is not None:
                        vmerge = vm.get(_W + "val") or "continue"
                text = above.get(col, "") if vmerge == "continue" else _cell_text(tc)
                for k in range(span):
                    above[col + k] = text
                cells.extend([text] * span)
            rows.append(cells)
        return trim_rows(rows)


def _grid_before(tr) -> int:
    gb = tr.find(_W + "trPr/" + _W + "gridBefore")
    try:
        return max(0, int(gb.get(_W + "val") or 0)) if gb is not None else 0
    except ValueError:
        return 0


def _row_cells(tr):
    """A row's ``w:tc`` elements, including those wrapped in content controls."""
    for el in tr:
        if el.tag == _W + "tc":
            yield el
        elif el.tag in (_W + "sdt", _W + "customXml"):
            content = el.find(_W + "sdtContent") if el.tag == _W + "sdt" else el
            if content is not None:
                yield from _row_cells(content)


def _single_cell(tbl):
    """The only cell of a table with one row and one cell, else None."""
    trs = tbl.findall(_W + "tr")
    if len(trs) != 1:
        return None
    tcs = list(_row_cells(trs[0]))
    return tcs[0] if len(tcs) == 1 else None


def _cell_text(tc) -> str:
    parts = [clean(_text(p)) for p in _paras(tc)]
    return " ".join(p for p in parts if p).replace("\n", " ")


def _paras(el):
    """Every paragraph under ``el`` in document order (nested tables and text boxes too),
    skipping the VML copies of DrawingML shapes."""
    for ch in el:
        if not isinstance(ch.tag, str) or ch.tag == _MC_FALLBACK:
            continue
        if ch.tag == _W + "p":
            yield ch
        yield from _paras(ch)


def _own(el, tag: str):
    """Descendants of a paragraph with ``tag``, leaving out text boxes and VML fallbacks."""
    for ch in el:
        if not isinstance(ch.tag, str) or ch.tag in (_TXBX, _MC_FALLBACK):
            continue
        if ch.tag == tag:
            yield ch
        yield from _own(ch, tag)


def _boxes(el):
    """Outermost text-box contents under a paragraph (DrawingML or VML, not both)."""
    for ch in el:
        if not isinstance(ch.tag, str) or ch.tag == _MC_FALLBACK:
            continue
        if ch.tag == _TXBX:
            yield ch
        else:
            yield from _boxes(ch)


def _is_shape(docpr) -> bool:
    parent = docpr.getparent()
    if parent is None:
        return False
    gd = parent.find(".//" + _A_GRAPHICDATA)
    return gd is not None and gd.get("uri") == _WPS


def _chart(doc, docpr) -> tuple[str, list[list[str]]]:
    """Title and data table (categories down, series across) of an embedded chart, read from
    the values cached in the chart part; empty when the drawing is not a chart."""
    parent = docpr.getparent()
    ref = parent.find(".//" + _C + "chart") if parent is not None else None
    rid = ref.get(_R_ID) if ref is not None else None
    if not rid:
        return "", []
    try:
        from lxml import etree

        part = doc.part.related_parts[rid]
        root = etree.fromstring(part.blob)
    except Exception:  # noqa: BLE001
        return "", []
    title_el = root.find(_C + "chart/" + _C + "title")
    title = ""
    if title_el is not None:
        title = clean(
            " ".join(
                t.text or ""
                for t in title_el.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}t")
            )
        )

    def pts(el) -> dict[int, str]:
        out: dict[int, str] = {}
        if el is None:
            return out
        for pt in el.iter(_C + "pt"):
            v = pt.find(_C + "v")
            try:
                idx = int(pt.get("idx") or 0)
            except ValueError:
                continue
            txt = (v.text or "") if v is not None else ""
            with contextlib.suppress(ValueError):
                txt = f"{float(txt):.15g}"
            out[idx] = txt
        return out

    series = list(root.iter(_C + "ser"))
    if not series:
        return title, []
    cats = pts(series[0].find(_C + "cat"))
    names, cols = [], []
    for k, ser in enumerate(series):
        tx = pts(ser.find(_C + "tx"))
        names.append(tx.get(0, f"Series {k + 1}"))
        cols.append(pts(ser.find(_C + "val")))
    n = max([len(cats)] + [max(c, default=-1) + 1 for c in cols])
    rows = [[""] + names]
    rows += [[cats.get(i, "")] + [c.get(i, "") for c in cols] for i in range(n)]
    return title, trim_rows(rows)


def _text(el) -> str:
    out: list[str] = []
    _collect(el, out)
    return "".join(out)


def _collect(el, out: list[str]) -> None:
    for ch in el:
        tag = ch.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _W + "t":
            out.append(ch.text or "")
        elif tag in (_W + "tab", _W + "ptab"):
            out.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            if ch.get(_W + "type") in (None, "textWrapping"):
                out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif tag == _M + "oMathPara":
            eqs = [_omml(m) for m in ch.iter(_M + "oMath")]
            eqs = [e for e in eqs if e.strip()]
            if eqs:
                out.append(" $$" + " \\\\ ".join(e.strip() for e in eqs) + "$$ ")
        elif tag == _M + "oMath":
            eq = _omml(ch).strip()
            if eq:
                out.append(" $" + eq + "$ ")
        else:
            _collect(ch, out)


# ----------------------------------------------------------------------------- OMML -> LaTeX
_SYM = {
    "π": "\\pi",
    "∞": "\\infty",
    "±": "\\pm",
    "∓": "\\mp",
    "×": "\\times",
    "÷": "\\div",
    "≤": "\\leq",
    "≥": "\\geq",
    "≠": "\\neq",
    "≈": "\\approx",
    "≡": "\\equiv",
    "∼": "\\sim",
    "→": "\\rightarrow",
    "←": "\\leftarrow",
    "⇒": "\\Rightarrow",
    "⇔": "\\Leftrightarrow",
    "∂": "\\partial",
    "∇": "\\nabla",
    "∈": "\\in",
    "∉": "\\notin",
    "⊂": "\\subset",
    "⊆": "\\subseteq",
    "∪": "\\cup",
    "∩": "\\cap",
    "∀": "\\forall",
    "∃": "\\exists",
    "⋅": "\\cdot",
    "·": "\\cdot",
    "…": "\\ldots",
    "⋯": "\\cdots",
    "°": "^{\\circ}",
    "α": "\\alpha",
    "β": "\\beta",
    "γ": "\\gamma",
    "δ": "\\delta",
    "ε": "\\epsilon",
    "ζ": "\\zeta",
    "η": "\\eta",
    "θ": "\\theta",
    "ι": "\\iota",
    "κ": "\\kappa",
    "λ": "\\lambda",
    "μ": "\\mu",
    "ν": "\\nu",
    "ξ": "\\xi",
    "ρ": "\\rho",
    "σ": "\\sigma",
    "τ": "\\tau",
    "υ": "\\upsilon",
    "φ": "\\phi",
    "χ": "\\chi",
    "ψ": "\\psi",
    "ω": "\\omega",
    "Γ": "\\Gamma",
    "Δ": "\\Delta",
    "Θ": "\\Theta",
    "Λ": "\\Lambda",
    "Ξ": "\\Xi",
    "Π": "\\Pi",
    "Σ": "\\Sigma",
    "Φ": "\\Phi",
    "Ψ": "\\Psi",
    "Ω": "\\Omega",
    "−": "-",
}
_NARY = {
    "∑": "\\sum",
    "∏": "\\prod",
    "∐": "\\coprod",
    "∫": "\\int",
    "∬": "\\iint",
    "∭": "\\iiint",
    "∮": "\\oint",
    "⋃": "\\bigcup",
    "⋂": "\\bigcap",
}
_ACC = {
    "\u0302": "\\hat",
    "\u0303": "\\tilde",
    "\u0304": "\\bar",
    "\u0305": "\\bar",
    "\u0307": "\\dot",
    "\u0308": "\\ddot",
    "\u20d7": "\\vec",
    "\u030c": "\\check",
}
_FUNCS = {
    "sin",
    "cos",
    "tan",
    "cot",
    "sec",
    "csc",
    "sinh",
    "cosh",
    "tanh",
    "log",
    "ln",
    "exp",
    "lim",
    "max",
    "min",
    "sup",
    "inf",
    "det",
    "arg",
    "deg",
    "gcd",
    "arcsin",
    "arccos",
    "arctan",
}
_DELIM = {
    "{": "\\{",
    "}": "\\}",
    "": ".",
    "〈": "\\langle",
    "〉": "\\rangle",
    "⟨": "\\langle",
    "⟩": "\\rangle",
    "‖": "\\|",
    "⌊": "\\lfloor",
    "⌋": "\\rfloor",
    "⌈": "\\lceil",
    "⌉": "\\rceil",
}


def _chr(pr, name: str, default: str) -> str:
    if pr is None:
        return default
    c = pr.find(_M + name)
    if c is None:
        return default
    v = c.get(_M + "val")
    return default if v is None else v


def _sub(el, name: str) -> str:
    c = el.find(_M + name)
    return _omml(c).strip() if c is not None else ""


def _omml(el) -> str:
    """LaTeX for the OMML children of ``el`` (the common constructs; others give their text)."""
    out: list[str] = []
    for ch in el:
        if not isinstance(ch.tag, str) or not ch.tag.startswith(_M):
            continue
        t = ch.tag[len(_M) :]
        if t.endswith("Pr"):
            continue
        pr = ch.find(_M + t + "Pr")
        if t == "r":
            s = "".join(x.text or "" for x in ch.iter(_M + "t"))
            out.append("".join(f" {_SYM[c]} " if c in _SYM else c for c in s))
        elif t == "f":
            num, den = _sub(ch, "num"), _sub(ch, "den")
            kind = _chr(pr, "type", "bar")
            if kind == "lin":
                out.append(f"{num}/{den}")
            elif kind == "noBar":
                out.append(f"\\genfrac{{}}{{}}{{0pt}}{{}}{{{num}}}{{{den}}}")
            else:
                out.append(f"\\frac{{{num}}}{{{den}}}")
        elif t == "sSup":
            out.append(f"{_sub(ch, 'e')}^{{{_sub(ch, 'sup')}}}")
        elif t == "sSub":
            out.append(f"{_sub(ch, 'e')}_{{{_sub(ch, 'sub')}}}")
        elif t == "sSubSup":
            out.append(f"{_sub(ch, 'e')}_{{{_sub(ch, 'sub')}}}^{{{_sub(ch, 'sup')}}}")
        elif t == "sPre":
            out.append(f"{{}}_{{{_sub(ch, 'sub')}}}^{{{_sub(ch, 'sup')}}}{_sub(ch, 'e')}")
        elif t == "rad":
            deg = _sub(ch, "deg")
            out.append(f"\\sqrt[{deg}]{{{_sub(ch, 'e')}}}" if deg else f"\\sqrt{{{_sub(ch, 'e')}}}")
        elif t == "nary":
            c = _chr(pr, "chr", "∫")
            s = _NARY.get(c, c)
            sub, sup = _sub(ch, "sub"), _sub(ch, "sup")
            if sub:
                s += f"_{{{sub}}}"
            if sup:
                s += f"^{{{sup}}}"
            out.append(s + _sub(ch, "e"))
        elif t == "d":
            beg, end = _chr(pr, "begChr", "("), _chr(pr, "endChr", ")")
            sep = _chr(pr, "sepChr", "|")
            es = [_omml(e).strip() for e in ch.findall(_M + "e")]
            out.append(f"\\left{_DELIM.get(beg, beg)}{sep.join(es)}\\right{_DELIM.get(end, end)}")
        elif t == "func":
            name = _sub(ch, "fName")
            out.append((f"\\{name}" if name in _FUNCS else name) + _sub(ch, "e"))
        elif t == "limLow":
            base = _sub(ch, "e")
            out.append((f"\\{base}" if base in _FUNCS else base) + f"_{{{_sub(ch, 'lim')}}}")
        elif t == "limUpp":
            out.append(f"{_sub(ch, 'e')}^{{{_sub(ch, 'lim')}}}")
        elif t == "acc":
            cmd = _ACC.get(_chr(pr, "chr", "\u0302"), "\\hat")
            out.append(f"{cmd}{{{_sub(ch, 'e')}}}")
        elif t == "bar":
            pos = _chr(pr, "pos", "bot")
            out.append(("\\overline" if pos == "top" else "\\underline") + f"{{{_sub(ch, 'e')}}}")
        elif t == "eqArr":
            rows = [_omml(e).strip() for e in ch.findall(_M + "e")]
            out.append("\\begin{array}{c}" + " \\\\ ".join(rows) + "\\end{array}")
        elif t == "m":
            rows = [
                " & ".join(_omml(e).strip() for e in mr.findall(_M + "e"))
                for mr in ch.findall(_M + "mr")
            ]
            out.append("\\begin{matrix}" + " \\\\ ".join(rows) + "\\end{matrix}")
        else:  # e, num, den, box, borderBox, groupChr, phant, oMath, ...
            out.append(_omml(ch))
    return "".join(out)


def _blocks(body):
    """Body paragraphs and tables in order; content controls (``w:sdt``) and custom XML are
    unwrapped, so the tables and paragraphs inside them are read too."""
    for el in body.iterchildren():
        if el.tag == _W + "sdt":
            content = el.find(_W + "sdtContent")
            if content is not None:
                yield from _blocks(content)
        elif el.tag == _W + "customXml":
            yield from _blocks(el)
        else:
            yield el
