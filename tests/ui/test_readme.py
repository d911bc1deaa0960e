"""The README's SDK workflow, run exactly as written against a real server."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

from tests import docs
from tests.conformance.test_extract_api import invoice_pdf

README = Path(__file__).resolve().parents[2] / "README.md"


def workflow_blocks() -> list[str]:
    text = README.read_text()
    section = text.split("<!-- sdk-workflow -->", 1)[1].split("<!-- /sdk-workflow -->", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_readme_sdk_workflow_runs(server, tmp_path, monkeypatch):
    blocks = workflow_blocks()
    assert len(blocks) == 3
    (tmp_path / "report.pdf").write_bytes(docs.pdf(pages=2, title="Annual Report"))
    (tmp_path / "invoice.pdf").write_bytes(invoice_pdf())
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LLAMA_CLOUD_BASE_URL", server.base_url)
    monkeypatch.setenv("LLAMA_CLOUD_API_KEY", server.api_key)
    out = io.StringIO()
    namespace: dict = {}
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, str(README), "exec"), namespace)  # noqa: S102 - our own README
    printed = out.getvalue()
    assert "COMPLETED {'total': 2" in printed
    assert re.search(r"^report\.pdf .*Annual Report 1", printed, flags=re.M), printed
    assert namespace["job"].extract_result == {"invoice_number": "INV-042", "total": 1234.5}
    assert namespace["extract_batch"].status == "COMPLETED"
    assert printed.count("'INV-042'") >= 2  # the single job and the batch printed it
