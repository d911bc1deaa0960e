"""Parse jobs through the official SDK: upload, file_id, source_url, expand, list, cancel."""

from __future__ import annotations

import http.server
import threading

import llama_cloud
import pytest

from tests import docs
from tests.conformance.helpers import wait_job


def test_parse_helper_upload_with_every_expand(client):
    result = client.parsing.parse(
        tier="cost_effective",
        version="latest",
        upload_file=("report.pdf", docs.pdf(pages=2), "application/pdf"),
        expand=[
            "text",
            "text_full",
            "markdown",
            "markdown_full",
            "items",
            "metadata",
            "job_metadata",
        ],
        polling_interval=0.2,
    )
    assert result.job.status == "COMPLETED" and result.job.tier == "cost_effective"
    assert [p.page_number for p in result.text.pages] == [1, 2]
    assert "Quarterly Report 2" in result.text.pages[1].text
    assert "Line 30 of page 1" in result.text_full
    assert "Quarterly Report 1" in result.markdown_full
    page = result.items.pages[0]
    assert page.page_width == pytest.approx(612) and page.page_height == pytest.approx(792)
    assert page.items[0].type == "heading" and page.items[0].value == "Quarterly Report 1"
    assert all(item.bbox for item in page.items)
    assert result.metadata.pages[0].page_number == 1
    assert result.job_metadata["pipeline"] and "vision_model" in result.job_metadata


def test_create_by_file_id_and_usage(client):
    f = client.files.create(file=("notes.md", docs.markdown("Budget")), purpose="parse")
    job = client.parsing.create(tier="cost_effective", version="latest", file_id=f.id)
    assert job.id.startswith("pjb-") and job.status in ("PENDING", "RUNNING")
    assert wait_job(client, job.id).status == "COMPLETED"
    got = client.parsing.get(job.id, expand=["markdown", "usage"])
    assert "# Budget" in got.markdown.pages[0].markdown
    assert got.job.usage.credits > 0
    assert got.job.name == "notes.md"


def test_create_by_source_url(client):
    body = docs.pdf(title="Fetched Over HTTP")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_port}/files/fetched.pdf"
        job = client.parsing.create(tier="fast", version="latest", source_url=url)
        assert wait_job(client, job.id).status == "COMPLETED"
        got = client.parsing.get(job.id, expand=["text"])
        assert "Fetched Over HTTP" in got.text.pages[0].text
    finally:
        httpd.shutdown()


def test_configuration_id_with_configured_tier(client):
    cfg = client.configurations.create(
        name="parse-two-pages",
        parameters={
            "product_type": "parse_v2",
            "tier": "fast",
            "version": "latest",
            "page_ranges": {"max_pages": 1},
        },
    )
    f = client.files.create(file=("long.pdf", docs.pdf(pages=3)), purpose="parse")
    job = client.parsing.create(
        tier="configured", version="configured", configuration_id=cfg.id, file_id=f.id
    )
    assert job.tier == "fast"
    assert wait_job(client, job.id).status == "COMPLETED"
    assert [p.page_number for p in client.parsing.get(job.id, expand=["text"]).text.pages] == [1]


def test_bad_requests(client):
    f = client.files.create(file=("a.md", b"# A"), purpose="parse")
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.parsing.create(tier="turbo", version="latest", file_id=f.id)
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.parsing.create(tier="fast", version="someday", file_id=f.id)
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.parsing.create(tier="fast", version="latest")
    with pytest.raises(llama_cloud.NotFoundError):
        client.parsing.create(tier="fast", version="latest", file_id="nope")
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.parsing.create(tier="configured", version="configured", file_id=f.id)
    with pytest.raises(llama_cloud.NotFoundError):
        client.parsing.get("pjb-missing")
    for timeouts in ("x", 5, {"base_in_seconds": "abc"}, {"base_in_seconds": -1}):
        with pytest.raises(llama_cloud.UnprocessableEntityError):
            client.parsing.create(
                tier="fast",
                version="latest",
                file_id=f.id,
                processing_control={"timeouts": timeouts},
            )


def test_failed_job_has_reason(client):
    job = client.parsing.create(
        tier="fast",
        version="latest",
        upload_file=("broken.pdf", b"%PDF-1.7\nthis is not really a pdf", "application/pdf"),
    )
    done = wait_job(client, job.id)
    assert done.status == "FAILED" and done.error_message


