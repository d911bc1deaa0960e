"""Per-page time: a job's deadline grows with its page count once the runner knows it."""

from __future__ import annotations

import pytest

from sheaf.errors import InvalidInput
from sheaf.jobs.base import JobContext
from sheaf.services.parse_jobs import job_timeout
from sheaf.settings import Settings
from sheaf.store.queue_tables import Job

SETTINGS = Settings(job_timeout_seconds=600, job_timeout_per_page_seconds=2)


def allowance(timeouts: dict | None, pages: int) -> float:
    granted: list[float] = []
    ctx = JobContext(db=None, blobs=None, settings=SETTINGS, extend_deadline=granted.append)  # type: ignore[arg-type]
    params = {"processing_control": {"timeouts": timeouts}} if timeouts is not None else {}
    ctx.allow_pages(Job(parameters=params), pages)
    return sum(granted)


def test_default_allowance_is_per_page_setting():
    assert allowance(None, 5) == 10.0
    assert allowance(None, 0) == 0.0


def test_a_job_with_its_own_timeouts_gets_exactly_those():
    assert allowance({"base_in_seconds": 1}, 400) == 0.0
    assert allowance({"base_in_seconds": 1, "extra_time_per_page_in_seconds": 3}, 4) == 12.0


def test_timeouts_are_validated_and_capped():
    assert job_timeout(SETTINGS, {}) == 600.0
    assert (
        job_timeout(SETTINGS, {"processing_control": {"timeouts": {"base_in_seconds": 9e9}}})
        == 7200.0
    )
    for bad in (
        {"base_in_seconds": 0},
        {"extra_time_per_page_in_seconds": -1},
        {"base_in_seconds": "x"},
    ):
        with pytest.raises(InvalidInput, match="processing_control.timeouts"):
            job_timeout(SETTINGS, {"processing_control": {"timeouts": bad}})
