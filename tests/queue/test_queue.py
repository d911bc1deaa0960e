"""The queue and the lifecycle, directly against SQLite and PostgreSQL (no server).

Concurrency here is real: several threads, each with its own connection, claim at once.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

from sqlalchemy import func, select

from sheaf.queue.states import BatchStatus, JobStatus
from sheaf.services import lifecycle
from sheaf.store.queue_tables import Batch, Job, ProjectQueue
from sheaf.store.webhook_tables import WebhookDelivery
from tests.queue.conftest import OTHER, PROJECT, add_batch, add_jobs

LEASE = 30.0


def claim(db, owner: str, limit: int = 1, project_limit: int = 1000, lease: float = LEASE):
    with db.session() as session:
        jobs = lifecycle.claim(
            session, owner, limit=limit, project_limit=project_limit, lease_seconds=lease
        )
        return [j.id for j in jobs]


def finish(db, owner: str | None, job_id: str, status=JobStatus.COMPLETED, **fields) -> bool:
    with db.session() as session:
        return lifecycle.finish(session, job_id, owner, status, **fields)


def job(db, job_id: str) -> Job:
    with db.session(write=False) as session:
        return session.get(Job, job_id)


def counters(db, project: str = PROJECT) -> tuple[int, int]:
    with db.session(write=False) as session:
        row = session.get(ProjectQueue, project)
        return (row.pending, row.running) if row else (0, 0)


def in_parallel(n: int, target) -> list:
    results: list = [None] * n
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            results[i] = target(i)
        except BaseException as exc:  # surfaced below, so a failing thread fails the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    return results


def test_concurrent_claims_take_every_job_exactly_once(db):
    ids = add_jobs(db, 120)

    def worker(i: int) -> list[str]:
        mine: list[str] = []
        while got := claim(db, f"w{i}", limit=4):
            mine += got
            for job_id in got:
                assert finish(db, f"w{i}", job_id)
        return mine

    taken = [j for batch in in_parallel(6, worker) for j in batch]
    assert Counter(taken).most_common(1)[0][1] == 1  # nobody took a job twice
    assert sorted(taken) == sorted(ids)
    assert counters(db) == (0, 0)


def test_project_cap_holds_under_concurrent_claims(db):
    """The cap counts worker processes holding a project's jobs (a worker runs its group one
    job after another). It broke once on PostgreSQL (a semi-join claim took 21 jobs with a
    limit of 8); under concurrent claims no claim takes more than asked and no more owners
    than the cap hold jobs."""
    add_jobs(db, 300)
    cap = 4

    def worker(i: int) -> list[int]:
        # every attempt is another worker process: holders only add up
        return [len(claim(db, f"w{i}-{k}", limit=8, project_limit=cap)) for k in range(10)]

    sizes = [s for per in in_parallel(4, worker) for s in per]
    assert max(sizes) <= 8  # no single claim takes more than asked

    def holders() -> int:
        with db.session(write=False) as session:
            return session.scalar(
                select(func.count(Job.lease_owner.distinct())).where(
                    Job.status == JobStatus.RUNNING
                )
            )

    assert 1 <= holders() <= cap  # racing claimers never pass the cap
    # (on PostgreSQL a claimer that meets another's lock skips the project: it may get
    # nothing even below the cap; then the slots left are taken one after another)
    extra = 0
    while claim(db, f"late-{extra}", limit=8, project_limit=cap):
        extra += 1
    assert holders() == cap
    with db.session(write=False) as session:
        running = session.scalar(
            select(func.count()).select_from(Job).where(Job.status == JobStatus.RUNNING)
        )
    assert running == 8 * cap and counters(db) == (300 - running, running)


def test_a_group_takes_one_slot_of_the_cap(db):
    """A worker holding a group of fast jobs occupies one slot: a second worker still gets
    jobs under a cap of 2, a third does not."""
    add_jobs(db, 40)
    assert len(claim(db, "a", limit=16, project_limit=2)) == 16
    assert len(claim(db, "b", limit=16, project_limit=2)) == 16
    assert claim(db, "c", limit=16, project_limit=2) == []


def test_claims_are_fair_across_projects(db):
    add_jobs(db, 10, project=PROJECT)
    add_jobs(db, 10, project=OTHER)
    first, second = claim(db, "w", limit=3), claim(db, "w", limit=3)
    projects = {job(db, first[0]).project_id, job(db, second[0]).project_id}
    assert projects == {PROJECT, OTHER}


def test_expired_lease_is_reaped_then_retried_then_failed(db):
    [job_id] = add_jobs(db, 1, max_attempts=2)
    assert claim(db, "gone", lease=0.05) == [job_id]
    time.sleep(0.1)
    with db.session() as session:
        assert lifecycle.reap_expired(session) == 1
    row = job(db, job_id)
    assert row.status == JobStatus.PENDING and row.attempts == 1
    assert "stopped renewing its lease" in row.error_message
    with db.session() as session:  # the retry waits for its backoff
        session.execute(Job.__table__.update().values(run_after=func.now()))
    assert claim(db, "gone-again", lease=0.05) == [job_id]
    time.sleep(0.1)
    with db.session() as session:
        lifecycle.reap_expired(session)
    row = job(db, job_id)
    assert row.status == JobStatus.FAILED and "gave up after 2 attempts" in row.error_message
    assert counters(db) == (0, 0)


def test_heartbeat_keeps_a_lease_from_being_reaped(db):
    [job_id] = add_jobs(db, 1)
    claim(db, "alive", lease=0.3)
    for _ in range(3):
        time.sleep(0.15)
        with db.session() as session:
            assert lifecycle.heartbeat(session, ["alive"], 0.3) == 1
            assert lifecycle.reap_expired(session) == 0
    assert job(db, job_id).status == JobStatus.RUNNING


def test_finish_is_idempotent_and_only_for_the_holder(db):
    [job_id] = add_jobs(db, 1)
    claim(db, "holder")
    assert not finish(db, "someone-else", job_id)
    assert finish(db, "holder", job_id, page_count=3)
    assert not finish(db, "holder", job_id, JobStatus.FAILED, error_message="late")
    row = job(db, job_id)
    assert row.status == JobStatus.COMPLETED and row.page_count == 3 and row.error_message is None
    assert counters(db) == (0, 0)


def test_release_without_charge_gives_the_attempt_back(db):
    [job_id] = add_jobs(db, 1, max_attempts=1)
    for _ in range(3):  # a shutdown may release the same job many times
        assert claim(db, "w") == [job_id]
        with db.session() as session:
            assert lifecycle.release(session, job_id, "w", "shutting down", charge=False)
        row = job(db, job_id)
        assert row.status == JobStatus.PENDING and row.attempts == 0
    assert claim(db, "w") == [job_id]  # still runnable at once, no backoff


def test_cancel_pending_and_running(db):
    pending, running = add_jobs(db, 2)
    assert claim(db, "w") == [pending]  # oldest first
    pending, running = running, pending
    with db.session() as session:
        lifecycle.cancel_job(session, session.get(Job, pending))
        lifecycle.cancel_job(session, session.get(Job, running))
    assert job(db, pending).status == JobStatus.CANCELLED
    flagged = job(db, running)
    assert flagged.status == JobStatus.RUNNING and flagged.cancel_requested
    with db.session() as session:  # the worker's supervisor stops it and settles it
        assert lifecycle.release(session, running, "w", "stopped")
    assert job(db, running).status == JobStatus.CANCELLED
    assert counters(db) == (0, 0)


def test_batch_cancel_racing_claims_keeps_counters_whole(db):
    add_batch(db, "bat-race")
    add_jobs(db, 200, batch="bat-race")

    def racer(i: int) -> int:
        if i == 0:
            time.sleep(0.05)
            with db.session() as session:
                return lifecycle.cancel_batch_jobs(session, session.get(Batch, "bat-race"))
        n = 0
        while got := claim(db, f"w{i}", limit=5):
            for job_id in got:
                n += finish(db, f"w{i}", job_id)
        return n

    results = in_parallel(4, racer)
    with db.session(write=False) as session:
        batch = session.get(Batch, "bat-race")
        by_status = dict(
            session.execute(
                select(Job.status, func.count())
                .where(Job.batch_id == "bat-race")
                .group_by(Job.status)
            ).all()
        )
    assert batch.cancelled == results[0] == by_status.get("CANCELLED", 0)
    assert batch.completed == sum(results[1:]) == by_status.get("COMPLETED", 0)
    assert batch.pending == batch.running == 0
    assert batch.completed + batch.cancelled == 200
    assert counters(db) == (0, 0)


def test_batch_settles_once_its_last_job_finishes(db):
    add_batch(db, "bat-settle")
    ids = add_jobs(db, 3, batch="bat-settle")
    got = claim(db, "w", limit=3)
    with db.session(write=False) as session:
        assert session.get(Batch, "bat-settle").status == BatchStatus.RUNNING
    for job_id in got[:-1]:
        finish(db, "w", job_id, page_count=2)
    finish(db, "w", got[-1], JobStatus.FAILED, error_message="bad file", page_count=1)
    with db.session(write=False) as session:
        batch = session.get(Batch, "bat-settle")
    assert sorted(got) == sorted(ids)
    assert batch.status == BatchStatus.COMPLETED and batch.finished_at is not None
    assert (batch.completed, batch.failed, batch.pages) == (2, 1, 5)


def test_throttled_view_and_list_filter_agree(db):
    add_jobs(db, 1)  # an older loose job of the same project takes the only slot
    add_batch(db, "bat-waiting")
    add_jobs(db, 2, batch="bat-waiting")
    limit = 1

    def seen_and_listed() -> tuple[str, list[str]]:
        with db.session(write=False) as session:
            batch = session.get(Batch, "bat-waiting")
            seen = lifecycle.batch_status(session, batch, limit)
            listed = [
                status
                for status in ("THROTTLED", "PENDING", "RUNNING")
                if "bat-waiting"
                in session.scalars(select(Batch.id).where(lifecycle.status_filter(status, limit)))
            ]
        return seen, listed

    assert seen_and_listed() == ("PENDING", ["PENDING"])
    [loose] = claim(db, "w", project_limit=limit)
    assert seen_and_listed() == ("THROTTLED", ["THROTTLED"])
    finish(db, "w", loose)
    assert seen_and_listed() == ("PENDING", ["PENDING"])


def test_throttled_counts_the_workers_of_its_own_project_only(db):
    """Cap 2: one worker holds a group of project A's jobs, another holds a job of project
    B. A's waiting batch has a free slot: PENDING in the view and in the list filter (the
    filter once counted the workers of every project)."""
    add_jobs(db, 3)  # project A: loose jobs, taken as one group below
    add_batch(db, "bat-b", project=OTHER)
    add_jobs(db, 1, project=OTHER, batch="bat-b")
    add_batch(db, "bat-a")
    add_jobs(db, 2, batch="bat-a")
    limit = 2
    assert len(claim(db, "worker-a", limit=3, project_limit=limit)) == 3
    [other] = claim(db, "worker-b", limit=1, project_limit=limit)
    assert job(db, other).project_id == OTHER

    with db.session(write=False) as session:
        batch = session.get(Batch, "bat-a")
        seen = lifecycle.batch_status(session, batch, limit)
        listed = [
            status
            for status in ("THROTTLED", "PENDING")
            if "bat-a"
            in session.scalars(select(Batch.id).where(lifecycle.status_filter(status, limit)))
        ]
    assert (seen, listed) == ("PENDING", ["PENDING"])


def test_claims_take_projects_in_turn_whatever_their_running_rows(db):
    """A worker holding a group of fast jobs is one worker: the project of small files is
    not put behind a project with fewer running rows (round robin by last claim)."""
    add_jobs(db, 100)
    add_jobs(db, 100, project=OTHER)
    first = claim(db, "w1", limit=64)  # one project: 64 running rows
    second = claim(db, "w2", limit=1)  # the other project's turn
    third = claim(db, "w3", limit=1)  # and the first project's again, 64 rows or not
    projects = [job(db, jobs[0]).project_id for jobs in (first, second, third)]
    assert projects[0] != projects[1] and projects[2] == projects[0]


def test_a_new_kind_is_its_module_plus_one_registry_line(db):
    from sheaf.services.kinds import REGISTRY
    from tests.queue.echo_kind import ECHO

    hooks = {"inline": [{"webhook_url": "http://127.0.0.1:9/hook"}], "ids": []}
    REGISTRY.register(ECHO)  # the one line
    try:
        [job_id] = add_jobs(db, 1, kind="echo", parameters={"pages": 4}, webhooks=hooks)
        REGISTRY.unregister("echo")
        assert claim(db, "w") == []  # a kind no registry entry names is never claimed
        REGISTRY.register(ECHO)
        with db.session() as session:
            [claimed] = lifecycle.claim(
                session, "w", limit=1, project_limit=10, lease_seconds=LEASE
            )
            outcome = REGISTRY.get(claimed.kind).run()(None, claimed)
        assert claimed.id == job_id
        with db.session() as session:
            assert lifecycle.finish(session, job_id, "w", outcome.status, **outcome.fields())
            events = session.scalars(
                select(WebhookDelivery.event_type).order_by(WebhookDelivery.created_at)
            ).all()
            bodies = session.scalars(select(WebhookDelivery.body)).all()
    finally:
        REGISTRY.unregister("echo")
    row = job(db, job_id)
    assert row.status == JobStatus.COMPLETED and row.credits == 2.0
    assert row.job_metadata == {"echo": {"pages": 4}}
    assert sorted(events) == ["echo.pending", "echo.running", "echo.success"]
    assert any('\\"echo\\":\\"success\\"' in b or '"echo":"success"' in b for b in bodies)
