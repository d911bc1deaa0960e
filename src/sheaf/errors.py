"""Domain errors raised by the service layer; ``api/errors.py`` maps them to HTTP.

SheafError
├── NotFound          404  unknown id, or an id of another project (never a leak)
├── Unauthorized      401  missing or wrong API key
├── InvalidInput      422  a request that is well-formed JSON but makes no sense
├── Conflict          409  sent with x-should-retry: false (the SDK retries 409 otherwise)
├── InvalidState      400  e.g. cancelling a finished job
└── PayloadTooLarge   413  upload over SHEAF_MAX_UPLOAD_BYTES
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "Conflict",
    "InvalidInput",
    "InvalidState",
    "NotFound",
    "PayloadTooLarge",
    "SheafError",
    "Unauthorized",
]


class SheafError(Exception):
    status_code = 500

    def __init__(self, detail: Any) -> None:
        super().__init__(detail if isinstance(detail, str) else repr(detail))
        self.detail = detail


class NotFound(SheafError):
    status_code = 404


class Unauthorized(SheafError):
    status_code = 401


class InvalidInput(SheafError):
    status_code = 422


class InvalidState(SheafError):
    status_code = 400


class Conflict(SheafError):
    status_code = 409


class PayloadTooLarge(SheafError):
    status_code = 413
