"""Send due webhook deliveries: claim with a lease, POST, record, retry with backoff.

At-least-once: a delivery is claimed (``pending`` -> ``delivering``, ``attempts + 1``, lease set)
in one short transaction, sent outside any transaction, and its outcome recorded only if the
lease is still ours. A process that dies mid-send leaves an expired lease; the next
``deliver_due`` anywhere claims the row again (so a receiver may see an event twice; it can
dedupe on ``webhook-id``).

On PostgreSQL the claim is ``SELECT … FOR UPDATE SKIP LOCKED`` then ``UPDATE``, so several
deliverers never block each other; on SQLite the write transaction (``BEGIN IMMEDIATE``)
serializes claimers.

Fairness: the delivery loop keeps up to ``MAX_SENDING`` sends in flight, at most
``PER_ENDPOINT`` to one URL, and refills a slot as soon as its send ends; a slow receiver's
backlog delays only itself.

Retries: any non-2xx answer, a timeout, a network error or a DNS failure schedules the next
attempt after ``base * 2**(attempts-1)`` seconds (capped at ``MAX_BACKOFF_SECONDS``) with up to
50 % jitter; ``base`` is ``settings.webhook_retry_base_seconds``. After
``settings.webhook_max_attempts`` attempts the row ends ``failed`` with ``last_error``. A
destination refused by the egress guard fails at once (retrying cannot make a metadata
address acceptable).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import math
import os
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import httpx
from sqlalchemy import CursorResult, and_, delete, func, or_, select, update

from sheaf.queue import retry
from sheaf.store.db import Database
from sheaf.store.types import utcnow
from sheaf.store.webhook_tables import WebhookDelivery
from sheaf.webhooks.egress import (
    EgressRefused,
    UnresolvableHost,
    egress_client,
    open_pinned,
)

__all__ = [
    "backoff_seconds",
    "deliver_due",
    "purge_finished",
    "run_delivery_loop",
    "sign",
    "sign_standard",
]

log = logging.getLogger("sheaf.webhooks")

MAX_BACKOFF_SECONDS = 600.0
SEND_CONCURRENCY = 8  # deliver_due's threads
MAX_SENDING = 16  # the delivery loop's sends in flight, all endpoints together
PER_ENDPOINT = 4  # ... and to one URL: a slow receiver holds at most these slots
CANDIDATES = 500  # due rows looked at per claim (already at most PER_ENDPOINT per URL)
MAX_ERROR_CHARS = 2000
USER_AGENT = "Sheaf-Webhooks/1"


def sign(secret: str, body: bytes) -> str:
    """The ``LC-Signature`` value: ``sha256=<hex HMAC-SHA256 of the raw body>``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _standard_key(secret: str) -> bytes:
    """Standard Webhooks keys: a ``whsec_`` secret is base64; any other is its UTF-8 bytes."""
    if secret.startswith("whsec_"):
        try:
            return base64.b64decode(secret.removeprefix("whsec_"), validate=True)
        except binascii.Error:
            pass
    return secret.encode()


