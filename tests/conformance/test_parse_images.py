"""Saved images through the API: ``images_to_save`` -> ``images_content_metadata`` ->
presigned PNG downloads."""

from __future__ import annotations

import httpx

from tests.conformance.helpers import wait_job
from tests.parse.test_images import image_pdf

PNG = b"\x89PNG\r\n\x1a\n"


def test_images_content_metadata_and_download(client):
    job = client.parsing.create(
        tier="cost_effective",
        version="latest",
        upload_file=("figures.pdf", image_pdf(2), "application/pdf"),
        output_options={"images_to_save": ["embedded", "layout", "screenshot"]},
    )
    assert wait_job(client, job.id).status == "COMPLETED"
    got = client.parsing.get(job.id, expand=["images_content_metadata", "items", "job_metadata"])
    meta = got.images_content_metadata
    names = [im.filename for im in meta.images]
    assert meta.total_count == len(names) == 6
    assert set(names) == {
        f"page_{n}_{kind}.png" for n in (1, 2) for kind in ("screenshot", "layout_0", "image_0")
    }
    assert [im.index for im in meta.images] == list(range(6))
    assert {im.category for im in meta.images} == {"embedded", "layout", "screenshot"}
    emb = next(im for im in meta.images if im.filename == "page_1_image_0.png")
    assert emb.content_type == "image/png"
    assert (emb.bbox.x, emb.bbox.y, emb.bbox.w, emb.bbox.h) == (100, 292, 200, 100)
    assert got.job_metadata["images_saved"] == 6
    pics = [it for it in got.items.pages[0].items if it.type == "image"]
    assert [it.url for it in pics] == ["page_1_layout_0.png"]

    r = httpx.get(emb.presigned_url)  # no API key: the signature is the credential
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert r.content[:8] == PNG

    bad = httpx.get(emb.presigned_url.replace("signature=", "signature=0"))
    assert bad.status_code == 404

    only = client.parsing.get(
        job.id,
        expand=["images_content_metadata"],
        image_filenames="page_2_screenshot.png,page_1_layout_0.png",
    ).images_content_metadata
    assert sorted(im.filename for im in only.images) == [
        "page_1_layout_0.png",
        "page_2_screenshot.png",
    ]
    assert only.total_count == 2

    client.parsing.delete(job.id)
    assert httpx.get(emb.presigned_url).status_code == 404


def test_no_images_by_default(client):
    result = client.parsing.parse(
        tier="cost_effective",
        version="latest",
        upload_file=("figures.pdf", image_pdf(1), "application/pdf"),
        expand=["images_content_metadata"],
        polling_interval=0.2,
    )
    assert result.images_content_metadata.total_count == 0
    assert result.images_content_metadata.images == []
