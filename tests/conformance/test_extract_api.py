"""Extract v2 through the official SDK: run, inputs, configs, list, cancel, delete, schema tools."""

from __future__ import annotations

import http.server
import io
import json
import threading
import time

import llama_cloud
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.conformance.helpers import TERMINAL, wait_batch, wait_job

SCHEMA = {
    "type": "object",
    "properties": {
        "invoice_number": {"type": "string", "description": "The invoice number"},
        "date": {"type": "string", "format": "date"},
        "total": {"type": "number"},
    },
    "required": ["invoice_number", "total"],
}


def invoice_pdf(number: str = "INV-042", total: str = "1,234.50", pages: int = 1) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(72, 720, "ACME Supplies Ltd - Invoice")
    c.setFont("Helvetica", 11)
    lines = [f"Invoice Number: {number}", "Date: 2026-03-01", "Customer: Globex Corporation"]
    for i, line in enumerate([*lines, f"Total: {total}"]):
        c.drawString(72, 680 - i * 20, line)
    c.showPage()
    for n in range(2, pages + 1):
        c.setFont("Helvetica", 11)
        for i in range(40):
            c.drawString(72, 740 - i * 18, f"Terms and conditions, page {n}, clause {i + 1}.")
        c.showPage()
    c.save()
    return buf.getvalue()


def upload(client, data: bytes | None = None, name: str = "invoice.pdf") -> str:
    return client.files.create(file=(name, data or invoice_pdf()), purpose="extract").id


def wait_extract(client, job_id: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while True:
        job = client.extract.get(job_id)
        if job.status in TERMINAL:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"extract job {job_id} stuck in {job.status}")
        time.sleep(0.1)


def test_run_inline_schema_with_citations_and_confidence(client):
    file_id = upload(client)
    job = client.extract.run(
        file_input=file_id,
        configuration={"data_schema": SCHEMA, "cite_sources": True, "confidence_scores": True},
        polling_interval=0.1,
    )
    assert job.id.startswith("ext-") and job.status == "COMPLETED"
    assert job.file_input == file_id and job.created_at and job.updated_at
    assert job.extract_result == {
        "invoice_number": "INV-042",
        "date": "2026-03-01",
        "total": 1234.5,
    }
    assert job.metadata.usage.num_pages_extracted == 1
    # cite_sources / confidence_scores include extract_metadata without asking.
    assert job.extract_metadata.field_metadata.document_metadata["total"]["citation"]

    got = client.extract.get(job.id, expand=["extract_metadata", "configuration", "usage"])
    meta = got.extract_metadata
    assert meta.parse_tier == "cost_effective" and meta.parse_job_id is None
    entry = meta.field_metadata.document_metadata["invoice_number"]
    assert 0 < entry["confidence"] <= 1
    cite = entry["citation"][0]
    assert cite["page"] == 1 and cite["matching_text"] == "INV-042"
    box = cite["bounding_boxes"][0]
    assert box["w"] > 0 and box["h"] > 0 and 0 <= box["y"] < 792
    assert got.configuration.data_schema == SCHEMA and got.configuration.cite_sources is True
    assert got.usage.credits > 0 and got.usage.extract_credits == 5 and got.usage.parse_credits > 0


def test_plain_get_has_result_but_metadata_only_on_expand(client):
    job = client.extract.create(file_input=upload(client), configuration={"data_schema": SCHEMA})
    assert job.status in ("PENDING", "RUNNING") and job.extract_result is None
    done = wait_extract(client, job.id)
    assert done.status == "COMPLETED" and done.extract_result["invoice_number"] == "INV-042"
    assert done.extract_metadata is None and done.configuration is None and done.usage is None
    expanded = client.extract.get(job.id, expand=["extract_metadata"])
    assert expanded.extract_metadata.field_metadata.document_metadata["date"]["citation"]


