"""Retries as data: what to do with a job whose attempt did not finish."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

__all__ = ["RetryDecision", "decide_retry"]

BASE_DELAY_SECONDS = 2.0
MAX_DELAY_SECONDS = 300.0


@dataclass(frozen=True, slots=True)
class RetryDecision:
    retry: bool
    delay: timedelta
    reason: str


def decide_retry(attempts: int, max_attempts: int, reason: str) -> RetryDecision:
    """Exponential backoff with jitter until ``max_attempts`` attempts have been made."""
    if attempts >= max_attempts:
        return RetryDecision(False, timedelta(0), f"{reason} (gave up after {attempts} attempts)")
    delay = min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** max(0, attempts - 1))
    delay *= random.uniform(0.75, 1.0)
    return RetryDecision(True, timedelta(seconds=delay), reason)
