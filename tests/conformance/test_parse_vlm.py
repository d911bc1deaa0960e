"""End to end: an agentic parse job whose page markdown comes from a (fake) vision model."""

from __future__ import annotations

import pytest

from tests import docs
from tests.conftest import make_server, sdk
from tests.parse.fake_vlm import FakeVlm

PROMPT = "Keep the word QUARTERLY in capitals."


@pytest.fixture(scope="module")
def vlm(tmp_path_factory):
    fake = FakeVlm().start()
    srv = make_server(
        "sqlite",
        tmp_path_factory,
        env={
            "SHEAF_VLM_BASE_URL": fake.base_url,
            "SHEAF_VLM_MODEL": "fake-vl",
            "SHEAF_VLM_API_KEY": "sk-fake",
        },
    )
    srv.start()
    yield srv, fake
    srv.stop()
    fake.stop()


def test_agentic_job_uses_the_vision_model(vlm):
    srv, fake = vlm
    before = len(fake.requests)
    result = sdk(srv).parsing.parse(
        tier="agentic",
        version="latest",
        upload_file=("report.pdf", docs.pdf(pages=2), "application/pdf"),
        agentic_options={"custom_prompt": PROMPT},
        expand=["markdown", "markdown_full", "text", "items", "job_metadata", "usage"],
        polling_interval=0.2,
    )
    assert result.job.status == "COMPLETED"
    assert result.job.usage.credits == 2 * 10.0  # both pages by the model: agentic's rate
    sent = fake.requests[before:]
    assert len(sent) == 2
    for i in range(before, before + 2):
        text, url = fake.parts(i)
        assert PROMPT in text and url.startswith("data:image/png;base64,")
        assert fake.requests[i]["auth"] == "Bearer sk-fake"
    pages = result.markdown.pages
    assert all(p.markdown.startswith("# Fake model page") for p in pages)
    assert "Transcribed by the fake model." in result.markdown_full
    assert "Quarterly Report 2" in result.text.pages[1].text  # text stays local
    assert result.items.pages[0].items[0].value == "Quarterly Report 1"  # so do items
    meta = result.job_metadata
    assert "vlm:fake-vl" in meta["pipeline"]
    assert meta["vision_model"].startswith("fake-vl at ")
    assert "markdown for 2 of 2 pages" in meta["vision_model"]
    assert meta["vision"]["pages"] == [1, 2] and meta["vision"]["errors"] == []
    assert meta["warnings"] == []


def test_endpoint_failure_falls_back_and_is_recorded(vlm):
    srv, fake = vlm
    fake.fail = set(range(len(fake.requests) + 1, 10_000))
    try:
        result = sdk(srv).parsing.parse(
            tier="agentic_plus",
            version="latest",
            upload_file=("report.pdf", docs.pdf(pages=1), "application/pdf"),
            expand=["markdown", "job_metadata", "usage"],
            polling_interval=0.2,
        )
    finally:
        fake.fail = set()
    assert result.job.status == "COMPLETED"
    assert result.job.usage.credits == 3.0  # the model wrote nothing: the local pipeline ran
    assert result.markdown.pages[0].markdown.startswith("# Quarterly Report")
    meta = result.job_metadata
    assert not any(s.startswith("vlm:") for s in meta["pipeline"])
    assert [e["page"] for e in meta["vision"]["errors"]] == [1]
    assert "failed on 1" in meta["vision_model"]
    assert any("vision model failed on page 1" in w for w in meta["warnings"])


def test_cost_effective_tier_does_not_call_the_model(vlm):
    srv, fake = vlm
    before = len(fake.requests)
    result = sdk(srv).parsing.parse(
        tier="cost_effective",
        version="latest",
        upload_file=("report.pdf", docs.pdf(pages=1), "application/pdf"),
        expand=["job_metadata"],
        polling_interval=0.2,
    )
    assert result.job.status == "COMPLETED" and len(fake.requests) == before
    assert result.job_metadata["vision_model"] == "not used by this tier"


def test_agentic_without_a_vision_model_says_so_and_costs_what_ran(client, server):
    result = client.parsing.parse(
        tier="agentic",
        version="latest",
        upload_file=("report.pdf", docs.pdf(pages=2), "application/pdf"),
        expand=["job_metadata", "usage"],
        polling_interval=0.2,
    )
    assert result.job.status == "COMPLETED"
    warnings = result.job_metadata["warnings"]
    assert any("without a vision model" in w and "SHEAF_VLM_BASE_URL" in w for w in warnings)
    assert result.job.usage.credits == 2 * 3.0  # cost_effective's rate, not agentic's 10
    assert "no vision model (SHEAF_VLM_BASE_URL" in server.log_text()
    assert "no LLM (SHEAF_LLM_BASE_URL" in server.log_text()
