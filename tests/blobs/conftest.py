from __future__ import annotations

import importlib.util
from collections.abc import Iterator

import pytest

# boto3 and moto[server] come with the ``test`` extra; without them these tests are not collected.
if not all(importlib.util.find_spec(m) for m in ("boto3", "moto")):
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    from tests.blobs.moto_s3 import moto_s3

    with moto_s3() as endpoint:
        yield endpoint
