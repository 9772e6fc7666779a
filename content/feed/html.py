"""Each feed item's `content_html`: the page's text as sanitised HTML with absolute URLs, cached per live revision."""

import hashlib
import re

from django.core.cache import cache
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe

from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from ..models import ArticlePage, BulletinPage, CaseStudyPage
from ..sanitize import sanitize_html
from ..selectors import case_study_for_readers
from .selection import FEED_FORMAT

# Keyed by live revision, so a publish shows at once; a renamed snippet (hotline, fraud type) within a day.
HTML_CACHE_SECONDS = 24 * 3600
_RELATIVE_URL = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')
# Template indentation: a run of whitespace with a line break renders as one space (outside <pre>).
_BLANK_LINES = re.compile(r"[ \t\r]*\n\s*")


def _text_html(text: str) -> str:
    """Plain text with line breaks as HTML paragraphs, escaped."""
    return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 - escaped by linebreaks


def _render_quiz(quiz) -> str:
    """A quiz as static HTML: the reader page's version needs its script to hide the answer."""
    choices = format_html_join("", "<li>{}. {}</li>", ((c["letter"], c["text"]) for c in quiz.lettered_choices))
    answer = next((c for c in quiz.lettered_choices if c["correct"]), None)
    answer_html = format_html("<p>正确答案：<strong>{}. {}</strong></p>", answer["letter"], answer["text"]) if answer else ""
    explanation = quiz.get("explanation")
    return format_html(
        '<div class="block-quiz"><p><strong>{}</strong></p><p>{}</p><ul>{}</ul>{}{}</div>',
        "金融常识问答",
        quiz.get("question", ""),
        choices,
        answer_html,
        explanation if explanation else "",
    )


def _render_body(page: Page, request) -> str:
    """The stream body with the blocks' own templates, except quizzes (see `_render_quiz`)."""
    context = {"request": request, "page": page, "self": page}
    return "".join(
        _render_quiz(child.value) if child.block_type == "quiz" else child.render(context=context)
        for child in page.body
    )


def _render_article(page: ArticlePage, request) -> str:
    return _render_body(page, request)


def _render_case_study(page: CaseStudyPage, request) -> str:
    parts = [
        # Rich text from the database; the whole item is sanitised afterwards.
        format_html("<h2>{}</h2>{}", section["title"], mark_safe(expand_db_html(section["html"])))  # noqa: S308
        for section in page.sections
    ]
    return "".join(parts) + _render_body(page, request)


def _render_bulletin(page: BulletinPage, request) -> str:
    parts = [format_html("<h2>{}</h2>{}", "本周预警", _text_html(page.lead_warning))]
    for alert in page.alerts.all():
        parts.append(format_html("<h3>【{}】{}</h3>{}", alert.fraud_type.name, alert.title, _text_html(alert.body)))
        case = case_study_for_readers(alert.case_study) if alert.case_study_id else None
        case_url = case.get_url(request) if case is not None else None
        if case_url:
            parts.append(format_html('<p><a href="{}">相关案例：{}</a></p>', case_url, case.title))
    parts.append(format_html("<h2>{}</h2>{}", "本周提示", _text_html(page.tip_of_week)))
    return "".join(parts) + _render_body(page, request)


_RENDERERS = {ArticlePage: _render_article, CaseStudyPage: _render_case_study, BulletinPage: _render_bulletin}


def _html_cache_key(page: Page, base: str) -> str | None:
    if not page.live_revision_id:
        return None
    host = hashlib.sha256(base.encode()).hexdigest()[:12]
    return f"feed:html:{FEED_FORMAT}:{host}:{page.pk}:{page.live_revision_id}"


def pages_html(pages: list[Page], request, base: str) -> dict[int, str]:
    """Each page's body as sanitised HTML with absolute URLs, from the cache when its live revision was rendered before."""
    keys = {page.pk: _html_cache_key(page, base) for page in pages}
    cached = cache.get_many([key for key in keys.values() if key])
    html: dict[int, str] = {}
    fresh: dict[str, str] = {}
    for page in pages:
        key = keys[page.pk]
        if key in cached:
            html[page.pk] = cached[key]
            continue
        rendered = sanitize_html(str(_RENDERERS[type(page)](page, request)))
        rendered = _RELATIVE_URL.sub(lambda match: f'{match[1]}{base}{match[2]}"', rendered)
        if "<pre" not in rendered:
            rendered = _BLANK_LINES.sub("\n", rendered).strip()
        html[page.pk] = rendered
        if key:
            fresh[key] = rendered
    if fresh:
        cache.set_many(fresh, timeout=HTML_CACHE_SECONDS)
    return html
