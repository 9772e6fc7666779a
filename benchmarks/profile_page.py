"""Where an uncached page's time goes: CPU per request by stage, by template, and its SQL queries.

    .venv/bin/python benchmarks/serve.py --only cached        # builds var/bench/ once
    .venv/bin/python benchmarks/profile_page.py /credit/free-credit-report/ [--queries]

It renders the page in this process through Django's WSGI handler (the page cache is
not involved), with the production settings and the database serve.py left in var/bench/,
and prints CPU milliseconds per request (process time, so other work on the machine
inflates it less than wall time): Wagtail's site lookup, routing, template rendering,
SQL (compiling and running), then each template's inclusive time and query count.
On 2 cores a server can answer at most about 2000 / (CPU ms per request) pages a second.
"""

import argparse
import base64
import io
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from wsgiref.util import setup_testing_defaults

REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO / "var" / "bench"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="the page's path, e.g. /credit/free-credit-report/")
    parser.add_argument("--requests", type=int, default=50, help="requests to average over (default 50)")
    parser.add_argument("--queries", action="store_true", help="also print the SQL of one request")
    args = parser.parse_args()
    if not (BENCH_DIR / "db.sqlite3").exists():
        print("No var/bench/db.sqlite3: run benchmarks/serve.py once first.")
        return 2

    os.environ.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        PUBLIC_BASE_URL=os.environ.get("PUBLIC_BASE_URL") or "https://bench.example.com",
        SECRET_KEY=os.environ.get("SECRET_KEY") or os.urandom(32).hex(),
        DESK_ENCRYPTION_KEYS=os.environ.get("DESK_ENCRYPTION_KEYS") or base64.urlsafe_b64encode(os.urandom(32)).decode(),
        DESK_LOOKUP_KEY=os.environ.get("DESK_LOOKUP_KEY") or os.urandom(32).hex(),
        DATABASE_URL=f"sqlite:///{BENCH_DIR / 'db.sqlite3'}",
        STATIC_ROOT=str(BENCH_DIR / "static"),
        MEDIA_ROOT=str(BENCH_DIR / "media"),
        PAGE_CACHE_DIR=str(BENCH_DIR / "page-cache"),
        LOG_LEVEL="WARNING",
        SECURE_SSL_REDIRECT="false",  # plain HTTP in the process, as behind the TLS proxy
    )
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.db.backends.utils import CursorWrapper
    from django.db.models.sql.compiler import SQLCompiler
    from django.template import base as template_base
    from django.template.response import SimpleTemplateResponse

    from wagtail.models import Page, Site

    handler = WSGIHandler()
    stages: dict[str, float] = defaultdict(float)
    templates: dict[str, float] = defaultdict(float)
    template_queries: dict[str, int] = defaultdict(int)

    def timed(owner, name: str, label: str) -> None:
        original = getattr(owner, name)

        def wrapper(*a, **kw):
            started = time.process_time()
            try:
                return original(*a, **kw)
            finally:
                stages[label] += time.process_time() - started

        setattr(owner, name, wrapper)

    timed(Site, "find_for_request", "Wagtail site lookup")
    timed(Page, "route_for_request", "routing (with the site lookup)")
    timed(SimpleTemplateResponse, "render", "template rendering (with its SQL)")
    timed(SQLCompiler, "as_sql", "SQL compiling")
    timed(CursorWrapper, "execute", "SQL running")

    original_render = template_base.Template.render

    def render(self, context):
        name = self.origin.template_name if self.origin else "(string)"
        started, queries = time.process_time(), len(connection.queries_log)
        try:
            return original_render(self, context)
        finally:
            templates[name] += time.process_time() - started
            template_queries[name] += len(connection.queries_log) - queries

    template_base.Template.render = render
    connection.force_debug_cursor = True

    def get() -> tuple[str, int]:
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": args.path, "HTTP_HOST": "127.0.0.1",
                   "wsgi.input": io.BytesIO()}
        setup_testing_defaults(environ)
        answer = {}
        result = handler(environ, lambda status, headers, exc_info=None: answer.setdefault("status", status))
        size = len(b"".join(result))
        result.close()
        return answer["status"], size

    status, size = get()
    print(f"GET {args.path}: {status}, {size // 1024} KB")
    for _ in range(5):
        get()
    connection.queries_log.clear()
    get()
    one_request = list(connection.queries_log)
    stages.clear(), templates.clear(), template_queries.clear()

    started = time.process_time()
    for _ in range(args.requests):
        connection.queries_log.clear()
        get()
    total = (time.process_time() - started) * 1000 / args.requests

    print(f"CPU per request: {total:.2f} ms (at most about {2000 / total:.0f} pages/s on 2 cores); "
          f"{len(one_request)} SQL queries")
    for label, seconds in stages.items():
        print(f"  {seconds * 1000 / args.requests:6.2f} ms  {label}")
    print("templates (inclusive time, queries):")
    for name, seconds in sorted(templates.items(), key=lambda item: -item[1])[:20]:
        print(f"  {seconds * 1000 / args.requests:6.2f} ms  {template_queries[name] / args.requests:4.1f} q  {name}")
    if args.queries:
        print("SQL of one request:")
        for query in one_request:
            print(f"  {query['sql'][:180]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
