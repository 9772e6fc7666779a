"""Everything the 消保分析 page and the monthly report show for one month, charts included.

`month_report(month)` gathers the selectors of analysis.py and draws their charts; the admin
view renders it as a page and publishing renders the same dictionary as a PDF.
"""

from __future__ import annotations

from django.utils import timezone

from wagtail import hooks

from . import analysis, charts

OUTCOME_COLOURS = {"on_time": "#009E73", "late": "#E69F00", "overdue": "#D55E00", "open": "#999999"}
OUTCOME_LABELS = {"on_time": "按期答复", "late": "逾期答复", "overdue": "超期未答复", "open": "期限内处理中"}


def unanswered_questions(month: analysis.Month) -> list[tuple[str, int]] | None:
    """Questions the answer desk could not answer, from any app that registers `desk_unanswered_questions`
    (a hook returning [(question, count)] for a month); None when nothing provides them."""
    providers = hooks.get_hooks("desk_unanswered_questions")
    if not providers:
        return None
    found: list[tuple[str, int]] = []
    for provider in providers:
        found.extend(provider(month.first_day, month.last_day) or [])
    return sorted(found, key=lambda item: -item[1])[:15]


def month_report(month: analysis.Month) -> dict:
    weeks, by_kind = analysis.weekly_counts(month, by="kind")
    _, by_category = analysis.weekly_counts(month, by="category")
    outcomes = analysis.deadline_outcomes(month)
    words, phrases = analysis.frequent_terms(month)
    pages = analysis.not_helpful_pages(month)
    unanswered = unanswered_questions(month)
    decided = outcomes["on_time"] + outcomes["late"] + outcomes["overdue"]
    return {
        "month": month,
        "generated_at": timezone.localtime(),
        "totals": analysis.month_totals(month),
        "outcomes": outcomes,
        "on_time_rate": round(outcomes["on_time"] * 100 / decided) if decided else None,
        "words": words,
        "phrases": phrases,
        "pages": pages,
        "unanswered": unanswered,
        "charts": {
            "by_kind": charts.stacked_columns(weeks, by_kind, title="每周诉求（按类型）"),
            "by_category": charts.stacked_columns(weeks, by_category, title="每周诉求（按分类）"),
            "deadlines": charts.proportion_bar(
                [(OUTCOME_LABELS[key], outcomes[key], OUTCOME_COLOURS[key]) for key in OUTCOME_LABELS], title="本月到期诉求的办理情况"
            ),
            "words": charts.horizontal_bars(words, title="本月高频词"),
            "phrases": charts.horizontal_bars(phrases[:10], title="本月高频短语", colour=charts.PALETTE[2]),
            "pages": charts.horizontal_bars(
                [(page["title"], page["not_helpful"]) for page in pages], title="“没帮助”最多的页面",
                secondary=[page["helpful"] for page in pages], names=("没帮助", "有帮助"), colour=charts.PALETTE[5],
            ),
            "unanswered": charts.horizontal_bars(unanswered, title="问答未能回答的问题", colour=charts.PALETTE[3]) if unanswered else None,
        },
    }
