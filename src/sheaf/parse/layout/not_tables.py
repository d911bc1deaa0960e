"""Blocks that line up like a table but are not one, told apart by what their cells hold.

* **Prose in columns**: two or three columns of running text (a report's body, its
  footnotes) share rows, so their lines pair up across the gutter. A column of prose has
  long lines of words (few digits) that run on from one row to the next: a line that does
  not end a sentence, or a next line that starts in lower case. A table's text column
  breaks at every row.
* **Justified lines cut into words**: a line whose word spaces are stretched wide breaks
  into pieces that line up with the next line's; its "cells" run on, the next starting in
  lower case.
* **A table of contents**: entries with their page numbers (once their dot leaders are gone,
  :mod:`.leaders`), the numbers going up.
* **A form's worksheet**: numbered lines that end with their number again (the box the
  amount goes in).
* **A form's boxes**: each filled cell a caption in small type over the entry in larger
  type ("1. Name of establishment" over the name): fields of a form, drawn as a grid.
* **A list of links**: a site's footer or menu printed from a browser: link columns under
  headings line up like a table, but nearly every line is underlined on its own (a rule
  under it, as long as its text).
* **Authors side by side**: a paper's title block (LaTeX's ``\and``) sets each author as a
  column of name, affiliation and e-mail address; the rows line up, but one row is all
  addresses: each column is a person, not a field.
* **A displayed equation**: its number "(3)" at the right margin is a column of its own.
* **A form's key-value block**: label, value (and a second label, value) rows without
  colons. Its labels are set apart (bold, or plain words over values of every kind: names,
  dates, codes, amounts), and it has no header row: the first row is a label and a value
  like the others. A table's value column holds one kind of value under a header.
"""

from __future__ import annotations

import re

from .model import Line, Rule
from .table_common import Table

__all__ = ["author_block", "contents_list", "equation_numbers", "form_boxes", "form_lines",
           "key_value_block", "link_list", "prose_columns", "runs_across"]

_END = re.compile(r"[.:;!?)\]”\"]$")
_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d", re.I)
_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")
_AMOUNT = re.compile(r"[-+(]?[$€£¥]?\s?\d[\d.,' ]*(%|‰)?\)?")
_SECTION = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}|[A-Z](?:\.\d{1,2}){1,3})\.?\s+\w")
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_EQUATION_NUMBER = re.compile(r"^\((?:\d{1,3}|[A-Z]?\d{1,2}\.\d{1,3})[a-z]?\)$")


def _prose(cell: str) -> bool:
    """Four or more words, nearly all letters: a line of running text."""
    words = cell.split()
    if len(words) < 4:
        return False
    letters = sum(ch.isalpha() for ch in cell)
    digits = sum(ch.isdigit() for ch in cell)
    return letters >= 0.7 * len(cell.replace(" ", "")) and digits <= 0.1 * letters


def _runs_on(a: str, b: str) -> bool:
    """Line ``b`` continues line ``a``'s sentence."""
    return not _END.search(a) or b[:1].islower()


def prose_columns(t: Table) -> int:
    """How many columns of ``t`` read as running text (see the module doc)."""
    if not t.rows:
        return 0
    n = 0
    for k in range(len(t.rows[0])):
        cells = [r[k].strip() for r in t.rows if k < len(r) and r[k].strip()]
        if len(cells) < 3:
            continue
        prose = [c for c in cells if _prose(c)]
        if len(prose) < 0.6 * len(cells):
            continue
        pairs = list(zip(cells, cells[1:], strict=False))
        if sum(_runs_on(a, b) for a, b in pairs) >= 0.5 * len(pairs):
            n += 1
    return n


def runs_across(t: Table) -> bool:
    """Most cells that follow a filled cell in their row start in lower case: the words of
    justified lines cut at their wide spaces, not cells."""
    pairs = [(a, b) for r in t.rows for a, b in zip(r, r[1:], strict=False)
             if a.strip() and b.strip()]
    runs = sum(1 for a, b in pairs if b.strip()[:1].islower() and not _END.search(a.strip()))
    return len(pairs) >= 2 and runs >= 0.5 * len(pairs)


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _page_number(s: str) -> int | None:
    """A page number: arabic (up to four digits) or a front-matter roman one (vii, xii)."""
    if s.isdigit() and len(s) <= 4:
        return int(s)
    low = s.lower()
    if not low or len(low) > 8 or any(ch not in _ROMAN for ch in low):
        return None
    vals = [_ROMAN[ch] for ch in low]
    return sum(-v if i + 1 < len(vals) and v < vals[i + 1] else v for i, v in enumerate(vals))


def contents_list(t: Table) -> bool:
    """A table of contents: entries of words, each with a page number (arabic, or roman in
    the front matter) in the last column, the numbers never going down (four entries or
    more, or three that each start with a section number; at most three columns)."""
    ncols = len(t.rows[0]) if t.rows else 0
    if not 2 <= ncols <= 3:
        return False
    rows = [r for r in t.rows if r[-1].strip()]
    found = [_page_number(r[-1].strip()) for r in rows]
    nums = [n for n in found if n is not None]
    entries = [" ".join(c.strip() for c in r[:-1]).strip() for r in rows]
    numbered = all(_SECTION.match(e) for e in entries)
    if len(rows) < (3 if numbered else 4) or len(nums) < len(found):
        return False
    return (all(a <= b for a, b in zip(nums, nums[1:], strict=False))
            and all(any(ch.isalpha() for ch in e) for e in entries))



