"""How well search and the answer desk find the page that answers readers' questions, on the demo content.

Run from the project root::

    .venv/bin/python benchmarks/search_quality.py [--fresh] [--verbose]

Asks every question of search_questions.toml (written in readers' words, with the demo pages
that answer each) and prints recall@3 and MRR (over the top ten) of `/api/search/`'s ranking,
how often the answer desk cites an answering page first, and how often it hands off the
questions the demo content cannot answer. Misses are listed, so the figures can be checked.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from searchbench import demo_database, load_questions, setup_django, slug_of  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="rebuild the demo database first")
    parser.add_argument("--verbose", action="store_true", help="print every question's top three")
    options = parser.parse_args()
    setup_django(demo_database(fresh=options.fresh))

    from content.search.answer import answer_question
    from content.search.engine import search

    data = load_questions()
    questions = data["questions"]
    hits_at_3 = reciprocal = cited = 0
    misses = []
    for item in questions:
        expected = set(item["pages"])
        ranked = [slug_of(result.url) for result in search(query=item["q"], limit=10)]
        rank = next((position for position, slug in enumerate(ranked, 1) if slug in expected), None)
        hits_at_3 += bool(rank and rank <= 3)
        reciprocal += 1 / rank if rank else 0
        answer = answer_question(question=item["q"])
        first = slug_of(answer.sources[0].url) if answer.sources else ""
        cited += first in expected
        if not rank or rank > 3 or first not in expected or options.verbose:
            misses.append((item["q"], rank, ranked[:3], first, answer.confidence))
    count = len(questions)
    print(f"{count} questions with answering pages, {len(data['unanswerable'])} without")
    print(f"search  recall@3 {hits_at_3 / count:.3f}   MRR@10 {reciprocal / count:.3f}")
    print(f"ask     cites an answering page first {cited / count:.3f}")
    handed = 0
    for question in data["unanswerable"]:
        answer = answer_question(question=question)
        handed += bool(answer.handoff_reason)
        print(f"  unanswerable: {question} → handoff={answer.handoff_reason or '-'} confidence={answer.confidence}")
    print(f"ask     hands off unanswerable questions {handed}/{len(data['unanswerable'])}")
    if misses:
        print("\nMisses (question, rank of first answering page, top three, desk's first source, confidence):")
        for question, rank, top, first, confidence in misses:
            print(f"  {question}  rank={rank}  top3={top}  ask={first or '-'}  conf={confidence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
