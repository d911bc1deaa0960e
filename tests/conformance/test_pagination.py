"""Cursor pagination: several pages, stable under concurrent inserts, bounds checked."""

from __future__ import annotations

import llama_cloud
import pytest


def test_pages_cover_everything_once_despite_inserts(client):
    d = client.beta.directories.create(name="paged")
    first = [
        client.beta.directories.files.upload(d.id, upload_file=(f"f{i:02}.txt", b"x")).id
        for i in range(12)
    ]
    seen = []
    page = client.beta.directories.files.list(d.id, page_size=5)
    inserted = False
    for item in page:  # the SDK follows next_page_token itself
        seen.append(item.id)
        if not inserted:
            # Rows created mid-iteration land after the cursor and are not repeated.
            client.beta.directories.files.upload(d.id, upload_file=("late.txt", b"x"))
            inserted = True
    assert seen[:12] == first
    assert len(seen) == 13 and len(set(seen)) == 13

    p1 = client.beta.directories.files.list(d.id, page_size=5)
    assert p1.total_size == 13 and p1.next_page_token
    p2 = client.beta.directories.files.list(d.id, page_size=5, page_token=p1.next_page_token)
    assert not {x.id for x in p1.items} & {x.id for x in p2.items}


def test_every_cursor_list_pages(client):
    for i in range(3):
        client.beta.directories.create(name=f"pg-{i}")
        client.configurations.create(
            name=f"pg-{i}",
            parameters={"product_type": "parse_v2", "tier": "fast", "version": "latest"},
        )
        client.files.create(file=(f"pg-{i}.txt", b"x"), purpose="user_data")
    for lister in (client.beta.directories.list, client.configurations.list, client.files.list):
        ids = [x.id for x in lister(page_size=2)]
        assert len(ids) >= 3 and len(ids) == len(set(ids))


def test_page_size_bounds_and_bad_token(client):
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.beta.directories.list(page_size=0)
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.files.list(page_size=1001)
    with pytest.raises(llama_cloud.UnprocessableEntityError) as err:
        client.beta.directories.list(page_token="garbage!!")
    assert "page_token" in str(err.value.body)
    import base64
    import json

    for values in ([1, "x"], [None, None], [{}, "x"], [[1], "x"]):
        token = base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")
        with pytest.raises(llama_cloud.UnprocessableEntityError):
            client.beta.directories.list(page_token=token)
