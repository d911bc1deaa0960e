"""``sheaf run DIR`` against a running server: outputs mirror the tree; failures listed."""

from __future__ import annotations

import json

from tests import docs


def sheaf_run(server, src, out, *extra: str):
    """``sheaf run SRC --out OUT`` against the test server; the exit code is left to the test."""
    return server.sheaf(
        "run",
        str(src),
        "--out",
        str(out),
        "--base-url",
        server.base_url,
        "--api-key",
        server.api_key,
        *extra,
        check=False,
    )


def test_sheaf_run_writes_results_and_reports_failures(server, tmp_path):
    src = tmp_path / "inbox"
    (src / "reports").mkdir(parents=True)
    (src / "reports" / "q3.pdf").write_bytes(docs.pdf(title="Third Quarter"))
    (src / "readme.md").write_bytes(docs.markdown("Read Me"))
    (src / "blob.zip").write_bytes(b"PK\x03\x04 nope")
    (src / ".hidden").write_bytes(b"ignored")
    out = tmp_path / "out"
    proc = sheaf_run(server, src, out, "--config", "cfg-PARSE_COST_EFFECTIVE")
    assert proc.returncode == 1, proc.stderr
    assert "blob.zip" in proc.stderr and "unsupported file type" in proc.stderr
    assert "Third Quarter" in (out / "reports" / "q3.pdf.md").read_text()
    result = json.loads((out / "readme.md.json").read_text())
    assert result["job"]["status"] == "COMPLETED" and result["items"]["pages"]
    assert not (out / ".hidden.md").exists()

    ok = tmp_path / "ok"
    ok.mkdir()
    (ok / "a.md").write_bytes(b"# A")
    proc = sheaf_run(server, ok, tmp_path / "ok-out")
    assert proc.returncode == 0, proc.stderr


def test_sheaf_run_with_an_extract_configuration(server, client, tmp_path):
    cfg = client.configurations.create(
        name="run-invoices",
        parameters={
            "product_type": "extract_v2",
            "data_schema": {
                "type": "object",
                "properties": {"invoice_number": {"type": "string"}, "total": {"type": "number"}},
            },
        },
    )
    src = tmp_path / "invoices"
    src.mkdir()
    (src / "inv.pdf").write_bytes(
        docs.pdf(title="Invoice", body="Invoice Number: INV-042 Total: 99.50")
    )
    out = tmp_path / "extracted"
    proc = sheaf_run(server, src, out, "--config", cfg.id, "--extract")
    assert proc.returncode == 0, proc.stderr
    result = json.loads((out / "inv.pdf.json").read_text())
    assert result["status"] == "COMPLETED"
    assert result["extract_result"]["invoice_number"] == "INV-042"
    assert not (out / "inv.pdf.md").exists()
