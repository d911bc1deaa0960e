"""Values a database cannot store are the client's problem (4xx), never a 500."""

from __future__ import annotations

import httpx
import llama_cloud
import pytest


def http(server) -> httpx.Client:
    return httpx.Client(
        base_url=server.base_url, headers={"Authorization": f"Bearer {server.api_key}"}
    )


def test_nul_characters_never_give_a_server_error(server):
    with http(server) as h:
        made = h.post("/api/v1/beta/directories", json={"name": "nul\u0000name"})
        assert made.status_code in (200, 422), made.text  # PostgreSQL refuses NUL in text
        if made.status_code == 422:
            assert "cannot be stored" in made.json()["detail"]
        meta = h.post(
            "/api/v2/parse",
            json={
                "tier": "fast",
                "version": "latest",
                "source_url": "https://example.com/a.pdf",
                "user_metadata": {"k": "v\u0000"},
            },
        )
        assert meta.status_code in (200, 422), meta.text


def test_control_characters_in_a_webhook_url_are_refused_at_create(client):
    with pytest.raises(llama_cloud.UnprocessableEntityError, match="control characters"):
        client.webhook_configs.create(webhook_url="http://example.com/a\u0000b")
