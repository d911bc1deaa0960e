"""JSON responses whose large members are streamed from storage instead of loaded."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

__all__ = ["json_object_stream"]


def json_object_stream(
    head: dict[str, Any], parts: Iterable[tuple[str, Callable[[], Iterator[bytes]]]]
) -> Iterator[bytes]:
    """The bytes of ``{**head, key: <streamed JSON>, ...}``.

    Each part yields the JSON text of one member, exactly as it was stored; it is opened only
    when its turn comes, so one member at a time is read, chunk by chunk.
    """
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
    yield opening[:-1].encode()  # without the closing brace
    separator = "," if head else ""
    for key, chunks in parts:
        yield f"{separator}{json.dumps(key)}:".encode()
        separator = ","
        yield from chunks()
    yield b"}"
