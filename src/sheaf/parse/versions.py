"""Dated engine versions per tier (``GET /api/v2/parse/versions``). Our own dates: a new
date is added whenever a tier's output changes in a way users could notice."""

from __future__ import annotations

__all__ = ["ENGINE_VERSIONS", "resolve_version"]

ENGINE_VERSIONS: dict = {
    "fast": ["2026-11-28"],
    "cost_effective": ["2026-11-28"],
    "agentic": ["2026-11-28"],
    "agentic_plus": ["2026-11-28"],
}
ENGINE_VERSIONS["latest"] = {t: v[-1] for t, v in ENGINE_VERSIONS.items() if t != "latest"}


def resolve_version(tier: str, version: str | None) -> str:
    """``latest``/None -> the newest date; any other string is accepted and echoed."""
    if not version or version in ("latest", "configured"):
        return ENGINE_VERSIONS["latest"].get(tier, ENGINE_VERSIONS["latest"]["fast"])
    return version
