"""`manage.py prepare_bulletin`: create next week's bulletin draft (does nothing if it exists)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from content.bulletins import BulletinPreparationError, bulletin_prepare, today_in_shanghai
from core.arguments import date_within

# How far from the real today --today may be: enough to prepare ahead or redo a past week,
# not so far that the week's dates and issue numbers stop meaning anything.
TODAY_WINDOW_DAYS = 366


class Command(BaseCommand):
    help = (
        "Create next week's anti-fraud bulletin (防诈周报) as a draft: next issue number, the week's "
        "dates, alerts from the case studies published since the last issue (or, when there are none, "
        "from the fraud types most reported lately), hotlines, and a go-live time of Monday 09:00 "
        "Asia/Shanghai. Does nothing if that week's bulletin exists."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help=(f"Prepare as if today were this date (YYYY-MM-DD, at most {TODAY_WINDOW_DAYS} days from the "
                  "real today); default: today in Asia/Shanghai."),
        )

    def handle(self, *args, today=None, **options):
        if today is not None:
            real = today_in_shanghai()
            window = datetime.timedelta(days=TODAY_WINDOW_DAYS)
            today = date_within(today, name="--today", earliest=real - window, latest=real + window)
        try:
            result = bulletin_prepare(today=today)
        except BulletinPreparationError as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError("无法创建周报草稿：" + "；".join(error.messages)) from None
        page = result.page
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"已创建周报草稿：{page.title}（{page.alerts.count()} 条预警，"
                    f"计划上线 {page.go_live_at:%Y-%m-%d %H:%M}）"
                )
            )
            self.stdout.write(result.note)
        else:
            self.stdout.write(f"本周报已存在，未做改动：{page.title}")
