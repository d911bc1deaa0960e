"""The extraction result and the per-field metadata entries (contract section 5.2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sheaf.parse.document import BBox

__all__ = ["Citation", "ExtractResult", "FieldValue", "VERBATIM", "INFERRED", "NOT_FOUND"]

VERBATIM = "VERBATIM EXTRACTION"
INFERRED = "INFERRED FROM TEXT"
NOT_FOUND = "NOT FOUND IN DOCUMENT"


@dataclass(slots=True)
class Citation:
    page: int
    matching_text: str
    boxes: list[BBox]
    page_width: float
    page_height: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "matching_text": self.matching_text,
            "bounding_boxes": [
                {"x": round(b.x, 2), "y": round(b.y, 2), "w": round(b.w, 2), "h": round(b.h, 2)}
                for b in self.boxes
            ],
            "page_dimensions": {"width": self.page_width, "height": self.page_height},
        }


@dataclass(slots=True)
class FieldValue:
    """A resolved scalar: the value plus what backs it."""

    value: Any
    citations: list[Citation] = field(default_factory=list)
    extraction_confidence: float = 0.0
    parsing_confidence: float = 1.0
    reasoning: str = NOT_FOUND

    @property
    def confidence(self) -> float:
        return round(self.extraction_confidence * self.parsing_confidence, 4)

    def metadata(self) -> dict[str, Any]:
        return {
            "citation": [c.to_dict() for c in self.citations],
            "confidence": self.confidence,
            "extraction_confidence": round(self.extraction_confidence, 4),
            "parsing_confidence": round(self.parsing_confidence, 4),
            "reasoning": self.reasoning,
        }


@dataclass(slots=True)
class ExtractResult:
    """What ``extract()`` returns.

    ``data`` validates against the schema; ``field_metadata`` is the contract's
    ``document_metadata`` (keyed like ``data``: scalars -> entry, arrays -> list of per-item
    dicts, objects recurse); ``resolver`` is ``"deterministic"`` or ``"llm"``.
    """

    data: dict[str, Any]
    field_metadata: dict[str, Any]
    resolver: str
    warnings: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # page numbers that were read

    def to_dict(self) -> dict[str, Any]:
        return {
            "data": self.data,
            "field_metadata": self.field_metadata,
            "resolver": self.resolver,
            "warnings": list(self.warnings),
        }
