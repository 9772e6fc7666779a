"""manage.py desk_deadlines: e-mail the 客服专员 group about requests near or past their deadline."""

from django.core.management.base import BaseCommand

from content.desk.notifications import deadline_notices_send


class Command(BaseCommand):
    help = (
        "Send one e-mail to the active members of 客服专员 listing the open requests that have newly come "
        "within DESK_DEADLINE_WARN_DAYS of their deadline or passed it. Each state is notified once. Run hourly."
    )

    def handle(self, *args, **options):
        counts = deadline_notices_send()
        self.stdout.write(self.style.SUCCESS(f"已提醒：{counts['overdue']} 条已超期，{counts['near']} 条即将到期。"))
