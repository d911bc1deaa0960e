"""Errors raised by the parse engine.

Exception tree::

    Exception
     └── ParseError          whole-document failure (unsupported type, corrupt, encrypted,
                             empty, too many pages/pixels, bad options); ``str(err)`` is a
                             message fit for an end user.

Per-page failures are not exceptions: they set ``Page.error`` and the other pages still count.
"""

from __future__ import annotations

__all__ = ["ParseError"]


class ParseError(Exception):
    """The document as a whole cannot be parsed. ``message`` is safe to show to a user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
