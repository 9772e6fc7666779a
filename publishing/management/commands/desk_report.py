"""manage.py desk_report --month YYYY-MM --out DIR: the desk's monthly report as a PDF file."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.desk.analysis import Month
from publishing.render.errors import RenderError
from publishing.reports.desk import desk_report_filename, desk_report_pdf


class Command(BaseCommand):
    help = (
        "Render the 消保专线 monthly report (requests per week, deadlines met, frequent words, pages "
        "readers found unhelpful) as an A4 PDF into DIR. No personal data is in it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="the month, YYYY-MM (Asia/Shanghai)")
        parser.add_argument("--out", required=True, help="folder to write xiaobao-report-YYYY-MM.pdf into")

    def handle(self, *args, month, out, **options):
        try:
            parsed = Month.parse(month)
        except ValueError as error:
            raise CommandError(str(error)) from error
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        try:
            data = desk_report_pdf(month=parsed)
        except RenderError as error:
            raise CommandError(f"月度报告生成失败：{error}") from error
        path = folder / desk_report_filename(parsed)
        path.write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"{path}（{len(data):,} 字节，{time.perf_counter() - started:.1f} 秒）"))
