"""The resolver's shared types: ``Cand`` (one candidate value with its evidence and score)
and ``Context`` (the document, its pairs and per-document caches, passed to every step).

Separate so that the candidate sources, checks, confidence and array modules can share
them without importing the orchestration in ``deterministic.py`` (no import cycles).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..layout import Layout, Line
from ..result import FieldValue
from ..values import Match, find_amounts
from .pairs import Pair

__all__ = ["Cand", "Context"]


@dataclass(slots=True)
class Cand:
    value: Any
    text: str
    spans: list[tuple[Line, int, int]]
    label: float
    fit: float
    kind: str
    verbatim: bool
    prior: float = 0.5
    bonus: float = 0.0
    support: int = 1

    @property
    def score(self) -> float:
        kw = {
            "colon": 1.0,
            "cell": 0.9,
            "table": 0.9,
            "inline": 0.8,
            "below": 0.7,
            "role": 0.8,
            "scan": 0.3,
        }.get(self.kind, 0.5)
        return (
            0.5 * self.label
            + 0.2 * self.fit
            + 0.1 * self.prior
            + 0.2 * kw
            + self.bonus
            + min(0.06, 0.03 * (self.support - 1))
        )


@dataclass
class Context:
    layout: Layout
    pairs: list[Pair]
    warnings: list[str] = field(default_factory=list)
    resolved: dict[str, FieldValue] = field(default_factory=dict)
    month_first: bool = False  # the document writes 03/20/2023
    decimal: str | None = None  # the document's decimal separator, once known
    _amounts: list[tuple[Line, Match]] | None = None
    _orgs: list[Cand] | None = None

    def amounts(self) -> list[tuple[Line, Match]]:
        if self._amounts is None:
            self._amounts = [(ln, m) for ln in self.layout.lines for m in find_amounts(ln.text)]
        return self._amounts
