"""``metadata``: per-page confidence, printed page number, orientation, slide/sheet info."""

from __future__ import annotations

from ..document import Document

__all__ = ["render_metadata"]


def render_metadata(doc: Document) -> dict:
    pages = []
    for p in doc.pages:
        pages.append(
            {
                "page_number": p.number,
                "confidence": round(p.confidence, 4) if p.ok else 0.0,
                "printed_page_number": p.printed_page_number,
                "original_orientation_angle": p.orientation,
                "speaker_notes": p.speaker_notes,
                "slide_section_name": p.section_name,
            }
        )
    ok = [p for p in doc.pages if p.ok]
    conf = round(doc.confidence, 4)
    return {
        "pages": pages,
        "document": {
            "confidence": conf,
            "confidence_breakdown": {
                "min_page_score": conf,
                "scored_pages": len(ok),
                "total_pages": len(doc.pages),
            },
        },
    }
