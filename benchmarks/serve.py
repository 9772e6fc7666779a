"""Load-test the reader site as production serves it (gunicorn.conf.py, production settings) with wrk.

    python benchmarks/serve.py            # everything, about five minutes
    python benchmarks/serve.py --help     # durations, workers, Redis, one scenario

Run it with the Python that has the project installed (the checkout's .venv, a CI image's
interpreter): the site, gunicorn and manage.py all run with that same interpreter.

What it does, from a clean slate each time:

1. builds a throwaway site under var/bench/: a SQLite database (migrate), collected static
   files, demo content (`manage.py seed_demo`, or benchmarks/seed_articles.py when the
   project has no such command) and a page-cache folder;
2. starts gunicorn with gunicorn.conf.py and `cms.settings.production` (a fresh random
   SECRET_KEY) on a free port of 127.0.0.1 (or `--port`, checked to be free), waits until
   it answers;
3. loads it with wrk from a second process on 127.0.0.1: the article with the longest body
   (its StreamField's stored JSON) and the home page from the page cache, the feed's full
   answer and its 304 to a matching If-None-Match; then, on a second server with the page
   cache off (`PAGE_CACHE_SECONDS=0`), the same article, the home page, the feed's full
   answer and its 304, and the search page for a reader's question, each rendered by Django;
4. checks that publishing a new title, unpublishing and republishing show on the very
   next request (a `manage.py shell` in another process, as an editor's publish would);
5. prints requests/s, latency percentiles, the server's CPU per request, the cores it used
   (CPU seconds of the master and workers over the run's wall seconds, and per worker) and
   the ratio to the targets of issue 2. A Django-rendered scenario whose server used less
   than 90 % of its cores (1.8 of 2) is flagged: "one worker" when the workers' shares are
   uneven (the connections did not reach every worker), "machine busy" when each worker had
   its share and other work on the machine took the cores.

wrk must be installed (`apt-get install -y wrk` on Debian/Ubuntu, `brew install wrk` on
macOS). The machine's load is printed before and after: other work on the same cores
lowers every figure.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import sys
from pathlib import Path
from urllib.parse import urlencode

from serve_site import (  # noqa: E402 - benchmarks/ is on sys.path when run as a script
    BENCH_DIR,
    LOCK_PATH,
    GunicornServer,
    Result,
    bench_environment,
    exclusive_run_lock,
    fetch,
    free_port,
    manage,
    port_is_free,
    prepare_site,
    wrk,
)

SEARCH_QUESTION = "征信报告怎么查"
# A Django-rendered scenario whose server used less than this share of its cores is flagged.
FULL_CORES_SHARE = 0.9

TARGET_CACHED_RPS = 880
TARGET_CACHED_P99_MS = 60
TARGET_FEED_304_RPS = 2000
DEMO_BLOG_POST_RPS = 88
TARGET_UNCACHED_RPS = DEMO_BLOG_POST_RPS * 1.5

DISCOVER_PAGES = """
import json
from wagtail.models import Site
from content.models import ArticlePage
site = Site.objects.get(is_default_site=True)
# The article with the longest body (its StreamField as stored): the heaviest page a reader can
# ask for. body.raw_text is only set for a value given as text, never for one loaded from the
# database, so the stored JSON is measured; ties go to the first by path.
def body_length(page):
    return len(json.dumps(page.body.get_prep_value(), ensure_ascii=False))
article = max(ArticlePage.objects.live().order_by("path"), key=body_length)
print(json.dumps({"home": site.root_page.url, "article": article.url, "article_id": article.pk,
                  "article_title": article.title, "article_body_chars": body_length(article)}))