def test_directory_file_and_parse_job_inputs(client):
    d = client.beta.directories.create(name="extract-inputs", type="ephemeral")
    dfl = client.beta.directories.files.upload(
        d.id, upload_file=("inv.pdf", invoice_pdf("INV-777"))
    ).id
    by_dfl = wait_extract(
        client, client.extract.create(file_input=dfl, configuration={"data_schema": SCHEMA}).id
    )
    assert by_dfl.status == "COMPLETED" and by_dfl.file_input == dfl
    assert by_dfl.extract_result["invoice_number"] == "INV-777"

    parse_job = client.parsing.create(tier="fast", version="latest", file_id=upload(client))
    assert wait_job(client, parse_job.id).status == "COMPLETED"
    job = client.extract.create(file_input=parse_job.id, configuration={"data_schema": SCHEMA})
    done = wait_extract(client, job.id)
    assert done.status == "COMPLETED" and done.extract_result["total"] == 1234.5
    meta = client.extract.get(job.id, expand=["extract_metadata"]).extract_metadata
    assert meta.parse_job_id == parse_job.id and meta.parse_tier == "fast"

    failed = client.parsing.create(
        tier="fast",
        version="latest",
        file_id=upload(client, b"%PDF-1.7\n1 0 obj broken", "bad.pdf"),
    )
    assert wait_job(client, failed.id).status == "FAILED"
    with pytest.raises(llama_cloud.UnprocessableEntityError, match="COMPLETED parse job"):
        client.extract.create(file_input=failed.id, configuration={"data_schema": SCHEMA})


def test_saved_configuration(client):
    cfg = client.configurations.create(
        name="invoice-extract",
        parameters={"product_type": "extract_v2", "data_schema": SCHEMA, "parse_tier": "fast"},
    )
    job = client.extract.create(file_input=upload(client), configuration_id=cfg.id)
    assert job.configuration_id == cfg.id
    done = wait_extract(client, job.id)
    assert done.status == "COMPLETED" and done.extract_result["invoice_number"] == "INV-042"
    got = client.extract.get(job.id, expand=["configuration", "extract_metadata"])
    assert got.configuration.data_schema == SCHEMA and got.configuration.parse_tier == "fast"
    assert got.extract_metadata.parse_tier == "fast"
    with pytest.raises(llama_cloud.UnprocessableEntityError, match="extract_v2"):
        client.extract.create(file_input=upload(client), configuration_id="cfg-PARSE_FAST")


def test_agentic_without_llm_is_refused_at_create(client):
    """No LLM on the server: refused at once, not after parsing every file."""
    for tier in ("agentic", "agentic_plus"):
        with pytest.raises(llama_cloud.UnprocessableEntityError, match="SHEAF_LLM_BASE_URL"):
            client.extract.create(
                file_input=upload(client), configuration={"data_schema": SCHEMA, "tier": tier}
            )
    cfg = client.configurations.create(
        name="agentic-invoices",
        parameters={"product_type": "extract_v2", "data_schema": SCHEMA, "tier": "agentic"},
    )
    with pytest.raises(llama_cloud.UnprocessableEntityError, match="SHEAF_LLM_BASE_URL"):
        client.extract.create(file_input=upload(client), configuration_id=cfg.id)
    d = client.beta.directories.create(name="agentic-batch", type="ephemeral")
    client.beta.directories.files.upload(d.id, upload_file=("a.pdf", invoice_pdf("I-1", "1.00")))
    with pytest.raises(llama_cloud.UnprocessableEntityError, match="SHEAF_LLM_BASE_URL"):
        client.batches.create(
            source_directory_id=d.id,
            config={"job": {"type": "extract_v2", "configuration_id": cfg.id}},
        )


def test_invalid_requests(client):
    file_id = upload(client)
    with pytest.raises(llama_cloud.UnprocessableEntityError, match="object"):
        client.extract.create(file_input=file_id, configuration={"data_schema": {"type": "string"}})
    with pytest.raises(llama_cloud.UnprocessableEntityError, match="exactly one"):
        client.extract.create(
            file_input=file_id, configuration={"data_schema": SCHEMA}, configuration_id="cfg-x"
        )
    with pytest.raises(llama_cloud.UnprocessableEntityError, match="exactly one"):
        client.extract.create(file_input=file_id)
    with pytest.raises(llama_cloud.NotFoundError):
        client.extract.create(file_input="dfl-nope", configuration={"data_schema": SCHEMA})
    with pytest.raises(llama_cloud.NotFoundError):
        client.extract.get("ext-nope")


