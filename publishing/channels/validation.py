"""What a channel would reject about a page, found when the editor saves or submits it.

`page_channel_errors` checks a page against the limits of every channel enabled for its
page type in 渠道设置 (today: the WeChat article limits: title up to 32 characters, digest
up to 128, author up to 16, content under 20,000 characters and 1 MB once laid out for
WeChat). It returns {field name: [Chinese reasons]} for `ValidationError`, so the admin
shows each reason next to its field. The same checks run again when a delivery is sent.
"""

from core.public_urls import public_url
from core.sites import page_site

from .base import WECHAT

PAGE_FIELDS = ("title", "summary", "body")


def enabled_channels_for(page) -> list[str]:
    """Channel names enabled for the page's type on its site (the default site for a new page)."""
    from publishing.deliveries.models import ChannelSettings

    site = page_site(page)
    if site is None:
        return []
    return ChannelSettings.for_site(site).channels_for(type(page))


def wechat_errors(page) -> dict[str, list[str]]:
    """The WeChat article limits the page breaks, keyed by the page field to fix."""
    from .wechat.content import article_build

    # The page may not be saved yet: its would-be address on the public base URL stands in.
    article = article_build(page=page, page_url=public_url(f"/{page.slug or 'page'}/"))
    errors: dict[str, list[str]] = {}
    for field, reason in article.limit_problems().items():
        if field == "author" and not hasattr(page, "author"):
            reason += "（作者来自「品牌设置」的品牌名称，请在那里缩短。）"
            field = "title"
        key = field if field in PAGE_FIELDS or hasattr(page, field) else "title"
        errors.setdefault(key, []).append(f"{reason}（公众号）")
    return errors


def page_channel_errors(*, page) -> dict[str, list[str]]:
    """{field: [reasons]} for every limit of an enabled channel that `page` breaks; {} when it fits."""
    channels = enabled_channels_for(page)
    errors: dict[str, list[str]] = {}
    if WECHAT in channels:
        for field, reasons in wechat_errors(page).items():
            errors.setdefault(field, []).extend(reasons)
    return errors
