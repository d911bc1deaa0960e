"""Markdown and plain text. Markdown is parsed into the same items (headings, lists, tables,
code, text); plain text becomes paragraphs, with form feeds starting new pages."""

from __future__ import annotations

import re

from ..document import Document, Item, Page
from ..options import ParseOptions
from ._util import list_item

__all__ = ["MarkdownReader", "PlainTextReader", "decode_text", "markdown_items"]

ACCEPTS = ("md", "txt")


def decode_text(data: bytes) -> str:
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"),
                     (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


_H = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LI = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])\s+(.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)\s*([\w+-]*)")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LINK_ONLY = re.compile(r"^\[([^\]]+)\]\(([^)\s]+)\)$")


def _cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", s)]


def markdown_items(text: str) -> list[Item]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    items: list[Item] = []
    para: list[str] = []
    i = 0

    def flush() -> None:
        if para:
            t = " ".join(p.strip() for p in para).strip()
            m = _LINK_ONLY.match(t)
            if m:
                items.append(Item("link", text=m.group(1), url=m.group(2)))
            elif t:
                items.append(Item("text", text=t))
            para.clear()

    while i < len(lines):
        ln = lines[i]
        fm = _FENCE.match(ln)
        if fm:
            flush()
            fence = fm.group(1)
            code = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(fence):
                code.append(lines[i])
                i += 1
            items.append(Item("code", text="\n".join(code), language=fm.group(2) or None))
            i += 1
            continue
        hm = _H.match(ln)
        if hm:
            flush()
            items.append(Item("heading", text=hm.group(2), level=len(hm.group(1))))
            i += 1
            continue
        if para and _SETEXT.match(ln) and len(para) == 1:
            items.append(Item("heading", text=para[0].strip(), level=1 if ln.strip()[0] == "="
                              else 2))
            para.clear()
            i += 1
            continue
        if "|" in ln and i + 1 < len(lines) and _TABLE_SEP.match(lines[i + 1]):
            flush()
            rows = [_cells(ln)]
            i += 2
            while i < len(lines) and "|" in lines[i] and lines[i].strip():
                rows.append(_cells(lines[i]))
                i += 1
            n = len(rows[0])
            items.append(Item("table", rows=[(r + [""] * n)[:n] for r in rows]))
            continue
        lm = _LI.match(ln)
        if lm:
            flush()
            ordered = lm.group(2)[0].isdigit()
            entries: list[tuple[int, str]] = []
            while i < len(lines):
                lm = _LI.match(lines[i])
                if lm:
                    entries.append((len(lm.group(1).expandtabs(4)) // 2, lm.group(3).strip()))
                elif lines[i].startswith(("  ", "\t")) and lines[i].strip() and entries:
                    lv, t = entries[-1]
                    entries[-1] = (lv, t + " " + lines[i].strip())
                else:
                    break
                i += 1
            items.append(list_item(entries, ordered))
            continue
        if not ln.strip():
            flush()
        else:
            para.append(ln)
        i += 1
    flush()
    return items


class MarkdownReader:
    accepts = ("md",)

    def __init__(self, fmt: str = "md") -> None:
        self.fmt = fmt

    def convert(self, data: bytes, opts: ParseOptions) -> Document:
        items = markdown_items(decode_text(data))
        return Document(pages=[Page(1, 612.0, 792.0, items=items)], source_format="md",
                        pipeline=["markdown"])


class PlainTextReader:
    accepts = ("txt",)

    def __init__(self, fmt: str = "txt") -> None:
        self.fmt = fmt

    def convert(self, data: bytes, opts: ParseOptions) -> Document:
        text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
        pages = []
        for n, chunk in enumerate(text.split("\f"), start=1):
            items = [Item("text", text=p.strip()) for p in re.split(r"\n\s*\n", chunk)
                     if p.strip()]
            pages.append(Page(n, 612.0, 792.0, items=items, text=chunk.strip()))
        return Document(pages=pages, source_format="txt", pipeline=["text"])
