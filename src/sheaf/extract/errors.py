"""Errors raised by the extract engine.

Exception tree::

    ExtractError            extraction could not run (bad options, LLM required/unavailable, ...)
    └── SchemaError         the data_schema is not usable (invalid JSON Schema, limits, root type)

The API layer maps ``SchemaError`` to HTTP 400/422 and ``ExtractError`` to a FAILED job.
"""

from __future__ import annotations

__all__ = ["ExtractError", "SchemaError"]


class ExtractError(Exception):
    """Extraction could not be carried out; the message says why, for a human."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SchemaError(ExtractError):
    """The data schema is invalid or outside the engine's limits."""
