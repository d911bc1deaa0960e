"""The key commands say exactly what to run, and listing never creates a data folder."""

from __future__ import annotations

import shlex
import subprocess
import sys

import httpx

from tests.conftest import make_server


def test_restart_hint_is_the_exact_command_and_its_key_works(tmp_path_factory, tmp_path):
    srv = make_server("sqlite", tmp_path_factory, env={"SHEAF_BOOTSTRAP_API_KEY": ""})
    srv.args = ["--workers", "0"]
    try:
        srv.start()  # first start: a key is made and printed
        srv.stop()
        srv.start()  # keys exist now: the hint says how to make another
        [hint] = [ln for ln in srv.log_text().splitlines() if "make another with:" in ln]
        command = shlex.split(hint.split("make another with:", 1)[1])
        assert command[:3] == ["sheaf", "keys", "create"]
        env = {k: v for k, v in srv.environ().items() if k != "SHEAF_DATA_DIR"}
        out = subprocess.run(  # from another folder, as an operator would
            [sys.executable, "-m", "sheaf.cli", *command[1:]],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        key = out.split("LLAMA_CLOUD_API_KEY=", 1)[1].split()[0]
        got = httpx.get(
            f"{srv.base_url}/api/v1/projects", headers={"Authorization": f"Bearer {key}"}
        )
        assert got.status_code == 200, got.text
        assert not (tmp_path / ".sheaf").exists()
    finally:
        srv.stop()


def test_keys_list_does_not_create_a_data_dir(tmp_path):
    missing = tmp_path / "typo"
    done = subprocess.run(
        [sys.executable, "-m", "sheaf.cli", "keys", "list", "--data-dir", str(missing)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", **_pythonpath()},
    )
    assert done.returncode == 1 and "no Sheaf database" in done.stderr
    assert not missing.exists() and not (tmp_path / ".sheaf").exists()


def _pythonpath() -> dict[str, str]:
    import os

    return {"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}
