"""Cursor pagination: keyset on the sort columns plus ``id``, never offsets.

A token encodes the sort values of the last item of a page, so rows inserted while a client
pages through never shift or repeat items.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from sheaf.errors import InvalidInput
from sheaf.store.types import UTCDateTime

__all__ = ["Order", "Page", "paginate", "within"]

T = TypeVar("T")
W = TypeVar("W")

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000


@dataclass(frozen=True)
class Order:
    """Columns to sort by (the last one must be unique, normally ``id``) and direction."""

    columns: Sequence[Any]
    descending: bool = False


@dataclass
class Page:
    items: list[Any]
    next_page_token: str | None
    total_size: int | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "next_page_token": self.next_page_token,
            "total_size": self.total_size,
        }


def _encode(values: list[Any]) -> str:
    raw = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")


def _decode(token: str, count: int) -> list[Any]:
    try:
        padded = token + "=" * (-len(token) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("page_token is not a token this server issued") from exc
    if not isinstance(values, list) or len(values) != count:
        raise InvalidInput("page_token does not match this listing")
    return values


def _column_value(col: Any, value: Any) -> Any:
    """Turn a token's JSON value back into the column's Python type."""
    if not isinstance(value, str):  # every sort column is a string or a timestamp
        raise InvalidInput("page_token is malformed")
    if isinstance(col.type, UTCDateTime):
        try:
            return datetime.fromisoformat(value)
        except ValueError as exc:
            raise InvalidInput("page_token is malformed") from exc
    return value


def _after(order: Order, values: list[Any]):
    """Rows strictly after ``values`` in the order: (a, b) > (va, vb) spelled portably."""
    cols = list(order.columns)
    typed = [_column_value(c, v) for c, v in zip(cols, values, strict=True)]
    clauses = []
    for i, col in enumerate(cols):
        cmp = col < typed[i] if order.descending else col > typed[i]
        clauses.append(and_(*[cols[j] == typed[j] for j in range(i)], cmp))
    return or_(*clauses)


def paginate(
    session: Session,
    stmt: Select,
    order: Order,
    *,
    page_size: int | None,
    page_token: str | None,
    to_wire: Callable[[Any], W],
    with_total: bool = True,
) -> Page:
    """Run ``stmt`` (a select of one entity) one page at a time."""
    size = page_size or DEFAULT_PAGE_SIZE
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidInput(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
    total = None
    if with_total:
        total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    if page_token:
        stmt = stmt.where(_after(order, _decode(page_token, len(order.columns))))
    direction = [c.desc() if order.descending else c.asc() for c in order.columns]
    rows = list(session.scalars(stmt.order_by(*direction).limit(size + 1)))
    more = len(rows) > size
    rows = rows[:size]
    token = None
    if more and rows:
        last = rows[-1]
        token = _encode([getattr(last, c.key) for c in order.columns])
    return Page(items=[to_wire(r) for r in rows], next_page_token=token, total_size=total)


def within(stmt: Select, column: Any, on_or_after: datetime | None, on_or_before: datetime | None):
    """Add the inclusive ``*_on_or_after`` / ``*_on_or_before`` filters the lists share."""
    if on_or_after is not None:
        stmt = stmt.where(column >= on_or_after)
    if on_or_before is not None:
        stmt = stmt.where(column <= on_or_before)
    return stmt
