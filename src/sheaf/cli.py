"""Sheaf: self-hosted document batch processing, wire-compatible with the LlamaCloud v2 API.

Commands: serve (API, dashboard at /ui, workers), worker, run, keys. Every setting is also a
SHEAF_* environment variable (see the README)."""

from __future__ import annotations

import argparse
import os
import sys
import time

from sheaf.settings import Settings

__all__ = ["main"]


def _settings(args: argparse.Namespace, *, create: bool = True) -> Settings:
    if getattr(args, "data_dir", None):
        os.environ["SHEAF_DATA_DIR"] = args.data_dir
    from sheaf.settings import get_settings

    get_settings.cache_clear()
    settings = get_settings()
    if create:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return settings


def _keys_create_command(settings: Settings) -> str:
    """The exact command that adds a key to the database this server uses."""
    command = f"sheaf keys create --project Default --data-dir {settings.data_dir.resolve()}"
    if settings.database_url:  # the key goes where SHEAF_DATABASE_URL points; keep it set
        command = "SHEAF_DATABASE_URL=... " + command
    return command


def _prepare_database(settings: Settings) -> None:
    """Migrate the schema and open the blob store once, so a bad setting fails at start."""
    from sheaf.blobs import open_blob_store
    from sheaf.store.db import migrate

    migrate(settings.resolved_database_url)
    open_blob_store(settings)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from sheaf.api.app import create_app
    from sheaf.api.connections import head_deadline_protocol
    from sheaf.background import Background, GracefulServer, on_stop_signals
    from sheaf.services.tenancy import bootstrap
    from sheaf.store.db import Database

    early: list[bool] = []
    on_stop_signals(lambda: early.append(True))  # a signal while starting: start, then stop
    settings = _settings(args)
    _prepare_database(settings)
    db = Database(settings.resolved_database_url)
    with db.session() as session:
        new_key = bootstrap(session, settings.bootstrap_api_key)
    db.dispose()
    host = "localhost" if args.host in ("127.0.0.1", "0.0.0.0", "::") else args.host
    base_url = settings.public_base_url or f"http://{host}:{args.port}"
    print(f"export LLAMA_CLOUD_BASE_URL={base_url}", flush=True)
    if new_key:
        print(f"export LLAMA_CLOUD_API_KEY={new_key}", flush=True)
    else:
        print(f"# API keys already exist; make another with: {_keys_create_command(settings)}")
    for line in _capability_lines(settings):
        print(line, flush=True)
    processes = args.api_processes or settings.api_processes
    if processes > 1:
        return _serve_processes(settings, args, processes, early)
    app = create_app(settings)
    background = Background(settings, args.workers)
    server = GracefulServer(
        uvicorn.Config(
            app,
            host=args.host,
            port=args.port,
            log_level=settings.log_level,
            log_config=None,  # keep the format set up in main() (SHEAF_LOG_FORMAT)
            access_log=False,
            http=head_deadline_protocol(settings.header_timeout_seconds),
        ),
        on_signal=background.on_signal,
    )

    def stop_serving() -> None:  # a signal before uvicorn installed its handlers, or after
        background.on_signal()
        server.should_exit = True

    # Our handlers stay installed under uvicorn's: uvicorn re-raises the signal after its own
    # shutdown, and with the default handler the process would die before the workers stop.
    on_stop_signals(stop_serving)
    if early:
        stop_serving()
    try:
        server.run()
    finally:
        background.request_stop()
        background.wait()
    return 0


def _capability_lines(settings: Settings) -> list[str]:
    """What the optional model endpoints change, said at start-up rather than discovered."""
    lines = []
    if not (settings.vlm_base_url and settings.vlm_model):
        lines.append(
            "# no vision model (SHEAF_VLM_BASE_URL, SHEAF_VLM_MODEL): agentic and agentic_plus "
            "parses run the local pipeline only and are charged as cost_effective"
        )
    if not (settings.llm_base_url and settings.llm_model):
        lines.append(
            "# no LLM (SHEAF_LLM_BASE_URL, SHEAF_LLM_MODEL): agentic and agentic_plus extract "
            "jobs and batches are refused at create"
        )
    return lines


def _serve_processes(
    settings: Settings, args: argparse.Namespace, processes: int, early: list[bool]
) -> int:
    """``--api-processes N``: API children sharing the port; loops and workers run here, once."""
    from sheaf.api.processes import ApiProcesses
    from sheaf.background import Background, on_stop_signals

    group = ApiProcesses(settings, args.host, args.port, processes)
    background = Background(settings, args.workers)

    def stop_all() -> None:
        background.on_signal()
        group.request_stop()

    on_stop_signals(stop_all)
    if early:
        stop_all()
    try:
        return group.run()
    finally:
        background.request_stop()
        background.wait()


def cmd_worker(args: argparse.Namespace) -> int:
    from sheaf.background import Background, on_stop_signals

    early: list[bool] = []
    on_stop_signals(lambda: early.append(True))  # a signal while starting: start, then stop
    settings = _settings(args)
    _prepare_database(settings)
    background = Background(settings, args.workers)
    on_stop_signals(background.on_signal)
    if early:
        background.request_stop()
    print(
        f"sheaf worker: {args.workers} processes on "
        f"{settings.resolved_database_url.split('@')[-1]}",
        flush=True,
    )
    while not background.stopping:
        time.sleep(0.5)
    background.wait()
    return 0


