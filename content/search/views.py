"""Reader-facing search: the page at /search/?q= and the app's JSON at /api/search/ (thin: they call engine.py)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from .engine import COLUMN_LABELS, SearchQueryError, search

SEARCH_PAGE_SIZE = 10
API_DEFAULT_LIMIT = 10
API_MAX_LIMIT = 50


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


@require_safe
def search_page(request):
    """Site search at /search/?q=…&page=…, rendered with search/search_results.html.

    Without `q` (a first visit) the page only shows the search form; an unusable `q` shows
    the reason in `error`. Results are ranked (see engine.py), ten a page.
    """
    query = (request.GET.get("q") or "").strip()
    page_obj, error = None, ""
    if "q" in request.GET:
        try:
            page_obj = Paginator(search(query=query), SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
        except SearchQueryError as exc:
            error = str(exc)
    context = {
        "query": query[:200],
        "results": list(page_obj.object_list) if page_obj is not None else [],
        "page_obj": page_obj,
        "error": error,
    }
    return TemplateResponse(request, "search/search_results.html", context)


@require_safe
def search_api(request):
    """GET /api/search/?q=&column=&limit= → {"results": [{"url", "title", "kind", "column", "snippet", "score"}]}.

    `snippet` is HTML: escaped text with <mark> around the matched words. `column` is one of
    credit, loans, aml, antifraud; `limit` 1–50 (10 by default). A bad parameter answers 400
    with {"error": "<中文说明>"}.
    """
    column = request.GET.get("column", "")
    if column and column not in COLUMN_LABELS:
        return _json({"error": "栏目不存在，可选：credit、loans、aml、antifraud。"}, status=400)
    raw_limit = request.GET.get("limit", "")
    try:
        limit = int(raw_limit) if raw_limit else API_DEFAULT_LIMIT
    except ValueError:
        limit = 0
    if not 1 <= limit <= API_MAX_LIMIT:
        return _json({"error": f"limit 应为 1 到 {API_MAX_LIMIT} 之间的整数。"}, status=400)
    try:
        results = search(query=request.GET.get("q", ""), column=column, limit=limit)
    except SearchQueryError as exc:
        return _json({"error": str(exc)}, status=400)
    return _json({"results": [result.as_json() for result in results]})
