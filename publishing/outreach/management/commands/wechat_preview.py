"""`manage.py wechat_preview <page> --to <wechat id>`: send the page's WeChat article to a phone."""

from django.core.management.base import BaseCommand, CommandError

from content.page_lookup import page_for_command

from ...preview import PreviewError, wechat_preview_send
from ...selectors import wechat_settings_for


class Command(BaseCommand):
    help = (
        "Send a page's WeChat article (its latest revision, built exactly as a delivery would send it) "
        "to test readers' WeChat through message/mass/preview. --to may be given more than once; "
        "without it the preview goes to the 预览微信号 of 公众号设置."
    )

    def add_arguments(self, parser):
        parser.add_argument("page", help="Page id, URL path (/antifraud/bulletin-2/) or the admin's path (/home/antifraud/bulletin-2/)")
        parser.add_argument("--to", action="append", default=[], help="A WeChat ID (a follower of the account).")

    def handle(self, *args, page, to, **options):
        target = page_for_command(page)
        recipients = to or (wechat_settings_for(target).preview_recipients if wechat_settings_for(target) else [])
        try:
            results = wechat_preview_send(page=target, to=recipients)
        except PreviewError as error:
            raise CommandError(error.message) from error
        for result in results:
            line = f"{result.wechat_id}：{result.message}"
            self.stdout.write(self.style.SUCCESS(line) if result.ok else self.style.ERROR(line))
        if not any(result.ok for result in results):
            raise CommandError("没有一条预览发送成功。")
