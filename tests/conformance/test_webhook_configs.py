"""Saved webhook configurations (CONTRACT §7.2) through the official SDK."""

from __future__ import annotations

import httpx
import llama_cloud
import pytest


def test_create_retrieve_update_delete(client, server):
    created = client.webhook_configs.create(
        webhook_url="https://hooks.example.com/sheaf",
        webhook_events=["batch.success", "batch.error"],
        webhook_headers={"Authorization": "Bearer abc"},
        webhook_output_format="json",
        webhook_signing_secret="s3cret",
    )
    assert created.id.startswith("whc-")
    assert created.has_secret is True
    assert created.tenant_type == "project"
    assert created.tenant_id in {p.id for p in client.projects.list()}
    assert created.webhook_url == "https://hooks.example.com/sheaf"
    assert created.webhook_events == ["batch.success", "batch.error"]
    assert created.webhook_headers == {"Authorization": "Bearer abc"}
    assert created.webhook_output_format == "json"
    assert created.created_at is not None and created.updated_at is not None

    raw = httpx.get(
        f"{server.base_url}/api/v1/beta/webhook-configs/{created.id}",
        headers={"Authorization": f"Bearer {server.api_key}"},
    )
    assert raw.status_code == 200
    assert "s3cret" not in raw.text and "webhook_signing_secret" not in raw.json()

    got = client.webhook_configs.retrieve(created.id)
    assert got.model_dump() == created.model_dump()

    # PUT: only the fields present change.
    updated = client.webhook_configs.update(created.id, webhook_url="https://hooks.example.com/v2")
    assert updated.webhook_url == "https://hooks.example.com/v2"
    assert updated.webhook_events == ["batch.success", "batch.error"]
    assert updated.webhook_headers == {"Authorization": "Bearer abc"}
    assert updated.has_secret is True and updated.webhook_output_format == "json"
    assert updated.updated_at >= created.updated_at

    # null events = every event; a new secret rotates it (still write-only).
    updated = client.webhook_configs.update(
        created.id, webhook_events=None, webhook_signing_secret="rotated"
    )
    assert updated.webhook_events is None and updated.has_secret is True
    updated = client.webhook_configs.update(created.id, webhook_signing_secret=None)
    assert updated.has_secret is False

    client.webhook_configs.delete(created.id)
    with pytest.raises(llama_cloud.NotFoundError):
        client.webhook_configs.retrieve(created.id)
    with pytest.raises(llama_cloud.NotFoundError):
        client.webhook_configs.delete(created.id)


def test_defaults(client):
    cfg = client.webhook_configs.create(webhook_url="http://receiver.example.org/x")
    assert cfg.has_secret is False
    assert cfg.webhook_events is None
    assert cfg.webhook_output_format == "string"
    assert not cfg.webhook_headers


def test_validation(client):
    url = "https://hooks.example.com/x"
    with pytest.raises(llama_cloud.UnprocessableEntityError) as err:
        client.webhook_configs.create(webhook_url=url, webhook_events=[])
    assert any("webhook_events" in e["loc"] for e in err.value.body["detail"])
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.webhook_configs.create(webhook_url=url, webhook_events=["batch.exploded"])
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.webhook_configs.create(webhook_url="ftp://hooks.example.com/x")
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.webhook_configs.create(webhook_url="not a url")
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.webhook_configs.create(webhook_url=url, webhook_output_format="xml")
    with pytest.raises(llama_cloud.UnprocessableEntityError) as err:
        client.webhook_configs.create(webhook_url="http://169.254.169.254/latest/meta-data")
    assert "metadata" in str(err.value.body["detail"])
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.webhook_configs.create(webhook_url="http://metadata.google.internal/x")

    cfg = client.webhook_configs.create(webhook_url=url)
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.webhook_configs.update(cfg.id, webhook_events=[])
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.webhook_configs.update(cfg.id, webhook_url=None)
    assert client.webhook_configs.retrieve(cfg.id).webhook_events is None


def test_lists_newest_first(client):
    ids = [
        client.webhook_configs.create(webhook_url=f"https://hooks.example.com/list/{i}").id
        for i in range(5)
    ]
    newest_first = list(reversed(ids))

    listed = [c.id for c in client.webhook_configs.list()]  # bare array
    assert [i for i in listed if i in ids] == newest_first
    assert listed[: len(ids)] == newest_first

    page = client.webhook_configs.list_paginated(page_size=2)
    assert page.total_size is None
    assert len(page.items) == 2 and page.next_page_token
    assert [c.id for c in page.items] == newest_first[:2]

    walked = [c.id for c in client.webhook_configs.list_paginated(page_size=2)]  # auto-paging
    assert walked == listed

    with_total = client.webhook_configs.list_paginated(page_size=2, include_total=True)
    assert with_total.total_size == len(listed)


def test_other_project_cannot_see_or_touch(client, other_client):
    cfg = client.webhook_configs.create(webhook_url="https://hooks.example.com/mine")
    with pytest.raises(llama_cloud.NotFoundError):
        other_client.webhook_configs.retrieve(cfg.id)
    with pytest.raises(llama_cloud.NotFoundError):
        other_client.webhook_configs.update(cfg.id, webhook_url="https://evil.example.com/")
    with pytest.raises(llama_cloud.NotFoundError):
        other_client.webhook_configs.delete(cfg.id)
    assert cfg.id not in {c.id for c in other_client.webhook_configs.list()}
    assert cfg.id not in {c.id for c in other_client.webhook_configs.list_paginated()}
    assert client.webhook_configs.retrieve(cfg.id).webhook_url == "https://hooks.example.com/mine"


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "127.1", "0177.0.0.1"])
def test_non_canonical_numeric_hosts_are_refused_at_create(client, host):
    with pytest.raises(llama_cloud.UnprocessableEntityError, match="non-canonical"):
        client.webhook_configs.create(webhook_url=f"http://{host}/hook")
    with pytest.raises(llama_cloud.UnprocessableEntityError, match="non-canonical"):
        client.parsing.create(
            tier="fast",
            version="latest",
            upload_file=("p.md", b"# P"),
            webhook_configurations=[{"webhook_url": f"http://{host}:8080/hook"}],
        )
