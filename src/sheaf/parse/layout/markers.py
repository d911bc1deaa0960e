"""Marks that start a line: a list item's bullet glyph or number ("3.", "b)", "(iv)"), a
section number or a caption's label ("5.1", "Table 2:")."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["BULLET_RE", "CAPTION_RE", "LABEL_RE", "NUMBER_RE", "is_bullet", "is_marker"]

BULLET_RE = re.compile(r"^(?:[•●○◦▪▫■□‣⁃∙·\-–—*►▶✓✔➢➤→]|\uf0b7|\uf0a7|\uf076|\uf0d8|\uf0fc)$")
NUMBER_RE = re.compile(r"^(?:\(?\d{1,3}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}[.)]|\(\d{1,3}\))$", re.I)
LABEL_RE = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[A-Z](?:\.\d{1,2}){1,3}\.?|[IVX]{1,5}\."
    r"|(?:Table|Tab\.|Figure|Fig\.|Algorithm|Listing|Chart)\s+[A-Z]?\d{1,3}(?:\.\d{1,2})?[.:]?)$")

# a table's or figure's caption, in the languages of Europe's statistics offices
CAPTION_RE = re.compile(
    r"^(?:Table|Tab\.|Tabelle|Tableau|Tabla|Tabella|Tabel|Tabell|Taulukko|Tabulka|Tabela"
    r"|Cuadro|Quadro|Exhibit|Chart|Figure|Fig\.|Abbildung|Graphique|Gráfico|Grafico"
    r"|Grafiek|Figur)\s+[A-Z]?\d{1,3}(?:\.\d{1,2})?(?:\s*[.:–—-]|\s*$)")


def is_bullet(tok: str) -> bool:
    """A bullet glyph: the usual ones, or one symbol / private-use / control character (check
    boxes and dingbats from symbol fonts often map to those)."""
    if BULLET_RE.match(tok):
        return True
    return len(tok) == 1 and unicodedata.category(tok) in ("Co", "Cc", "So")


def is_marker(tok: str) -> bool:
    """A bullet or an item number."""
    return is_bullet(tok) or bool(NUMBER_RE.match(tok))
