"""Job runners: each module runs one kind of job from its row to an outcome.

Which runner serves which kind is recorded in the job-kind registry
(``sheaf.services.kinds``); this package only holds the runners and what they share.
"""

from __future__ import annotations

from sheaf.jobs.base import JobContext, Outcome

__all__ = ["JobContext", "Outcome"]
