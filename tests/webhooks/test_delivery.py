"""The outbox and the deliverer against a real database and a real local HTTP receiver."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from sheaf.store.webhook_tables import WebhookConfig, WebhookDelivery
from sheaf.webhooks.deliverer import (
    backoff_seconds,
    deliver_due,
    purge_finished,
    run_delivery_loop,
)
from sheaf.webhooks.outbox import enqueue_event
from tests.webhooks.conftest import OTHER_PROJECT, PROJECT, settings

BATCH = {
    "id": "bat-1",
    "project_id": PROJECT,
    "source_directory_id": "dir-1",
    "status": "COMPLETED",
    "config": {"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_AGENTIC"}},
}


def enqueue(db, event_type="batch.success", payload=BATCH, **kwargs) -> int:
    kwargs.setdefault("inline_configs", None)
    kwargs.setdefault("config_ids", None)
    with db.session() as session:
        return enqueue_event(
            session, project_id=PROJECT, event_type=event_type, payload=payload, **kwargs
        )


def deliveries(db) -> list[WebhookDelivery]:
    with db.session(write=False) as session:
        return list(session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.created_at)))


def drain(db, cfg, *, until, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        deliver_due(db, cfg)
        if until():
            return
        time.sleep(0.01)
    raise AssertionError("deliveries did not settle in time")


def test_signed_json_delivery(db, receiver):
    hook = {
        "webhook_url": receiver.url("/hook?x=1"),
        "webhook_events": ["batch.success"],
        "webhook_headers": {"Authorization": "Bearer tok", "X-Num": 7},
        "webhook_output_format": "json",
        "webhook_signing_secret": "topsecret",
    }
    assert enqueue(db, inline_configs=[hook]) == 1
    assert deliver_due(db, settings()) == 1

    [req] = receiver.posts()
    assert req.path == "/hook?x=1"
    headers = {k.lower(): v for k, v in req.headers.items()}
    expected = hmac.new(b"topsecret", req.body, hashlib.sha256).hexdigest()
    assert headers["lc-signature"] == f"sha256={expected}"
    assert headers["content-type"] == "application/json"
    assert headers["authorization"] == "Bearer tok" and headers["x-num"] == "7"
    assert abs(int(headers["webhook-timestamp"]) - time.time()) < 60

    body = json.loads(req.body)
    assert isinstance(body, dict)
    assert body["event_type"] == "batch.success" and body["status"] == "COMPLETED"
    assert body["project_id"] == PROJECT and body["data"] == BATCH
    assert headers["webhook-id"] == body["event_id"] and body["event_id"].startswith("evt-")
    assert body["timestamp"].endswith("Z")

    [row] = deliveries(db)
    assert row.status == "delivered" and row.attempts == 1 and row.last_status_code == 200
    assert deliver_due(db, settings()) == 0  # nothing left


def test_string_format_is_default_and_unsigned_without_secret(db, receiver):
    assert enqueue(db, inline_configs=[{"webhook_url": receiver.url()}]) == 1
    deliver_due(db, settings())
    [req] = receiver.posts()
    assert "lc-signature" not in {k.lower() for k in req.headers}
    decoded = json.loads(req.body)
    assert isinstance(decoded, str)  # a JSON string literal
    envelope = json.loads(decoded)
    assert envelope["data"]["id"] == "bat-1" and envelope["status"] == "COMPLETED"


def test_event_filter_and_saved_configs_within_project(db, receiver):
    with db.session() as session:
        session.add_all(
            [
                WebhookConfig(
                    id="whc-mine",
                    project_id=PROJECT,
                    url=receiver.url("/saved"),
                    events=None,
                    headers={"X-Saved": "yes"},
                    output_format="json",
                    signing_secret="saved-secret",
                ),
                WebhookConfig(
                    id="whc-theirs",
                    project_id=OTHER_PROJECT,
                    url=receiver.url("/theirs"),
                    output_format="json",
                ),
                WebhookConfig(
                    id="whc-errors-only",
                    project_id=PROJECT,
                    url=receiver.url("/errors"),
                    events=["batch.error"],
                    output_format="json",
                ),
            ]
        )
    inline = [
        {"webhook_url": receiver.url("/inline-skip"), "webhook_events": ["batch.pending"]},
        {"webhook_url": None},  # webhook_url is optional in the contract: nothing to call
    ]
    count = enqueue(
        db,
        inline_configs=inline,
        config_ids=["whc-mine", "whc-theirs", "whc-errors-only", "whc-missing", "whc-mine"],
    )
    assert count == 1
    deliver_due(db, settings())
    [req] = receiver.posts()
    assert req.path == "/saved" and req.headers["X-Saved"] == "yes"
    expected = hmac.new(b"saved-secret", req.body, hashlib.sha256).hexdigest()
    assert req.headers["LC-Signature"] == f"sha256={expected}"


def test_enqueue_is_part_of_the_callers_transaction(db, receiver):
    with pytest.raises(RuntimeError), db.session() as session:
        enqueue_event(
            session,
            project_id=PROJECT,
            event_type="batch.pending",
            payload=BATCH,
            inline_configs=[{"webhook_url": receiver.url()}],
            config_ids=None,
        )
        raise RuntimeError("the state change failed")
    assert deliveries(db) == []
    assert deliver_due(db, settings()) == 0 and receiver.posts() == []


def test_secrets_are_never_in_the_body(db, receiver):
    hook = {"webhook_url": receiver.url(), "webhook_signing_secret": "do-not-echo"}
    enqueue(db, inline_configs=[hook])
    deliver_due(db, settings())
    [req] = receiver.posts()
    assert b"do-not-echo" not in req.body
    assert all("do-not-echo" not in v for v in req.headers.values() if "Signature" not in v)


def test_500_is_retried_then_succeeds(db, receiver):
    receiver.reply(500, b"boom")
    receiver.reply(503)
    enqueue(db, inline_configs=[{"webhook_url": receiver.url(), "webhook_output_format": "json"}])
    cfg = settings(webhook_max_attempts=5)
    drain(db, cfg, until=lambda: deliveries(db)[0].status == "delivered")
    posts = receiver.posts()
    assert len(posts) == 3
    assert len({p.headers["webhook-id"] for p in posts}) == 1  # same id on every retry
    assert len({p.body for p in posts}) == 1  # same bytes on every retry
    [row] = deliveries(db)
    assert row.attempts == 3 and row.last_status_code == 200 and row.last_error is None


def test_permanent_failure_is_recorded_after_max_attempts(db, receiver):
    receiver.default_status = 500
    enqueue(db, inline_configs=[{"webhook_url": receiver.url()}])
    cfg = settings(webhook_max_attempts=3)
    drain(db, cfg, until=lambda: deliveries(db)[0].status == "failed")
    [row] = deliveries(db)
    assert row.attempts == 3 and row.last_status_code == 500
    assert "HTTP 500" in row.last_error
    assert len(receiver.posts()) == 3
    time.sleep(0.05)
    assert deliver_due(db, cfg) == 0 and len(receiver.posts()) == 3


def test_unreachable_endpoint_is_retried(db, receiver):
    enqueue(db, inline_configs=[{"webhook_url": "http://127.0.0.1:9/closed"}])
    cfg = settings(webhook_max_attempts=2)
    drain(db, cfg, until=lambda: deliveries(db)[0].status == "failed")
    [row] = deliveries(db)
    assert row.attempts == 2 and row.last_status_code is None and row.last_error


def test_metadata_address_is_refused_even_when_private_is_allowed(db, receiver):
    enqueue(db, inline_configs=[{"webhook_url": "http://169.254.169.254/latest/meta-data/"}])
    assert deliver_due(db, settings(allow_private_egress=True)) == 1
    [row] = deliveries(db)
    assert row.status == "failed" and row.attempts == 1  # no retries for a refusal
    assert "metadata" in row.last_error


def test_loopback_is_refused_without_allow_private(db, receiver):
    enqueue(db, inline_configs=[{"webhook_url": receiver.url()}])
    deliver_due(db, settings(allow_private_egress=False))
    [row] = deliveries(db)
    assert row.status == "failed" and "loopback" in row.last_error
    assert receiver.posts() == []


def test_expired_lease_is_claimed_again(db, receiver):
    from sheaf.store.types import utcnow

    enqueue(db, inline_configs=[{"webhook_url": receiver.url()}])
    with db.session() as session:  # as if a deliverer claimed it and died
        row = session.scalars(select(WebhookDelivery)).one()
        row.status, row.attempts, row.lease_owner = "delivering", 1, "dead:1"
        row.lease_expires_at = utcnow()
    time.sleep(0.01)
    assert deliver_due(db, settings()) == 1
    [row] = deliveries(db)
    assert row.status == "delivered" and row.attempts == 2 and len(receiver.posts()) == 1


def test_concurrent_deliverers_send_each_event_once(db, receiver):
    for i in range(20):
        enqueue(
            db,
            payload={**BATCH, "id": f"bat-{i}"},
            inline_configs=[{"webhook_url": receiver.url(), "webhook_output_format": "json"}],
        )
    cfg = settings()
    threads = [
        threading.Thread(target=deliver_due, args=(db, cfg), kwargs={"limit": 7}) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    drain(db, cfg, until=lambda: all(r.status == "delivered" for r in deliveries(db)))
    ids = [json.loads(p.body)["data"]["id"] for p in receiver.posts()]
    assert sorted(ids) == sorted(f"bat-{i}" for i in range(20))
    with db.session(write=False) as session:
        attempts = session.scalar(select(func.sum(WebhookDelivery.attempts)))
    assert attempts == 20


def test_delivery_loop_runs_until_stopped(db, receiver):
    stop = threading.Event()
    thread = threading.Thread(target=run_delivery_loop, args=(db, settings(), stop, 0.02))
    thread.start()
    try:
        enqueue(db, inline_configs=[{"webhook_url": receiver.url()}])
        deadline = time.monotonic() + 5
        while not receiver.posts() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(receiver.posts()) == 1
    finally:
        stop.set()
        thread.join(timeout=5)
    assert not thread.is_alive()


def test_a_slow_endpoint_does_not_delay_other_endpoints(db, receiver):
    """60 deliveries to a receiver answering in 2 s must not hold up another one's."""
    receiver.delays["/slow"] = 2.0
    for i in range(60):
        enqueue(
            db,
            payload={**BATCH, "id": f"bat-{i}"},
            inline_configs=[{"webhook_url": receiver.url("/slow")}],
        )
    enqueue(
        db,
        payload={**BATCH, "id": "bat-fast"},
        inline_configs=[{"webhook_url": receiver.url("/fast")}],
    )
    stop = threading.Event()
    started = time.monotonic()
    thread = threading.Thread(target=run_delivery_loop, args=(db, settings(), stop, 0.02))
    thread.start()
    try:
        while not any(p.path == "/fast" for p in receiver.posts()):
            assert time.monotonic() - started < 10, "the fast endpoint's delivery never came"
            time.sleep(0.01)
        fast_after = time.monotonic() - started
        assert fast_after < 1.5, f"the fast endpoint waited {fast_after:.1f} s behind the slow one"
        # The slow one still gets its deliveries, a few at a time.
        while sum(p.path == "/slow" for p in receiver.posts()) < 8:
            assert time.monotonic() - started < 15
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()


