"""The weekly 运营周报: the week's numbers as a long image (for the team's chat) and an A4 PDF,
both laid out and drawn by the render engine, then announced to the team.

The content is one dictionary (`weekly_report_context`) drawn by two templates in
`themes/posters/_base/reports/` that share their body: `weekly_poster.html` through
`render_poster` (slices, covers, the engine's fonts) and `weekly_pdf.html` through `render_pdf`.
Files are stored under `reports/weekly/<Monday>/` in default storage.
"""

import datetime
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from core.public_urls import public_url
from core.sites import default_site
from publishing.render.context import Stamp
from publishing.render.document import RenderDocument, template_engine
from publishing.render.fonts import font_face_css
from publishing.render.pdf import render_pdf
from publishing.render.poster import render_poster
from publishing.render.stylesheet import resolve_document_properties
from publishing.render.themes import theme_get
from themes.catalogue import DEFAULT_THEME

from .charts import ranking_bars, stacked_bars
from .models import CHANNEL_LABELS, CHANNELS, CollectionRun, CollectionStatus, DailyStat
from .selectors import (
    alerts_shared,
    bulletin_comparison,
    quiz_misconceptions,
    top_pages,
    week_start,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WeeklyReport:
    title: str
    monday: datetime.date
    summary: str
    image: str  # storage name of the full long image
    pdf: str


def _sums(start: datetime.date, end: datetime.date) -> dict[str, tuple[int, int]]:
    from django.db.models import Sum

    rows = (DailyStat.objects.filter(day__gte=start, day__lte=end).values_list("channel")
            .annotate(reads=Sum("reads"), shares=Sum("shares")))
    return {channel: (reads or 0, shares or 0) for channel, reads, shares in rows}


def weekly_report_context(*, monday: datetime.date) -> dict:
    """Everything the report shows for the week starting `monday`."""

    from content.models import BrandSettings

    sunday = monday + datetime.timedelta(days=6)
    this, last = _sums(monday, sunday), _sums(monday - datetime.timedelta(days=7), monday - datetime.timedelta(days=1))
    totals = []
    for channel in CHANNELS:
        reads = this.get(channel, (0, 0))[0]
        before = last.get(channel, (0, 0))[0]
        change = round(100 * (reads - before) / before) if before else None
        totals.append((CHANNEL_LABELS[channel], reads, change))
    days = [monday + datetime.timedelta(days=n) for n in range(7)]
    daily: dict[tuple[str, datetime.date], int] = {}
    for channel, day, reads in DailyStat.objects.filter(day__gte=monday, day__lte=sunday).values_list(
            "channel", "day", "reads"):
        daily[(channel, day)] = daily.get((channel, day), 0) + reads
    quiz = quiz_misconceptions(today=sunday)
    site = default_site()
    brand = BrandSettings.for_site(site).name if site else "金融常识"
    title = f"运营周报 {monday:%m.%d}–{sunday:%m.%d}"
    return {
        "title": title, "brand_name": brand, "week_label": f"{monday:%Y.%m.%d}–{sunday:%m.%d}",
        "generated_at": timezone.localtime(), "channel_totals": totals,
        "total_reads": sum(reads for _c, reads, _ch in totals),
        "total_shares": sum(shares for _r, shares in this.values()),
        "daily_chart": stacked_bars(categories=[f"{d:%m-%d}" for d in days], title="每日阅读",
                                    series={CHANNEL_LABELS[c]: [daily.get((c, d), 0) for d in days] for c in CHANNELS}),
        "top": top_pages(days=7, limit=8, today=sunday),
        "bulletin_chart": ranking_bars(rows=bulletin_comparison(limit=6), title="各期周报"),
        "alerts_chart": ranking_bars(rows=alerts_shared(days=7, limit=6, today=sunday), title="预警分享", unit=" 次"),
        "quiz_chart": ranking_bars(rows=[(q, round(100 * wrong / answered)) for q, answered, wrong in quiz[:6]],
                                   title="答错率", unit="%"),
        "missing": list(CollectionRun.objects.filter(day__gte=monday, day__lte=sunday)
                        .exclude(status__in=(CollectionStatus.DONE, CollectionStatus.NOT_CONFIGURED))),
    }


def _document(template: str, context: dict, kind: str) -> RenderDocument:
    context = {**context, "font_css": font_face_css(("sans",))}
    html = resolve_document_properties(template_engine().get_template(template).render(context))
    return RenderDocument(html=html, theme=theme_get(DEFAULT_THEME), kind=kind, title=context["title"],
                          stamp=Stamp(url="", lines=()),
                          metadata={"title": context["title"], "author": context["brand_name"], "lang": "zh-CN"})


def weekly_report_make(*, monday: datetime.date) -> WeeklyReport:
    """Render the week's report as a long image and a PDF and store both; returns where they are."""
    monday = week_start(monday)
    context = weekly_report_context(monday=monday)
    folder = f"reports/weekly/{monday:%Y-%m-%d}"
    poster = render_poster(_document("_base/reports/weekly_poster.html", context, "poster"))
    pdf = render_pdf(_document("_base/reports/weekly_pdf.html", context, "pdf")).files[0].data
    _clear_folder(folder)  # an earlier make of this week's report
    stored = {}
    for file in poster.files:
        if file.kind in ("full", "slice"):
            stored[file.name] = default_storage.save(f"{folder}/{file.name}", ContentFile(file.data))
    pdf_name = default_storage.save(f"{folder}/yunying-zhoubao-{monday:%Y%m%d}.pdf", ContentFile(pdf))
    summary = "；".join(f"{channel} {reads}" for channel, reads, _change in context["channel_totals"])
    return WeeklyReport(title=context["title"], monday=monday, summary=f"合计阅读 {context['total_reads']}（{summary}）",
                        image=stored["poster.jpg"], pdf=pdf_name)


def _clear_folder(folder: str) -> None:
    """Delete the files under `folder`: private files are saved in a random sub-folder each
    (core/storage.py), so an earlier make cannot be found by its name."""
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        default_storage.delete(f"{folder}/{name}")
    for directory in directories:
        _clear_folder(f"{folder}/{directory}")


def _absolute(name: str) -> str:
    """The stored report file's address in the admin (media files other than images are private)."""
    from django.urls import reverse

    return public_url(reverse("stats_report_file", kwargs={"name": name}))


def weekly_report_send(*, monday: datetime.date | None = None) -> WeeklyReport:
    """Make last week's report (or `monday`'s week) and tell the team (通知设置: 运营周报)."""
    from publishing.notifications.models import WEEKLY_REPORT
    from publishing.notifications.services import notify

    monday = monday or week_start(timezone.localdate()) - datetime.timedelta(days=7)
    report = weekly_report_make(monday=monday)
    notify(event=WEEKLY_REPORT, key=f"weekly-report:{report.monday}", title=report.title,
           text=f"{report.summary}\n长图：{_absolute(report.image)}\nPDF：{_absolute(report.pdf)}",
           link=_absolute(report.image))
    return report
