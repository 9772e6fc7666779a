"""`manage.py weekly_report [--week YYYY-MM-DD] [--send]`: make the 运营周报 (long image and PDF)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ...report import weekly_report_make, weekly_report_send
from ...selectors import week_start


class Command(BaseCommand):
    help = (
        "Make the weekly 运营周报 of the week containing --week (default: last week) as a long image and an "
        "A4 PDF with the render engine, store them under media/reports/weekly/, and with --send tell the team "
        "(通知设置: 运营周报)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--week", help="Any day of the week, YYYY-MM-DD; default last week.")
        parser.add_argument("--send", action="store_true", help="Also send it to the team's robots and e-mail.")

    def handle(self, *args, week=None, send=False, **options):
        if week:
            try:
                monday = week_start(datetime.date.fromisoformat(week))
            except ValueError as error:
                raise CommandError(f"日期格式应为 YYYY-MM-DD：{week}") from error
        else:
            monday = week_start(timezone.localdate()) - datetime.timedelta(days=7)
        report = weekly_report_send(monday=monday) if send else weekly_report_make(monday=monday)
        self.stdout.write(f"{report.title}：{report.summary}")
        self.stdout.write(f"长图 {report.image}\nPDF {report.pdf}")
        self.stdout.write(self.style.SUCCESS("已发送给团队。" if send else "已生成。"))
