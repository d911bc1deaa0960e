"""Polling helpers for the conformance tests."""

from __future__ import annotations

import time

TERMINAL = {"COMPLETED", "FAILED", "CANCELLED"}


def wait_batch(client, batch_id: str, timeout: float = 90.0, until=None):
    deadline = time.monotonic() + timeout
    while True:
        batch = client.batches.get(batch_id)
        if until(batch) if until else batch.status in TERMINAL:
            return batch
        if time.monotonic() > deadline:
            raise AssertionError(f"batch {batch_id} stuck in {batch.status}: {batch.model_extra}")
        time.sleep(0.1)


def wait_job(client, job_id: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while True:
        job = client.parsing.get(job_id).job
        if job.status in TERMINAL:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"parse job {job_id} stuck in {job.status}")
        time.sleep(0.1)
