"""Keep the garbage collector out of an API server's latency tail.

Measured on the batch status GET under ``wrk -c32``: a full (generation 2) collection walks
every container object the imports left behind (~150,000: FastAPI, pydantic, SQLAlchemy, the
engines) and took 115-360 ms of the event loop, several times a second, because every
request's in-flight objects that outlive a young collection count towards the next full one.
Those pauses were the whole p99.

So once the server has started, its heap is moved to the permanent generation
(``gc.freeze``): later collections walk only what was allocated since. And the youngest
generation's threshold is raised, so a collection runs per several thousand surviving
allocations rather than every few requests; objects freed by reference counting (almost all
of a request's) never count towards it, so memory held by cyclic garbage stays small.
"""

from __future__ import annotations

import gc

__all__ = ["settle"]

YOUNG_THRESHOLD = 10_000  # CPython's default is 700


def settle() -> None:
    """Call once the app is built and started (imports done), before serving requests."""
    gc.collect()  # free what start-up left unreachable, so it is not frozen for good
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)