"""
PUBLISH_TITLE = """
from content.models import ArticlePage
page = ArticlePage.objects.get(pk={page_id})
page.title = {title!r}
page.save_revision().publish()
"""
UNPUBLISH = """
from content.models import ArticlePage
ArticlePage.objects.get(pk={page_id}).unpublish()
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run (default 15)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (default 32)")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--port", type=int, help="port for the server under test (default: a free one)")
    parser.add_argument("--workers", help="gunicorn workers (WEB_CONCURRENCY); default: gunicorn.conf.py's")
    parser.add_argument("--worker-class", help="gthread or sync; default: gunicorn.conf.py's")
    parser.add_argument("--threads", help="threads per gthread worker; default: gunicorn.conf.py's")
    parser.add_argument("--redis", metavar="URL", help="use Redis for caches, e.g. redis://127.0.0.1:6379/15")
    parser.add_argument("--reuse-db", action="store_true", help="keep var/bench/'s database and content from the last run")
    parser.add_argument(
        "--only", choices=["cached", "uncached", "publish"], action="append",
        help="run only these parts (repeatable); default: all",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON to PATH")
    args = parser.parse_args()
    parts = set(args.only or ["cached", "uncached", "publish"])

    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install -y wrk (Debian/Ubuntu) or brew install wrk (macOS).")
        return 2

    lock = exclusive_run_lock()
    if lock is None:
        print(f"Another benchmark is using {BENCH_DIR} (see {LOCK_PATH}); run this one when it has finished.")
        return 2
    port = args.port or free_port()
    if not port_is_free(port):
        print(f"Port {port} of 127.0.0.1 is in use: pass another --port, or none for a free one.")
        return 2
    env = bench_environment(args)
    print(f"load before: {load_average()}")
    prepare_site(env, reuse=args.reuse_db)
    pages = json.loads(manage(env, "shell", "-c", DISCOVER_PAGES).strip().splitlines()[-1])
    print(f"article: {pages['article']} ({pages['article_body_chars']} characters of body); server on port {port}")
    base = f"http://127.0.0.1:{port}"
    search = base + "/search/?" + urlencode({"q": SEARCH_QUESTION})
    results: list[Result] = []
    checks: list[tuple[str, bool, str]] = []

    if parts & {"cached", "publish"}:
        with GunicornServer(env, port):
            if "cached" in parts:
                results.append(measure_cached(args, base + pages["article"], "article page, cached"))
                results.append(measure_cached(args, base + pages["home"], "home page, cached"))
                results.append(measure_cached(args, base + "/api/feed/", "feed (20 items), cached"))
                results.append(measure_feed_304(args, base + "/api/feed/", "feed 304, cached"))
            checks.append(check_static(base + pages["article"]))
            if "publish" in parts:
                checks += check_publishing(env, base, pages)
    if "uncached" in parts:
        with GunicornServer({**env, "PAGE_CACHE_SECONDS": "0"}, port):
            results.append(measure_uncached(args, base + pages["article"], "article page, uncached"))
            results.append(measure_uncached(args, base + pages["home"], "home page, uncached"))
            results.append(measure_uncached(args, base + "/api/feed/", "feed (20 items), uncached"))
            results.append(measure_feed_304(args, base + "/api/feed/", "feed 304, uncached (Django)"))
            results.append(measure_uncached(args, search, "search page, uncached"))

    load_after = load_average()
    report(args, results, checks, load_after)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"results": [r.__dict__ for r in results], "checks": checks, "load_after": load_after},
                ensure_ascii=False, indent=2,
            )
        )
    failed = [r for r in results if r.passed is False] + [c for c in checks if not c[1]]
    return 1 if failed else 0


def short_of_cores(result: Result, cores: int) -> str:
    """Why a Django-rendered run used less than FULL_CORES_SHARE of the server's cores, or "".

    "one worker": the workers' shares are uneven (the connections did not reach every worker);
    "machine busy": every worker had its share, so other work on the machine took the cores.
    """
    if result.cores_used is None or result.cores_used >= FULL_CORES_SHARE * cores:
        return ""
    shares = result.worker_cores
    if len(shares) < cores or shares[-1] < 0.5 * shares[0]:
        return "one worker"
    return "machine busy"


def server_cores(args) -> int:
    """The cores the server can use at most: its workers, and no more than the machine has."""
    workers = int(args.workers or os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 1)
    return max(1, min(workers, os.cpu_count() or 1))


def warmed_wrk(args, name: str, url: str, headers: dict | None = None) -> Result:
    wrk(args, url, headers, duration=3)
    result = wrk(args, url, headers)
    result.name = name
    return result


def measure_cached(args, url: str, name: str) -> Result:
    fetch(url)
    status, headers, body = fetch(url)
    if status != 200 or headers.get("x-page-cache") != "hit":
        return Result(name=name, note=f"not served from the cache: {status} {headers.get('x-page-cache')}")
    result = warmed_wrk(args, name, url)
    result.note = f"{len(body) // 1024} KB answer"
    if "article" in name:
        p99 = result.latency_ms.get("p99", float("inf"))
        result.target = f">= {TARGET_CACHED_RPS} req/s, p99 < {TARGET_CACHED_P99_MS} ms"
        result.ratio = result.rps / TARGET_CACHED_RPS
        result.passed = result.rps >= TARGET_CACHED_RPS and p99 < TARGET_CACHED_P99_MS
    return result


def measure_feed_304(args, url: str, name: str) -> Result:
    status, headers, _body = fetch(url)
    etag = headers.get("etag")
    if status != 200 or not etag:
        return Result(name=name, note=f"feed not available ({status}, ETag {etag!r}): skipped")
    status, headers, _body = fetch(url, {"If-None-Match": etag})
    if status != 304:
        return Result(name=name, note=f"matching If-None-Match got {status}, not 304", passed=False)
    if "uncached" not in name and headers.get("x-page-cache") != "hit":
        return Result(name=name, note=f"304 not from the page cache ({headers.get('x-page-cache')})", passed=False)
    result = warmed_wrk(args, name, url, {"If-None-Match": etag})
    if "uncached" not in name:
        result.target = f">= {TARGET_FEED_304_RPS} req/s"
        result.ratio = result.rps / TARGET_FEED_304_RPS
        result.passed = result.rps >= TARGET_FEED_304_RPS
    return result