def test_purge_finished(db, receiver):
    enqueue(db, inline_configs=[{"webhook_url": receiver.url()}])
    enqueue(db, inline_configs=[{"webhook_url": "http://169.254.169.254/"}])
    enqueue(db, event_type="batch.running", inline_configs=[{"webhook_url": receiver.url()}])
    deliver_due(db, settings(), limit=2)  # the third stays pending
    assert purge_finished(db, older_than=timedelta(hours=1)) == 0
    assert purge_finished(db, older_than=timedelta(seconds=-1)) == 2
    assert [r.status for r in deliveries(db)] == ["pending"]


def test_backoff_grows_and_is_capped():
    assert 0.5 <= backoff_seconds(1, 1.0) <= 1.0
    assert 2.0 <= backoff_seconds(3, 1.0) <= 4.0
    assert backoff_seconds(50, 1.0) <= 600.0


def test_an_invalid_url_fails_at_once_instead_of_retrying(db, receiver):
    # A control character: storable (PostgreSQL refuses only NUL), refused by the HTTP client.
    enqueue(db, inline_configs=[{"webhook_url": receiver.url("/bad\x01path")}])
    assert deliver_due(db, settings()) == 1
    [row] = deliveries(db)
    assert row.status == "failed" and row.attempts == 1, (row.status, row.last_error)
    assert "invalid URL" in row.last_error
