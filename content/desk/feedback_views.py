"""The POST target of the 这篇有帮助吗 form on every reader page.

It works without JavaScript (a normal form POST answered with a small thank-you page) and
with it (themes/static/js/feedback.js sends the same POST and asks for JSON). The view is
exempt from CSRF on purpose: reader pages are served from the page cache and must not carry
a per-reader token, and a forged vote changes nothing but a counter, which the per-address
rate limit bounds. Nothing about the reader is stored.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from wagtail.models import Page

from .feedback import MAX_COMMENT, feedback_record
from .ratelimit import limit_exceeded

VOTES_PER_MINUTE = 20


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _answer(request, *, status: int, message: str, page=None):
    if _wants_json(request):
        return JsonResponse({"ok": status == 200, "message": message}, status=status, json_dumps_params={"ensure_ascii": False})
    context = {"message": message, "back_url": page.url if page is not None else "/", "ok": status == 200}
    return TemplateResponse(request, "desk/feedback_thanks.html", context, status=status)


@csrf_exempt
@never_cache
@require_POST
def page_feedback(request):
    try:
        page = Page.objects.live().public().filter(pk=int(request.POST.get("page", ""))).first()
    except ValueError:
        page = None
    if page is None:
        return _answer(request, status=400, message="找不到要反馈的页面。")
    vote = request.POST.get("helpful")
    if vote not in ("yes", "no"):
        return _answer(request, status=400, message="请选择“有帮助”或“没帮助”。", page=page)
    comment = request.POST.get("comment", "")
    if len(comment) > MAX_COMMENT:
        return _answer(request, status=400, message=f"留言最多 {MAX_COMMENT} 字。", page=page)
    if limit_exceeded(request, scope="feedback", limit=VOTES_PER_MINUTE):
        return _answer(request, status=429, message="反馈太频繁了，请稍后再试。", page=page)
    feedback_record(page=page, helpful=vote == "yes", comment=comment)
    return _answer(request, status=200, message="谢谢您的反馈！", page=page)
