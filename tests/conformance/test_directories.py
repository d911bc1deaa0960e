"""Directories and directory files through the official SDK."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import llama_cloud
import pytest


def test_directory_crud(client):
    d = client.beta.directories.create(name="invoices", description="Q3", type="user")
    assert d.id.startswith("dir-") and d.type == "user" and d.description == "Q3"
    assert client.beta.directories.get(d.id).name == "invoices"
    u = client.beta.directories.update(d.id, name="invoices-q3")
    assert u.name == "invoices-q3" and u.description == "Q3"
    listed = client.beta.directories.list(name="invoices-q3")
    assert [x.id for x in listed.items] == [d.id]
    client.beta.directories.delete(d.id)
    with pytest.raises(llama_cloud.NotFoundError):
        client.beta.directories.get(d.id)
    assert client.beta.directories.list(name="invoices-q3").items == []
    deleted = client.beta.directories.list(name="invoices-q3", include_deleted=True).items
    assert deleted[0].deleted_at is not None


def test_directory_type_filters(client):
    e = client.beta.directories.create(name="tf-e", type="ephemeral")
    u = client.beta.directories.create(name="tf-u")
    ids = {x.id for x in client.beta.directories.list(type="ephemeral", page_size=1000).items}
    assert e.id in ids and u.id not in ids
    ids = {
        x.id
        for x in client.beta.directories.list(types=["user", "ephemeral"], page_size=1000).items
    }
    assert {e.id, u.id} <= ids


def test_connector_subscription_conflict_is_409_not_retried(server, other_client):
    from tests.conftest import sdk

    client = sdk(server, max_retries=3)
    first = client.beta.directories.create(name="c1", connector_subscription_id="sub-42")
    with pytest.raises(llama_cloud.ConflictError) as err:
        client.beta.directories.create(name="c2", connector_subscription_id="sub-42")
    assert err.value.body["detail"]["directory_id"] == first.id
    assert err.value.response.headers["x-should-retry"] == "false"
    # Subscriptions are per project: another project may use the same id, and learns nothing.
    theirs = other_client.beta.directories.create(name="c3", connector_subscription_id="sub-42")
    assert theirs.id != first.id


def test_ephemeral_directory_expires(client):
    soon = datetime.now(UTC) + timedelta(seconds=1)
    d = client.beta.directories.create(
        name="short-lived", type="ephemeral", extra_body={"expires_at": soon.isoformat()}
    )
    assert d.expires_at is not None and abs((d.expires_at - soon).total_seconds()) < 1
    f = client.beta.directories.files.upload(d.id, upload_file=("a.txt", b"hello"))
    import time

    time.sleep(2.5)  # the server's maintenance loop runs every 0.5 s in tests
    with pytest.raises(llama_cloud.NotFoundError):
        client.beta.directories.get(d.id)
    gone = client.beta.directories.list(name="short-lived", include_deleted=True).items
    assert gone[0].deleted_at is not None
    with pytest.raises(llama_cloud.NotFoundError):
        client.beta.directories.files.get(f.id, directory_id=d.id)
    # What was uploaded through it is gone too (bytes included).
    with pytest.raises(llama_cloud.NotFoundError):
        client.files.retrieve(f.file_id)


def test_upload_add_list_get_update_move_delete(client):
    d = client.beta.directories.create(name="docs")
    other = client.beta.directories.create(name="archive")
    up = client.beta.directories.files.upload(
        d.id,
        upload_file=("notes.txt", b"some notes", "text/plain"),
        metadata=json.dumps({"owner": "ana", "pages": 3, "tags": ["a", "b"], "ok": True}),
        unique_id="folder/notes.txt",
    )
    assert up.id.startswith("dfl-") and up.directory_id == d.id
    assert up.display_name == "notes.txt" and up.unique_id == "folder/notes.txt"
    assert up.metadata == {"owner": "ana", "pages": 3, "tags": ["a", "b"], "ok": True}
    assert up.file_id

    f = client.files.create(file=("scan.png", b"\x89PNG\r\n\x1a\n"), purpose="user_data")
    added = client.beta.directories.files.add(d.id, file_id=f.id, display_name="Scan")
    assert added.display_name == "Scan" and added.unique_id == "scan.png"

    listed = client.beta.directories.files.list(d.id)
    assert [x.id for x in listed.items] == [up.id, added.id]
    assert listed.items[0].download_url is None
    by_unique = client.beta.directories.files.list(d.id, unique_id="folder/notes.txt")
    assert [x.id for x in by_unique.items] == [up.id]
    assert [
        x.id for x in client.beta.directories.files.list(d.id, display_name_contains="ca").items
    ] == [added.id]
    assert [x.id for x in client.beta.directories.files.list(d.id, file_id=f.id).items] == [
        added.id
    ]
    assert [x.id for x in client.beta.directories.files.list(d.id, display_name="Scan").items] == [
        added.id
    ]
    future = datetime.now(UTC) + timedelta(hours=1)
    assert client.beta.directories.files.list(d.id, updated_at_on_or_after=future).items == []
    assert (
        len(
            client.beta.directories.files.list(
                d.id, updated_at_on_or_before=future.isoformat()
            ).items
        )
        == 2
    )

    got = client.beta.directories.files.get(up.id, directory_id=d.id, expand=["download_url"])
    assert httpx.get(got.download_url.url).content == b"some notes"

    changed = client.beta.directories.files.update(
        up.id, directory_id=d.id, display_name="Notes", metadata={"owner": "bo"}
    )
    assert changed.display_name == "Notes" and changed.metadata == {"owner": "bo"}

    moved = client.beta.directories.files.update(
        up.id, directory_id=d.id, target_directory_id=other.id
    )
    assert moved.directory_id == other.id
    with pytest.raises(llama_cloud.NotFoundError):
        client.beta.directories.files.get(up.id, directory_id=d.id)
    assert client.beta.directories.files.get(up.id, directory_id=other.id).display_name == "Notes"

    client.beta.directories.files.delete(added.id, directory_id=d.id)
    assert client.beta.directories.files.list(d.id).items == []
    assert len(client.beta.directories.files.list(d.id, include_deleted=True).items) == 1


def test_directory_file_errors(client):
    d = client.beta.directories.create(name="errs")
    with pytest.raises(llama_cloud.NotFoundError):
        client.beta.directories.files.add(d.id, file_id="00000000-0000-4000-8000-000000000000")
    with pytest.raises(llama_cloud.NotFoundError):
        client.beta.directories.files.upload("dir-missing", upload_file=("a.txt", b"x"))
    with pytest.raises(llama_cloud.UnprocessableEntityError) as err:
        client.beta.directories.files.upload(
            d.id, upload_file=("a.txt", b"x"), metadata="{not json"
        )
    assert "metadata" in str(err.value.body)
    client.beta.directories.files.upload(d.id, upload_file=("a.txt", b"x"))
    with pytest.raises(llama_cloud.ConflictError) as conflict:
        client.beta.directories.files.upload(d.id, upload_file=("a.txt", b"y"))
    assert conflict.value.response.headers["x-should-retry"] == "false"
    with pytest.raises(llama_cloud.UnprocessableEntityError) as err:
        client.beta.directories.create(name="")
    assert err.value.body["detail"][0]["loc"][-1] == "name"
