"""The README's classic example, run as written in the classic client's venv against a real
server, with only the two documented variables set."""

from __future__ import annotations

import re
from pathlib import Path

from tests.classic.conftest import run_driver

README = Path(__file__).resolve().parents[2] / "README.md"
WRAPPER = """import json, os, sys, contextlib, io
os.chdir(os.path.dirname(sys.argv[1]))
out = io.StringIO()
with contextlib.redirect_stdout(out):
    exec(compile(open("example.py").read(), "README.md", "exec"), {})
json.dump({"printed": out.getvalue()}, open(sys.argv[2], "w"))
"""


def test_readme_classic_example_runs(server, classic_python, tmp_path):
    from tests.parse.builders import simple_pdf

    section = README.read_text().split("<!-- classic-example -->", 1)[1]
    [block] = re.findall(r"```python\n(.*?)```", section.split("<!-- /classic-example -->")[0],
                         flags=re.S)
    (tmp_path / "example.py").write_text(block)
    (tmp_path / "report.pdf").write_bytes(
        simple_pdf([["Annual report, page one"], ["Outlook, page two"]])
    )
    (tmp_path / "wrapper.py").write_text(WRAPPER)
    got = run_driver([str(classic_python), str(tmp_path / "wrapper.py")], server, {}, tmp_path,
                     cwd=tmp_path)
    assert got["printed"].splitlines()[-1] == "2 Annual report, page one"
