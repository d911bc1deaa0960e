"""Saved webhook endpoints and the delivery outbox.

An event becomes one ``webhook_deliveries`` row per matching endpoint, inserted in the same
transaction as the state change that caused it; ``sheaf.webhooks.deliverer`` sends them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sheaf.store.tables import Base, Timestamped
from sheaf.store.types import JSONType, utcnow

__all__ = ["WebhookConfig", "WebhookDelivery"]


class WebhookConfig(Timestamped, Base):
    """A saved endpoint (``/api/v1/beta/webhook-configs``), referenced by id from job creates."""

    __tablename__ = "webhook_configs"
    __table_args__ = (
        Index("ix_webhook_configs_project_created", "project_id", "created_at", "id"),
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"))
    url: Mapped[str] = mapped_column(Text)
    # NULL = every event.
    events: Mapped[list[str] | None] = mapped_column(JSONType(), nullable=True)
    headers: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)
    output_format: Mapped[str] = mapped_column(String(16), default="string")
    # Write-only on the wire; kept in the clear because every delivery is signed with it.
    signing_secret: Mapped[str | None] = mapped_column(Text, nullable=True)


class WebhookDelivery(Base):
    """One event for one endpoint: the outbox row and its delivery state.

    ``status``: ``pending`` (due at ``next_attempt_at``) -> ``delivering`` (leased) ->
    ``delivered`` | back to ``pending`` (retry) | ``failed`` (gave up).
    The endpoint (url, headers, secret) is copied in, so later config edits do not change
    what an already-recorded event sends.
    """

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_project_created", "project_id", "created_at", "id"),
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), index=True)
    event_type: Mapped[str] = mapped_column(String(64))
    project_id: Mapped[str] = mapped_column(String(64))
    config_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    url: Mapped[str] = mapped_column(Text)
    headers: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)
    output_format: Mapped[str] = mapped_column(String(16))
    signing_secret: Mapped[str | None] = mapped_column(Text, nullable=True)
    body: Mapped[str] = mapped_column(Text)  # the exact bytes (UTF-8) every attempt sends
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_owner: Mapped[str | None] = mapped_column(String(128), nullable=True)
    lease_expires_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(nullable=True)
