"""`manage.py collect_stats [--date YYYY-MM-DD]`: collect a day's reading numbers from every platform."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ...services import stats_collect, stats_collect_due


class Command(BaseCommand):
    help = (
        "Collect one day's reading numbers (WeChat 数据统计, Douyin video data; the app and the reader "
        "pages are counted as they happen) into 阅读数据. --date defaults to yesterday; --due collects "
        "yesterday and retries the last week's days that were late or failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day, YYYY-MM-DD (Beijing time); default yesterday.")
        parser.add_argument("--due", action="store_true", help="Yesterday and every late day of the last week.")

    def handle(self, *args, date=None, due=False, **options):
        if due:
            runs = stats_collect_due()
        else:
            if date:
                try:
                    day = datetime.date.fromisoformat(date)
                except ValueError as error:
                    raise CommandError(f"日期格式应为 YYYY-MM-DD：{date}") from error
            else:
                day = timezone.localdate() - datetime.timedelta(days=1)
            if day >= timezone.localdate():
                raise CommandError("只能采集昨天及以前的数据。")
            runs = list(stats_collect(day=day).values())
        for run in runs:
            line = f"{run.day} {run.channel}: {run.get_status_display()}，{run.items} 条 {run.message}".rstrip()
            self.stdout.write(self.style.SUCCESS(line) if run.status == "done" else self.style.WARNING(line))
