"""Shared HTTP metrics for several API processes behind one ``sheaf serve``.

prometheus-client picks its storage when it is first imported: with
``PROMETHEUS_MULTIPROC_DIR`` set, every process writes its counters to files there and
``/metrics`` (in any of them) sums them. Call :func:`share_http_metrics` in the parent
before the API processes start (and before anything imports prometheus_client); this
module itself imports nothing of it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

__all__ = ["ENV", "share_http_metrics"]

ENV = "PROMETHEUS_MULTIPROC_DIR"


def share_http_metrics(data_dir: Path) -> Path:
    """Point every process started from here at one fresh folder under ``data_dir``.

    An operator's own ``PROMETHEUS_MULTIPROC_DIR`` is kept as it is. Otherwise the folder is
    emptied first: files left by a previous run would add its counts to this one's.
    """
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    folder = data_dir / "prometheus"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ[ENV] = str(folder)
    return folder
