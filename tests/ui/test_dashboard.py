"""The dashboard in a real browser: a batch made through the SDK, seen, opened, isolated."""

from __future__ import annotations

import time

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests import docs
from tests.conformance.helpers import wait_batch, wait_job
from tests.conformance.test_batch_webhooks import Receiver
from tests.conformance.test_extract_api import SCHEMA, invoice_pdf, wait_extract

pytestmark = pytest.mark.usefixtures("browser")

TIMEOUT_MS = 30_000


def scrape(base_url: str) -> dict[str, float]:
    """Every sample of /metrics, parsed by prometheus_client (so it is valid exposition)."""
    text = httpx.get(f"{base_url}/metrics", timeout=10).text
    samples: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            key = s.name + "{" + ",".join(f"{k}={v}" for k, v in sorted(s.labels.items())) + "}"
            samples[key] = s.value
    return samples


def total(samples: dict[str, float], prefix: str, **labels: str) -> float:
    want = [f"{k}={v}" for k, v in labels.items()]
    return sum(
        v for k, v in samples.items() if k.startswith(prefix + "{") and all(w in k for w in want)
    )


def login(browser, base_url: str, key: str):
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    context.console_errors = []  # CSP violations and script errors show up here
    page.on("console", lambda m: m.type == "error" and context.console_errors.append(m.text))
    page.goto("/ui")
    assert page.url.endswith("/ui/login")
    page.fill("input[name=api_key]", key)
    page.click("button[type=submit]")
    page.wait_for_url("**/ui/batches")
    return context, page


@pytest.fixture(scope="module")
def made_batch(server, client):
    before = scrape(server.base_url)
    d = client.beta.directories.create(name="dashboard-src", type="ephemeral")
    files = {
        "annual-report.pdf": docs.pdf(pages=2, title="Annual Report"),
        "broken.pdf": b"%PDF-1.7\n1 0 obj not really a pdf",
        "archive.zip": b"PK\x03\x04 not a document",
    }
    for name, data in files.items():
        client.beta.directories.files.upload(d.id, upload_file=(name, data))
    batch = client.batches.create(
        source_directory_id=d.id,
        config={"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_FAST"}},
    )
    return {"batch": batch, "directory": d, "before": before}


