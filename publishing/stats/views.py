"""The 阅读数据 view (charts for marketing and editors) and the app's signed events endpoint."""

import json

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .collectors.app import EventsRejected, app_events_ingest
from .dashboard import DASHBOARD_SECONDS, dashboard_get
from .models import CollectionRun, CollectionStatus


class StatsView(WagtailAdminTemplateMixin, TemplateView):
    """阅读数据: reads per channel per week, bulletins compared, top pages, shared alerts, quiz misconceptions."""

    template_name = "stats/index.html"
    page_title = "阅读数据"
    header_icon = "view"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board = dashboard_get(refresh=self.request.GET.get("refresh") == "1")
        context.update(
            board=board,
            refresh_minutes=DASHBOARD_SECONDS // 60,
            missing=CollectionRun.objects.exclude(status=CollectionStatus.DONE).exclude(
                status=CollectionStatus.NOT_CONFIGURED).order_by("-day")[:10],
        )
        return context


@csrf_exempt
@require_POST
def app_events(request):
    """`POST /api/stats/events/`: a signed batch of the app's reading events (see collectors/app.py)."""
    try:
        result = app_events_ingest(body=request.body, timestamp=request.headers.get("X-Jrcs-Timestamp", ""),
                                   signature=request.headers.get("X-Jrcs-Signature", ""))
    except EventsRejected as error:
        return JsonResponse({"error": error.message}, status=error.status)
    except (ValueError, json.JSONDecodeError):
        return JsonResponse({"error": "body must be JSON"}, status=400)
    return JsonResponse(result, status=200)


REPORT_FOLDER = "reports/weekly/"


@require_safe
def report_file(request, name: str):
    """A stored 运营周报 file (its long image or PDF), for anyone who may open the admin.

    Media files other than images are private (core/storage.py, cms/media.py): the team's
    robots get this admin address, which asks them to log in.
    """
    if not name.startswith(REPORT_FOLDER) or ".." in name.split("/") or not default_storage.exists(name):
        raise Http404("没有这个报告")
    response = FileResponse(default_storage.open(name, "rb"), filename=name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    return response
