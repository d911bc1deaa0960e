"""The classic clients run in their own environments: ``llama-cloud-services==0.6.94`` in
``tests/classic/.venv-classic`` (it pins ``llama-cloud`` 0.1.x, which cannot share Sheaf's venv)
and ``@llamaindex/cloud`` under ``tests/classic/ts/node_modules``. ``scripts/test`` sets both up
and sets ``SHEAF_TEST_REQUIRE_CLASSIC=1``, so in CI a missing client fails instead of skipping."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.parse.builders import simple_pdf, table_pdf
from tests.parse.test_images import image_pdf
from tests.serverproc import SheafServer

HERE = Path(__file__).parent
CLASSIC_PYTHON = HERE / ".venv-classic" / "bin" / "python"
TS_DIR = HERE / "ts"
SETUP_HINT = "scripts/test sets it up (see scripts/setup-clients)"

# Three pages of known text, one marker word per page.
THREE_PAGES = [
    ["Alpha page one", "The first page talks about apples."],
    ["Bravo page two", "The second page talks about pears."],
    ["Charlie page three", "The third page talks about plums."],
]


def unavailable(reason: str) -> None:
    if os.environ.get("SHEAF_TEST_REQUIRE_CLASSIC"):
        pytest.fail(f"{reason} ({SETUP_HINT})")
    pytest.skip(f"{reason} ({SETUP_HINT})")


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    d = docx.Document()
    d.add_heading("Quarterly memo", level=1)
    for text in paragraphs:
        d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="session")
def classic_docs(tmp_path_factory) -> dict[str, str]:
    """Documents made here (never read from shared data), by path."""
    root = tmp_path_factory.mktemp("classic-docs")
    made = {
        "three.pdf": simple_pdf(THREE_PAGES),
        "four.pdf": simple_pdf([[f"Section {n} body"] for n in range(1, 5)]),
        "table.pdf": table_pdf(),
        "images.pdf": image_pdf(2),
        "bad.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without an xref\n",
        "memo.docx": docx_bytes(["Revenue grew in every region.", "Costs stayed flat."]),
    }
    for n, word in enumerate(("one_a", "one_b", "one_c", "one_d")):
        made[f"{word}.pdf"] = simple_pdf([[f"Single page file number {n}"]])
    paths = {}
    for name, data in made.items():
        (root / name).write_bytes(data)
        paths[name.rsplit(".", 1)[0]] = str(root / name)
    paths["out"] = str(root / "out")
    return paths


def run_driver(argv: list[str], server: SheafServer, docs: dict, tmp: Path, *, cwd: Path,
               timeout: float = 300, api_key: str | None = None) -> dict:
    """Run a client driver with only the two documented variables pointing it at ``server``
    (with ``api_key``, or the server's bootstrap key)."""
    docs_file, out_file = tmp / "docs.json", tmp / "out.json"
    docs_file.write_text(json.dumps(docs))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLAMA_", "SHEAF_"))}
    env.update(LLAMA_CLOUD_BASE_URL=server.base_url, LLAMA_CLOUD_API_KEY=api_key or server.api_key)
    proc = subprocess.run(
        [*argv, str(docs_file), str(out_file)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
    )
    if proc.returncode != 0 or not out_file.exists():
        raise AssertionError(f"driver failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return json.loads(out_file.read_text())


def outcome(results: dict, name: str):
    """One scenario's value; its traceback as the failure message when it raised."""
    got = results[name]
    assert "error" not in got, got.get("error")
    return got["ok"]


@pytest.fixture(scope="session")
def classic_python() -> Path:
    if not CLASSIC_PYTHON.exists():
        unavailable(f"the classic client venv {CLASSIC_PYTHON} is missing")
    return CLASSIC_PYTHON


@pytest.fixture(scope="session")
def node() -> str:
    path = shutil.which("node")
    if path is None:
        unavailable("node is not installed")
    if not (TS_DIR / "node_modules" / "@llamaindex" / "cloud").exists():
        unavailable(f"@llamaindex/cloud is not installed under {TS_DIR}")
    return path
