"""Batches: map every file of a source directory to a job, and report honest status."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.orm import Session

from sheaf.errors import InvalidInput, InvalidState, NotFound
from sheaf.ids import new_id
from sheaf.parse.sniff import SUPPORTED_FORMATS
from sheaf.queue.states import TERMINAL_BATCH, BatchStatus
from sheaf.services import batch_views, events, lifecycle
from sheaf.services.configurations import get_configuration
from sheaf.services.directories import get_directory
from sheaf.services.kinds import REGISTRY, JobKind
from sheaf.services.parse_jobs import job_timeout, webhooks_of
from sheaf.settings import Settings
from sheaf.store.queue_tables import Batch, BatchItem, Job
from sheaf.store.tables import DirectoryFile, FileRecord
from sheaf.store.types import utcnow
from sheaf.tenant import Tenant

__all__ = ["cancel_batch", "create_batch", "get_batch", "iter_results", "view"]

CHUNK = 1000


def _mapping_error(
    entry_id: str, display_name: str, file_id: str | None, file_type: str | None
) -> str | None:
    if file_id is None:
        return f"the file behind {entry_id} ({display_name}) no longer exists"
    if file_type not in SUPPORTED_FORMATS:
        kind = file_type or "unknown"
        return f"unsupported file type '{kind}' for {display_name}"
    return None


SQLITE_MAPPING_CACHE_KIB = 16 * 1024


@contextmanager
def _sqlite_page_cache(conn) -> Iterator[None]:
    """A bigger SQLite page cache while a batch's rows go in, the connection's own after.

    A 100,000-job batch adds to five B-trees, three of them keyed by random ids; with
    SQLite's default 2 MiB cache, pages keep being evicted (spilled to the WAL) and read
    back, and the inserts take about half as long again. 16 MiB holds the working set.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_MAPPING_CACHE_KIB}")
    restore = f"PRAGMA cache_size = {int(before)}"
    try:
        yield
    except BaseException:
        with suppress(Exception):  # keep the original error
            conn.exec_driver_sql(restore)
        raise
    conn.exec_driver_sql(restore)


