"""JSON responses for hot read routes, serialised once.

A sync endpoint's return value is validated against its response model again, in a worker
thread (a hop to the thread pool and back), before FastAPI serialises it. A wire model we
built is already valid; returning it as a ready ``Response`` skips both. The route keeps
its ``response_model`` for the OpenAPI document.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response
from pydantic import BaseModel
from pydantic_core import to_json

__all__ = ["json_response", "wire_response"]


def wire_response(model: BaseModel) -> Response:
    return Response(model.model_dump_json(), media_type="application/json")


def json_response(content: Any) -> Response:
    """JSON data, serialised as FastAPI would have (pydantic's encoder: NaN becomes null)."""
    return Response(to_json(content), media_type="application/json")
