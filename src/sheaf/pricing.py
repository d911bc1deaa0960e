"""Tiers and credits: the one place they are listed.

Credits are an accounting unit on LlamaCloud's published per-page scale, so usage reads
familiar; nothing is billed.
"""

from __future__ import annotations

__all__ = ["EXTRACT_CREDITS_PER_PAGE", "EXTRACT_TIERS", "PARSE_CREDITS_PER_PAGE", "PARSE_TIERS"]

PARSE_TIERS = ("fast", "cost_effective", "agentic", "agentic_plus")
PARSE_CREDITS_PER_PAGE = {"fast": 1.0, "cost_effective": 3.0, "agentic": 10.0, "agentic_plus": 45.0}
EXTRACT_TIERS = ("cost_effective", "agentic", "agentic_plus", "turbo")
EXTRACT_CREDITS_PER_PAGE = {
    "cost_effective": 5.0,
    "agentic": 15.0,
    "agentic_plus": 50.0,
    "turbo": 35.0,
}
