"""Worker processes and their supervisor.

A supervisor (inside ``sheaf serve`` or ``sheaf worker``) keeps N child processes alive. Each
child claims jobs from the database and runs them. The supervisor renews the children's leases,
kills a child whose job passes its timeout, memory cap, or was cancelled, fails or retries that
job with a reason (only that job is charged an attempt), replaces the child, and recycles
children after a number of jobs. Leases of workers that vanish entirely (a killed machine)
expire and are reaped by any supervisor; those of a dead supervisor on this same machine are
reaped at once.

Shutdown (SIGTERM/SIGINT): no more claims, running jobs get ``shutdown_grace_seconds`` to finish,
then their children are killed and every unfinished job goes back to PENDING without spending an
attempt. Nothing is spawned once stopping, and a child dies with its parent in every timing.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing as mp
import os
import signal
import socket
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

import psutil
from sqlalchemy import select
from sqlalchemy.orm import Session

from sheaf.blobs import open_blob_store
from sheaf.jobs import JobContext, Outcome
from sheaf.logs import configure_logging, request_context
from sheaf.parse.ocr import configure as configure_ocr
from sheaf.queue.states import JobStatus
from sheaf.services import lifecycle
from sheaf.services.kinds import REGISTRY
from sheaf.settings import Settings, get_settings
from sheaf.store.db import Database, sqlite_file
from sheaf.store.queue_tables import Job

__all__ = ["WorkerPool", "child_main", "owner_is_gone"]

log = logging.getLogger("sheaf.worker")

FAST_JOB_SECONDS = 0.05
# A worker claims fast jobs in groups that grow (doubling) up to this size, as long as a
# group's expected run time stays under GROUP_SECONDS: each group is one write transaction,
# which costs more than a tiny job itself. A group takes one of its project's slots.
MAX_PREFETCH = 64
GROUP_SECONDS = 0.25
# A job claimed in a group waits behind the one running; once that one has run this long,
# the waiting ones go back to the queue (uncharged) for an idle worker, and stop counting as
# running in their batch's progress.
PREFETCH_HOLD_SECONDS = 1.0
WATCH_SECONDS = 0.1  # how often a worker's watcher looks at the job in hand
IDLE_PROBE_SECONDS = 0.01  # SQLite: how often an idle worker looks for new jobs (see _IdleWait)
PR_SET_PDEATHSIG = 1
DEAD_OWNER_CHECK_SECONDS = 5.0  # how often leases of gone processes on this machine are looked for


def _die_with_parent(parent_pid: int) -> None:
    """Have Linux SIGKILL this process when its parent dies, so no orphan keeps claiming.

    The signal is armed first and the parent checked after: if the parent died before the
    arming (a child started just as its parent was killed), we see a new parent and leave.
    """
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:
        pass
    if os.getppid() != parent_pid:
        os._exit(0)


def _machine() -> str:
    """Where a pid means something: this host and pid namespace (two containers differ)."""
    try:
        namespace = os.readlink("/proc/self/ns/pid").removeprefix("pid:[").rstrip("]")
    except OSError:
        namespace = "-"
    return f"{socket.gethostname()[:48]}/{namespace}"


def _process_tag(pid: int) -> str:
    """A pid with its start time: a pid reused after a restart (pid 1 in a container) differs."""
    try:
        return f"{pid}.{round(psutil.Process(pid).create_time() * 100)}"
    except psutil.Error:
        return str(pid)


def owner_is_gone(owner: str, machine: str | None = None) -> bool:
    """True when a lease owner names a supervisor on this machine that no longer runs.

    Owners are ``machine:pid.start:n``; owners of other machines are never judged here (their
    leases expire instead).
    """
    parts = owner.rsplit(":", 2)
    if len(parts) != 3 or parts[0] != (machine or _machine()):
        return False
    pid = parts[1].split(".", 1)[0]
    if not pid.isdigit():
        return False
    return not psutil.pid_exists(int(pid)) or _process_tag(int(pid)) != parts[1]


class JobSlot:
    """Which job of its current group a worker process is running, in memory its supervisor
    reads (was one pipe message per job: py-spy showed workers blocked in ``send`` for a
    quarter of their time, the supervisor draining every 0.2 s while small messages filled
    the socket's buffer).

    Four doubles: a sequence number (odd while being written), the group number, the job's
    index in it (-1: none running), and the job's start on the shared monotonic clock.
    Only the child writes; the reader retries a torn read.
    """

    def __init__(self, array) -> None:
        self.array = array  # multiprocessing RawArray("d", 4)

    def write(self, group: int, index: int, started: float) -> None:
        a = self.array
        a[0] += 1
        a[1], a[2], a[3] = group, index, started
        a[0] += 1

    def read(self) -> tuple[int, int, float]:
        a = self.array
        for _ in range(1000):
            seq = a[0]
            group, index, started = a[1], a[2], a[3]
            if seq == a[0] and int(seq) % 2 == 0:
                break
        # (a child killed in the middle of a write leaves the sequence odd: its last values)
        return int(group), int(index), started


def child_main(
    owner: str, conn: Connection, max_jobs: int, parent_pid: int, slot_array=None
) -> None:
    """Entry point of one worker process."""
    _die_with_parent(parent_pid)
    stopping: list[int] = []  # SIGTERM: finish the job in hand, claim no more
    signal.signal(signal.SIGTERM, lambda signum, _frame: stopping.append(signum))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the supervisor, which decides
    settings = get_settings()
    configure_logging(settings.log_format, settings.log_level)  # a spawned child starts bare
    configure_ocr(threads=settings.ocr_threads)
    # Commits of tiny jobs' groups leave the WAL to the supervisor's checkpoint (see
    # WorkerPool._supervise_round): each copy-back and its fsyncs otherwise ran inside a
    # group's commit, while the other workers waited for the writer lock.
    db = Database(settings.resolved_database_url, checkpoints=False)
    ctx = JobContext(db=db, blobs=open_blob_store(settings), settings=settings)
    slot = JobSlot(slot_array if slot_array is not None else [0.0, 0.0, -1.0, 0.0])
    running: list[str | None] = [None]  # the job in hand, for its deadline extensions
    ctx.extend_deadline = lambda seconds: conn.send(("extend", running[0], seconds))
    groups = 0
    done = 0
    prefetch = 1
    me = psutil.Process()
    group = _GroupCommit(db, owner)
    idle = _IdleWait(db)
    try:
        while done < max_jobs and not stopping and os.getppid() == parent_pid:
            if not idle.work_waiting():
                group.commit()  # the last group's results, with no claim to share it
                prefetch = 1
                idle.wait(settings.worker_poll_seconds)
                continue
            # The previous group's results and the next claim share one write transaction:
            # on SQLite every transaction waits its turn for the one writer.
            jobs = group.commit(
                claim=partial(
                    lifecycle.claim,
                    owner=owner,
                    limit=min(prefetch, max_jobs - done),
                    project_limit=settings.project_max_running_jobs,
                    lease_seconds=settings.lease_seconds,
                )
            )
            if not jobs:
                prefetch = 1  # the next jobs may be another batch's, of another kind of file
                idle.wait(settings.worker_poll_seconds)
                continue
            slowest = 0.0
            groups += 1
            # One message per group: which jobs, with their timeouts; which of them runs is
            # in the shared slot.
            conn.send(("claimed", groups, [(job.id, job.timeout_seconds) for job in jobs]))
            handed_back: set[str] = set()
            group_started = time.monotonic()
            for index, job in enumerate(jobs):
                if stopping:
                    break  # claimed, not started: the supervisor hands these back untouched
                # The supervisor hands jobs back only once one of this group has run for the
                # hold time (by the same monotonic clock), so a fast group need not ask.
                if time.monotonic() - group_started >= PREFETCH_HOLD_SECONDS:
                    handed_back |= _handed_back(conn)
                    if job.id in handed_back:
                        continue  # the supervisor gave it to the queue while we were busy
                running[0] = job.id
                slot.write(groups, index, time.monotonic())
                # Fast results wait to be committed together, but not behind a slow job: if
                # this one runs past the hold time, the results before it are committed then.
                group.running()
                try:
                    outcome, elapsed = _run_one(ctx, job)
                finally:
                    group.idle()
                slowest = max(slowest, elapsed)
                group.add(job.id, outcome.status, outcome.fields())
                if elapsed >= FAST_JOB_SECONDS:
                    # A slow job's result is worth committing at once; fast ones are grouped
                    # into one transaction (a crash before it only means they run again).
                    group.commit()
                done += 1
            running[0] = None
            slot.write(groups, -1, 0.0)
            prefetch = _next_group_size(prefetch, slowest)
            if me.memory_info().rss / 2**20 > settings.worker_recycle_rss_mb:
                break  # let the supervisor start a fresh process: memory is not coming back
    finally:
        group.close()
        idle.close()
    db.dispose()


class _IdleWait:
    """How a worker with nothing to do waits for the next claim.

    On SQLite (one machine) it reads the projects' pending counters first (no write lock)
    and claims only when some job waits: an empty claim is a write transaction, and idle
    workers taking turns for the one writer slowed uploads. While idle it looks every
    ``IDLE_PROBE_SECONDS`` whether jobs were added, so a new batch or upload starts within
    milliseconds instead of up to the poll interval. The look is ``PRAGMA data_version``
    on a connection of its own (a few microseconds: it changes only when another connection
    commits), and the counters are read only then. Only a rise counts: pending falling means
    other workers are taking jobs, and a worker kept out by its project's cap must not retry
    a write transaction each time. On PostgreSQL, shared by many machines, it claims and
    sleeps the poll interval as before.
    """

    def __init__(self, db: Database) -> None:
        self._path = sqlite_file(db.url)
        self.probing = self._path is not None
        self.pending = 0
        self._conn: sqlite3.Connection | None = None
        self._version: int | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            # Autocommit: each statement is its own read transaction; none stays open to hold
            # back the WAL.
            self._conn = sqlite3.connect(self._path or "", isolation_level=None, timeout=0)
        return self._conn

    def _changed(self) -> bool:
        (version,) = self._connection().execute("PRAGMA data_version").fetchone()
        changed, self._version = version != self._version, version
        return changed

    def _pending(self) -> int:
        row = (
            self._connection()
            .execute("SELECT total(pending) FROM project_queue WHERE pending > 0")
            .fetchone()
        )
        return int(row[0] or 0)

    def work_waiting(self) -> bool:
        """Whether a claim may find jobs (always, where it cannot tell). The claim itself
        picks only projects whose counter is above zero, so this asks the same question
        without the write lock."""
        if not self.probing:
            return True
        try:
            self._changed()  # the version this reading belongs to
            self.pending = self._pending()
        except sqlite3.Error:  # busy (a WAL being recovered) or gone: let the claim decide
            return True
        return self.pending > 0

    def wait(self, seconds: float) -> None:
        if not self.probing:
            time.sleep(seconds)
            return
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            time.sleep(min(IDLE_PROBE_SECONDS, left))
            try:
                if self._changed() and self._pending() > self.pending:
                    return
            except sqlite3.Error:
                return  # the claim will wait for the lock or report the error

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _next_group_size(size: int, slowest: float) -> int:
    """Double while the group's jobs are fast and the bigger group fits the time budget;
    one job at a time after a slow one (jobs held behind it would wait)."""
    if slowest >= FAST_JOB_SECONDS:
        return 1
    fits = int(GROUP_SECONDS / slowest) if slowest > 0 else MAX_PREFETCH
    return max(1, min(MAX_PREFETCH, size * 2, fits))


class _GroupCommit:
    """Finished fast jobs waiting to be committed in one transaction.

    One watcher thread per worker process commits them early when the job running after them
    passes ``PREFETCH_HOLD_SECONDS`` (a thread per job cost more than the job: ~0.5 ms to
    start and join on a busy machine). It looks every ``WATCH_SECONDS`` at when the job in
    hand started, a plain attribute the loop sets: a condition notified per job cost 6% of
    a worker's time in py-spy (a lock and a thread wake-up per tiny job).
    """

    def __init__(self, db: Database, owner: str) -> None:
        self.db, self.owner = db, owner
        self.finished: list[tuple[str, JobStatus, dict]] = []
        self._lock = threading.Lock()  # guards ``finished`` and the commit of it
        self._since: float | None = None  # when the job in hand started (None: no job)
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="sheaf-group-commit", daemon=True)
        self._thread.start()

    def add(self, job_id: str, status: JobStatus, fields: dict) -> None:
        with self._lock:  # waits for a commit the watcher may be making
            self.finished.append((job_id, status, fields))

    def commit(self, claim: Callable[[Session], list[Job]] | None = None) -> list[Job]:
        """Commit the waiting results; with ``claim``, claim more in the same transaction."""
        with self._lock:
            if not self.finished and claim is None:
                return []
            with self.db.session() as session:
                if self.finished:
                    lifecycle.finish_many(session, self.owner, self.finished)
                jobs = claim(session) if claim is not None else []
            self.finished.clear()
            return jobs

    def running(self) -> None:
        self._since = time.monotonic()  # one attribute store: atomic under the GIL

    def idle(self) -> None:
        self._since = None

    def close(self) -> None:
        self._closed.set()
        self._thread.join()
        self.commit()

    def _watch(self) -> None:
        handled: float | None = None  # the start time of the job already committed behind
        while not self._closed.wait(WATCH_SECONDS):
            since = self._since
            if since is None or since == handled:
                continue
            if time.monotonic() - since < PREFETCH_HOLD_SECONDS:
                continue
            handled = since  # once per job
            try:
                self.commit()
            except Exception:  # the database may blip; the loop commits them later
                log.exception("committing finished jobs failed")


def _handed_back(conn: Connection) -> set[str]:
    """Ids of claimed jobs the supervisor released while this process was busy."""
    ids: set[str] = set()
    while conn.poll():
        msg = conn.recv()
        if msg[0] == "released":
            ids.update(msg[1])
    return ids


def _run_one(ctx: JobContext, job: Job) -> tuple[Outcome, float]:
    started = time.perf_counter()
    try:
        with request_context(job_id=job.id, batch_id=job.batch_id, project_id=job.project_id):
            outcome = REGISTRY.get(job.kind).run()(ctx, job)
    except Exception as exc:  # a bug must fail one job, not the worker
        log.exception("job %s crashed", job.id)
        outcome = Outcome(
            JobStatus.FAILED,
            error_message=f"internal error while running the job: {type(exc).__name__}: {exc}",
        )
    elapsed = time.perf_counter() - started
    outcome.job_metadata.setdefault("run_seconds", round(elapsed, 4))
    outcome.job_metadata.setdefault("attempt", job.attempts)
    return outcome, elapsed


@dataclass
class _Child:
    process: BaseProcess
    conn: Connection
    owner: str
    slot: JobSlot
    job_id: str | None = None
    deadline: float = 0.0
    timeout: float = 0.0
    started: float = 0.0  # monotonic time the current job started
    waiting: list[str] = field(default_factory=list)  # claimed with it, not started yet
    group: int = 0  # the number of the last group it announced
    jobs: list[tuple[str, float]] = field(default_factory=list)  # that group: (id, timeout)
    released: set[str] = field(default_factory=set)  # of that group, handed back
    extended: dict[str, float] = field(default_factory=dict)  # job id: seconds added


class WorkerPool:
    """Supervise ``processes`` worker children until ``stop_event`` is set, then drain them.

    ``stop_event`` starts a graceful stop (running jobs get the grace period); ``hurry_event``
    (a second signal) cuts the grace short. Both may be set from any thread.
    """

    def __init__(self, processes: int, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.processes = processes
        self.db = Database(self.settings.resolved_database_url)
        self.ctx = mp.get_context("spawn")
        self.children: list[_Child] = []
        self.stop_event = threading.Event()
        self.hurry_event = threading.Event()
        self.machine = _machine()
        self.tag = _process_tag(os.getpid())
        self._spawned = 0
        self._last_heartbeat = 0.0
        self._last_reap = -DEAD_OWNER_CHECK_SECONDS

    # -- children ---------------------------------------------------------------------------
    def _spawn(self) -> _Child:
        parent_conn, child_conn = self.ctx.Pipe()
        self._spawned += 1
        owner = f"{self.machine}:{self.tag}:{self._spawned}"
        slot_array = self.ctx.RawArray("d", [0.0, 0.0, -1.0, 0.0])
        process = self.ctx.Process(
            target=child_main,
            args=(owner, child_conn, self.settings.worker_max_jobs, os.getpid(), slot_array),
            name="sheaf-worker",
            daemon=True,
        )
        process.start()
        child_conn.close()
        return _Child(process=process, conn=parent_conn, owner=owner, slot=JobSlot(slot_array))

    def _drain(self, child: _Child) -> None:
        """Read the child's messages, then which job it runs (see ``JobSlot``)."""
        try:
            while child.conn.poll():
                msg = child.conn.recv()
                if msg[0] == "claimed":
                    child.group, child.jobs = msg[1], msg[2]
                    child.released, child.extended = set(), {}
                elif msg[0] == "extend" and msg[1]:  # a page count is known: its allowance
                    child.extended[msg[1]] = child.extended.get(msg[1], 0.0) + float(msg[2])
        except (EOFError, OSError):
            pass
        group, index, started = child.slot.read()
        if group != child.group or not 0 <= index < len(child.jobs):
            # Between groups, or the group's announcement is still on its way.
            child.job_id, child.waiting = None, []
            return
        job_id, timeout = child.jobs[index]
        child.job_id, child.started = job_id, started
        child.timeout = float(timeout) + child.extended.get(job_id, 0.0)
        child.deadline = started + child.timeout
        child.waiting = [j for j, _ in child.jobs[index + 1 :] if j not in child.released]

    def _end_job(self, child: _Child, *, status: JobStatus | None, reason: str) -> None:
        """Settle the job a dead or killed child held: fail/cancel it, or retry it.

        That job is the one at fault and is charged the attempt; the child's other claimed
        jobs go back to the queue without being charged.
        """
        if child.job_id is not None:
            with self.db.session() as session:
                if status is None:
                    lifecycle.release(session, child.job_id, child.owner, reason)
                else:
                    lifecycle.finish(
                        session, child.job_id, child.owner, status, error_message=reason
                    )
            log.warning("job %s: %s", child.job_id, reason, extra={"job_id": child.job_id})
            child.job_id = None
        self._release_rest(child)

    def _release_rest(self, child: _Child) -> None:
        """Jobs the child had claimed but not finished go back to the queue at once, uncharged."""
        with self.db.session() as session:
            released = lifecycle.release_held(
                session, [child.owner], "its worker process stopped", charge=False
            )
        if released:
            log.info("%d jobs of a stopped worker process went back to the queue", released)

    def _kill(self, child: _Child) -> None:
        child.process.kill()
        child.process.join(timeout=10)

    def _check_children(self) -> None:
        """Settle dead or misbehaving children; replace them unless the pool is stopping."""
        cancelled = self._cancel_requested()
        kept: list[_Child] = []
        for child in self.children:
            self._drain(child)
            if not child.process.is_alive():
                self._drain(child)  # its last messages may have landed after the first read
                code = child.process.exitcode
                self._end_job(child, status=None, reason=f"worker process died (exit code {code})")
            elif child.job_id and child.job_id in cancelled:
                self._kill(child)
                self._end_job(child, status=JobStatus.CANCELLED, reason="cancelled while running")
            elif child.job_id and time.monotonic() > child.deadline:
                self._kill(child)
                self._end_job(
                    child,
                    status=JobStatus.FAILED,
                    reason=f"job timed out after {child.timeout:.0f} s and was stopped",
                )
            elif child.job_id and self._rss_mb(child) > self.settings.worker_memory_limit_mb:
                self._kill(child)
                self._end_job(
                    child,
                    status=JobStatus.FAILED,
                    reason=(
                        f"job exceeded the worker memory limit of "
                        f"{self.settings.worker_memory_limit_mb} MB and was stopped"
                    ),
                )
            else:
                self._hand_back_waiting(child)
                kept.append(child)
                continue
            child.conn.close()
            if not self.stop_event.is_set():
                kept.append(self._spawn())
        self.children = kept

    def _hand_back_waiting(self, child: _Child) -> None:
        """Jobs claimed with a job that turned out slow go back to the queue, uncharged."""
        if not (child.waiting and child.job_id):
            return
        if time.monotonic() - child.started < PREFETCH_HOLD_SECONDS:
            return
        waiting, child.waiting = child.waiting, []
        child.released.update(waiting)
        with self.db.session() as session:
            for job_id in waiting:
                lifecycle.release(
                    session, job_id, child.owner, "waited behind a slow job", charge=False
                )
        child.conn.send(("released", waiting))

    @staticmethod
    def _rss_mb(child: _Child) -> float:
        try:
            return psutil.Process(child.process.pid).memory_info().rss / 2**20
        except psutil.Error:
            return 0.0

    def _cancel_requested(self) -> set[str]:
        held = [c.job_id for c in self.children if c.job_id]
        if not held:
            return set()
        with self.db.session(write=False) as session:
            rows = session.execute(
                select(Job.id, Job.cancel_requested).where(Job.id.in_(held))
            ).all()
        # a job deleted while running (DELETE ... force=true) is gone: stop its worker too
        present = {job_id for job_id, _ in rows}
        return {job_id for job_id, flag in rows if flag} | (set(held) - present)

    # -- leases -------------------------------------------------------------------------------
    def _owners(self) -> list[str]:
        return [c.owner for c in self.children if c.process.is_alive()]

    def _maintain_leases(self) -> None:
        now = time.monotonic()
        if now - self._last_heartbeat >= self.settings.lease_seconds / 3:
            with self.db.session() as session:
                lifecycle.heartbeat(session, self._owners(), self.settings.lease_seconds)
            self._last_heartbeat = now
        # The first round (right after start) reaps what a crashed predecessor left behind.
        every = max(1.0, min(DEAD_OWNER_CHECK_SECONDS, self.settings.lease_seconds / 3))
        if now - self._last_reap >= every:
            with self.db.session() as session:
                reaped = lifecycle.reap_expired(session)
            if reaped:
                log.warning("released %d jobs whose worker stopped renewing its lease", reaped)
            self._reap_dead_owners()
            self._last_reap = now

    def _reap_dead_owners(self) -> None:
        """Jobs held by a supervisor of this machine that is gone (a crash) are retried now,
        not after their lease runs out: the lease would hold the project's slots meanwhile."""
        with self.db.session() as session:
            gone = [o for o in lifecycle.lease_owners(session) if owner_is_gone(o, self.machine)]
            reaped = lifecycle.release_held(
                session, gone, "its server or worker process stopped", charge=True
            )
        if reaped:
            log.warning("released %d jobs of a stopped process on this machine", reaped)

    # -- lifecycle ----------------------------------------------------------------------------
    def run(self) -> None:
        """Supervise until ``stop_event`` is set; then drain and stop the children."""
        for _ in range(self.processes):
            if self.stop_event.is_set():
                break
            self.children.append(self._spawn())
        log.info("started %d worker processes", len(self.children))
        try:
            while not self.stop_event.wait(0.2):
                self._supervise_round()
        finally:
            self._shutdown()

    def _supervise_round(self) -> None:
        try:
            self._check_children()
            self._maintain_leases()
            self.db.checkpoint()  # the children's commits leave it to us (SQLite)
        except Exception:  # the database may blip; keep supervising
            log.exception("supervisor round failed")

    def _shutdown(self) -> None:
        """Stop claiming, give running jobs the grace period, then hand back what is left."""
        grace = self.settings.shutdown_grace_seconds
        busy = sum(1 for c in self.children if c.job_id)
        log.info("stopping: %d running jobs get up to %.0f s to finish", busy, grace)
        for child in self.children:
            if child.process.is_alive():
                child.process.terminate()  # the child finishes its job in hand and exits
        deadline = time.monotonic() + grace
        while self.children and time.monotonic() < deadline and not self.hurry_event.is_set():
            self._supervise_round()  # settles children as they exit; spawns none now
            self.hurry_event.wait(0.1)
        for child in self.children:
            if child.process.is_alive():
                child.process.kill()
            child.process.join()
        for child in self.children:
            try:
                self._drain(child)
                if child.job_id:
                    log.warning(
                        "job %s: handed back unfinished at shutdown",
                        child.job_id,
                        extra={"job_id": child.job_id},
                    )
                self._release_rest(child)  # the job in hand too: it was not at fault
            except Exception:
                log.exception("could not hand back the jobs of worker %s", child.owner)
        self.children = []
        self.db.dispose()
        log.info("worker processes stopped")

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="sheaf-supervisor", daemon=True)
        thread.start()
        return thread
