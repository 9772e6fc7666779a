"""The account's callback URL (`/wechat/callback/`, 服务器配置 in the 公众平台): WeChat's URL
check and its events, of which the platform acts on the end of a 群发 (mass_reports.py)."""

import logging
import re

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from publishing.channels.wechat.callback import CallbackRefused, callback_verify, event_parse

from .mass_reports import mass_report_record

logger = logging.getLogger(__name__)

# WeChat's echostr is a number; anything else is not echoed (no reflected content).
ECHOSTR = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


def _plain(text: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(text, content_type="text/plain; charset=utf-8", status=status)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def wechat_callback(request):
    """GET: echo `echostr` when WeChat signed the check. POST: read the event, answer "success"."""
    token = getattr(settings, "WECHAT_CALLBACK_TOKEN", "")
    if not token:
        raise Http404("callback not configured")
    try:
        callback_verify(token=token, signature=request.GET.get("signature", ""),
                        timestamp=request.GET.get("timestamp", ""), nonce=request.GET.get("nonce", ""))
    except CallbackRefused as refused:
        logger.warning("WeChat callback refused: %s", refused)
        return HttpResponseForbidden("signature", content_type="text/plain")
    if request.method == "GET":
        echostr = request.GET.get("echostr", "")
        if not ECHOSTR.match(echostr):
            return HttpResponseBadRequest("echostr", content_type="text/plain")
        return _plain(echostr)
    try:
        event = event_parse(request.body)
    except CallbackRefused as refused:
        logger.warning("WeChat callback body refused: %s", refused)
        return HttpResponseBadRequest("body", content_type="text/plain")
    if event is not None:
        mass_report_record(event=event)
    return _plain("success")
