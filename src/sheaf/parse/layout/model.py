"""Geometry primitives the layout stages work on (PDF points, top-left origin)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..document import BBox, Word

__all__ = ["Line", "RawPage", "Rule"]


@dataclass(slots=True)
class Line:
    """A run of words on one baseline with no wide gap inside (a line of a column, or one cell
    of a table row)."""

    words: list[Word]
    x0: float
    y0: float
    x1: float
    y1: float
    size: float  # font size in points (or the text height for OCR)
    bold: bool = False
    mono: bool = False
    italic: bool = False
    role: str | None = None  # "header" / "footer" once marked
    rotated: bool = False
    key_value: bool = False  # a "Label:" joined with the value set apart on its row

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bbox(self) -> BBox:
        return BBox(self.x0, self.y0, self.x1 - self.x0, self.y1 - self.y0)

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    @property
    def confidence(self) -> float:
        return min((w.confidence for w in self.words), default=1.0)

    def piece(self, words: list[Word]) -> Line:
        """The part of this line that ``words`` (some of its words) make up."""
        x0 = min(w.bbox.x for w in words)
        x1 = max(w.bbox.x1 for w in words)
        return Line(list(words), x0, self.y0, x1, self.y1, self.size, self.bold, self.mono,
                    self.italic, self.role, self.rotated)


@dataclass(slots=True)
class Rule:
    """An axis-aligned ruling line segment: horizontal when ``horizontal``; (a0, a1) is the
    extent along the line and ``pos`` the coordinate across it."""

    horizontal: bool
    a0: float
    a1: float
    pos: float
    fill: bool = False  # a side of a filled box (a cell's or a row's background), not a stroke


@dataclass
class RawPage:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    images: list[BBox] = field(default_factory=list)
    links: list[tuple[BBox, str]] = field(default_factory=list)
    char_count: int = 0
    paths: int = 0  # vector path objects on the page (outlined text shows up here)
    ocr: bool = False
    confidence: float = 1.0
    orientation: int = 0
    error: str | None = None
    rtl: bool = False  # mostly right-to-left script: columns and row cells read right to left
    # the layout model's regions (label, score, box in points) on the page image, computed on
    # first call; None where the page has no image to look at
    regions: Callable[[], list[tuple[str, float, BBox]] | None] | None = None
