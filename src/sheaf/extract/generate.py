"""Schema generation (placeholder until implemented)."""

from __future__ import annotations

__all__ = ["generate_schema"]


def generate_schema(*, doc=None, prompt=None, data_schema=None, name=None) -> dict:
    raise NotImplementedError
