"""Search and answer-desk latency in process (p50/p95 against a 30 ms budget), and how fast a publish is searchable.

Run from the project root::

    .venv/bin/python benchmarks/search_speed.py [--articles 10000] [--repeat 5] [--fresh]

1. On the demo content (var/bench-search/demo.sqlite3, made by migrate + seed_demo): every
   question of search_questions.toml through `search()` (top ten with snippets, as
   /api/search/ gives them) and `answer_question()` (as /api/ask/, without the model), each
   `--repeat` times after a warm-up; p50, p95 and max.
2. Publish latency: a new revision of a demo article with a new word in its title is published
   (the signals store it), then timed until `search()` finds it in this process and until a
   second index (another worker's, refreshed from the table) does.
3. The same questions on a generated corpus of `--articles` articles (var/bench-search/
   corpus-N.sqlite3, made once): each article is a title, a summary and six to twelve
   paragraphs drawn from the demo pages' passages and reshuffled, analysed by the same
   analyser and stored as SearchDocument rows, so the index the queries run against has the
   size and vocabulary of a large site. Also the time a worker takes to build that index
   from the table at start-up.
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from searchbench import WORK, _manage, demo_database, load_questions, percentile, setup_django  # noqa: E402

BUDGET_MS = 30.0


def timings(function, questions, repeat):
    for question in questions[:5]:
        function(question)
    samples = []
    for _ in range(repeat):
        for question in questions:
            started = time.perf_counter()
            function(question)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def report(label, samples):
    p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
    verdict = "ok" if p95 < BUDGET_MS else "OVER BUDGET"
    print(f"  {label:<28} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   max {max(samples):6.2f} ms   "
          f"p95/budget {p95 / BUDGET_MS:.2f}  {verdict}")
    return p95 < BUDGET_MS


def measure_queries(questions, repeat):
    from content.search.answer import answer_question
    from content.search.engine import search

    good = report("search (top 10, snippets)", timings(lambda q: [str(r.snippet) for r in search(query=q, limit=10)], questions, repeat))
    return report("ask (extractive)", timings(lambda q: answer_question(question=q), questions, repeat)) and good


def measure_publish():
    from content.models import ArticlePage
    from content.search.engine import search
    from content.search.index import SearchIndex

    other = SearchIndex()
    other.refresh()
    page = ArticlePage.objects.live().order_by("pk").first()
    word = f"bench{random.randrange(10**8)}"
    page.title = f"{page.title.split(' bench')[0]} {word}"
    started = time.perf_counter()
    page.save_revision().publish()
    published = time.perf_counter()
    assert [result.title for result in search(query=word)] == [page.title]
    here = time.perf_counter()
    with other.lock:
        other.refresh()
    assert any(word in document.title for document in other.documents.values())
    there = time.perf_counter()
    print(f"  publish (revision + signals)   {(published - started) * 1000:7.1f} ms")
    print(f"  searchable in this worker      {(here - started) * 1000:7.1f} ms after publish began")
    print(f"  searchable in another worker   {(there - started) * 1000:7.1f} ms (its refresh: {(there - here) * 1000:.1f} ms)")
    return there - started < 1.0


def build_corpus(path: Path, articles: int) -> None:
    """`articles` generated SearchDocument rows from the demo's passages, analysed like real pages."""
    from django.db import transaction

    from content.models import SearchDocument, SearchIndexState
    from content.search.analysis import ANALYZER_VERSION, index_terms

    source = demo_database()
    import sqlite3

    rows = sqlite3.connect(source).execute("select title, summary, passages, column, kind from content_searchdocument where visible").fetchall()
    import json

    passages = [(passage[0], passage[1]) for row in rows for passage in json.loads(row[2])]
    titles = [row[0] for row in rows]
    summaries = [row[1] for row in rows if row[1]]
    columns = ["credit", "loans", "aml", "antifraud"]
    generator = random.Random(12)
    started = time.perf_counter()
    batch = []
    for number in range(1, articles + 1):
        title = f"{generator.choice(titles)}（{number}）"
        summary = generator.choice(summaries)
        chosen = generator.sample(passages, generator.randint(6, 12))
        body = " ".join(f"{heading} {text}" for heading, text in chosen)
        batch.append(SearchDocument(
            page_id=number, generation=number, visible=True, analyzer_version=ANALYZER_VERSION,
            url=f"/{columns[number % 4]}/generated-{number}/", title=title, kind="article", column=columns[number % 4],
            summary=summary, terms={"title": " ".join(index_terms(title)), "summary": " ".join(index_terms(summary)),
                                     "body": " ".join(index_terms(body))},
            passages=[[heading, text, " ".join(index_terms(f"{heading} {text}"))] for heading, text in [("", summary), *chosen]],
        ))
        if len(batch) == 500:
            SearchDocument.objects.bulk_create(batch)
            batch = []
            print(f"\r  generated {number}/{articles} articles ({time.perf_counter() - started:.0f} s)", end="", flush=True)
    with transaction.atomic():
        SearchDocument.objects.bulk_create(batch)
        SearchIndexState.objects.update_or_create(pk=1, defaults={"generation": articles})
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--fresh", action="store_true", help="rebuild the demo database and the corpus")
    parser.add_argument("--corpus-only", action="store_true", help="(internal) measure the generated corpus only")
    options = parser.parse_args()
    questions = [item["q"] for item in load_questions()["questions"]]
    corpus = WORK / f"corpus-{options.articles}.sqlite3"
    if options.corpus_only:
        fresh = not corpus.exists()
        if fresh:
            _manage(corpus, "migrate", "-v0")
        setup_django(corpus)
        if fresh:
            print(f"Generating {options.articles} articles (once; kept in {corpus})…", flush=True)
            build_corpus(corpus, options.articles)
        from content.search.analysis import warm_up
        from content.search.index import current_index

        warm_up()
        started = time.perf_counter()
        index = current_index()
        print(f"Generated corpus: {len(index.documents)} articles, {len(index.postings)} terms; "
              f"a worker builds its index in {time.perf_counter() - started:.1f} s")
        return 0 if measure_queries(questions, options.repeat) else 1

    if options.fresh:
        corpus.unlink(missing_ok=True)
    setup_django(demo_database(fresh=options.fresh))
    from content.search.analysis import warm_up

    warm_up()
    print("Demo content:")
    ok = measure_queries(questions, options.repeat)
    print("Publish → searchable (budget 1 s):")
    ok = measure_publish() and ok
    import subprocess

    # The corpus runs in a process of its own: Django is set up on one database per process.
    result = subprocess.run([sys.executable, __file__, "--corpus-only", "--articles", str(options.articles),
                             "--repeat", str(options.repeat)], check=False)
    return 0 if ok and result.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