def sign_standard(secret: str, webhook_id: str, timestamp: str, body: bytes) -> str:
    """The ``webhook-signature`` value (Standard Webhooks): ``v1,<base64 HMAC-SHA256>`` of
    ``{id}.{timestamp}.{body}``, so a replayed request with a new timestamp fails to verify."""
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(_standard_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def backoff_seconds(attempts: int, base: float) -> float:
    """Delay before the next try after ``attempts`` failed ones: exponential, capped, jittered."""
    return retry.backoff_seconds(attempts, max(0.0, base), MAX_BACKOFF_SECONDS)


@dataclass(frozen=True, slots=True)
class _Claimed:
    id: str
    event_id: str
    url: str
    headers: dict[str, str] | None
    secret: str | None
    body: str
    attempts: int


@dataclass(frozen=True, slots=True)
class _Outcome:
    ok: bool
    status_code: int | None = None
    error: str | None = None
    permanent: bool = False


def _owner() -> str:
    return f"{socket.gethostname()[:64]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _timeout(settings: Any) -> float:
    return float(getattr(settings, "webhook_timeout_seconds", 10.0))


def _max_attempts(settings: Any) -> int:
    return max(1, int(getattr(settings, "webhook_max_attempts", 8)))


def _due(now: datetime):
    expired = and_(WebhookDelivery.status == "delivering", WebhookDelivery.lease_expires_at < now)
    pending = and_(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now)
    return expired, or_(pending, expired)


def _claim(
    db: Database,
    settings: Any,
    owner: str,
    limit: int,
    *,
    per_endpoint: int | None = None,
    busy: Mapping[str, int] | None = None,
) -> list[_Claimed]:
    """Lease up to ``limit`` due rows; with ``per_endpoint``, at most that many per URL
    counting the ``busy`` sends already in flight there, so one slow receiver's backlog never
    fills every sending slot."""
    now = utcnow()
    max_attempts = _max_attempts(settings)
    rounds = 1 if per_endpoint else math.ceil(limit / SEND_CONCURRENCY)
    # Long enough to send every claimed row even if each one hits every timeout phase.
    lease = timedelta(seconds=30 + 4 * _timeout(settings) * rounds)
    expired, due = _due(now)
    # Idle polls stay read-only: on SQLite a write transaction would take the database lock.
    with db.session(write=False) as session:
        if session.scalar(select(WebhookDelivery.id).where(due).limit(1)) is None:
            return []
    with db.session() as session:
        # A row whose last allowed attempt was lost with its process: give up on it.
        session.execute(
            update(WebhookDelivery)
            .where(expired, WebhookDelivery.attempts >= max_attempts)
            .values(
                status="failed",
                lease_owner=None,
                lease_expires_at=None,
                last_error="gave up: the last attempt was interrupted (lease expired)",
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        order = (WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        if per_endpoint:
            wanted = _fair_share(session, due, limit, per_endpoint, busy or {})
            if not wanted:
                return []
            due = and_(due, WebhookDelivery.id.in_(wanted))
        ids = list(
            session.scalars(
                select(WebhookDelivery.id)
                .where(due)
                .order_by(*order)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        if not ids:
            return []
        session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id.in_(ids))
            .values(
                status="delivering",
                lease_owner=owner,
                lease_expires_at=now + lease,
                attempts=WebhookDelivery.attempts + 1,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        rows = session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.id.in_(ids))
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        ).all()
        return [
            _Claimed(
                id=r.id,
                event_id=r.event_id,
                url=r.url,
                headers=r.headers,
                secret=r.signing_secret,
                body=r.body,
                attempts=r.attempts,
            )
            for r in rows
        ]


def _fair_share(
    session: Any, due: Any, limit: int, per_endpoint: int, busy: Mapping[str, int]
) -> list[str]:
    """Ids of the oldest due rows, at most ``per_endpoint`` per URL less those in flight."""
    rank = (
        func.row_number()
        .over(
            partition_by=WebhookDelivery.url,
            order_by=(WebhookDelivery.next_attempt_at, WebhookDelivery.id),
        )
        .label("rank")
    )
    ranked = (
        select(WebhookDelivery.id, WebhookDelivery.url, WebhookDelivery.next_attempt_at, rank)
        .where(due)
        .subquery()
    )
    rows = session.execute(
        select(ranked.c.id, ranked.c.url)
        .where(ranked.c.rank <= per_endpoint)
        .order_by(ranked.c.next_attempt_at, ranked.c.id)
        .limit(CANDIDATES)
    ).all()
    taken: Counter[str] = Counter()
    wanted: list[str] = []
    for row_id, url in rows:
        if taken[url] + busy.get(url, 0) < per_endpoint:
            taken[url] += 1
            wanted.append(row_id)
            if len(wanted) >= limit:
                break
    return wanted


def _headers(item: _Claimed, body: bytes) -> dict[str, str]:
    headers = dict(item.headers or {})
    headers.update(
        {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "webhook-id": item.event_id,
            "webhook-timestamp": str(int(time.time())),
        }
    )
    if item.secret:
        headers["LC-Signature"] = sign(item.secret, body)  # what LlamaCloud clients check
        headers["webhook-signature"] = sign_standard(
            item.secret, item.event_id, headers["webhook-timestamp"], body
        )
    return headers


SNIPPET_BYTES = 300
SNIPPET_SECONDS = 2.0


def _error_snippet(response: httpx.Response) -> str:
    """The start of an error body: at most 300 bytes and 2 s, whatever the receiver sends."""
    data = b""
    deadline = time.monotonic() + SNIPPET_SECONDS
    try:
        for chunk in response.iter_raw(SNIPPET_BYTES):
            data += chunk
            if len(data) >= SNIPPET_BYTES or time.monotonic() > deadline:
                break
    except httpx.HTTPError:
        pass
    return data[:SNIPPET_BYTES].decode("utf-8", "replace").strip()


def _send(item: _Claimed, settings: Any) -> _Outcome:
    body = item.body.encode("utf-8")
    allow_private = bool(getattr(settings, "allow_private_egress", False))
    try:
        with (
            egress_client(_timeout(settings)) as client,
            open_pinned(
                client,
                "POST",
                item.url,
                allow_private=allow_private,
                headers=_headers(item, body),
                content=body,
            ) as response,
        ):
            if 200 <= response.status_code < 300:
                return _Outcome(ok=True, status_code=response.status_code)
            snippet = _error_snippet(response)
            error = f"HTTP {response.status_code}" + (f": {snippet}" if snippet else "")
            return _Outcome(ok=False, status_code=response.status_code, error=error)
    except UnresolvableHost as exc:
        return _Outcome(ok=False, error=str(exc))
    except EgressRefused as exc:
        return _Outcome(ok=False, error=str(exc), permanent=True)
    except httpx.InvalidURL as exc:  # the URL itself is wrong: retrying cannot fix it
        return _Outcome(ok=False, error=f"invalid URL: {exc}", permanent=True)
    except httpx.TimeoutException:
        return _Outcome(ok=False, error=f"timed out after {_timeout(settings):g} s")
    except httpx.HTTPError as exc:
        return _Outcome(ok=False, error=f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # never lose the outcome of a claimed row
        log.exception("webhook delivery %s crashed", item.id)
        return _Outcome(ok=False, error=f"{type(exc).__name__}: {exc}")


def _record(db: Database, settings: Any, owner: str, item: _Claimed, outcome: _Outcome) -> None:
    now = utcnow()
    values: dict[str, Any] = {
        "lease_owner": None,
        "lease_expires_at": None,
        "last_status_code": outcome.status_code,
        "updated_at": now,
    }
    if outcome.ok:
        values.update(status="delivered", delivered_at=now, last_error=None)
    elif outcome.permanent or item.attempts >= _max_attempts(settings):
        values.update(status="failed", last_error=(outcome.error or "")[:MAX_ERROR_CHARS])
    else:
        delay = backoff_seconds(item.attempts, settings.webhook_retry_base_seconds)
        next_at: datetime = now + timedelta(seconds=delay)
        values.update(
            status="pending",
            next_attempt_at=next_at,
            last_error=(outcome.error or "")[:MAX_ERROR_CHARS],
        )
    with db.session() as session:
        session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == item.id, WebhookDelivery.lease_owner == owner)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    if not outcome.ok:
        log.info(
            "webhook %s to %s attempt %d failed: %s",
            item.id,
            item.url,
            item.attempts,
            outcome.error,
        )


def deliver_due(db: Database, settings: Any, *, limit: int = 50) -> int:
    """Claim up to ``limit`` due deliveries, send them, record each outcome.

    Returns how many were claimed (attempted). Safe to run from many threads and processes.
    """
    owner = _owner()
    claimed = _claim(db, settings, owner, max(1, limit))
    if not claimed:
        return 0

    def one(item: _Claimed) -> None:
        _record(db, settings, owner, item, _send(item, settings))

    if len(claimed) == 1:
        one(claimed[0])
    else:
        workers = min(SEND_CONCURRENCY, len(claimed))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sheaf-webhook") as pool:
            for future in [pool.submit(one, item) for item in claimed]:
                try:
                    future.result()
                except Exception:  # recording failed; the lease expires and it is retried
                    log.exception("recording a webhook delivery outcome failed")
    return len(claimed)


def purge_finished(db: Database, *, older_than: timedelta) -> int:
    """Delete delivered and failed rows last touched before ``now - older_than``."""
    cutoff = utcnow() - older_than
    with db.session() as session:
        result = session.execute(
            delete(WebhookDelivery)
            .where(
                WebhookDelivery.status.in_(("delivered", "failed")),
                WebhookDelivery.updated_at < cutoff,
            )
            .execution_options(synchronize_session=False)
        )
        return cast(CursorResult, result).rowcount or 0


class _Dispatcher:
    """Sends deliveries on a fixed set of threads, at most ``PER_ENDPOINT`` per URL at once.

    A slot freed by one finished send is refilled at once (no round waits for its slowest
    member), and a slow receiver's backlog can hold only its own slots: other endpoints'
    deliveries go out meanwhile.
    """

    def __init__(self, db: Database, settings: Any) -> None:
        self.db, self.settings = db, settings
        self.owner = _owner()
        self.pool = ThreadPoolExecutor(max_workers=MAX_SENDING, thread_name_prefix="sheaf-webhook")
        self.in_flight: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.wake = threading.Event()

    def fill(self) -> int:
        """Claim as many due rows as there are free slots, and start sending them."""
        with self.lock:
            busy = +self.in_flight
        free = MAX_SENDING - sum(busy.values())
        if free <= 0:
            return 0
        claimed = _claim(
            self.db, self.settings, self.owner, free, per_endpoint=PER_ENDPOINT, busy=busy
        )
        for item in claimed:
            with self.lock:
                self.in_flight[item.url] += 1
            self.pool.submit(self._deliver, item)
        return len(claimed)

    def _deliver(self, item: _Claimed) -> None:
        try:
            _record(self.db, self.settings, self.owner, item, _send(item, self.settings))
        except Exception:  # recording failed; the lease expires and it is retried
            log.exception("recording a webhook delivery outcome failed")
        finally:
            with self.lock:
                self.in_flight[item.url] -= 1
            self.wake.set()

    def close(self) -> None:
        self.pool.shutdown(wait=True)  # sends in flight end within their timeouts


def run_delivery_loop(
    db: Database, settings: Any, stop: threading.Event, interval: float = 0.5
) -> None:
    """Deliver until ``stop`` is set; for a background thread of the server or worker."""
    dispatcher = _Dispatcher(db, settings)
    try:
        while not stop.is_set():
            try:
                dispatcher.fill()
            except Exception:  # e.g. the database is briefly unavailable; try again later
                log.exception("webhook delivery round failed")
            # Woken early when a send ends (a slot is free); else poll for newly due rows.
            dispatcher.wake.wait(interval)
            dispatcher.wake.clear()
    finally:
        dispatcher.close()