class _BulkInsert:
    """An executemany INSERT compiled once, whose per-batch constants are bound once.

    ``session.execute(insert(Model), dicts)`` builds, type-processes and groups every row in
    Python: for a batch's jobs that is most of the mapping time (the same ``parameters`` dict
    serialised to JSON, the same timestamps converted, per row). Here the statement is
    compiled once for the connection's dialect, the constant columns go through their own
    column types' bind processors once (so the stored values are exactly what the ORM path
    stores), and each row is a plain tuple handed to the DB-API's ``executemany``. The
    varying columns must be types without a bind processor (plain strings and integers).
    """

    def __init__(self, conn, table, varying: tuple[str, ...], constants: dict[str, Any]):
        dialect = conn.dialect
        keys = [*varying, *constants]
        compiled = insert(table).compile(dialect=dialect, column_keys=keys)
        if set(compiled.binds) != set(keys):  # pragma: no cover - a compiler surprise
            raise RuntimeError(f"unexpected binds {sorted(compiled.binds)} for {keys}")

        def processor(key: str):
            return table.c[key].type.dialect_impl(dialect).bind_processor(dialect)

        for key in varying:
            if processor(key) is not None:  # pragma: no cover - a programming error
                raise TypeError(f"{table.name}.{key} needs per-row bind processing")
        fixed = []
        for key, value in constants.items():
            proc = processor(key)
            fixed.append(proc(value) if proc is not None else value)
        self.conn = conn
        self.sql = compiled.string
        self.fixed = tuple(fixed)
        self.positional = compiled.positional
        if self.positional:
            index = {key: i for i, key in enumerate(keys)}
            self.order = itemgetter(*(index[name] for name in compiled.positiontup or ()))
        self.keys = keys
        # PostgreSQL through psycopg: COPY, one text stream per chunk instead of an INSERT per
        # row (most of a 100,000-file batch's creation time went to the pipelined INSERTs).
        # Rows are written as COPY text lines; the constant columns are formatted once.
        self.copy_sql: str | None = None
        if dialect.name == "postgresql" and dialect.driver == "psycopg":
            quote = dialect.identifier_preparer.quote
            columns = ", ".join(quote(key) for key in keys)
            self.copy_sql = f"COPY {quote(table.name)} ({columns}) FROM STDIN"
            self.copy_suffix = "".join("\t" + _copy_text(value) for value in fixed) + "\n"

    def row(self, *values):
        if self.copy_sql is not None:
            return "\t".join(map(_copy_text, values)) + self.copy_suffix
        full = values + self.fixed
        return self.order(full) if self.positional else dict(zip(self.keys, full, strict=True))

    def execute(self, rows: list) -> None:
        if not rows:
            return
        if self.copy_sql is None:
            self.conn.exec_driver_sql(self.sql, rows)
            return
        # The session's own connection, so the rows are part of its transaction.
        dbapi = self.conn.connection.dbapi_connection
        with dbapi.cursor() as cursor, cursor.copy(self.copy_sql) as copy:
            copy.write("".join(rows))


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: Any) -> str:
    """One value in PostgreSQL's COPY text format (what the server parses per column type)."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | float):
        return repr(value)
    obj = getattr(value, "obj", _NOT_JSON)  # psycopg's Json/Jsonb wrapper of a JSON column
    if obj is not _NOT_JSON:
        value = (value.dumps or json.dumps)(obj)
    return str(value).translate(_COPY_ESCAPES)


_NOT_JSON = object()


def create_batch(
    session: Session, tenant: Tenant, settings: Settings, body: dict[str, Any]
) -> Batch:
    directory = get_directory(session, tenant, body["source_directory_id"])
    job_type = body["config"]["job"]["type"]
    configuration_id = body["config"]["job"]["configuration_id"]
    config = get_configuration(session, tenant, configuration_id)
    if config.product_type != job_type:
        raise InvalidInput(
            f"configuration {configuration_id} is for {config.product_type}, "
            f"but the batch job type is {job_type}"
        )
    kind = REGISTRY.for_job_type(job_type)
    if kind is None:
        raise InvalidInput(
            f"job type {job_type!r} is not one Sheaf runs; expected one of "
            + ", ".join(REGISTRY.job_types())
        )
    params, tier = kind.parameters_for_batch()(session, tenant, config)
    if kind.name == "extract":  # refused now, not after every file was parsed
        from sheaf.services.extract_jobs import require_llm

        require_llm(tier, settings)
    now = utcnow()
    batch = Batch(
        id=new_id("batch"),
        project_id=tenant.project_id,
        source_directory_id=directory.id,
        job_type=job_type,
        configuration_id=configuration_id,
        status=BatchStatus.PENDING,
        webhooks=webhooks_of(session, tenant, body),
        created_at=now,
        updated_at=now,
    )
    session.add(batch)
    session.flush()
    _materialize(session, batch, kind, params, tier, settings, now)
    events.batch_event(session, batch, "pending")
    lifecycle.settle_batches(session, [batch.id])
    return batch


def _materialize(
    session: Session,
    batch: Batch,
    kind: JobKind,
    params: dict,
    tier: str | None,
    settings: Settings,
    now,
) -> None:
    """One job per directory file, inserted in chunks so memory stays flat at any size."""
    timeout = job_timeout(settings, params)
    limit = settings.max_batch_files
    batch_id = batch.id
    stmt = (
        select(
            DirectoryFile.id,
            DirectoryFile.display_name,
            FileRecord.id,
            FileRecord.name,
            FileRecord.file_type,
            FileRecord.blob_key,
        )
        .select_from(DirectoryFile)
        .join(FileRecord, FileRecord.id == DirectoryFile.file_id, isouter=True)
        .where(
            DirectoryFile.directory_id == batch.source_directory_id,
            DirectoryFile.deleted_at.is_(None),
        )
        .order_by(DirectoryFile.created_at, DirectoryFile.id)
        .execution_options(yield_per=CHUNK)
    )
    conn = session.connection()
    job_insert = _BulkInsert(
        conn,
        Job.__table__,
        ("id", "name", "file_id", "input_blob_key", "input_ref", "directory_file_id"),
        dict(
            kind=kind.name,
            project_id=batch.project_id,
            status="PENDING",
            tier=tier,
            version=params.get("version"),
            configuration_id=batch.configuration_id,
            parameters=params,
            batch_id=batch_id,
            max_attempts=settings.job_max_attempts,
            timeout_seconds=timeout,
            attempts=0,
            cancel_requested=False,
            run_after=now,
            created_at=now,
            updated_at=now,
        ),
    )
    item_insert = _BulkInsert(
        conn,
        BatchItem.__table__,
        ("seq", "directory_file_id", "job_id", "error_message"),
        dict(batch_id=batch_id),
    )
    job_row, item_row = job_insert.row, item_insert.row
    seq = jobs_total = unmapped = 0
    with _sqlite_page_cache(conn):
        rows = conn.execute(stmt)
        while chunk := rows.fetchmany(CHUNK):
            if seq + len(chunk) > limit:
                seq += len(chunk)  # over the limit: count the rest for the error, insert nothing
                continue
            jobs, items = [], []
            for entry_id, display_name, file_id, name, file_type, blob_key in chunk:
                seq += 1
                error = _mapping_error(entry_id, display_name, file_id, file_type)
                if error:
                    unmapped += 1
                    items.append(item_row(seq, entry_id, None, error))
                    continue
                job_id = kind.new_id()
                jobs.append(job_row(job_id, name, file_id, blob_key, entry_id, entry_id))
                items.append(item_row(seq, entry_id, job_id, None))
            job_insert.execute(jobs)
            item_insert.execute(items)
            jobs_total += len(jobs)
    if seq > limit:
        raise InvalidInput(f"a batch may hold at most {limit} files; this one has {seq}")
    batch.total = seq
    batch.unmapped = unmapped
    batch.pending = jobs_total
    lifecycle.enqueued_in_bulk(session, batch.project_id, jobs_total)
    session.flush()


def get_batch(session: Session, tenant: Tenant, batch_id: str) -> Batch:
    batch = session.get(Batch, batch_id)
    if batch is None or batch.project_id != tenant.project_id:
        raise NotFound(f"batch {batch_id} not found")
    return batch


# Built once: building the statement and its cache key was ~8% of a status poll's CPU.
_BATCH_BY_ID = select(Batch.__table__).where(Batch.__table__.c.id == bindparam("batch_id"))


def read_batch(conn: Connection, tenant: Tenant, batch_id: str) -> Batch:
    """``get_batch`` for read-only routes: the row through Core, without an ORM session.

    A status poll is the API's most frequent request; the ORM identity map, unit of work and
    entity loading cost more than the read itself. The result is a ``Row`` with the entity's
    column attributes (typed as the entity: read them, nothing else).
    """
    batch = conn.execute(_BATCH_BY_ID, {"batch_id": batch_id}).first()
    if batch is None or batch.project_id != tenant.project_id:
        raise NotFound(f"batch {batch_id} not found")
    return cast(Batch, batch)


def view(session: Session | Connection, batch: Batch, settings: Settings) -> dict[str, Any]:
    """The batch as a reader sees it (THROTTLED included)."""
    status = lifecycle.batch_status(session, batch, settings.project_max_running_jobs)
    return batch_views.view(batch, status)


def iter_results(session: Session, batch: Batch) -> Iterator[str]:
    """The ``results`` array as JSON fragments, read in chunks (bounded memory at any size)."""
    ref_type = batch.job_type
    stmt = (
        select(BatchItem.directory_file_id, BatchItem.job_id, BatchItem.error_message)
        .where(BatchItem.batch_id == batch.id)
        .order_by(BatchItem.seq)
        .execution_options(yield_per=5000)
    )
    first = True
    buf: list[str] = []
    for dfl, job_id, error in session.execute(stmt):
        ref = {"id": job_id, "type": ref_type} if job_id else None
        item = {"source_directory_file_id": dfl, "job_reference": ref, "error_message": error}
        buf.append(("" if first else ",") + json.dumps(item))
        first = False
        if len(buf) >= 2000:
            yield "".join(buf)
            buf.clear()
    if buf:
        yield "".join(buf)


def cancel_batch(session: Session, tenant: Tenant, batch_id: str) -> Batch:
    batch = get_batch(session, tenant, batch_id)
    if batch.status in TERMINAL_BATCH:
        raise InvalidState(f"batch {batch_id} is already {batch.status} and cannot be cancelled")
    # Lock order as in the workers (jobs, then project counters, then the batch row), so a
    # cancel and a worker finishing the last job cannot deadlock on PostgreSQL.
    lifecycle.cancel_batch_jobs(session, batch)
    now = utcnow()
    cancelled = session.execute(
        update(Batch)
        .where(Batch.id == batch.id, Batch.status.not_in([s.value for s in TERMINAL_BATCH]))
        .values(status=BatchStatus.CANCELLED, finished_at=now, updated_at=now)
        .returning(Batch.id)
        .execution_options(synchronize_session=False)
    ).first()
    session.refresh(batch)
    if cancelled is None:
        raise InvalidState(f"batch {batch_id} is already {batch.status} and cannot be cancelled")
    events.batch_event(session, batch, "cancelled")
    return batch
