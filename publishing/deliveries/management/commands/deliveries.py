"""`manage.py deliveries`: list deliveries for operators, and resume the ones a dead worker left behind."""

import json

from django.core.management.base import BaseCommand

from core.arguments import MAX_ID, whole_number
from publishing.channels.base import CHANNEL_NAMES

from ... import tasks
from ...models import DeliveryStatus
from ...selectors import delivery_list, delivery_summary

DEFAULT_LIMIT = 50
MAX_LIMIT = 10_000


class Command(BaseCommand):
    help = (
        "List deliveries, newest first: --status (pending, rendering, sending, awaiting_confirmation, "
        "published, failed, cancelled, not_configured), --channel, --page. --json prints them as JSON. --resume queues "
        "the deliveries nobody is working on (their worker died or their deferred task was lost) so "
        "they carry on from their last recorded step; it never sends a failed, cancelled or 未配置 one "
        "(send those on purpose: 重新投递 in the admin, or `manage.py distribute`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--status", choices=DeliveryStatus.values)
        parser.add_argument("--channel", choices=CHANNEL_NAMES)
        parser.add_argument("--page", help="Page id")
        parser.add_argument("--limit", default=DEFAULT_LIMIT, help=f"How many to list (1 to {MAX_LIMIT}, default {DEFAULT_LIMIT})")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print JSON instead of a table.")
        parser.add_argument("--resume", action="store_true", help="Queue stalled deliveries again.")

    def handle(self, *args, status, channel, page, limit, as_json, resume, **options):
        limit = whole_number(limit, name="--limit", low=1, high=MAX_LIMIT)
        if page is not None:
            page = whole_number(page, name="--page", low=1, high=MAX_ID)
        if resume:
            resumed = tasks.deliveries_resume_stalled()
            for delivery in resumed:
                self.stdout.write(f"已重新排队 #{delivery.pk} {delivery}（{delivery.display_status}）")
            self.stdout.write(self.style.SUCCESS(f"重新排队 {len(resumed)} 条投递。"))
            return
        deliveries = list(delivery_list(status=status, channel=channel, page_id=page)[:limit])
        if as_json:
            self.stdout.write(json.dumps([delivery_summary(d) for d in deliveries], ensure_ascii=False, indent=2, default=str))
            return
        for delivery in deliveries:
            message = delivery.status_message.replace("\n", " ")
            self.stdout.write(
                f"#{delivery.pk:<5} {delivery.channel:<16} {delivery.display_status:<14} "
                f"{delivery.page_title[:24]:<24} {message[:70]}"
            )
        self.stdout.write(self.style.SUCCESS(f"共 {len(deliveries)} 条。"))
