"""The app's JSON API of the desk: submit a request, look one up with the phone's last four digits.

`POST /api/desk/requests/` takes JSON (or multipart form data when screenshots come along)
and answers 201 `{"number", "status", "due", ...}`, 400 with the Chinese message per field,
or 429 when one address sends too many. `GET /api/desk/requests/<number>/?phone_last4=NNNN`
answers the status and replies, or 404 whenever anything does not match. No endpoint lists
requests. The API takes no cookies, so it needs no CSRF token.
"""

from __future__ import annotations

import json

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .errors import RequestNotFound
from .intake import submission_take
from .models.requests import Source
from .ratelimit import RATE_LIMIT_MESSAGE, limit_exceeded, submission_limit
from .services import request_for_reader

LOOKUPS_PER_MINUTE = 30


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def receipt_json(receipt) -> dict:
    desk_request = receipt.request
    data = {
        "number": desk_request.number,
        "status": desk_request.status,
        "status_label": desk_request.get_status_display(),
        "due": desk_request.due_date.isoformat(),
        "urgent": desk_request.urgent,
    }
    if receipt.urgent_advice:
        data["advice"] = receipt.urgent_advice
    if receipt.query_code:
        data["query_code"] = receipt.query_code
    return data


def status_json(desk_request) -> dict:
    return {
        "number": desk_request.number,
        "kind": desk_request.kind,
        "kind_label": desk_request.get_kind_display(),
        "status": desk_request.status,
        "status_label": desk_request.get_status_display(),
        "received_at": desk_request.received_at.isoformat(),
        "due": desk_request.due_date.isoformat(),
        "urgent": desk_request.urgent,
        "replies": [{"text": reply.text, "created_at": reply.created_at.isoformat()} for reply in desk_request.replies.all()],
    }


@csrf_exempt
@require_POST
def submit(request):
    if limit_exceeded(request, scope="submit", limit=submission_limit()):
        response = _json({"error": RATE_LIMIT_MESSAGE}, status=429)
        response["Retry-After"] = "60"
        return response
    content_type = request.content_type or ""
    if content_type.startswith("multipart/form-data"):
        data, files = request.POST, request.FILES.getlist("screenshots")
    else:
        try:
            data = json.loads(request.body.decode("utf-8") or "null")
        except (UnicodeDecodeError, json.JSONDecodeError):
            return _json({"errors": {"__all__": ["请求内容不是有效的 JSON。"]}}, status=400)
        if not isinstance(data, dict):
            return _json({"errors": {"__all__": ["请求内容必须是一个 JSON 对象。"]}}, status=400)
        files = []
        wrong_type = {
            key: [f"{key} 必须是字符串。"]
            for key in ("kind", "text", "name", "phone")
            if data.get(key) is not None and not isinstance(data[key], str)
        }
        if data.get("page") is not None and (isinstance(data["page"], bool) or not isinstance(data["page"], int)):
            wrong_type["page"] = ["page 必须是页面编号（整数）。"]
        if wrong_type:
            return _json({"errors": wrong_type}, status=400)
        if "consent" in data and not isinstance(data["consent"], bool):
            return _json({"errors": {"consent": ["consent 必须是 true 或 false。"]}}, status=400)
        data = {key: value for key, value in data.items() if value is not None}
    intake = submission_take(data=data, files=files, channel=Source.APP)
    if intake.receipt is None:
        return _json({"errors": intake.errors}, status=400)
    return _json(receipt_json(intake.receipt), status=201)


@require_GET
def lookup(request, number: str):
    if limit_exceeded(request, scope="lookup", limit=LOOKUPS_PER_MINUTE):
        return _json({"error": RATE_LIMIT_MESSAGE}, status=429)
    try:
        desk_request = request_for_reader(
            number=number, phone_last4=request.GET.get("phone_last4", ""), code=request.GET.get("code", "")
        )
    except RequestNotFound as error:
        return _json({"error": str(error)}, status=404)
    return _json(status_json(desk_request))
