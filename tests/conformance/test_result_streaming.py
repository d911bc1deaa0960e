"""Large results are streamed from the blob store, not loaded into the API server.

Any tenant may ask for a big result's text, markdown and items, several times at once; the
API process must stay bounded (issue 10: < 300 MB while 3 readers fetch a 60 MB result).
"""

from __future__ import annotations

import json
import threading
import time

import httpx
import psutil

from tests.conformance.helpers import wait_job
from tests.conftest import make_server, sdk

EXPAND = [("expand", "text"), ("expand", "markdown"), ("expand", "items")]
LINE = "The quick brown fox jumps over the lazy dog near the river bank today."


def _big_markdown(paragraphs: int) -> bytes:
    return ("# Big\n\n" + "".join(f"Paragraph {i}. {LINE}\n\n" for i in range(paragraphs))).encode()


def _peak_rss_mb(pid: int, stop: threading.Event, out: list[float]) -> None:
    proc = psutil.Process(pid)
    while not stop.is_set():
        out.append(proc.memory_info().rss / 2**20)
        time.sleep(0.02)


def test_three_readers_of_a_60_mb_result_keep_the_server_small(tmp_path_factory):
    srv = make_server("sqlite", tmp_path_factory, env={"SHEAF_MAX_UPLOAD_BYTES": str(2**30)})
    srv.args = ["--workers", "1"]
    client = sdk(srv.start(), timeout=300)
    try:
        paragraphs = 160_000
        job = client.parsing.create(
            tier="fast", version="latest", upload_file=("big.md", _big_markdown(paragraphs))
        )
        assert wait_job(client, job.id, timeout=300).status == "COMPLETED"
        url = f"{srv.base_url}/api/v2/parse/{job.id}"
        headers = {"Authorization": f"Bearer {srv.api_key}"}
        sizes: list[int] = []
        first: list[bytes] = []

        def read(keep: bool) -> None:
            got = bytearray() if keep else None
            n = 0
            with httpx.stream("GET", url, params=EXPAND, headers=headers, timeout=300) as r:
                assert r.status_code == 200
                for chunk in r.iter_raw():
                    n += len(chunk)
                    if got is not None:
                        got += chunk
            sizes.append(n)
            if got is not None:
                first.append(bytes(got))

        samples: list[float] = []
        stop = threading.Event()
        sampler = threading.Thread(target=_peak_rss_mb, args=(srv.proc.pid, stop, samples))
        sampler.start()
        readers = [threading.Thread(target=read, args=(i == 0,)) for i in range(3)]
        for t in readers:
            t.start()
        for t in readers:
            t.join()
        stop.set()
        sampler.join()

        assert len(sizes) == 3 and min(sizes) > 60 * 10**6, sizes
        body = json.loads(first[0])
        assert body["job"]["status"] == "COMPLETED"
        assert f"Paragraph {paragraphs - 1}. {LINE}" in body["markdown"]["pages"][-1]["markdown"]
        assert f"Paragraph {paragraphs - 1}." in body["text"]["pages"][-1]["text"]
        assert body["items"]["pages"][0]["items"]
        assert max(samples) < 300, f"API server peaked at {max(samples):.0f} MB"
        # The SDK reads the streamed body like any other.
        got = client.parsing.get(job.id, expand=["text"])
        assert got.text.pages[-1].text.endswith(f"Paragraph {paragraphs - 1}. {LINE}")
    finally:
        srv.stop()
