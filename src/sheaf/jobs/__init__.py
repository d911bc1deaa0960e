"""Job kinds: each module runs one kind of job from its row to an outcome.

Adding a kind = one module with ``run(ctx, job) -> Outcome`` plus one line in ``RUNNERS``.
"""

from __future__ import annotations

from collections.abc import Callable

from sheaf.jobs.base import JobContext, Outcome
from sheaf.jobs.extract_file import run as run_extract
from sheaf.jobs.parse_file import run as run_parse

__all__ = ["RUNNERS", "JobContext", "Outcome"]

RUNNERS: dict[str, Callable[[JobContext, object], Outcome]] = {
    "parse": run_parse,
    "extract": run_extract,
}
