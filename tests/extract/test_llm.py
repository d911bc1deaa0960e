"""The LLM resolver against a fake OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jsonschema
import pytest

from sheaf.extract import ExtractError, LlmConfig, extract

from .helpers import INVOICE_SCHEMA, invoice_doc

GOOD = {
    "vendor_name": "ACME TRADING LTD",
    "invoice_number": "INV-2024-0042",
    "invoice_date": "2024-03-05",
    "due_date": None,
    "email": "billing@acme.example",
    "subtotal": 25.5,
    "tax": 2.55,
    "total": 28.05,
    "paid": True,
    "payment_method": "Credit Card",
    "line_items": [
        {"description": "Widget large", "quantity": 2, "unit_price": 10.0, "amount": 20.0}
    ],
}


class FakeLLM:
    def __init__(self, answers: list[str]):
        self.answers = list(answers)
        self.requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):  # quiet
                pass

            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append(
                    {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
                )
                content = outer.answers.pop(0) if outer.answers else "{}"
                payload = json.dumps(
                    {
                        "id": "chatcmpl-1",
                        "object": "chat.completion",
                        "created": 0,
                        "model": body.get("model"),
                        "choices": [
                            {
                                "index": 0,
                                "finish_reason": "stop",
                                "message": {"role": "assistant", "content": content},
                            }
                        ],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    }
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"


def llm_for(server: FakeLLM) -> LlmConfig:
    return LlmConfig(base_url=server.url, model="fake-model", api_key="sk-test")


def test_llm_answer_is_used_and_cited():
    with FakeLLM([json.dumps(GOOD)]) as srv:
        res = extract(
            invoice_doc(),
            INVOICE_SCHEMA,
            options={"tier": "agentic", "system_prompt": "Be careful."},
            llm=llm_for(srv),
        )
    assert res.resolver == "llm"
    assert res.data["invoice_number"] == "INV-2024-0042"
    assert "due_date" not in res.data  # null and optional: left out
    jsonschema.validate(res.data, INVOICE_SCHEMA)
    req = srv.requests[0]
    assert req["path"] == "/v1/chat/completions"
    assert req["auth"] == "Bearer sk-test"
    body = req["body"]
    assert body["model"] == "fake-model"
    assert body["response_format"]["type"] == "json_schema"
    assert "Be careful." in body["messages"][0]["content"]
    assert "INV-2024-0042" in body["messages"][1]["content"]  # the document went in
    m = res.field_metadata["invoice_number"]
    assert m["citation"][0]["matching_text"] == "INV-2024-0042"
    assert m["citation"][0]["bounding_boxes"][0]["x"] == pytest.approx(200)
    assert m["reasoning"] == "VERBATIM EXTRACTION"
    # normalised values are found as printed
    assert res.field_metadata["invoice_date"]["citation"][0]["matching_text"] == "05/03/2024"
    assert res.field_metadata["total"]["citation"][0]["matching_text"] == "28.05"
    assert res.field_metadata["line_items"][0]["amount"]["citation"]


def test_llm_reasked_once_with_errors():
    bad = dict(GOOD, total="twenty-eight")
    with FakeLLM([json.dumps(bad), "```json\n" + json.dumps(GOOD) + "\n```"]) as srv:
        res = extract(
            invoice_doc(), INVOICE_SCHEMA, options={"tier": "agentic_plus"}, llm=llm_for(srv)
        )
    assert len(srv.requests) == 2
    retry = srv.requests[1]["body"]["messages"]
    assert retry[-1]["role"] == "user" and "total" in retry[-1]["content"]
    assert res.data["total"] == 28.05 and not res.warnings


def test_llm_still_invalid_is_sanitised():
    bad = dict(GOOD, total="twenty-eight")
    with FakeLLM([json.dumps(bad), json.dumps(bad)]) as srv:
        res = extract(invoice_doc(), INVOICE_SCHEMA, options={"tier": "agentic"}, llm=llm_for(srv))
    assert res.data["total"] is None
    assert any("still invalid" in w for w in res.warnings)


def test_llm_unreachable_is_an_extract_error():
    unreachable = LlmConfig(base_url="http://127.0.0.1:9/v1", model="m", timeout_seconds=2)
    with pytest.raises(ExtractError, match="LLM endpoint request failed"):
        extract(invoice_doc(), INVOICE_SCHEMA, options={"tier": "agentic"}, llm=unreachable)


def test_agentic_without_an_llm_says_how_to_configure_one():
    with pytest.raises(ExtractError, match="SHEAF_LLM_BASE_URL"):
        extract(invoice_doc(), INVOICE_SCHEMA, options={"tier": "agentic"})


def test_cost_effective_never_calls_llm():
    with FakeLLM([json.dumps(GOOD)]) as srv:
        res = extract(invoice_doc(), INVOICE_SCHEMA, llm=llm_for(srv))
    assert res.resolver == "deterministic" and srv.requests == []


def test_llm_values_are_normalised_from_the_schema():
    """An LLM that copies values as printed: the date comes back ISO 8601, the number as a
    number, the enum option as the schema spells it."""
    printed = dict(GOOD, invoice_date="5 March 2024", payment_method="credit card",
                   line_items=[dict(GOOD["line_items"][0], unit_price="10.00")])
    with FakeLLM([json.dumps(printed), json.dumps(printed)]) as srv:
        res = extract(invoice_doc(), INVOICE_SCHEMA, options={"tier": "agentic"},
                      llm=llm_for(srv))
    assert res.data["invoice_date"] == "2024-03-05"
    assert res.data["payment_method"] == "Credit Card"
    assert res.data["line_items"][0]["unit_price"] == 10.0