def test_list_filters_and_cursor(client):
    cfg = client.configurations.create(
        name="listed-extract", parameters={"product_type": "extract_v2", "data_schema": SCHEMA}
    )
    f1, f2 = upload(client), upload(client)
    a = client.extract.create(file_input=f1, configuration={"data_schema": SCHEMA})
    b = client.extract.create(file_input=f2, configuration_id=cfg.id)
    c = client.extract.create(file_input=f2, configuration={"data_schema": SCHEMA})
    ids = [a.id, b.id, c.id]
    for job_id in ids:
        wait_extract(client, job_id)

    p1 = client.extract.list(job_ids=ids, page_size=2)
    assert [j.id for j in p1.items] == [c.id, b.id] and p1.next_page_token  # newest first
    p2 = client.extract.list(job_ids=ids, page_size=2, page_token=p1.next_page_token)
    assert [j.id for j in p2.items] == [a.id] and not p2.next_page_token
    assert [j.id for j in client.extract.list(job_ids=ids)] == [c.id, b.id, a.id]
    assert p1.items[0].extract_result["invoice_number"] == "INV-042"

    assert {j.id for j in client.extract.list(file_input=f2).items} == {b.id, c.id}
    assert [j.id for j in client.extract.list(configuration_id=cfg.id).items] == [b.id]
    assert [j.id for j in client.extract.list(job_ids=ids, status="COMPLETED").items] == [
        c.id,
        b.id,
        a.id,
    ]
    assert client.extract.list(job_ids=ids, status="FAILED").items == []
    assert client.extract.list(job_ids=ids, document_input_type="parse_job_id").items == []
    assert len(client.extract.list(job_ids=ids, document_input_type="file_id").items) == 3
    after = client.extract.list(job_ids=ids, created_at_on_or_after=b.created_at.isoformat())
    assert {j.id for j in after.items} == {b.id, c.id}
    listed = client.extract.list(job_ids=[a.id], expand=["configuration"]).items[0]
    assert listed.configuration.data_schema == SCHEMA


def test_cancel_and_delete(client):
    done = wait_extract(
        client,
        client.extract.create(file_input=upload(client), configuration={"data_schema": SCHEMA}).id,
    )
    with pytest.raises(llama_cloud.BadRequestError) as err:
        client.extract.cancel(done.id)
    assert err.value.response.headers.get("x-should-retry") == "false"
    client.extract.delete(done.id)
    with pytest.raises(llama_cloud.NotFoundError):
        client.extract.get(done.id)

    # A long document, so the job is most likely still queued or running when we act.
    big = upload(client, invoice_pdf(pages=120), "long.pdf")
    job = client.extract.create(file_input=big, configuration={"data_schema": SCHEMA})
    try:
        client.extract.delete(job.id)
        raced = True  # it finished first; a terminal job deletes without force
    except llama_cloud.BadRequestError as exc:
        raced = False
        assert "force" in str(exc.body)
        client.extract.delete(job.id, force=True)
    with pytest.raises(llama_cloud.NotFoundError):
        client.extract.get(job.id)

    job = client.extract.create(file_input=big, configuration={"data_schema": SCHEMA})
    try:
        cancelled = client.extract.cancel(job.id)
        assert cancelled.status in ("CANCELLED", "RUNNING")
        assert wait_extract(client, job.id).status == "CANCELLED"
    except llama_cloud.BadRequestError:
        assert raced or client.extract.get(job.id).status == "COMPLETED"


