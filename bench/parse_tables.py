"""Table metrics for the parse benchmark: TEDS and ICDAR 2013 adjacency relations.

* ``teds(pred_html, true_html, structure_only)`` follows the reference implementation of
  ibm-aur-nlp/PubTabNet ``src/metric.py`` (Zhong et al. 2020): both tables become trees
  (table / thead / tbody / tr / td, td carrying colspan, rowspan and its content as a list of
  characters), APTED gives the tree edit distance with rename cost 1 for a tag or span mismatch
  and the normalised Levenshtein distance of the contents for two td, and
  TEDS = 1 - distance / max(node count). ``th`` counts as ``td``. Inline formatting tags
  (b, i, sup, sub, span, ...) are stripped on both sides, since markdown cannot carry them.
* ``adjacency_prf(pred_grids, true_grids)``: the ICDAR 2013 table competition's structure
  measure (Göbel et al. 2013): every cell is related to its nearest non-empty neighbour to the
  right and below; relations are compared as (text, text, direction) with the text reduced to
  lower-case alphanumerics; precision and recall over a document's relations.
* ``md_tables(md)``: the tables in an engine's markdown output (pipe tables, the first row is
  the header when a delimiter row follows it, and embedded ``<table>`` HTML).

Bench-only dependency: ``apted==1.0.3`` (installed into Sheaf's .venv by the bench).
"""

from __future__ import annotations

import html as htmllib
import re
from collections import Counter

from rapidfuzz.distance import Levenshtein

_INLINE = ("b", "i", "em", "strong", "sup", "sub", "span", "u", "s", "a", "font", "code",
           "br", "p", "div", "strike")


# ----------------------------------------------------------------------------- markdown -> tables
def _cell_text(s: str) -> str:
    s = re.sub(r"<br\s*/?>", " ", s, flags=re.I)
    s = re.sub(r"\*\*(.*?)\*\*", r"\1", s)
    s = re.sub(r"__(.*?)__", r"\1", s)
    s = re.sub(r"<[^>]+>", "", s)
    s = s.replace("\\|", "|")
    return re.sub(r"\s+", " ", htmllib.unescape(s)).strip()


def _split_row(line: str) -> list[str]:
    cells = [c for c in re.split(r"(?<!\\)\|", line.strip())]
    if cells and cells[0].strip() == "":
        cells = cells[1:]
    if cells and cells[-1].strip() == "":
        cells = cells[:-1]
    return [_cell_text(c) for c in cells]


def _is_delim(line: str) -> bool:
    body = line.replace("|", "").strip()
    return bool(body) and all(c in "-: " for c in body) and "-" in body


def _rows_html(rows: list[list[str]], header: int) -> str:
    def tr(r):
        return "<tr>" + "".join(f"<td>{htmllib.escape(c)}</td>" for c in r) + "</tr>"
    head = "".join(tr(r) for r in rows[:header])
    body = "".join(tr(r) for r in rows[header:])
    return ("<table>" + (f"<thead>{head}</thead>" if head else "")
            + (f"<tbody>{body}</tbody>" if body else "") + "</table>")


def md_tables(md: str) -> list[str]:
    """HTML of every table in a markdown document (pipe tables and embedded HTML tables)."""
    out = [m.group(0) for m in re.finditer(r"<table\b.*?</table>", md, flags=re.S | re.I)]
    md = re.sub(r"<table\b.*?</table>", "\n", md, flags=re.S | re.I)
    cur: list[str] = []
    for line in md.split("\n") + [""]:
        if "|" in line and line.strip():
            cur.append(line)
            continue
        if len(cur) >= 2:
            header = 1 if len(cur) > 1 and _is_delim(cur[1]) else 0
            rows = [_split_row(ln) for ln in cur if not _is_delim(ln)]
            if rows and max(len(r) for r in rows) >= 2:
                out.append(_rows_html(rows, header))
        cur = []
    return out


# ----------------------------------------------------------------------------- TEDS
def _parse(html: str):
    from lxml import etree
    from lxml import html as lhtml

    root = lhtml.fromstring(html, parser=lhtml.HTMLParser(remove_comments=True, encoding="utf-8"))
    tabs = [root] if root.tag == "table" else root.xpath(".//table")
    if not tabs:
        return None
    t = tabs[0]
    for el in t.iter("th"):
        el.tag = "td"
    etree.strip_tags(t, *_INLINE)
    return t


def _tree(node, structure_only: bool):
    from apted.helpers import Tree

    class TableTree(Tree):
        def __init__(self, tag, colspan=None, rowspan=None, content=None, *children):
            self.tag, self.colspan, self.rowspan, self.content = tag, colspan, rowspan, content
            self.children = list(children)

    def build(n):
        if n.tag == "td":
            text = "" if structure_only else re.sub(r"\s+", " ", n.text_content()).strip()
            return TableTree("td", int(n.get("colspan", "1") or 1),
                             int(n.get("rowspan", "1") or 1), list(text))
        t = TableTree(n.tag)
        t.children = [build(c) for c in n if isinstance(c.tag, str)]
        return t

    return build(node)


def _config():
    from apted import Config

    class TedsConfig(Config):
        def rename(self, a, b):
            if a.tag != b.tag or a.colspan != b.colspan or a.rowspan != b.rowspan:
                return 1.0
            if a.tag == "td" and (a.content or b.content):
                return Levenshtein.normalized_distance(a.content, b.content)
            return 0.0

        def children(self, node):
            return node.children

    return TedsConfig()


