"""Auth (401), projects, and isolation between projects (404, never a leak)."""

from __future__ import annotations

import httpx
import llama_cloud
import pytest

from tests.conftest import sdk


def test_missing_or_wrong_key_is_401(server):
    r = httpx.get(f"{server.base_url}/api/v2/projects")
    assert r.status_code == 401 and "detail" in r.json()
    with pytest.raises(llama_cloud.AuthenticationError):
        sdk(server, "llx-wrong").beta.directories.list()


def test_healthz(server):
    assert httpx.get(f"{server.base_url}/healthz").status_code == 200


def test_projects_v1_and_v2(client, server):
    projects = client.projects.list()
    assert len(projects) == 1 and projects[0].is_default
    me = projects[0]
    assert client.projects.get(me.id).name == me.name
    assert client.projects.list(project_name=me.name)[0].id == me.id
    assert client.projects.list(project_name="nope") == []
    page = client.v2_projects.list()
    assert [p.id for p in page.items] == [me.id]
    assert client.v2_projects.get(me.id).organization_id == me.organization_id
    with pytest.raises(llama_cloud.NotFoundError):
        client.v2_projects.get("prj-00000000-0000-4000-8000-000000000000")


def test_second_project_sees_nothing_of_the_first(client, other_client):
    mine = client.projects.list()[0]
    theirs = other_client.projects.list()[0]
    assert mine.id != theirs.id and theirs.name == "Other"

    d = client.beta.directories.create(name="private")
    f = client.files.create(file=("secret.txt", b"s3cret"), purpose="user_data")
    dfl = client.beta.directories.files.add(d.id, file_id=f.id)
    cfg = client.configurations.create(
        name="private", parameters={"product_type": "parse_v2", "tier": "fast", "version": "latest"}
    )

    for call in (
        lambda: other_client.beta.directories.get(d.id),
        lambda: other_client.files.retrieve(f.id),
        lambda: other_client.files.content(f.id),
        lambda: other_client.beta.directories.files.get(dfl.id, directory_id=d.id),
        lambda: other_client.beta.directories.files.add(d.id, file_id=f.id),
        lambda: other_client.configurations.retrieve(cfg.id),
        lambda: other_client.projects.get(mine.id),
        lambda: other_client.beta.directories.list(project_id=mine.id),
        lambda: other_client.files.delete(f.id),
    ):
        with pytest.raises(llama_cloud.NotFoundError):
            call()
    assert d.id not in {x.id for x in other_client.beta.directories.list(page_size=1000).items}
    assert f.id not in {x.id for x in other_client.files.list(page_size=1000).items}
    assert cfg.id not in {x.id for x in other_client.configurations.list(page_size=1000).items}
    # Explicit scoping to one's own project works.
    assert client.beta.directories.get(d.id, project_id=mine.id).id == d.id
    assert client.beta.directories.get(d.id, organization_id=mine.organization_id).id == d.id
    with pytest.raises(llama_cloud.NotFoundError):
        client.beta.directories.get(d.id, organization_id="org-other")


def test_keys_list_shows_prefixes_only(server, other_client):
    out = server.sheaf("keys", "list").stdout
    assert "Other" in out and "Default" in out
    assert server.api_key not in out
