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
        "--workers", type=int, default=1,
        help="job worker processes to start beside the web app (0: run `sabaq worker` elsewhere)",
    )  # fmt: skip
    # One per core: pages that only read do not wait for SQLite's write lock (models.db
    # read_scope), so a second process doubles what the server answers (docs/benchmarks.md).
    p.add_argument(
        "--web-processes", type=int, default=os.cpu_count() or 1,
        help="web server processes (default: one per core)",
    )  # fmt: skip


def serve(host: str, port: int, *, workers: int, web_processes: int) -> int:
    """Upgrade the store, start the workers, serve until interrupted; returns the exit code."""
    import uvicorn

    from models.migrate import upgrade_database
    from web.worker import start_workers

    upgrade_database()
    handle = start_workers(workers) if workers > 0 else None
    try:
        uvicorn.run(
            "web.app:create_app", factory=True, host=host, port=port,
            workers=web_processes if web_processes > 1 else None,
            log_level="warning", proxy_headers=True,
        )  # fmt: skip
    finally:
        if handle is not None:
            handle.stop()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    print(f"Sabaq is serving on http://{args.host}:{args.port}/ (Ctrl+C stops it)", flush=True)
    return serve(args.host, args.port, workers=args.workers, web_processes=args.web_processes)
