"""Reader-facing views outside the page tree: the app's JSON feed (thin: it calls selectors; search is in search/views.py)."""

import json

from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags
from django.views.decorators.http import require_safe

from .feed import (
    CACHE_MAX_AGE,
    CONTENT_TYPE,
    FeedQueryError,
    feed_document,
    feed_etag,
    feed_query_from_params,
)


def _etag_matches(header: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison: W/"x" matches "x" (RFC 9110, 13.1.2)."""
    if not header:
        return False
    candidates = parse_etags(header)
    return "*" in candidates or any(candidate.removeprefix("W/") == etag for candidate in candidates)


def _cacheable(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=CACHE_MAX_AGE)
    return response


@require_safe
def feed(request):
    """The JSON Feed 1.1 at /api/feed/; answers 304 when If-None-Match holds the current ETag."""
    try:
        query = feed_query_from_params(params=request.GET)
    except FeedQueryError as error:
        return JsonResponse({"error": error.message}, status=error.status, json_dumps_params={"ensure_ascii": False})
    etag = feed_etag(query=query, request=request)
    if _etag_matches(request.headers.get("If-None-Match", ""), etag):
        return _cacheable(HttpResponseNotModified(), etag)
    document = feed_document(query=query, request=request)
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return _cacheable(HttpResponse(body, content_type=CONTENT_TYPE), etag)
