"""Sheaf: self-hosted document batch processing, wire-compatible with the LlamaCloud v2 API."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sheaf")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
