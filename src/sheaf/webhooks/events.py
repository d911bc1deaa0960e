"""The webhook event names of the contract (CONTRACT §1.4) and small checks on endpoints."""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["EVENT_TYPES", "OUTPUT_FORMATS", "EventType", "OutputFormat"]

EventType = Literal[
    "batch.cancelled",
    "batch.error",
    "batch.pending",
    "batch.running",
    "batch.success",
    "classify.cancelled",
    "classify.error",
    "classify.partial_success",
    "classify.pending",
    "classify.running",
    "classify.success",
    "extract.cancelled",
    "extract.error",
    "extract.partial_success",
    "extract.pending",
    "extract.success",
    "parse.cancelled",
    "parse.error",
    "parse.partial_success",
    "parse.pending",
    "parse.running",
    "parse.success",
    "sheets.cancelled",
    "sheets.error",
    "sheets.partial_success",
    "sheets.pending",
    "sheets.success",
    "split.cancelled",
    "split.error",
    "split.pending",
    "split.processing",
    "split.success",
    "unmapped_event",
    "verify.cancelled",
    "verify.error",
    "verify.pending",
    "verify.running",
    "verify.success",
]
EVENT_TYPES: frozenset[str] = frozenset(get_args(EventType))

OutputFormat = Literal["json", "string"]
OUTPUT_FORMATS: frozenset[str] = frozenset(get_args(OutputFormat))
DEFAULT_OUTPUT_FORMAT = "string"
