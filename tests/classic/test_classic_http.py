"""The classic routes over plain HTTP: both prefixes, one job with two views (classic and v2),
form-field mapping, warnings, 4xx on invalid values, auth and tenancy, input_url, webhooks."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from tests.classic.conftest import THREE_PAGES
from tests.parse.builders import simple_pdf, table_pdf, two_column_pdf
from tests.webhooks.conftest import receiver  # noqa: F401 - a fixture, used by name

PDF = simple_pdf(THREE_PAGES)


@pytest.fixture(scope="module")
def http(server) -> httpx.Client:
    with httpx.Client(
        base_url=server.base_url, headers={"Authorization": f"Bearer {server.api_key}"}, timeout=30
    ) as c:
        yield c


def upload(http, prefix="/api/parsing", data=None, files=None, **kw) -> httpx.Response:
    if files is None:
        files = {"file": ("three.pdf", PDF, "application/pdf")}
    return http.post(f"{prefix}/upload", data=data or {}, files=files, **kw)


def wait(http, job_id: str, prefix="/api/parsing", timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = http.get(f"{prefix}/job/{job_id}").raise_for_status().json()
        if job["status"] != "PENDING":
            return job
        assert time.monotonic() < deadline, f"job {job_id} still PENDING"
        time.sleep(0.1)


def test_both_prefixes_serve_the_same_job(http):
    job = upload(http, "/api/v1/parsing").raise_for_status().json()
    assert set(job) == {"id", "status", "error_code", "error_message"}
    assert job["status"] == "PENDING" and job["id"].startswith("pjb-")
    assert wait(http, job["id"], "/api/parsing")["status"] == "SUCCESS"
    for prefix in ("/api/parsing", "/api/v1/parsing"):
        md = http.get(f"{prefix}/job/{job['id']}/result/markdown").raise_for_status().json()
        assert md["markdown"].count("\n---\n") == 2 and md["job_metadata"]["job_pages"] == 3
        raw = http.get(f"{prefix}/job/{job['id']}/result/raw/text").raise_for_status()
        assert raw.headers["content-type"].startswith("text/plain") and "Bravo" in raw.text
    details = http.get(f"/api/v1/parsing/job/{job['id']}/details").raise_for_status().json()
    assert details["status"] == "SUCCESS" and details["job_metadata"]["credits_used"] == 9.0


def test_one_job_two_views(http):
    classic = upload(http, data={"fast_mode": "true"}).raise_for_status().json()
    wait(http, classic["id"])
    v2 = http.get(f"/api/v2/parse/{classic['id']}", params={"expand": ["text", "job_metadata"]})
    v2 = v2.raise_for_status().json()
    assert v2["job"]["status"] == "COMPLETED" and v2["job"]["tier"] == "fast"
    assert "Charlie page three" in v2["text"]["pages"][2]["text"]
    classic_view = v2["job_metadata"]["views"]["classic"]  # the classic view rides along
    assert classic_view["page_separator"] == "\n---\n" and v2["job_metadata"]["warnings"] == []
    listed = http.get("/api/v2/parse", params={"job_ids": [classic["id"]]}).json()
    assert [j["id"] for j in listed["items"]] == [classic["id"]]
    # ... and a v2 job reads through the classic routes with classic defaults.
    made = http.post(
        "/api/v2/parse/upload",
        files={"file": ("t.pdf", PDF, "application/pdf")},
        data={"configuration": json.dumps({"tier": "fast", "version": "latest"})},
    ).raise_for_status().json()
    wait(http, made["id"])
    text = http.get(f"/api/parsing/job/{made['id']}/result/text").json()["text"]
    assert text.count("\n---\n") == 2 and "Alpha page one" in text


@pytest.mark.parametrize(
    ("data", "tier"),
    [
        ({}, "cost_effective"),
        ({"fast_mode": "true"}, "fast"),
        ({"premium_mode": "true"}, "agentic_plus"),
        ({"parse_mode": "parse_page_with_agent"}, "agentic"),
        ({"parse_mode": "parse_page_without_llm"}, "fast"),
        ({"preset": "balanced", "fast_mode": "true"}, "cost_effective"),
        ({"tier": "fast", "premium_mode": "true"}, "fast"),
    ],
)
def test_modes_choose_tiers(http, data, tier):
    job = upload(http, data=data).raise_for_status().json()
    assert http.get(f"/api/v2/parse/{job['id']}").json()["job"]["tier"] == tier
    # Cancelled through v2 (so the shared server does not parse it): the classic view agrees.
    if http.post(f"/api/v2/parse/{job['id']}/cancel").status_code == 200:
        done = wait(http, job["id"])
        assert done["status"] in ("CANCELED", "SUCCESS")  # a running job may still finish
        if done["status"] == "CANCELED":
            assert done["error_code"] == "CANCELED"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"target_pages": "1,x"}, "target_pages"),
        ({"target_pages": "3-1"}, "target_pages"),
        ({"max_pages": "0"}, "max_pages"),
        ({"parse_mode": "parse_with_magic"}, "parse_mode"),
        ({"preset": "turbo"}, "preset"),
        ({"tier": "gold"}, "tier"),
        ({"skip_diagonal_text": "maybe"}, "skip_diagonal_text"),
        ({"bbox_top": "1.5"}, "bbox_top"),
        ({"bbox_top": "0.6", "bbox_bottom": "0.5"}, "bbox"),
        ({"language": "xx"}, "language"),
        ({"page_error_tolerance": "2"}, "page_error_tolerance"),
        ({"job_timeout_extra_time_per_page_in_seconds": "301"}, "extra_time_per_page"),
        ({"job_timeout_in_seconds": "soon"}, "job_timeout_in_seconds"),
        ({"replace_failed_page_mode": "shrug"}, "replace_failed_page_mode"),
        ({"webhook_url": "ftp://example.com/hook"}, "webhook_url"),
    ],
)
def test_invalid_values_are_422_with_a_reason(http, data, message):
    r = upload(http, data=data)
    assert r.status_code == 422, r.text
    assert message in r.json()["detail"]


def test_upload_needs_exactly_one_input(http):
    none = http.post("/api/parsing/upload", data={"language": "en"})
    assert none.status_code == 422 and "input_url" in none.json()["detail"]
    s3 = http.post("/api/parsing/upload", data={"input_s3_path": "s3://bucket/a.pdf"})
    assert s3.status_code == 422 and "input_s3_path" in s3.json()["detail"]
    both = upload(http, data={"input_url": "http://127.0.0.1:9/a.pdf"})
    assert both.status_code == 422 and "not both" in both.json()["detail"]
    not_form = http.post("/api/parsing/upload", json={"input_url": "http://x/a.pdf"})
    assert not_form.status_code == 422 and "multipart" in not_form.json()["detail"]
    two = upload(http, files=[("file", ("a.pdf", PDF, "application/pdf"))] * 2)
    assert two.status_code == 422 and "one file per upload" in two.json()["detail"]
    text_part = http.post("/api/parsing/upload", data={"file": "not a file"})
    assert text_part.status_code == 422 and "file part" in text_part.json()["detail"]


def test_upload_limit_applies(http):
    big = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)  # the test server allows 2 MiB
    r = upload(http, files={"file": ("big.pdf", big, "application/pdf")})
    assert r.status_code == 413 and "limit" in r.json()["detail"]


def test_unhonoured_and_unknown_fields_are_named_in_warnings(http):
    job = upload(
        http,
        data={"do_not_unroll_columns": "true", "auto_mode": "true", "high_res_ocr": "false",
              "made_up_option": "1", "parsing_instruction": "Be brief"},
    ).raise_for_status().json()
    wait(http, job["id"])
    result = http.get(f"/api/parsing/job/{job['id']}/result/json").json()
    warnings = result["job_metadata"]["warnings"]
    assert any(w.startswith("do_not_unroll_columns:") for w in warnings)
    assert any(w.startswith("auto_mode:") for w in warnings)
    assert any(w.startswith("made_up_option:") for w in warnings)
    assert any(w.startswith("parsing_instruction:") and "agentic" in w for w in warnings)
    assert not any(w.startswith("high_res_ocr") for w in warnings)  # false: nothing asked
    assert len(warnings) == len(set(warnings))  # each named once
    # The v2 view of the same job carries the same warnings.
    v2 = http.get(f"/api/v2/parse/{job['id']}", params={"expand": ["job_metadata"]}).json()
    assert set(warnings) <= set(v2["job_metadata"]["warnings"])


def test_headers_footers_and_max_pages(http):
    job = upload(
        http,
        files={"file": ("report.pdf", two_column_pdf(3), "application/pdf")},
        data={"hide_headers": "true", "page_footer_prefix": "FOOT[", "page_footer_suffix": "]",
              "max_pages": "2", "target_pages": "0-2"},
    ).raise_for_status().json()
    wait(http, job["id"])
    pages = http.get(f"/api/parsing/job/{job['id']}/result/json").json()["pages"]
    assert [p["page"] for p in pages] == [1, 2]
    for page in pages:
        assert "ACME Quarterly Report" in page["pageHeaderMarkdown"]
        assert "ACME Quarterly Report" not in page["md"]
        assert page["pageFooterMarkdown"].startswith("FOOT[") and "FOOT[" in page["md"]


def test_xlsx_and_images_routes(http):
    job = upload(http, files={"file": ("t.pdf", table_pdf(), "application/pdf")}).json()
    wait(http, job["id"])
    for path in ("result/xlsx", "result/raw/xlsx"):
        r = http.get(f"/api/v1/parsing/job/{job['id']}/{path}")
        assert r.status_code == 200 and r.content[:2] == b"PK"  # a zip: the workbook
    structured = http.get(f"/api/parsing/job/{job['id']}/result/structured")
    assert structured.status_code == 404 and "structured_output" in structured.json()["detail"]
    missing = http.get(f"/api/parsing/job/{job['id']}/result/image/page_9_image_0.png")
    assert missing.status_code == 404 and "not found" in missing.json()["detail"]
    plain = upload(http).json()
    wait(http, plain["id"])
    none = http.get(f"/api/parsing/job/{plain['id']}/result/raw/xlsx")
    assert none.status_code == 404 and "no tables" in none.json()["detail"]


def test_failed_job_status_and_results(http):
    job = upload(http, files={"file": ("bad.pdf", b"%PDF-1.4 broken", "application/pdf")}).json()
    done = wait(http, job["id"])
    assert done["status"] == "ERROR" and done["error_code"] == "PARSING_ERROR"
    assert done["error_message"]
    r = http.get(f"/api/parsing/job/{job['id']}/result/text")
    assert r.status_code == 400 and "ERROR" in r.json()["detail"]


def test_auth_and_tenancy(server, http, other_client):
    job = upload(http).json()
    anonymous = httpx.get(f"{server.base_url}/api/parsing/job/{job['id']}")
    assert anonymous.status_code == 401
    other = {"Authorization": f"Bearer {other_client.api_key}"}  # a second project's key
    for path in ("", "/result/markdown", "/result/image/page_1_image_0.png"):
        r = httpx.get(f"{server.base_url}/api/parsing/job/{job['id']}{path}", headers=other)
        assert r.status_code == 404, path


def _webhook_bodies(receiver, count: int) -> list[dict]:  # noqa: F811
    deadline = time.monotonic() + 20
    while len(receiver.posts()) < count:
        assert time.monotonic() < deadline, "no webhook delivery"
        time.sleep(0.1)
    return [json.loads(post.body) for post in receiver.posts()]


def test_input_url_and_webhook_url(http, receiver):  # noqa: F811
    receiver.reply(200, PDF, {"Content-Type": "application/pdf"})
    job = http.post(
        "/api/parsing/upload",
        data={"input_url": receiver.url("/docs/three.pdf"), "webhook_url": receiver.url("/hook"),
              "fast_mode": "true", "page_separator": "\n==={pageNumber}===\n"},
    ).raise_for_status().json()
    assert wait(http, job["id"])["status"] == "SUCCESS"
    text = http.get(f"/api/parsing/job/{job['id']}/result/text").json()["text"]
    assert "Bravo page two" in text
    # LlamaParse's webhook body: the result itself, as the classic result routes show it
    (body,) = _webhook_bodies(receiver, 1)
    assert body["job_id"] == job["id"] and body["status"] == "SUCCESS"
    assert body["txt"] == text and "\n===2===\n" in body["txt"]
    markdown = http.get(f"/api/parsing/job/{job['id']}/result/markdown").json()["markdown"]
    assert body["md"] == markdown
    pages = http.get(f"/api/parsing/job/{job['id']}/result/json").json()["pages"]
    assert body["json"] == pages and [p["page"] for p in body["json"]] == [1, 2, 3]
    assert body["images"] == [im["name"] for p in pages for im in p["images"]]


def test_webhook_url_hears_of_a_failed_job(http, receiver):  # noqa: F811
    files = {"file": ("broken.pdf", b"%PDF-1.7\nnot really a pdf", "application/pdf")}
    job = upload(http, data={"webhook_url": receiver.url("/hook")}, files=files).json()
    assert wait(http, job["id"])["status"] == "ERROR"
    (body,) = _webhook_bodies(receiver, 1)
    assert body["job_id"] == job["id"] and body["status"] == "ERROR" and body["error"]
    assert body["txt"] == body["md"] == "" and body["json"] == [] and body["images"] == []
