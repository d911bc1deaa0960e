"""Retries as data: what to do with a job whose attempt did not finish."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

__all__ = ["RetryDecision", "backoff_seconds", "decide_retry"]

BASE_DELAY_SECONDS = 2.0
MAX_DELAY_SECONDS = 300.0


@dataclass(frozen=True, slots=True)
class RetryDecision:
    retry: bool
    delay: timedelta
    reason: str


def backoff_seconds(
    attempts: int, base: float, cap: float, *, min_jitter: float = 0.5
) -> float:
    """Delay after ``attempts`` failed tries: ``base * 2**(attempts-1)``, capped, then scaled
    by a random factor in [min_jitter, 1] so retries of many failures spread out."""
    delay = min(cap, base * 2 ** max(0, attempts - 1))
    return delay * random.uniform(min_jitter, 1.0)


def decide_retry(attempts: int, max_attempts: int, reason: str) -> RetryDecision:
    """Exponential backoff with jitter until ``max_attempts`` attempts have been made."""
    if attempts >= max_attempts:
        return RetryDecision(False, timedelta(0), f"{reason} (gave up after {attempts} attempts)")
    delay = backoff_seconds(attempts, BASE_DELAY_SECONDS, MAX_DELAY_SECONDS, min_jitter=0.75)
    return RetryDecision(True, timedelta(seconds=delay), reason)
