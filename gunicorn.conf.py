"""Production server set-up for gunicorn: `gunicorn -c gunicorn.conf.py` serves cms.wsgi.

Every value can be changed from the environment:

| variable | default | meaning |
| --- | --- | --- |
| `BIND` | `127.0.0.1:$PORT` | address to listen on, e.g. `0.0.0.0:8000` or `unix:/run/jrcs.sock` |
| `PORT` | `8000` | port, when `BIND` is not set |
| `WEB_CONCURRENCY` | cores | worker processes |
| `GUNICORN_THREADS` | `2` | threads per worker (gthread) |
| `GUNICORN_WORKER_CLASS` | `gthread` | `gthread` or `sync` |
| `GUNICORN_ACCESS_LOG` | off | `1` writes an access log line per request to stderr |
| `GUNICORN_MAX_REQUESTS` | `0` (never) | restart a worker after this many requests |
| `GUNICORN_REUSE_PORT` | `1` | `0` makes the workers share the master's one listening socket |
| `DJANGO_SETTINGS_MODULE` | `cms.settings.production` | settings module |
| `SEARCH_NO_WARM_UP` | off | `1`: a worker builds its search index on its first query instead of right after start |

Why these defaults (measured with benchmarks/serve.py on a 2-core machine, see
benchmarks/README.md): gthread keeps connections alive, which the sync worker cannot,
so a reader's phone and a reverse proxy reuse one connection for the page and its
assets. One worker per core with two threads each served most: rendering a page in
Django is CPU-bound, and more processes and threads only added switching (on 2 cores under
32 connections, an uncached article went from 134 req/s with 4 workers x 4 threads to
164-172 req/s with 2 x 2, while cached pages stayed above 1,500 req/s). The application is loaded once in the master (preload_app) so workers
start fast and share its memory; database connections are never opened before the fork.

Each worker listens on its own socket (`reuse_port`, SO_REUSEPORT) so the kernel spreads
connections over the workers. With one socket inherited from the master, every idle gthread
worker is woken for a new connection and the first to call accept() takes it; a worker
accepts up to `worker_connections` (1,000), and kept-alive connections stay where they
landed. Under wrk's 32 keep-alive connections one worker often took all 32, so a run used
one core of two (the same server measured 172, then 78 req/s). With SO_REUSEPORT gunicorn 27
creates no socket in the master and each worker binds its own after the fork (a restarted
worker binds a new one); the kernel hashes each new connection's addresses onto one of the
sockets, so 32 connections land on both workers (all on one has odds of 2 in 2^32). Costs:
connections queued on a worker's socket but not yet accepted are reset when that worker
exits, and SO_REUSEPORT would let a second server of the same user bind the same port
silently and take half the connections, so `on_starting` refuses to start when the address
is already in use, as a plain bind does. A unix socket keeps the shared listener: a worker
binding the path would unlink its sibling's.

The access log is off by default because writing it costs about a tenth of the
throughput of a cached page; a reverse proxy usually keeps one anyway.
"""

import errno
import logging
import multiprocessing
import os
import socket
import threading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


wsgi_app = "cms.wsgi:application"
bind = [os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"]
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
keepalive = 5
# One listening socket per worker, balanced by the kernel; only for TCP (see the docstring).
reuse_port = (
    os.environ.get("GUNICORN_REUSE_PORT", "1").strip().lower() not in {"0", "false", "no", "off"}
    and hasattr(socket, "SO_REUSEPORT")
    and not any(address.startswith(("unix:", "fd://")) for address in bind)
)
backlog = 2048
timeout = 30
graceful_timeout = 30
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
preload_app = True
# The heartbeat file in memory, not on a disk that may stall (gunicorn's own advice for
# containers); gunicorn creates it with mkstemp, so a shared directory is safe.
_SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None
accesslog = "-" if _env_flag("GUNICORN_ACCESS_LOG") else None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "jrcs-web"


def post_fork(server, worker):
    """Drop any database connection inherited from the master: each worker opens its own; then
    build the worker's search index in the background, so no reader's first question waits for it."""
    from django.db import connections

    connections.close_all()
    if not _env_flag("SEARCH_NO_WARM_UP"):
        threading.Thread(target=_warm_search_index, name="search-warm-up", daemon=True).start()


def _warm_search_index():
    """Load the dictionaries and read the search index from the table (content/search/index.py)."""
    from django.db import connection

    try:
        from content.search.analysis import warm_up
        from content.search.index import current_index

        warm_up()
        current_index()
    except Exception:  # a failed warm-up only means the first query builds the index itself
        logging.getLogger("gunicorn.error").exception("Search index warm-up failed")
    finally:
        connection.close()


# The master's claim on each TCP address while workers bind their own sockets (on_starting).
_RESERVED: list[socket.socket] = []


def on_starting(server):
    """Claim each TCP address for this server before the workers bind their SO_REUSEPORT sockets.

    A bind without SO_REUSEPORT fails when anything listens there (a second server stays out, as
    without reuse_port); port 0 becomes one free port for every worker. The master then keeps a
    bound socket that never listens: it takes no connections, but another server's check fails.
    """
    if not server.cfg.reuse_port:
        return
    claimed = []
    for address in server.cfg.address:
        if not isinstance(address, tuple):
            claimed.append(address)
            continue
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as error:
                if error.errno != errno.EADDRINUSE:
                    raise
                server.log.error("Address already in use: %s:%s", *address[:2])
                raise SystemExit(1) from error
            port = probe.getsockname()[1]
        claim = socket.socket(family, socket.SOCK_STREAM)
        claim.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        claim.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        claim.bind((address[0], port))
        _RESERVED.append(claim)
        claimed.append((address[0], port))
        server.log.info("Workers listen with SO_REUSEPORT at %s:%s", address[0], port)
    server.cfg.set("bind", [_bind_text(address) for address in claimed])


def _bind_text(address) -> str:
    if isinstance(address, tuple):
        host, port = address[:2]
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return f"unix:{address}"
