"""Identifiers: the contract's prefixes plus a UUID4."""

from __future__ import annotations

import uuid

__all__ = ["new_id"]

PREFIXES = {
    "organization": "org",
    "project": "prj",
    "api_key": "key",
    "directory": "dir",
    "directory_file": "dfl",
    "configuration": "cfg",
    "batch": "bat",
    "parse_job": "pjb",
    "extract_job": "ext",
    "webhook_config": "whc",
    "job": "job",
}


def new_id(kind: str) -> str:
    """A new id for ``kind``; Files-API files are bare UUIDs as in the contract."""
    if kind == "file":
        return str(uuid.uuid4())
    return f"{PREFIXES[kind]}-{uuid.uuid4()}"