def test_a_key_sees_its_batch_live_opens_it_and_reads_a_job(browser, server, client, made_batch):
    batch_id = made_batch["batch"].id
    context, page = login(browser, server.base_url, server.api_key)
    row = page.locator(f"tr[data-batch-id='{batch_id}']")
    # The list polls (htmx): the status turns COMPLETED without a reload.
    row.locator(".status").filter(has_text="COMPLETED").wait_for(timeout=90_000)
    assert "3/3" in row.locator(".counts").inner_text()
    assert made_batch["directory"].id in row.inner_text()
    assert "cfg-PARSE_FAST" in row.inner_text()

    row.locator(f"a[href='/ui/batches/{batch_id}']").click()
    page.wait_for_url(f"**/ui/batches/{batch_id}")
    assert page.locator("#batch-status").inner_text() == "COMPLETED"
    rows = {r.locator("td").nth(1).inner_text(): r for r in page.locator("tr.file-row").all()}
    assert set(rows) == {"annual-report.pdf", "broken.pdf", "archive.zip"}
    assert rows["annual-report.pdf"].get_attribute("data-status") == "COMPLETED"
    assert rows["annual-report.pdf"].locator("td").nth(3).inner_text() == "2"
    assert rows["annual-report.pdf"].locator(".reason").inner_text() == ""
    assert rows["broken.pdf"].get_attribute("data-status") == "FAILED"
    assert rows["broken.pdf"].locator(".reason").inner_text().strip()
    assert "unsupported file type" in rows["archive.zip"].locator(".reason").inner_text()

    page.click(".filters a:text-is('failed')")
    page.wait_for_url("**only=failed")
    failed = [r.locator("td").nth(1).inner_text() for r in page.locator("tr.file-row").all()]
    assert sorted(failed) == ["archive.zip", "broken.pdf"]
    page.click(".filters a:text-is('all')")
    page.wait_for_url(f"**/ui/batches/{batch_id}")

    rows = {r.locator("td").nth(1).inner_text(): r for r in page.locator("tr.file-row").all()}
    rows["annual-report.pdf"].locator("a").click()
    page.wait_for_url("**/ui/jobs/pjb-*")
    assert "Annual Report 1" in page.locator("article.markdown").first.inner_text()
    image = page.locator(".page-image img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    page.locator("details.raw summary").click()
    assert '"status": "COMPLETED"' in page.locator("details.raw pre").inner_text()

    page.go_back()
    page.locator("tr.file-row", has_text="broken.pdf").locator("a").click()
    page.wait_for_url("**/ui/jobs/pjb-*")
    assert page.locator("#job-error").inner_text().strip()

    page.goto("/ui/usage")
    today = page.locator("table.usage tbody tr").first.locator("td")
    assert today.nth(0).inner_text() == time.strftime("%Y-%m-%d", time.gmtime())
    assert int(today.nth(3).inner_text()) >= 2  # pages parsed today, this batch's included

    # CSRF: the session cookie alone does not make a POST count.
    refused = context.request.post(f"/ui/batches/{batch_id}/cancel", max_redirects=0)
    assert refused.status == 403
    page.goto("/ui/directories")
    refused = context.request.post("/ui/directories", form={"name": "forged"})
    assert refused.status == 403
    page.reload()
    assert "forged" not in page.content()
    assert context.console_errors == []
    context.close()


def test_another_projects_key_sees_none_of_it(browser, server, other_client, made_batch):
    wait_batch_id = made_batch["batch"].id
    context, page = login(browser, server.base_url, other_client.api_key)
    assert wait_batch_id not in page.content()
    page.goto(f"/ui/batches/{wait_batch_id}")
    assert "not found" in page.locator(".error").inner_text()
    page.goto(f"/ui/directories/{made_batch['directory'].id}")
    assert "not found" in page.locator(".error").inner_text()
    page.goto("/ui/directories")
    assert "dashboard-src" not in page.content()
    # A project key cannot switch itself into another project.
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    escape = context.request.post(
        "/ui/project", form={"project_id": made_batch["batch"].project_id, "csrf_token": token}
    )
    assert escape.status == 404
    page.goto("/ui/batches")
    assert wait_batch_id not in page.content()
    context.close()


def test_logout_ends_the_session(browser, server):
    context, page = login(browser, server.base_url, server.api_key)
    page.click("header button[type=submit]")
    page.wait_for_url("**/ui/login")
    page.goto("/ui/batches")
    assert page.url.endswith("/ui/login")
    context.close()


def test_upload_and_start_a_batch_from_the_dashboard(browser, server, client, tmp_path):
    context, page = login(browser, server.base_url, server.api_key)
    page.goto("/ui/directories")
    page.fill("input[name=name]", "from-the-browser")
    page.click("form.row button[type=submit]")
    page.wait_for_url("**/ui/directories/dir-*")
    paths = []
    for i in (1, 2):
        p = tmp_path / f"memo-{i}.pdf"
        p.write_bytes(docs.pdf(pages=40, title=f"Memo {i}"))  # long enough to watch it run
        paths.append(p)
    page.set_input_files("input[type=file]", paths)
    page.click("form[action$='/upload'] button")
    page.wait_for_load_state()
    assert page.locator("td", has_text="memo-2.pdf").count() == 1
    page.select_option("select[name=configuration_id]", "cfg-PARSE_COST_EFFECTIVE")
    polls: list[str] = []
    page.on("request", lambda r: r.headers.get("hx-request") and polls.append(r.url))
    page.click("form[action$='/batch'] button")
    page.wait_for_url("**/ui/batches/bat-*")
    batch_id = page.url.rsplit("/", 1)[1]
    first_seen = page.locator("#batch-status").inner_text()
    assert first_seen in ("PENDING", "RUNNING", "THROTTLED")  # just made: it cannot be done
    assert wait_batch(client, batch_id).status == "COMPLETED"
    # No reload: the page polls (htmx) and shows the end by itself.
    page.locator("#batch-status", has_text="COMPLETED").wait_for(timeout=TIMEOUT_MS)
    assert polls and all(f"/ui/batches/{batch_id}" in u for u in polls)
    assert page.locator("tr.file-row[data-status=COMPLETED]").count() == 2
    context.close()


def test_docs_render_offline_with_authorize(browser, server):
    context = browser.new_context(base_url=server.base_url)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto("/docs")
    page.locator(".swagger-ui button.authorize").wait_for(timeout=TIMEOUT_MS)
    page.locator(".opblock-tag", has_text="batches").first.wait_for()
    page.goto("/redoc")
    page.locator("h1", has_text="Sheaf").first.wait_for(timeout=TIMEOUT_MS)
    local = (server.base_url, f"blob:{server.base_url}", "data:")
    outside = [u for u in requested if not u.startswith(local)]
    assert requested and outside == []
    context.close()


def test_metrics_parse_and_move_when_a_batch_runs(server, client, made_batch):
    wait_batch(client, made_batch["batch"].id)
    before = made_batch["before"]
    deadline = time.monotonic() + 30  # database figures are cached for a few seconds
    while True:
        after = scrape(server.base_url)
        moved = total(after, "sheaf_jobs", kind="parse", status="COMPLETED") > total(
            before, "sheaf_jobs", kind="parse", status="COMPLETED"
        )
        if moved or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert moved
    assert total(after, "sheaf_jobs", status="FAILED") > total(
        before, "sheaf_jobs", status="FAILED"
    )
    assert total(after, "sheaf_pages_parsed_total") >= total(before, "sheaf_pages_parsed_total") + 2
    assert total(after, "sheaf_job_duration_seconds_count", kind="parse", tier="fast") > total(
        before, "sheaf_job_duration_seconds_count", kind="parse", tier="fast"
    )
    created = total(after, "sheaf_http_requests_total", route="/api/v2/batches", method="POST")
    assert created >= 1
    assert (
        total(
            after, "sheaf_http_request_duration_seconds_count", route="/api/v2/batches/{batch_id}"
        )
        > 0
    )
    assert any("sheaf_queue_depth{" in k for k in after)
    # Raw paths never become labels: ids live in the route template.
    assert not any(made_batch["batch"].id in k for k in after)


def test_extract_job_shows_values_with_citations_on_the_page(browser, server, client):
    file_id = client.files.create(file=("invoice.pdf", invoice_pdf()), purpose="extract").id
    job = client.extract.create(
        file_input=file_id,
        configuration={"data_schema": SCHEMA, "cite_sources": True, "confidence_scores": True},
    )
    assert wait_extract(client, job.id).status == "COMPLETED"
    context, page = login(browser, server.base_url, server.api_key)
    page.goto(f"/ui/jobs/{job.id}")
    rows = {
        r.locator("td").nth(1).inner_text(): r for r in page.locator("table.fields tbody tr").all()
    }
    assert rows["invoice_number"].locator("td.value").inner_text() == "INV-042"
    assert float(rows["total"].locator(".conf").inner_text()) > 0
    assert "1,234.50" in rows["total"].locator(".cite").inner_text()
    boxes = page.locator(".page-image .box")
    assert boxes.count() >= 3  # one per cited value, drawn over page 1
    image = page.locator(".page-image img").first
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    box = boxes.first.bounding_box()
    frame = page.locator(".page-image").first.bounding_box()
    assert box and frame and frame["x"] <= box["x"] < frame["x"] + frame["width"]
    assert frame["y"] <= box["y"] < frame["y"] + frame["height"]
    context.close()


def test_webhook_deliveries_show_attempts_and_redeliver(browser, server, client):
    receiver = Receiver(fail_first=1)  # the first attempt gets a 500, the retry a 200
    try:
        job = client.parsing.create(
            tier="fast",
            version="latest",
            upload_file=("hooked.md", b"# Hooked"),
            webhook_configurations=[
                {"webhook_url": f"{receiver.url}/ui-hook", "webhook_events": ["parse.success"]}
            ],
        )
        wait_job(client, job.id)
        receiver.wait_for(lambda: len(receiver.events("/ui-hook")) == 2)
        context, page = login(browser, server.base_url, server.api_key)
        page.goto("/ui/webhooks?status=delivered")
        row = page.locator("table.deliveries tr", has_text=f"{receiver.url}/ui-hook")
        row.locator(".status", has_text="delivered").wait_for(timeout=TIMEOUT_MS)
        cells = row.locator("td")
        assert cells.nth(3).inner_text() == "2" and cells.nth(4).inner_text() == "200"
        row.locator("button", has_text="Re-deliver").click()
        receiver.wait_for(lambda: len(receiver.events("/ui-hook")) == 3)
        ids = {r["headers"]["webhook-id"] for r in receiver.events("/ui-hook")}
        assert len(ids) == 1  # the same event, sent again
        context.close()
    finally:
        receiver.httpd.shutdown()


def test_a_long_document_is_shown_a_window_of_pages_at_a_time(browser, server, client):
    job = client.parsing.create(
        tier="fast", version="latest", upload_file=("long.pdf", docs.pdf(pages=30, title="Part"))
    )
    assert wait_job(client, job.id).status == "COMPLETED"
    context, page = login(browser, server.base_url, server.api_key)
    page.goto(f"/ui/jobs/{job.id}")
    assert page.locator(".pager").first.inner_text().startswith("Pages 1–25 of 30")
    assert page.locator("article.markdown").count() == 25
    page.locator(".pager a", has_text="next").first.click()
    page.wait_for_url("**from_page=26")
    assert page.locator("article.markdown").count() == 5
    assert "Part 30" in page.locator("article.markdown").last.inner_text()
    context.close()


def test_an_organization_key_switches_between_its_projects(
    browser, server, other_client, made_batch
):
    from sqlalchemy import select

    from sheaf.ids import new_id
    from sheaf.services.tenancy import hash_key
    from sheaf.settings import Settings
    from sheaf.store.db import Database
    from sheaf.store.tables import ApiKey, Project

    url = Settings(data_dir=server.data_dir, database_url=server.database_url)
    db = Database(url.resolved_database_url)
    key = "llx-organization-key-for-the-dashboard"
    with db.session() as session:
        other = session.scalars(select(Project).where(Project.name == "Other")).one()
        if session.scalar(select(ApiKey.id).where(ApiKey.key_hash == hash_key(key))) is None:
            session.add(
                ApiKey(
                    id=new_id("api_key"),
                    key_hash=hash_key(key),
                    key_prefix=key[:12],
                    organization_id=other.organization_id,
                    project_id=None,
                    name="org",
                )
            )
        other_id = other.id
    db.dispose()
    batch_id = made_batch["batch"].id
    context, page = login(browser, server.base_url, key)
    assert page.locator(f"tr[data-batch-id='{batch_id}']").count() == 1  # the default project
    page.select_option("select[name=project_id]", other_id)
    page.click(".project-switch button")
    page.wait_for_url("**/ui/batches")
    assert page.locator("select[name=project_id]").input_value() == other_id
    assert batch_id not in page.content()
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    foreign = context.request.post(
        "/ui/project", form={"project_id": "prj-nope", "csrf_token": token}
    )
    assert foreign.status == 404
    context.close()


def test_document_markup_is_shown_as_text_never_run(browser, server, client):
    hostile = (
        b"# Notes\n\n<script>window.pwned = 1</script>\n\n<img src=x onerror='window.pwned=2'>\n\n"
        b"[click](javascript:window.pwned=3)\n"
    )
    job = client.parsing.create(tier="fast", version="latest", upload_file=("x.md", hostile))
    assert wait_job(client, job.id).status == "COMPLETED"
    context, page = login(browser, server.base_url, server.api_key)
    page.goto(f"/ui/jobs/{job.id}")
    article = page.locator("article.markdown").first
    assert "<script>" in article.inner_text()  # shown as text
    assert article.locator("script, img").count() == 0
    assert article.locator("a[href^='javascript']").count() == 0
    assert page.evaluate("() => window.pwned") is None
    context.close()


def test_cancel_a_running_batch_from_its_page(browser, server, client):
    d = client.beta.directories.create(name="to-cancel", type="ephemeral")
    for i in range(6):  # long enough that it is still running when the button is pressed
        data = docs.pdf(pages=40, title=f"Long {i}")
        client.beta.directories.files.upload(d.id, upload_file=(f"long-{i}.pdf", data))
    batch = client.batches.create(
        source_directory_id=d.id,
        config={"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_COST_EFFECTIVE"}},
    )
    context, page = login(browser, server.base_url, server.api_key)
    page.goto(f"/ui/batches/{batch.id}")
    page.click("button.danger")
    page.wait_for_url(f"**/ui/batches/{batch.id}")
    page.locator("#batch-status", has_text="CANCELLED").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("button.danger").count() == 0  # nothing left to cancel
    assert client.batches.get(batch.id).status == "CANCELLED"
    context.close()
