"""manage.py desk_erase: erase personal data of closed requests past the retention period."""

from django.core.management.base import BaseCommand

from content.desk.retention import requests_erase, retention_days


class Command(BaseCommand):
    help = (
        "Erase the name, phone, text, replies, notes and screenshots of every request closed more than "
        "DESK_RETENTION_DAYS days ago, keeping it anonymised for statistics. Run daily (cron or scheduler)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only count what would be erased")

    def handle(self, *args, dry_run=False, **options):
        count = requests_erase(dry_run=dry_run)
        verb = "将删除" if dry_run else "已删除"
        self.stdout.write(self.style.SUCCESS(f"{verb} {count} 条诉求的个人信息（办结超过 {retention_days()} 天）。"))
