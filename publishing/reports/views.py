"""The admin download of the desk's monthly report PDF (linked from 消保分析 through a hook)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect

from content.desk.analysis import Month
from publishing.render.errors import RenderError

from .desk import desk_report_filename, desk_report_pdf


def desk_report_download(request):
    if not request.user.has_perm("desk.view_desk_analysis"):
        raise PermissionDenied
    try:
        month = Month.parse(request.GET.get("month", ""))
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("desk_analysis")
    try:
        data = desk_report_pdf(month=month)
    except RenderError as error:
        messages.error(request, f"月度报告生成失败：{error}")
        return redirect(f"{redirect('desk_analysis').url}?month={month}")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{desk_report_filename(month)}"'
    response["Cache-Control"] = "no-store, private"
    return response