def measure_uncached(args, url: str, name: str) -> Result:
    status, headers, body = fetch(url)
    if status != 200 or "x-page-cache" in headers:
        return Result(name=name, note=f"unexpected answer: {status} {headers.get('x-page-cache')}", passed=False)
    result = warmed_wrk(args, name, url)
    result.note = f"{len(body) // 1024} KB answer"
    result.one_core = short_of_cores(result, server_cores(args))
    if name.startswith("article"):
        result.target = f">= {TARGET_UNCACHED_RPS:.0f} req/s (1.5 x demo blog post {DEMO_BLOG_POST_RPS})"
        result.ratio = result.rps / TARGET_UNCACHED_RPS
        result.passed = result.rps >= TARGET_UNCACHED_RPS
    return result


def check_static(page_url: str) -> tuple[str, bool, str]:
    """The page's stylesheet is served (WhiteNoise, collected and hashed by collectstatic)."""
    _status, _headers, body = fetch(page_url)
    found = re.search(rb'href="(/static/[^"]+\.css)"', body)
    if not found:
        return ("stylesheet link on the article page", False, "no /static/…css link found")
    path = found[1].decode()
    status, headers, _body = fetch(page_url.split("/", 3)[0] + "//" + page_url.split("/", 3)[2] + path)
    return ("static files served by WhiteNoise", status == 200, f"{path}: {status}, {headers.get('cache-control')}")


def check_publishing(env: dict, base: str, pages: dict) -> list[tuple[str, bool, str]]:
    """Publish, unpublish and republish the article from another process; each must show at once."""
    url = base + pages["article"]
    page_id = pages["article_id"]
    original = pages["article_title"]
    changed = f"{original}（已更新 {secrets.token_hex(3)}）"
    checks = []
    fetch(url)
    fetch(url)  # now in the cache

    manage(env, "shell", "-c", PUBLISH_TITLE.format(page_id=page_id, title=changed))
    status, headers, body = fetch(url)
    shown = status == 200 and changed in body.decode()
    checks.append(("new title shows on the next request", shown, f"{status}, X-Page-Cache {headers.get('x-page-cache')}"))

    manage(env, "shell", "-c", UNPUBLISH.format(page_id=page_id))
    status, headers, _body = fetch(url)
    checks.append(("unpublished page is gone on the next request", status == 404, f"{status}"))

    manage(env, "shell", "-c", PUBLISH_TITLE.format(page_id=page_id, title=original))
    status, headers, body = fetch(url)
    back = status == 200 and original in body.decode() and changed not in body.decode()
    checks.append(("republished page is back on the next request", back, f"{status}, X-Page-Cache {headers.get('x-page-cache')}"))
    return checks


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min) on {os.cpu_count()} cores"


def report(args, results: list[Result], checks: list, load_after: str) -> None:
    config = ", ".join(
        f"{name}={value}"
        for name, value in (("workers", args.workers), ("class", args.worker_class), ("threads", args.threads))
        if value
    ) or "gunicorn.conf.py defaults"
    print(f"\nwrk -t{args.wrk_threads} -c{args.connections} -d{args.duration}s; server: {config}; "
          f"cache: {'Redis' if args.redis else 'files (var/bench/page-cache)'}")
    print(f"{'scenario':32} {'req/s':>9} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'cpu ms':>7} "
          f"{'cores (per worker)':>19}  target / ratio")
    for r in results:
        if not r.requests:
            print(f"{r.name:32} {'-':>9}  {r.note}")
            continue
        latency = "".join(f"{r.latency_ms.get(p, float('nan')):>9.2f}" for p in ("p50", "p90", "p99"))
        latency += f"{r.server_cpu_ms:>8.2f}" if r.server_cpu_ms is not None else f"{'-':>8}"
        if r.cores_used is not None:
            cores = f"{r.cores_used:.2f} ({'+'.join(f'{c:.2f}' for c in r.worker_cores)})"
            latency += f" {cores:>19}" + (f" [<{FULL_CORES_SHARE * server_cores(args):.1f} cores: {r.one_core}]" if r.one_core else "")
        else:
            latency += f" {'-':>19}"
        verdict = ""
        if r.ratio is not None:
            verdict = f"{r.target}: {r.ratio:.2f}x {'PASS' if r.passed else 'FAIL'}"
        problems = f" [{r.bad_responses} bad responses]" if r.bad_responses else ""
        problems += f" [socket errors: {r.socket_errors}]" if r.socket_errors else ""
        print(f"{r.name:32} {r.rps:>9.1f}{latency}  {verdict}{problems}  {r.note}")
    for description, passed, detail in checks:
        print(f"{'PASS' if passed else 'FAIL'}: {description} ({detail})")
    print(f"load after: {load_after}")
    print("cpu ms: CPU time the server (gunicorn master and workers) spent per request, all cores together.")
    print("cores: the server's CPU seconds over the run's wall seconds (and each worker's); wrk shares the")
    print(f"machine, so pages from the cache leave it cores. Flagged: a Django-rendered run below "
          f"{FULL_CORES_SHARE:.0%} of {server_cores(args)} cores.")
    flagged = [f"{r.name} ({r.one_core})" for r in results if r.one_core]
    if flagged:
        print(f"FLAGGED, req/s below what the server can do: {'; '.join(flagged)}")


if __name__ == "__main__":
    sys.exit(main())
