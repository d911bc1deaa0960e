"""scripts/with-postgres: the tests' PostgreSQL is private and gone when the command ends."""

from __future__ import annotations

import glob
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHOW = "import os; print(os.environ['SHEAF_TEST_POSTGRES_URL']); print(os.environ['SHEAF_PG_DIR'])"


@pytest.mark.skipif(
    not glob.glob("/usr/lib/postgresql/*/bin/initdb"), reason="PostgreSQL is not installed"
)
def test_with_postgres_stops_its_server_at_exit():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SHEAF_PG_", "SHEAF_TEST_"))}
    check = SHOW + "; import sqlalchemy as sa; sa.create_engine(os.environ["
    check += "'SHEAF_TEST_POSTGRES_URL']).connect().close(); raise SystemExit(7)"
    done = subprocess.run(
        [str(ROOT / "scripts/with-postgres"), sys.executable, "-c", check],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 7, done.stderr  # the command ran, connected, and its code came back
    url, folder = done.stdout.split()[-2:]
    port = int(url.rsplit(":", 1)[1].split("/", 1)[0])
    assert port != 54329  # a free port, not the shared default
    assert not Path(folder).exists()
    with socket.socket() as s, pytest.raises(OSError):
        s.connect(("127.0.0.1", port))  # nothing listens there any more