def test_schema_validation_and_generation(client):
    assert client.extract.validate_schema(data_schema=SCHEMA).data_schema == SCHEMA
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.extract.validate_schema(
            data_schema={"type": "object", "properties": {"a": {"type": 5}}}
        )

    gen = client.extract.generate_schema(
        prompt="Extract the vendor name, invoice date and total amount"
    )
    assert gen.parameters.product_type == "extract_v2" and gen.name
    props = gen.parameters.data_schema["properties"]
    assert any("vendor" in k for k in props) and any("total" in k for k in props)

    from_file = client.extract.generate_schema(file_id=upload(client), name="from-invoice")
    assert from_file.name == "from-invoice"
    assert any("invoice" in k for k in from_file.parameters.data_schema["properties"])
    saved = client.configurations.create(
        name=from_file.name, parameters=from_file.parameters.model_dump()
    )
    assert saved.product_type == "extract_v2"
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.extract.generate_schema()


def test_extract_batch_over_directory(client):
    cfg = client.configurations.create(
        name="batch-invoices",
        parameters={"product_type": "extract_v2", "data_schema": SCHEMA, "parse_tier": "fast"},
    )
    d = client.beta.directories.create(name="invoices", type="ephemeral")
    up = client.beta.directories.files.upload
    ids = {
        "a.pdf": up(d.id, upload_file=("a.pdf", invoice_pdf("INV-001", "10.00"))).id,
        "b.pdf": up(d.id, upload_file=("b.pdf", invoice_pdf("INV-002", "20.00"))).id,
        "c.zip": up(d.id, upload_file=("c.zip", b"PK\x03\x04 not a document")).id,
    }
    batch = client.batches.create(
        source_directory_id=d.id, config={"job": {"type": "extract_v2", "configuration_id": cfg.id}}
    )
    assert wait_batch(client, batch.id).status == "COMPLETED"
    results = {
        r.source_directory_file_id: r
        for r in client.batches.get(batch.id, expand=["results"]).results
    }
    assert results[ids["c.zip"]].job_reference is None and results[ids["c.zip"]].error_message
    for name, number, total in (("a.pdf", "INV-001", 10.0), ("b.pdf", "INV-002", 20.0)):
        ref = results[ids[name]].job_reference
        assert ref.type == "extract_v2" and ref.id.startswith("ext-")
        job = wait_extract(client, ref.id)
        assert job.status == "COMPLETED" and job.file_input == ids[name]
        assert job.configuration_id == cfg.id
        assert (
            job.extract_result["invoice_number"] == number and job.extract_result["total"] == total
        )


def test_other_project_cannot_see_jobs(client, other_client):
    file_id = upload(client)
    job = client.extract.create(file_input=file_id, configuration={"data_schema": SCHEMA})
    with pytest.raises(llama_cloud.NotFoundError):
        other_client.extract.get(job.id)
    with pytest.raises(llama_cloud.NotFoundError):
        other_client.extract.cancel(job.id)
    with pytest.raises(llama_cloud.NotFoundError):
        other_client.extract.delete(job.id)
    with pytest.raises(llama_cloud.NotFoundError):
        other_client.extract.create(file_input=file_id, configuration={"data_schema": SCHEMA})
    assert job.id not in {j.id for j in other_client.extract.list().items}


def test_extract_webhooks(client):
    received: list[dict] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        hook = {
            "webhook_url": f"http://127.0.0.1:{httpd.server_port}/x",
            "webhook_output_format": "json",
        }
        job = client.extract.create(
            file_input=upload(client),
            configuration={"data_schema": SCHEMA},
            webhook_configurations=[hook],
        )
        assert wait_extract(client, job.id).status == "COMPLETED"
        deadline = time.monotonic() + 20
        # Delivery order is not guaranteed: wait for both events.
        while not {"extract.pending", "extract.success"} <= {r["event_type"] for r in received}:
            assert time.monotonic() < deadline, f"extract webhooks missing: {received}"
            time.sleep(0.05)
        assert "extract.running" not in {r["event_type"] for r in received}
        success = next(r for r in received if r["event_type"] == "extract.success")
        assert success["data"]["id"] == job.id and success["data"]["status"] == "COMPLETED"
        assert success["data"]["extract_result"]["invoice_number"] == "INV-042"
    finally:
        httpd.shutdown()
