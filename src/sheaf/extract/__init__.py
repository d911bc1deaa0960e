"""The extract engine: fill a JSON Schema from a parsed ``Document``, with citations.

Public API (called by the API layer and the workers)::

    validate_schema(schema) -> dict          # raises SchemaError
    extract(doc, schema, options=None) -> ExtractResult   # raises SchemaError / ExtractError
    generate_schema(doc=..., prompt=..., data_schema=..., name=...) -> dict

A plain library: no HTTP server, no database. The ``agentic`` tiers talk to an
OpenAI-compatible endpoint configured with ``SHEAF_LLM_BASE_URL`` / ``SHEAF_LLM_MODEL``
(/ ``SHEAF_LLM_API_KEY``).
"""

from __future__ import annotations

from .engine import extract
from .errors import ExtractError, SchemaError
from .generate import generate_schema
from .resolvers.llm import LlmConfig
from .result import ExtractResult
from .schema import validate_schema

__all__ = [
    "LlmConfig",
    "ExtractError",
    "ExtractResult",
    "SchemaError",
    "extract",
    "generate_schema",
    "validate_schema",
]
