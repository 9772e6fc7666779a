"""Export of the queue's current selection as CSV or XLSX: masked for agents; unmasked only with
`desk.export_unmasked` and `unmasked=1`, and then recorded as an Event with who and how many."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, StreamingHttpResponse
from django.views import View

from ..deadlines import shanghai_date
from ..export import export_csv, export_queryset, export_rows, export_xlsx
from ..models import Event
from .queue_filters import DeskRequestFilterSet

logger = logging.getLogger(__name__)


class ExportView(View):
    def get(self, request):
        if not request.user.has_perm("desk.view_deskrequest"):
            raise PermissionDenied
        unmasked = request.GET.get("unmasked") == "1"
        if unmasked and not request.user.has_perm("desk.export_unmasked"):
            raise PermissionDenied
        filters = DeskRequestFilterSet(request.GET, queryset=export_queryset(), request=request)
        queryset = filters.qs
        count = queryset.count()
        Event.objects.create(
            request=None, actor=request.user, action=Event.Action.EXPORTED,
            detail={"count": count, "unmasked": unmasked, "format": request.GET.get("format", "csv"),
                    "filters": {key: value for key, value in request.GET.items() if key not in ("format", "unmasked", "phone")}},
        )
        logger.info("User %s exported %d desk requests (unmasked=%s)", request.user.pk, count, unmasked)
        stem = f"xiaobao-{shanghai_date():%Y%m%d}{'-unmasked' if unmasked else ''}"
        rows = export_rows(queryset, unmasked=unmasked)
        if request.GET.get("format") == "xlsx":
            response = FileResponse(export_xlsx(rows), as_attachment=True, filename=f"{stem}.xlsx",
                                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        else:
            response = StreamingHttpResponse(export_csv(rows), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        response["Cache-Control"] = "no-store, private"
        return response
