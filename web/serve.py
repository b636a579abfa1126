"""`sabaq serve`: the web app on uvicorn, with worker processes for jobs and e-mail beside it."""

from __future__ import annotations

import argparse
import logging
import os

log = logging.getLogger(__name__)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `sabaq serve` to the root parser."""
    p = commands.add_parser("serve", help="serve the web app (and run its workers)")
    add_server_options(p)
    p.set_defaults(func=cmd_serve)


def add_server_options(p: argparse.ArgumentParser) -> None:
    """--host, --port, --workers and --web-processes, shared by `serve` and `demo`."""
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1,
        help="job worker processes beside the web app (default: one per core; 0: run `sabaq "
        "worker` elsewhere)",
    )  # fmt: skip
    p.add_argument(
        "--web-processes", type=int, default=0,
        help="web server processes (default: one per core on SQLite, 2 per core + 1 on PostgreSQL)",
    )  # fmt: skip


def default_web_processes(database_url: str) -> int:
    """How many server processes suit the store: handlers run on the event loop, so a process
    answers one page at a time. On SQLite a page is all CPU: one process per core (reads do not
    wait for the write lock, models.db.read_scope). On PostgreSQL a process also waits for the
    database's answers, so more processes keep the cores busy (docs/benchmarks.md)."""
    cores = os.cpu_count() or 1
    return cores if database_url.startswith("sqlite") else 2 * cores + 1


def serve(host: str, port: int, *, workers: int, web_processes: int) -> int:
    """Upgrade the store, start the workers, serve until interrupted; returns the exit code."""
    import uvicorn

    from models.migrate import upgrade_database
    from models.settings import get_settings
    from web.worker import start_workers

    upgrade_database()
    web_processes = web_processes or default_web_processes(get_settings().database_url)
    handle = start_workers(workers) if workers > 0 else None
    try:
        uvicorn.run(
            "web.app:create_app", factory=True, host=host, port=port,
            workers=web_processes if web_processes > 1 else None,
            log_level="warning", proxy_headers=True, server_header=False,  # no `server: uvicorn`
        )  # fmt: skip
    finally:
        if handle is not None:
            handle.stop()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    print(f"Sabaq is serving on http://{args.host}:{args.port}/ (Ctrl+C stops it)", flush=True)
    return serve(args.host, args.port, workers=args.workers, web_processes=args.web_processes)
