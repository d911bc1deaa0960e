"""The ONNX models bundled in ``models/`` (see its NOTICE): one CPU session per model and
process, built on first use; calls on a session are serialised by its lock."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

__all__ = ["MODELS", "BundledModel", "bundled"]

MODELS = Path(__file__).parent / "models"


@dataclass
class BundledModel:
    session: object  # onnxruntime.InferenceSession
    vocab: list[str]  # the model's "character" metadata: its labels or tokens
    lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, feeds: dict) -> list:
        with self.lock:
            return self.session.run(None, feeds)  # type: ignore[attr-defined]


_BUILD = threading.Lock()


@cache
def _load(name: str) -> BundledModel:
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.log_severity_level = 3  # the exported graphs warn on every decoding step otherwise
    sess = ort.InferenceSession(str(MODELS / name), so, providers=["CPUExecutionProvider"])
    vocab = sess.get_modelmeta().custom_metadata_map.get("character", "").split("\n")
    return BundledModel(sess, vocab)


def bundled(name: str) -> BundledModel:
    """The process-wide session of ``models/<name>``."""
    with _BUILD:  # two threads asking at once build it once
        return _load(name)
