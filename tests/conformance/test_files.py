"""Files API through the official SDK: upload, list, retrieve, content, download, delete."""

from __future__ import annotations

import io

import httpx
import llama_cloud
import pytest


def test_upload_retrieve_download_delete(client):
    payload = b"%PDF-1.4\n% tiny\n" + bytes(range(256)) * 10
    created = client.files.create(file=("report.pdf", payload, "application/pdf"), purpose="parse")
    assert created.name == "report.pdf"
    assert created.file_type == "pdf"
    assert created.purpose == "parse"

    got = client.files.retrieve(created.id)
    assert got.id == created.id and got.project_id == created.project_id

    url = client.files.content(created.id)
    assert url.expires_at is not None
    body = httpx.get(url.url)
    assert body.status_code == 200
    assert body.content == payload
    # Served as a download, never rendered on our origin, whatever the query says.
    assert body.headers["content-disposition"].startswith("attachment")
    assert body.headers["x-content-type-options"] == "nosniff"
    inline = httpx.get(url.url + "&disposition=inline")
    assert inline.headers["content-disposition"].startswith("attachment")

    # A tampered signature is refused, and the bytes never leak.
    bad = httpx.get(url.url.replace("signature=", "signature=0"))
    assert bad.status_code == 404

    client.files.delete(created.id)
    with pytest.raises(llama_cloud.NotFoundError):
        client.files.retrieve(created.id)
    assert httpx.get(url.url).status_code == 404


def test_bare_stream_is_sniffed_and_empty_file_accepted(client):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    created = client.files.create(file=io.BytesIO(png), purpose="user_data")
    assert created.name == "upload"
    assert created.file_type == "png"

    empty = client.files.create(file=("empty.txt", b""), purpose="user_data")
    assert empty.file_type == "txt"
    assert httpx.get(client.files.content(empty.id).url).content == b""


def test_filename_is_never_a_path(client, server):
    created = client.files.create(file=("../../etc/passwd", b"root:x"), purpose="user_data")
    assert created.name == "passwd"
    assert not (server.data_dir.parent / "etc").exists()


def test_list_filters_and_order(client):
    tag = "ordertest"
    ids = []
    for name in ("b.txt", "a.txt", "c.txt"):
        f = client.files.create(
            file=(name, b"x"), purpose="user_data", external_file_id=f"{tag}-{name}"
        )
        ids.append(f.id)
    page = client.files.list(file_ids=ids, order_by="name")
    assert [f.name for f in page.items] == ["a.txt", "b.txt", "c.txt"]
    page = client.files.list(file_ids=ids, order_by="created_at desc")
    assert [f.id for f in page.items] == list(reversed(ids))
    page = client.files.list(external_file_id=f"{tag}-c.txt")
    assert [f.id for f in page.items] == [ids[2]]
    page = client.files.list(file_name="a.txt", file_ids=ids, expand=["download_url"])
    assert page.items[0].download_url is not None
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.files.list(order_by="size")


def test_bad_purpose_is_422(client):
    with pytest.raises(llama_cloud.UnprocessableEntityError) as err:
        client.files.create(file=("a.txt", b"x"), purpose="nonsense")
    assert "purpose" in str(err.value.body)


def test_oversized_upload_is_413_and_stores_nothing(client, server):
    before = client.files.list(page_size=1000).total_size
    with pytest.raises(llama_cloud.APIStatusError) as err:
        client.files.create(file=("big.bin", b"\0" * (4 * 1024 * 1024)), purpose="user_data")
    assert err.value.status_code == 413
    assert "limit" in str(err.value.body)
    assert client.files.list(page_size=1000).total_size == before
    tmp = server.data_dir / "blobs" / ".tmp"
    assert not any(tmp.iterdir())


def test_file_over_limit_without_content_length_is_413(server, client):
    """A chunked upload (no Content-Length) is cut off once it passes the limit."""

    def chunks():
        boundary = b"--xyz\r\n"
        yield boundary + b'Content-Disposition: form-data; name="purpose"\r\n\r\nuser_data\r\n'
        yield boundary + b'Content-Disposition: form-data; name="file"; filename="x"\r\n\r\n'
        for _ in range(8):
            yield b"\0" * (1024 * 1024)
        yield b"\r\n--xyz--\r\n"

    r = httpx.post(
        f"{server.base_url}/api/v1/beta/files",
        content=chunks(),
        headers={
            "Authorization": f"Bearer {server.api_key}",
            "Content-Type": "multipart/form-data; boundary=xyz",
        },
    )
    assert r.status_code == 413
    assert "detail" in r.json()


def test_non_ascii_signature_is_a_404_not_a_500(client, server):
    created = client.files.create(file=("a.txt", b"hello"), purpose="user_data")
    url = httpx.URL(client.files.content(created.id).url)
    for signature in ("é", "\u2603" * 64, "\x00"):
        assert httpx.get(url.copy_set_param("signature", signature)).status_code == 404
        image = httpx.get(
            f"{server.base_url}/api/v2/parse/pjb-x/images/page_1.png",
            params={"expires": str(2**40), "signature": signature},
        )
        assert image.status_code == 404, image.text


def test_long_names_keep_their_extension(client):
    html = client.files.create(file=("r" * 300 + ".html", b"<p>hi</p>"), purpose="parse")
    assert len(html.name) == 255 and html.name.endswith(".html")
    assert html.file_type == "html"
    csv = client.files.create(file=("n" * 252 + ".csv", b"a,b\n1,2\n"), purpose="parse")
    assert len(csv.name) == 255 and csv.name.endswith(".csv") and csv.file_type == "csv"
    short = client.files.create(file=("n" * 251 + ".csv", b"a,b\n"), purpose="parse")
    assert short.name == "n" * 251 + ".csv"
