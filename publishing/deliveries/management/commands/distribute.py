"""`manage.py distribute <page>`: push a published page to its channels and print a JSON status per channel."""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from content.page_lookup import page_for_command
from publishing.channels.base import CHANNEL_NAMES

from ... import services
from ...models import ACTIVE_STATUSES, Delivery
from ...selectors import delivery_summary


class Command(BaseCommand):
    help = (
        "Deliver a published page (id, URL path or the admin's path: 42, /antifraud/bulletin-2/ or "
        "/home/antifraud/bulletin-2/) to its channels: "
        "create the missing deliveries of its live revision and queue them for the task worker "
        "(`manage.py db_worker`). --channel limits it to one channel (app, wechat, douyin, "
        "wechat_channels); --mode publish|mass chooses 发布 or 群发 for WeChat; --wait waits until each delivery stops moving and prints the final JSON. "
        "A delivery that ended as 未配置 (not_configured) is sent now if its channel has its credentials; "
        "a channel still without them leaves it so."
    )

    def add_arguments(self, parser):
        parser.add_argument("page", help="Page id, URL path (/antifraud/bulletin-2/) or the admin's path (/home/antifraud/bulletin-2/)")
        parser.add_argument("--channel", action="append", choices=CHANNEL_NAMES, dest="channels",
                            help="Only this channel (may be given more than once).")
        parser.add_argument("--mode", choices=("publish", "mass"),
                            help="How WeChat sends it: publish (发布, notifies nobody) or mass (群发 to followers); "
                                 "default: 公众号设置 for the page type.")
        parser.add_argument("--wait", action="store_true", help="Wait for the worker to finish, then print.")
        parser.add_argument("--timeout", type=float, default=300.0, help="Seconds to wait with --wait (default 300).")

    def handle(self, *args, page, channels, wait, timeout, mode=None, **options):
        target = page_for_command(page)
        try:
            deliveries = services.deliveries_distribute(page=target, channels=channels, mode=mode)
        except services.DeliveryActionError as error:
            raise CommandError(str(error)) from error
        if not deliveries:
            raise CommandError(f"页面“{target.title}”的类型没有启用任何渠道（见 渠道设置）。")
        ids = [delivery.pk for delivery in deliveries]
        if wait:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                moving = Delivery.objects.filter(pk__in=ids, status__in=ACTIVE_STATUSES)
                if not moving.exists():
                    break
                time.sleep(0.5)
        current = Delivery.objects.filter(pk__in=ids).order_by("pk")
        result = {delivery.channel: delivery_summary(delivery) for delivery in current}
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        still_moving = [d.channel for d in current if d.status in ACTIVE_STATUSES]
        if wait and still_moving:
            raise CommandError(f"等待超时，仍在进行：{', '.join(still_moving)}。确认 `manage.py db_worker` 正在运行。")
        self.stdout.write(self.style.SUCCESS(f"“{target.title}”：{len(ids)} 个渠道已排队或完成。"))
