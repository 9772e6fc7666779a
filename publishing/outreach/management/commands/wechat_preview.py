"""`manage.py wechat_preview <page> --to <wechat id>`: send the page's WeChat article to a phone."""

from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Page

from ...preview import PreviewError, wechat_preview_send
from ...selectors import wechat_settings_for


class Command(BaseCommand):
    help = (
        "Send a page's WeChat article (its latest revision, built exactly as a delivery would send it) "
        "to test readers' WeChat through message/mass/preview. --to may be given more than once; "
        "without it the preview goes to the 预览微信号 of 公众号设置."
    )

    def add_arguments(self, parser):
        parser.add_argument("page", help="Page id, or its URL path such as /antifraud/bulletin-2/")
        parser.add_argument("--to", action="append", default=[], help="A WeChat ID (a follower of the account).")

    def handle(self, *args, page, to, **options):
        target = self._page(page)
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

    def _page(self, reference: str):
        if reference.isdigit():
            page = Page.objects.filter(pk=int(reference)).first()
        else:
            path = "/" + reference.strip("/") + "/"
            page = next((p for p in Page.objects.all() if p.url == path), None)
        if page is None:
            raise CommandError(f"找不到页面 {reference}")
        return page.specific