def author_block(t: Table) -> bool:
    """Authors set side by side (see the module doc): a row of two or more filled cells,
    each an e-mail address, in a table of at most four columns."""
    if not t.rows or len(t.rows[0]) > 4:
        return False
    for r in t.rows:
        filled = [c.strip() for c in r if c.strip()]
        if len(filled) >= 2 and all(_EMAIL.match(c) for c in filled):
            return True
    return False


def equation_numbers(t: Table) -> bool:
    """A displayed equation (or several): the last column holds only equation numbers
    ("(3)", "(2.14)") and some other cell an equals sign or a relation."""
    last = [r[-1].strip() for r in t.rows if r and r[-1].strip()]
    if not last or not all(_EQUATION_NUMBER.match(c) for c in last):
        return False
    return any(ch in c for r in t.rows for c in r[:-1] for ch in "=≤≥≈∝<>")


def form_lines(t: Table) -> bool:
    """A form's worksheet: numbered lines ("7. Subtract line 6 from line 5 ..... 7.") that
    end with their line number again (the box the amount goes in is numbered), in three
    rows and a third of the rows or more (captions and wrapped lines fill the others)."""
    rows = [[c.strip() for c in r if c.strip()] for r in t.rows]
    rows = [r for r in rows if r]
    hits = sum(1 for r in rows if re.fullmatch(r"\d{1,2}[a-z]?\.", r[-1].split()[-1]))
    return hits >= 3 and hits >= 0.3 * len(rows)


def form_boxes(t: Table) -> bool:
    """Most filled cells hold a caption over an entry: a line in type at most 0.85 times the
    size of the line right under it in the same column (see the module doc)."""
    filled = sum(1 for r in t.rows for c in r if c.strip())
    if len(t.rows) < 2 or filled < 2 or not t.cols:
        return False
    captions = 0
    for a, b in t.cols:
        col = sorted((ln for ln in t.lines if a - 1 <= (ln.x0 + ln.x1) / 2 <= b + 1),
                     key=lambda ln: ln.y0)
        for up, down in zip(col, col[1:], strict=False):
            if (up.size <= 0.85 * down.size and 0 <= down.y0 - up.y1 <= 1.5 * down.h
                    and any(ch.isalpha() for ch in up.text)):
                captions += 1
    return captions >= 0.6 * filled


def _kind(cell: str) -> str:
    if _AMOUNT.fullmatch(cell):
        return "number"
    if _MONTH.search(cell) or _DATE.search(cell):
        return "date"
    if any(ch.isdigit() for ch in cell):
        return "code"
    return "text"


def _label(cell: str) -> bool:
    return bool(cell) and len(cell.split()) <= 4 and not any(ch.isdigit() for ch in cell)


def _bold_labels(t: Table, ncols: int) -> bool:
    """Every label column's lines bold and every value column's lines not, the first row
    too (a table's header row is bold across all its columns)."""
    cols = t.cols
    if not cols or len(cols) != ncols:
        return False
    bold = [[0, 0] for _ in range(ncols)]
    for ln in t.lines:
        cx = (ln.x0 + ln.x1) / 2
        k = min(range(ncols), key=lambda j: 0 if cols[j][0] <= cx <= cols[j][1]
                else min(abs(cx - cols[j][0]), abs(cx - cols[j][1])))
        bold[k][0 if ln.bold else 1] += 1
    return all((b[1] == 0 and b[0] > 0) if k % 2 == 0 else b[0] == 0
               for k, b in enumerate(bold))


def key_value_block(t: Table) -> bool:
    """Rows of (label, value) pairs, one or two a row, without colons (see the module doc)."""
    ncols = len(t.rows[0]) if t.rows else 0
    if ncols not in (2, 4) or len(t.rows) < 2:
        return False
    if t.ruled and all(_label(c.strip()) for c in t.rows[0]):
        return False  # a header row ("Parameter | Value") over rules: a table of settings
    # a long value wraps onto a row of its own, with no label
    labels = [r[k].strip() for r in t.rows for k in range(0, ncols, 2) if r[k].strip()]
    values = [r[k].strip() for r in t.rows for k in range(1, ncols, 2)]
    if (not all(_label(s) for s in labels) or len(labels) < 0.6 * len(values)
            or sum(1 for v in values if v) < 0.8 * len(values)):
        return False
    if _bold_labels(t, ncols):
        return True
    kinds = [_kind(v) for v in values if v]
    top = max(kinds.count(k) for k in set(kinds))
    return len(t.rows) >= 3 and len(set(kinds)) >= 3 and top <= 0.6 * len(kinds)


def _underlined(ln: Line, rules: list[Rule]) -> bool:
    """A horizontal rule just under the line's text, from its first letter to its last."""
    return any(abs(r.a0 - ln.x0) <= 1.5 and abs(r.a1 - ln.x1) <= 2.0
               and ln.y1 - 0.35 * ln.h <= r.pos <= ln.y1 + 0.3 * ln.h for r in rules)


def link_list(t: Table, rules: list[Rule]) -> bool:
    """Seven lines in ten or more underlined one by one: links, not cells."""
    box = t.bbox
    under = [r for r in rules if r.horizontal and box.y - 2 <= r.pos <= box.y1 + 4
             and box.x - 2 <= r.a0 and r.a1 <= box.x1 + 2]
    if len(under) < 3 or not t.lines:
        return False
    return sum(1 for ln in t.lines if _underlined(ln, under)) >= 0.7 * len(t.lines)
