"""The answer desk for readers: the H5 page at /ask/?q= and GET /api/ask/?q= (thin: they call answer.py).

Both say the same thing: the answer with its sources and confidence, and the hand-off — for a
fraud in progress 110 and 96110 first, then the 消保专线 (number and hours from the brand
setting) and the desk's form for leaving a request. Questions are rate-limited per client with
the desk's limiter and counted for editors with personal data removed (questions.py).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from ..desk.ratelimit import limit_exceeded
from ..templatetags.reader_tags import brand_settings
from .answer import Answer, answer_question
from .engine import SearchQueryError
from .intents import COMPLAINT, FRAUD_IN_PROGRESS, PERSONAL_ACCOUNT
from .phrasing import phrase_answer
from .questions import question_record

logger = logging.getLogger(__name__)

EMERGENCY = [
    {"number": "110", "name": "报警电话", "tel": "tel:110"},
    {"number": "96110", "name": "反诈预警劝阻专线", "tel": "tel:96110"},
]
HANDOFF_MESSAGES = {
    FRAUD_IN_PROGRESS: "如果正在被要求转账、共享屏幕或提供验证码，请立即停止操作，马上拨打 110 报警或 96110 咨询。",
    PERSONAL_ACCOUNT: "涉及你本人账户或业务的问题，请联系消保专线，由工作人员核实身份后处理。",
    COMPLAINT: "投诉和举报请留下诉求，消保专线会登记受理编号并在规定期限内答复。",
    "low_confidence": "这个回答不一定完全对应你的问题。如需进一步帮助，可以联系消保专线的工作人员。",
    "no_answer": "问答助手没能回答这个问题，请联系消保专线的工作人员。",
}
EXAMPLES = ["网贷逾期会影响征信吗", "借一万只到手八千合法吗", "朋友借我的银行卡用有风险吗", "被骗了怎么办", "征信修复是真的吗"]
RATE_LIMITED = "提问太频繁了，请稍后再试。如遇正在发生的诈骗，请直接拨打 110 或 96110。"


def _ask_limit() -> int:
    return int(getattr(settings, "ASK_PER_MINUTE", 20))


def handoff_for(answer: Answer | None, request) -> dict:
    """The human side of an answer: whether it is needed, why, the emergency lines, the 消保专线 and the form."""
    brand = brand_settings(request)
    reason = answer.handoff_reason if answer is not None else ""
    return {
        "needed": bool(reason),
        "reason": reason,
        "message": HANDOFF_MESSAGES.get(reason, "需要人工帮助时，可以联系消保专线。"),
        "emergency": EMERGENCY if reason == FRAUD_IN_PROGRESS else [],
        "hotline": {
            "name": "消保专线",
            "number": brand.hotline_number,
            "hours": brand.service_hours,
            "tel": "tel:" + "".join(char for char in brand.hotline_number if char.isdigit() or char == "+"),
        },
        "request_url": reverse("desk:form"),
    }


def _answer(request, question: str) -> Answer:
    answer = phrase_answer(answer_question(question=question))
    question_record(answer=answer)
    return answer


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


@require_safe
def ask_api(request):
    """GET /api/ask/?q= → {"answer", "sources": [{"url", "title"}], "confidence", "handoff": {...}}.

    400 with {"error": "<中文说明>"} for an unusable question, 429 when one client asks too often.
    """
    if limit_exceeded(request, scope="ask", limit=_ask_limit()):
        response = _json({"error": RATE_LIMITED, "handoff": handoff_for(None, request)}, status=429)
        response["Retry-After"] = "60"
        return response
    try:
        answer = _answer(request, request.GET.get("q", ""))
    except SearchQueryError as error:
        return _json({"error": str(error)}, status=400)
    return _json({
        "answer": answer.text,
        "sources": [source.as_json() for source in answer.sources],
        "confidence": answer.confidence,
        "handoff": handoff_for(answer, request),
        "phrased": answer.phrased_by_model,
    })


@require_safe
def ask_page(request):
    """/ask/: the question form, and with ?q= the answer, its sources and the hand-off (search/ask.html)."""
    question = (request.GET.get("q") or "").strip()
    context = {"question": question[:200], "answer": None, "error": "", "handoff": handoff_for(None, request),
               "examples": EXAMPLES}
    status = 200
    if "q" in request.GET:
        if limit_exceeded(request, scope="ask", limit=_ask_limit()):
            context["error"], status = RATE_LIMITED, 429
        else:
            try:
                answer = _answer(request, question)
            except SearchQueryError as error:
                context["error"] = str(error)
            else:
                context["answer"] = answer
                context["handoff"] = handoff_for(answer, request)
    return TemplateResponse(request, "search/ask.html", context, status=status)
