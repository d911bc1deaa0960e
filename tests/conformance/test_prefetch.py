"""A worker claims fast jobs in groups; when one of a group turns out slow, the jobs waiting
behind it go back to the queue instead of sitting there counted as running."""

from __future__ import annotations

import time

from tests import docs
from tests.conformance.helpers import TERMINAL
from tests.conftest import make_server, sdk

CE = {"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_COST_EFFECTIVE"}}


def test_jobs_waiting_behind_a_slow_one_are_handed_back(tmp_path_factory):
    srv = make_server("sqlite", tmp_path_factory)
    srv.args = ["--workers", "1"]
    client = sdk(srv.start())
    try:
        d = client.beta.directories.create(name="prefetch")
        # Claims grow 1, 2, 4 … while jobs are fast, so the slow file is claimed in a group.
        names = [f"a{i}.md" for i in range(7)] + ["slow.pdf"] + [f"b{i}.md" for i in range(7)]
        for name in names:
            data = docs.pdf(pages=400) if name == "slow.pdf" else f"# {name}\n\nfast".encode()
            client.beta.directories.files.upload(d.id, upload_file=(name, data))
        batch = client.batches.create(source_directory_id=d.id, config=CE)
        samples: list[tuple[float, int, int]] = []  # (time, running, completed)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            b = client.batches.get(batch.id)
            p = b.model_extra["progress"]
            samples.append((time.monotonic(), p["running"], p["completed"]))
            if b.status in TERMINAL:
                break
            time.sleep(0.05)
        assert b.status == "COMPLETED" and b.model_extra["progress"]["completed"] == 15
    finally:
        srv.stop()
    # The slow file runs while the completed count stands still, longer than anything else.
    # Its group-mates must not stay "running" then: after the hold time they are pending.
    spans: dict[int, list[tuple[float, int]]] = {}
    for t, running, completed in samples:
        spans.setdefault(completed, []).append((t, running))
    slow_phase = max(spans.values(), key=lambda span: span[-1][0] - span[0][0])
    start = slow_phase[0][0]
    late = [running for t, running in slow_phase if t - start > 2.5]
    assert late, "the slow file ran too briefly to tell"
    assert max(late) <= 1, late