def test_list_cancel_delete_versions(client):
    versions = client.parsing.list_versions()
    assert versions.latest.fast in versions.fast
    jobs = [
        client.parsing.create(tier="fast", version="latest", upload_file=(f"l{i}.md", b"# L"))
        for i in range(3)
    ]
    for j in jobs:
        wait_job(client, j.id)
    page = client.parsing.list(job_ids=[j.id for j in jobs], page_size=2)
    ids = [j.id for j in page]  # follows the cursor
    assert sorted(ids) == sorted(j.id for j in jobs)
    assert {j.id for j in client.parsing.list(job_ids=[jobs[0].id], status="COMPLETED").items} == {
        jobs[0].id
    }
    assert client.parsing.list(job_ids=[jobs[0].id], status="FAILED").items == []

    with pytest.raises(llama_cloud.BadRequestError):
        client.parsing.cancel(jobs[0].id)
    deleted = client.parsing.delete(jobs[0].id)
    assert deleted.id == jobs[0].id
    with pytest.raises(llama_cloud.NotFoundError):
        client.parsing.get(jobs[0].id)


def test_other_project_cannot_see_parse_jobs(client, other_client):
    job = client.parsing.create(tier="fast", version="latest", upload_file=("p.md", b"# P"))
    with pytest.raises(llama_cloud.NotFoundError):
        other_client.parsing.get(job.id)
    assert job.id not in {j.id for j in other_client.parsing.list(page_size=1000).items}


def test_large_results_are_stored_per_output_and_deleted(client, server):
    job = client.parsing.create(
        tier="cost_effective", version="latest", upload_file=("big.pdf", docs.pdf(pages=12))
    )
    assert wait_job(client, job.id).status == "COMPLETED"
    stored = server.data_dir / "blobs" / "results" / job.id
    assert (stored / "manifest.json").exists() and (stored / "items.json").exists()
    got = client.parsing.get(job.id, expand=["text", "items_content_metadata"])
    assert len(got.text.pages) == 12 and got.items is None
    items_meta = got.result_content_metadata["items"]
    assert items_meta.exists and items_meta.size_bytes == (stored / "items.json").stat().st_size
    client.parsing.delete(job.id)
    assert not (stored / "manifest.json").exists() and not (stored / "items.json").exists()


def test_table_output_options_over_the_wire(client):
    """output_options.markdown.tables through the SDK: a ruled table continued over pages is
    merged onto its first page, and the continuation says where it went."""
    import io

    from reportlab.lib import colors
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    buf = io.BytesIO()
    data = [["Item", "Quantity"]] + [[f"part {i}", str(i)] for i in range(1, 61)]
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.8, colors.black)])
    SimpleDocTemplate(buf).build([Table(data, repeatRows=1, style=grid)])
    result = client.parsing.parse(
        tier="cost_effective",
        version="latest",
        upload_file=("parts.pdf", buf.getvalue(), "application/pdf"),
        output_options={
            "markdown": {
                "tables": {"merge_continued_tables": True, "compact_markdown_tables": True}
            }
        },
        expand=["items", "markdown"],
        polling_interval=0.2,
    )
    tables = [
        (p.page_number, it) for p in result.items.pages for it in p.items if it.type == "table"
    ]
    (first_page, head), *rest = tables
    assert first_page == 1 and rest
    assert head.merged_from_pages == [1] + [pg for pg, _ in rest]
    assert [r[0] for r in head.rows[1:]] == [f"part {i}" for i in range(1, 61)]
    assert all(it.merged_into_page == 1 and it.rows == [] for _, it in rest)
    assert "|part 60|60|" in result.markdown.pages[0].markdown


def test_http_proxy_is_refused_not_ignored(client):
    with pytest.raises(llama_cloud.UnprocessableEntityError, match="http_proxy"):
        client.parsing.create(
            tier="fast",
            version="latest",
            source_url="https://example.com/report.pdf",
            http_proxy="http://proxy.internal:3128",
        )


def test_a_job_whose_stored_bytes_vanished_fails_with_the_reason(client, server):
    """The input is not looked up before it is read (a stat per tiny job showed in the
    worker's profile): a blob removed behind Sheaf's back must still fail the job with
    the reason, not a parser error."""
    body = b"vanishing note " + server.api_key.encode()[-8:] + b" \xe2\x80\x94 unique"
    f = client.files.create(file=("gone.txt", body), purpose="parse")
    [blob] = [
        p for p in (server.data_dir / "blobs").rglob("*") if p.is_file() and p.read_bytes() == body
    ]
    blob.unlink()
    job = client.parsing.create(tier="fast", version="latest", file_id=f.id)
    done = wait_job(client, job.id)
    assert done.status == "FAILED"
    assert done.error_message == f"the stored bytes of file {f.id} are missing"