def cmd_keys_create(args: argparse.Namespace) -> int:
    from sheaf.services.tenancy import create_api_key, ensure_project
    from sheaf.store.db import Database

    settings = _settings(args)
    _prepare_database(settings)
    db = Database(settings.resolved_database_url)
    with db.session() as session:
        project = ensure_project(session, args.project)
        key = create_api_key(session, project, name=args.name or "")
    db.dispose()
    print(f"# project {project.name} ({project.id})")
    print(f"export LLAMA_CLOUD_API_KEY={key}")
    return 0


def cmd_keys_list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from sheaf.store.db import Database
    from sheaf.store.tables import ApiKey, Project

    settings = _settings(args, create=False)
    if settings.is_sqlite and not (settings.data_dir / "sheaf.db").exists():
        # Listing must not create a data folder (a mistyped --data-dir would look empty).
        print(f"no Sheaf database in {settings.data_dir.resolve()}", file=sys.stderr)
        return 1
    _prepare_database(settings)
    db = Database(settings.resolved_database_url)
    with db.session() as session:
        rows = session.execute(
            select(ApiKey, Project.name)
            .join(Project, Project.id == ApiKey.project_id, isouter=True)
            .order_by(ApiKey.created_at)
        ).all()
        print(f"{'key':<16} {'project':<24} {'name':<16} created")
        for key, project_name in rows:
            print(
                f"{key.key_prefix + '…':<16} {project_name or '(organization)':<24} "
                f"{key.name:<16} {key.created_at:%Y-%m-%d %H:%M}"
            )
    db.dispose()
    return 0


def cmd_keys_revoke(args: argparse.Namespace) -> int:
    from sheaf.errors import SheafError
    from sheaf.services.tenancy import revoke_api_key
    from sheaf.store.db import Database

    settings = _settings(args)
    _prepare_database(settings)
    db = Database(settings.resolved_database_url)
    try:
        with db.session() as session:
            revoked = revoke_api_key(session, args.key)
    except SheafError as exc:
        print(f"sheaf keys revoke: {exc.detail}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    if not revoked:
        print(f"sheaf keys revoke: no key {args.key!r} (see 'sheaf keys list')", file=sys.stderr)
        return 1
    print(
        f"# revoked; running servers refuse it within {settings.api_key_cache_seconds:g} s "
        "(SHEAF_API_KEY_CACHE_SECONDS)"
    )
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sheaf.batch_run import RunOptions, run_batch

    return run_batch(
        RunOptions(
            directory=Path(args.directory),
            config=args.config,
            job_type="extract_v2" if args.extract else "parse_v2",
            out=Path(args.out) if args.out else None,
            base_url=args.base_url,
            api_key=args.api_key,
            data_dir=args.data_dir,
        )
    )


def build_parser() -> argparse.ArgumentParser:
    from sheaf import __version__

    parser = argparse.ArgumentParser(
        prog="sheaf", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"sheaf {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def data_dir(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data-dir", help="state folder (default ./.sheaf or $SHEAF_DATA_DIR)")

    serve = sub.add_parser("serve", help="run the API server (and workers)")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)",
    )
    serve.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    serve.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes beside the API (default: CPU count; 0 = API only)",
    )
    serve.add_argument(
        "--api-processes",
        type=int,
        default=None,
        help="API server processes sharing the port (default 1 or $SHEAF_API_PROCESSES)",
    )
    data_dir(serve)
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run worker processes only (scale-out)")
    worker.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes on this machine (default: CPU count)",
    )
    data_dir(worker)
    worker.set_defaults(func=cmd_worker)

    run = sub.add_parser("run", help="parse every file of a folder as one batch")
    run.add_argument("directory", help="folder whose files (recursively) make up the batch")
    run.add_argument(
        "--config",
        default="cfg-PARSE_FAST",
        help="configuration or preset id (default cfg-PARSE_FAST; also cfg-PARSE_COST_EFFECTIVE, "
        "cfg-PARSE_AGENTIC, cfg-PARSE_AGENTIC_PLUS, or a saved cfg-... id)",
    )
    run.add_argument(
        "--extract", action="store_true", help="the config is a saved extract_v2 configuration"
    )
    run.add_argument("--out", help="output folder (default: DIR-sheaf)")
    run.add_argument(
        "--base-url", help="a running server (default: $LLAMA_CLOUD_BASE_URL or embedded)"
    )
    run.add_argument("--api-key", help="default: $LLAMA_CLOUD_API_KEY")
    data_dir(run)
    run.set_defaults(func=cmd_run)

    keys = sub.add_parser("keys", help="manage API keys")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    create = keys_sub.add_parser("create", help="create a key for a project (made if missing)")
    create.add_argument(
        "--project", default="Default", help="project name (default Default; made if missing)"
    )
    create.add_argument("--name", default="", help="a label shown by 'sheaf keys list'")
    data_dir(create)
    create.set_defaults(func=cmd_keys_create)
    list_ = keys_sub.add_parser("list", help="list keys (prefixes only; keys are stored hashed)")
    data_dir(list_)
    list_.set_defaults(func=cmd_keys_list)
    revoke = keys_sub.add_parser("revoke", help="delete a key (servers refuse it within seconds)")
    revoke.add_argument("key", help="the prefix 'sheaf keys list' prints (without the …)")
    data_dir(revoke)
    revoke.set_defaults(func=cmd_keys_revoke)
    return parser


def main(argv: list[str] | None = None) -> int:
    from sheaf.logs import configure_logging

    args = build_parser().parse_args(argv)
    env = Settings()
    configure_logging(env.log_format, env.log_level)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