def teds(pred_html: str | None, true_html: str, structure_only: bool = False,
         flat: bool = False) -> float:
    """Tree-edit-distance similarity in [0, 1]; ``flat`` drops thead/tbody on both sides."""
    from apted import APTED
    from lxml import etree

    if not pred_html:
        return 0.0
    pred, true = _parse(pred_html), _parse(true_html)
    if pred is None or true is None:
        return 0.0
    if flat:
        etree.strip_tags(pred, "thead", "tbody", "tfoot")
        etree.strip_tags(true, "thead", "tbody", "tfoot")
    n = max(len(pred.xpath(".//*")), len(true.xpath(".//*"))) or 1
    d = APTED(_tree(pred, structure_only), _tree(true, structure_only),
              _config()).compute_edit_distance()
    return max(0.0, 1.0 - d / n)


# ----------------------------------------------------------------------------- grids, relations
def html_grid(html: str) -> list[list[int | None]] | None:
    """(grid of cell ids, texts) with spans expanded; None if it holds no table."""
    t = _parse(html)
    if t is None:
        return None
    grid: dict[tuple[int, int], int] = {}
    texts: list[str] = []
    for r, tr in enumerate(t.iter("tr")):
        c = 0
        for td in tr.iter("td"):
            while (r, c) in grid:
                c += 1
            cs, rs = int(td.get("colspan", "1") or 1), int(td.get("rowspan", "1") or 1)
            texts.append(re.sub(r"\s+", " ", td.text_content()).strip())
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = len(texts) - 1
            c += cs
    return [grid, texts]


def _norm(s: str) -> str:
    return "".join(ch for ch in s.lower() if ch.isalnum())


def relations(grid_texts) -> Counter:
    grid, texts = grid_texts
    if not grid:
        return Counter()
    nr = max(r for r, _ in grid) + 1
    nc = max(c for _, c in grid) + 1
    rel: Counter = Counter()
    seen = set()
    for (r, c), cid in grid.items():
        a = _norm(texts[cid])
        if not a:
            continue
        for dr, dc, tag in ((0, 1, "R"), (1, 0, "D")):
            rr, cc = r + dr, c + dc
            while rr < nr and cc < nc:
                nid = grid.get((rr, cc))
                if nid is not None and nid != cid and _norm(texts[nid]):
                    key = (cid, nid, tag)
                    if key not in seen:
                        seen.add(key)
                        rel[(a, _norm(texts[nid]), tag)] += 1
                    break
                rr, cc = rr + dr, cc + dc
    return rel


def adjacency_prf(pred_rel: Counter, true_rel: Counter) -> tuple[float, float]:
    """(precision, recall) of a document's adjacency relations."""
    inter = sum((pred_rel & true_rel).values())
    p = inter / sum(pred_rel.values()) if pred_rel else 0.0
    r = inter / sum(true_rel.values()) if true_rel else 1.0
    return p, r


# ----------------------------------------------------------------------------- ICDAR 2013 GT
def icdar_tables(str_xml: str) -> list[str]:
    """One HTML table (no thead) per ``<region>`` of an ICDAR 2013 ``*-str.xml`` file."""
    from lxml import etree

    root = etree.fromstring(str_xml.encode() if isinstance(str_xml, str) else str_xml)
    out = []
    for region in root.iter("region"):
        cells = []
        for cell in region.iter("cell"):
            sr, sc = int(cell.get("start-row")), int(cell.get("start-col"))
            er, ec = int(cell.get("end-row", sr)), int(cell.get("end-col", sc))
            content = cell.findtext("content") or ""
            cells.append((sr, sc, er, ec, re.sub(r"\s+", " ", content).strip()))
        if not cells:
            continue
        nr = max(c[2] for c in cells) + 1
        nc = max(c[3] for c in cells) + 1
        covered = {}
        for cell in cells:
            for r in range(cell[0], cell[2] + 1):
                for c in range(cell[1], cell[3] + 1):
                    covered[(r, c)] = cell
        rows = []
        for r in range(nr):
            tds = []
            for c in range(nc):
                cell = covered.get((r, c))
                if cell is None:
                    tds.append("<td></td>")
                elif (cell[0], cell[1]) == (r, c):
                    span = ""
                    if cell[3] > cell[1]:
                        span += f' colspan="{cell[3] - cell[1] + 1}"'
                    if cell[2] > cell[0]:
                        span += f' rowspan="{cell[2] - cell[0] + 1}"'
                    tds.append(f"<td{span}>{htmllib.escape(cell[4])}</td>")
            rows.append("<tr>" + "".join(tds) + "</tr>")
        out.append("<table><tbody>" + "".join(rows) + "</tbody></table>")
    return out


def match_tables(preds: list[str], trues: list[str]) -> list[str | None]:
    """For each true table, the predicted table sharing most cell texts (each used once)."""
    def bag(h):
        g = html_grid(h)
        return Counter(_norm(t) for t in (g[1] if g else []) if _norm(t))

    pb = [bag(p) for p in preds]
    tb = [bag(t) for t in trues]
    pairs = sorted(((sum((p & t).values()), i, j) for j, t in enumerate(tb)
                    for i, p in enumerate(pb)), reverse=True)
    used_p, out = set(), [None] * len(trues)
    for score, i, j in pairs:
        if score == 0 or i in used_p or out[j] is not None:
            continue
        used_p.add(i)
        out[j] = preds[i]
    return out
