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
  lower-case alphanumerics; precision and recall over a document's relations. A cell spanning
  rows (columns) is related to the nearest non-empty cell to its right (below) on each row
  (column) it covers, once per neighbour, as in the competition.
* ``md_tables(md)``: the tables in an engine's markdown output (pipe tables, the first row is
  the header when a delimiter row follows it, and embedded ``<table>`` HTML, kept as written,
  with ``colspan`` / ``rowspan`` and nested tables).

Self-check of the parsers and metrics: ``.venv/bin/python bench/parse_tables.py --selftest``.
Bench-only dependency: ``apted==1.0.3`` (the `bench` extra: ``pip install -e ".[bench]"``).
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


def span(value) -> int:
    """A colspan / rowspan attribute as an int >= 1 (missing, 0 or malformed -> 1)."""
    m = re.match(r"\s*(\d+)", str(value or ""))
    return max(1, min(int(m.group(1)), 1000)) if m else 1


def html_table_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every outermost ``<table>...</table>`` in text; nested tables stay inside
    their parent, an unclosed table runs to the end of the text."""
    out, depth, start = [], 0, 0
    for m in re.finditer(r"<(/?)table\b[^>]*>", text, flags=re.I):
        if not m.group(1):
            if depth == 0:
                start = m.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                out.append((start, m.end()))
    if depth:
        out.append((start, len(text)))
    return out


def md_tables(md: str) -> list[str]:
    """HTML of every table in a markdown document (pipe tables and embedded HTML tables)."""
    spans = html_table_spans(md)
    out = [md[a:b] for a, b in spans]
    for a, b in reversed(spans):
        md = md[:a] + "\n" + md[b:]
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
    for el in t.iter("th"):  # also in nested tables, which stay as a cell's text
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
            return TableTree("td", span(n.get("colspan")), span(n.get("rowspan")), list(text))
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
def table_rows(t) -> list:
    """The ``tr`` of a parsed table itself (directly or in thead/tbody/tfoot), not of a table
    nested in one of its cells."""
    return t.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def html_grid(html: str) -> list | None:
    """[{(row, col): cell id}, [cell text]] with spans expanded; None if it holds no table."""
    t = _parse(html)
    if t is None:
        return None
    grid: dict[tuple[int, int], int] = {}
    texts: list[str] = []
    for r, tr in enumerate(table_rows(t)):
        c = 0
        for td in tr.xpath("./td"):
            while (r, c) in grid:
                c += 1
            cs, rs = span(td.get("colspan")), span(td.get("rowspan"))
            texts.append(re.sub(r"\s+", " ", td.text_content()).strip())
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = len(texts) - 1
            c += cs
    return [grid, texts]


def _norm(s: str) -> str:
    return "".join(ch for ch in s.lower() if ch.isalnum())


def relations(grid_texts) -> Counter:
    """ICDAR adjacency relations of one table: from every grid slot of a non-empty cell, the
    nearest other non-empty cell to the right ("R") and below ("D"); a spanning cell thereby
    relates to each neighbour it touches, each (cell, neighbour, direction) counted once."""
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


# ----------------------------------------------------------------------------- self-check
def selftest() -> None:
    """Checks of the parsers and metrics on tiny tables (spans, nesting, pipe tables)."""
    md = (
        "Intro | text\n\n"
        "| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |\n\n"
        "<table><tr><th colspan='2'>Head</th><th>X</th></tr>"
        "<tr><td rowspan=\"2\">L</td><td>p</td><td>q</td></tr>"
        "<tr><td>r</td><td>s</td></tr></table>\n"
        "<table><tr><td>outer<table><tr><td>in</td></tr></table></td><td>z</td></tr>"
    )
    tabs = md_tables(md)
    assert len(tabs) == 3, tabs
    assert tabs[0].startswith("<table><tr><th colspan='2'>") and tabs[0].endswith("</table>")
    assert "<td>in</td>" in tabs[1], tabs[1]  # nested table kept inside, unclosed outer kept
    assert "<thead><tr><td>a</td>" in tabs[2] and "<tbody><tr><td>1</td>" in tabs[2], tabs[2]

    grid, texts = html_grid(tabs[0])
    ids = {rc: texts[i] for rc, i in grid.items()}
    assert ids == {(0, 0): "Head", (0, 1): "Head", (0, 2): "X", (1, 0): "L", (1, 1): "p",
                   (1, 2): "q", (2, 0): "L", (2, 1): "r", (2, 2): "s"}, ids
    grid, texts = html_grid(tabs[1])
    assert len(texts) == 2 and texts[0] == "outerin" and texts[1] == "z", texts
    assert span("2 ") == 2 and span("0") == 1 and span("x") == 1 and span(None) == 1

    rel = relations(html_grid(tabs[0]))
    want = Counter({("head", "x", "R"): 1, ("head", "l", "D"): 1, ("head", "p", "D"): 1,
                    ("x", "q", "D"): 1, ("l", "p", "R"): 1, ("l", "r", "R"): 1,
                    ("p", "q", "R"): 1, ("p", "r", "D"): 1, ("q", "s", "D"): 1,
                    ("r", "s", "R"): 1})
    assert rel == want, rel
    # empty cells are skipped: a relates to c across the blank, and down to the spanning d
    rel = relations(html_grid("<table><tr><td>a</td><td></td><td>c</td></tr>"
                              "<tr><td colspan=3>d</td></tr></table>"))
    assert rel == Counter({("a", "c", "R"): 1, ("a", "d", "D"): 1, ("c", "d", "D"): 1}), rel
    p, r = adjacency_prf(rel, rel)
    assert (p, r) == (1.0, 1.0)
    p, r = adjacency_prf(Counter({("a", "c", "R"): 1, ("x", "y", "R"): 1}), rel)
    assert (p, r) == (0.5, 1 / 3), (p, r)

    true = tabs[0]
    assert teds(true, true) == 1.0
    # same text without the spans: structure differs, the spans are what TEDS-struct sees
    flat = ("<table><tr><td>Head</td><td>X</td></tr><tr><td>L</td><td>p</td><td>q</td></tr>"
            "<tr><td>r</td><td>s</td></tr></table>")
    assert 0.5 < teds(flat, true, structure_only=True) < 1.0
    assert teds(flat, true) < teds(flat, true, structure_only=True) + 1e-9
    assert teds(None, true) == 0.0 and teds("no table", true) == 0.0
    # a markdown pipe table scores 1 against its HTML twin (flat: thead/tbody dropped)
    pipe = md_tables("| a | b |\n|---|---|\n| 1 | 2 |\n")[0]
    html = "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"
    assert teds(pipe, html, flat=True) == 1.0
    # ICDAR ground truth with spans round-trips through html_grid
    xml = ('<document><table><region><cell start-row="0" start-col="0" end-col="1">'
           "<content>H</content></cell><cell start-row=\"1\" start-col=\"0\"><content>a"
           '</content></cell><cell start-row="1" start-col="1"><content>b</content></cell>'
           "</region></table></document>")
    (gt,) = icdar_tables(xml)
    assert 'colspan="2"' in gt and relations(html_grid(gt)) == Counter(
        {("h", "a", "D"): 1, ("h", "b", "D"): 1, ("a", "b", "R"): 1})
    assert match_tables([flat, pipe, true], [gt, true]) == [pipe, true]
    print("parse_tables selftest: ok")


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["--selftest"]:
        raise SystemExit("usage: python bench/parse_tables.py --selftest")
    selftest()
