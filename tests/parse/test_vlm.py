"""The optional vision model of the agentic tiers, against a fake OpenAI-compatible server."""

from __future__ import annotations

import base64

import pytest

from sheaf.parse import parse
from sheaf.parse.render import render
from sheaf.parse.vlm import PAGE_PROMPT, VlmConfig, clean_markdown
from tests.serverproc import free_port

from .builders import png_bytes, simple_pdf, text_image
from .fake_vlm import FakeVlm

PROMPT = "Spell every company name in CAPITALS."


@pytest.fixture
def fake():
    f = FakeVlm().start()
    yield f
    f.stop()


def _cfg(fake: FakeVlm, **kw) -> VlmConfig:
    kw.setdefault("concurrency", 1)
    kw.setdefault("max_retries", 0)
    return VlmConfig(base_url=fake.base_url, model="fake-vl", api_key="sk-test", **kw)


def _pdf(pages: int = 2) -> bytes:
    return simple_pdf([[f"Local heading {n}", f"Body text of page {n}."] for n in (1, 2, 3)][
        :pages
    ])


def test_agentic_pages_get_model_markdown(fake):
    doc = parse(
        _pdf(2),
        tier="agentic",
        options={"agentic_options": {"custom_prompt": PROMPT}},
        vlm=_cfg(fake),
    )
    assert len(fake.requests) == 2
    for i in range(2):
        text, url = fake.parts(i)
        assert fake.requests[i]["path"] == "/v1/chat/completions"
        assert fake.requests[i]["body"]["model"] == "fake-vl"
        assert fake.requests[i]["auth"] == "Bearer sk-test"
        assert text.startswith(PAGE_PROMPT) and PROMPT in text
        assert url.startswith("data:image/png;base64,")
        assert base64.b64decode(url.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    md = render(doc, "markdown")["pages"]
    assert [p["markdown"].splitlines()[0] for p in md] == ["# Fake model page 1",
                                                           "# Fake model page 2"]
    assert "```" not in md[0]["markdown"]  # the fence around the reply is removed
    assert "Transcribed by the fake model." in render(doc, "markdown_full")
    # items, text and bboxes stay the local pipeline's
    assert "Body text of page 1." in render(doc, "text")["pages"][0]["text"]
    items = render(doc, "items")["pages"][0]["items"]
    assert any("Local heading 1" in it.get("value", "") for it in items)
    assert all(it.get("bbox") for it in items)
    assert "vlm:fake-vl" in doc.pipeline
    assert [p.markdown_source for p in doc.pages] == ["vlm:fake-vl", "vlm:fake-vl"]
    assert doc.vlm["pages"] == [1, 2] and doc.vlm["errors"] == []
    assert doc.warnings == []


def test_page_failure_falls_back_and_is_reported(fake):
    fake.fail = {2}
    doc = parse(_pdf(3), tier="agentic_plus", vlm=_cfg(fake))
    md = render(doc, "markdown")["pages"]
    assert md[0]["markdown"].startswith("# Fake model page 1")
    assert "Local heading 2" in md[1]["markdown"] and "Fake model" not in md[1]["markdown"]
    assert md[2]["markdown"].startswith("# Fake model page 3")
    assert all(p["success"] for p in md)
    assert doc.pages[1].markdown is None and doc.pages[1].markdown_source is None
    assert doc.vlm["pages"] == [1, 3]
    assert [e["page"] for e in doc.vlm["errors"]] == [2]
    assert "500" in doc.vlm["errors"][0]["error"]
    assert any("page 2" in w and "local markdown" in w for w in doc.warnings)
    assert "vlm:fake-vl" in doc.pipeline


def test_unreachable_endpoint_keeps_local_markdown_with_warnings():
    cfg = VlmConfig(base_url=f"http://127.0.0.1:{free_port()}/v1", model="gone", max_retries=0,
                    timeout_seconds=5)
    doc = parse(_pdf(2), tier="agentic", vlm=cfg)
    md = render(doc, "markdown")["pages"]
    assert "Local heading 1" in md[0]["markdown"] and "Local heading 2" in md[1]["markdown"]
    assert not any(s.startswith("vlm:") for s in doc.pipeline)
    assert [e["page"] for e in doc.vlm["errors"]] == [1, 2]
    assert sum("vision model failed" in w for w in doc.warnings) == 2


def test_other_tiers_never_call_the_model(fake):
    for tier in ("fast", "cost_effective"):
        doc = parse(_pdf(1), tier=tier, vlm=_cfg(fake))
        assert doc.vlm is None and not any(s.startswith("vlm:") for s in doc.pipeline)
    assert fake.requests == []


def test_max_pages_cap(fake):
    doc = parse(_pdf(3), tier="agentic", vlm=_cfg(fake, max_pages=1))
    assert len(fake.requests) == 1
    assert doc.pages[0].markdown_source == "vlm:fake-vl"
    assert doc.pages[1].markdown is None and doc.vlm["skipped_pages"] == [2, 3]
    assert any("first 1 pages" in w for w in doc.warnings)


def test_image_input_is_sent_as_itself(fake):
    pytest.importorskip("rapidocr")
    data = png_bytes(text_image(["Scanned receipt 42"]))
    doc = parse(data, tier="agentic", vlm=_cfg(fake))
    _text, url = fake.parts(0)
    assert url == "data:image/png;base64," + base64.b64encode(data).decode()
    assert doc.pages[0].markdown.startswith("# Fake model page 1")


def test_non_page_formats_say_the_model_was_not_used(fake):
    doc = parse(b"# Title\n\nSome text.\n", tier="agentic", filename="notes.md",
                vlm=_cfg(fake))
    assert fake.requests == []
    assert doc.vlm["skipped_reason"] and any("not used" in w for w in doc.warnings)


def test_clean_markdown():
    assert clean_markdown("```markdown\n# A\n```") == "# A"
    assert clean_markdown("```\n# A\n\ntext\n```\n") == "# A\n\ntext"
    assert clean_markdown("# A\n```py\nx\n```") == "# A\n```py\nx\n```"
